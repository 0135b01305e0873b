// What we ask of WebGPU before handing it to tfjs: is there an adapter, and is it a software
// one (SwiftShader in headless Chromium)? Typed locally so that src/ does not depend on the
// global @webgpu/types declarations.

/** The fields of GPUAdapterInfo we read (all optional: older browsers lack some). */
interface AdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

interface AdapterLike {
  readonly info?: AdapterInfoLike;
  /** Deprecated location of the flag, still present in some Chromium versions. */
  readonly isFallbackAdapter?: boolean;
}

interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'low-power' | 'high-performance';
  }): Promise<AdapterLike | null>;
}

/** The outcome of looking for a WebGPU adapter. */
export type AdapterProbe =
  | { readonly isFound: true; readonly isSoftware: boolean; readonly description: string }
  | { readonly isFound: false; readonly reason: string };

function gpuOf(scope: object): GpuLike | undefined {
  const navigatorValue: unknown = Reflect.get(scope, 'navigator');
  if (typeof navigatorValue !== 'object' || navigatorValue === null) {
    return undefined;
  }
  const gpu: unknown = Reflect.get(navigatorValue, 'gpu');
  return typeof gpu === 'object' && gpu !== null && 'requestAdapter' in gpu
    ? (gpu as GpuLike)
    : undefined;
}

/** "google swiftshader (SwiftShader Device (Subzero))"-style text from the adapter's info. */
function describe(info: AdapterInfoLike): string {
  const parts = [info.vendor, info.architecture, info.device, info.description];
  const text = parts.filter((part) => part !== undefined && part !== '').join(' ');
  return text === '' ? 'unknown adapter' : text;
}

/** True for SwiftShader, Mesa's llvmpipe or any adapter the browser flags as a fallback (CPU) one. */
export function isSoftwareAdapterInfo(info: AdapterInfoLike, isFallbackFlag = false): boolean {
  return (
    isFallbackFlag ||
    info.isFallbackAdapter === true ||
    /swiftshader|llvmpipe/i.test(describe(info))
  );
}

/**
 * How long the adapter may take to answer. A GPU process that hangs (a driver reset, a stalled
 * SwiftShader start) would otherwise keep the app "loading" forever; past this, WebGPU is
 * skipped with the reason and the next backend is tried. Real adapters answer in milliseconds.
 */
export const ADAPTER_DEADLINE_MS = 15_000;

/** `promise`'s value, or null when it has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ value })), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Requests a WebGPU adapter (as tfjs will, high-performance) and describes it, or says why not:
 * no API, no adapter, or no answer within `deadlineMs`.
 */
export async function probeWebGpuAdapter(
  scope: object = globalThis,
  deadlineMs = ADAPTER_DEADLINE_MS,
): Promise<AdapterProbe> {
  const gpu = gpuOf(scope);
  if (gpu === undefined) {
    return { isFound: false, reason: 'navigator.gpu is missing (WebGPU not exposed here)' };
  }
  const answer = await within(
    gpu.requestAdapter({ powerPreference: 'high-performance' }),
    deadlineMs,
  );
  if (answer === null) {
    const seconds = deadlineMs / 1000;
    return {
      isFound: false,
      reason: `navigator.gpu.requestAdapter() did not answer within ${seconds} s`,
    };
  }
  const adapter = answer.value;
  if (adapter === null) {
    return { isFound: false, reason: 'navigator.gpu.requestAdapter() returned null' };
  }
  const info = adapter.info ?? {};
  return {
    isFound: true,
    isSoftware: isSoftwareAdapterInfo(info, adapter.isFallbackAdapter === true),
    description: describe(info),
  };
}

/** Why a GPU device went away, as GPUDeviceLostInfo reports it. */
export interface DeviceLoss {
  readonly reason: string;
  readonly message: string;
}

/**
 * The `lost` promise of the tfjs WebGPU backend's device (`backend.device.lost`), or
 * undefined when the backend has none (another backend, or a tfjs without the field).
 */
export function deviceLostPromise(backend: object): Promise<DeviceLoss> | undefined {
  const device: unknown = Reflect.get(backend, 'device');
  if (typeof device !== 'object' || device === null) {
    return undefined;
  }
  const lost: unknown = Reflect.get(device, 'lost');
  if (!(lost instanceof Promise)) {
    return undefined;
  }
  return (lost as Promise<Partial<DeviceLoss> | undefined>).then((info) => ({
    reason: String(info?.reason ?? 'unknown'),
    message: String(info?.message ?? ''),
  }));
}
