// Picks the TensorFlow.js backend: WebGPU, then WebGL, WASM, CPU. Backend packages register
// themselves when imported (tfjs's own behaviour), so each is imported lazily here, only when
// tried: importing this module does nothing, and Node tests never load WebGPU or WebGL.
//
// An automatic choice ('auto', or the fallback after a lost device) skips a GPU backend that runs
// on a software adapter (SwiftShader, llvmpipe): there WASM is several times faster (first
// heatmap of the default model: WASM about 4 s, WebGPU on SwiftShader 11 s on a quiet machine and
// up to 68 s on a busy one, since every new sequence length compiles shaders again). Naming the
// backend still activates it.
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_ORDER, type BackendName } from './backendNames';
import { defaultWasmPath } from './wasmPaths';
import { startWasm, wasmThreadCount, type WasmThreads } from './wasmThreads';
import { probeWebGlRenderer } from './webglProbe';
import { deviceLostPromise, probeWebGpuAdapter } from './webgpuProbe';
import type { DeviceLoss } from './webgpuProbe';

export { BACKEND_ORDER, type BackendName };

/** A backend tried before the active one, and why it was not used. */
export interface SkippedBackend {
  readonly name: BackendName;
  readonly reason: string;
  /** True when it works but runs on a software adapter, so an automatic choice passed it over. */
  readonly isSoftware?: boolean;
}

/** Which backend is active and why the ones tried before it were skipped. Plain data. */
export interface BackendReport {
  readonly active: BackendName;
  /** True when WebGPU or WebGL runs on a software adapter (SwiftShader, fallback adapter). */
  readonly isSoftwareAdapter: boolean;
  /** The WebGPU adapter's or WebGL renderer's description; null for WASM and CPU. */
  readonly adapterDescription: string | null;
  /** WASM only: the threads it runs on, and why only one where threads were wanted. */
  readonly wasm?: WasmThreads;
  readonly skipped: SkippedBackend[];
}

/** A backend that stopped working after it was chosen (a lost WebGPU device). */
export interface BackendLoss extends DeviceLoss {
  readonly name: BackendName;
}

/** Options of initBackend. */
export interface InitBackendOptions {
  /** URL prefix of the tfjs WASM binaries; defaults to '/wasm/' in a browser, node_modules in Node. */
  readonly wasmPath?: string;
  /**
   * Threads of the WASM backend, used only where the page is cross-origin isolated; defaults to
   * wasmThreadCount(cores). Set before the backend starts, so only the first call counts.
   */
  readonly wasmThreads?: number;
  /**
   * Called (once per initBackend call) if the backend it activated is lost while still active,
   * e.g. a GPU reset. Then call fallBackFrom and create the encoder again.
   */
  readonly onBackendLost?: (loss: BackendLoss) => void;
}

type Attempt =
  | {
      readonly isActive: true;
      readonly isSoftwareAdapter: boolean;
      readonly adapter: string | null;
      readonly wasm?: WasmThreads;
    }
  | { readonly isActive: false; readonly reason: string; readonly isSoftware?: boolean };

function softwareSkip(description: string): Attempt {
  return {
    isActive: false,
    reason: `runs on a software adapter here (${description}), slower than WASM`,
    isSoftware: true,
  };
}

async function activate(name: BackendName): Promise<string | null> {
  if (tf.findBackendFactory(name) === null) {
    // webgl and webgpu register only where they can run (a browser with the API).
    return `the ${name} backend did not register here (no browser or no ${name} API)`;
  }
  const isSet = await tf.setBackend(name);
  return isSet ? null : `tf.setBackend('${name}') returned false`;
}

async function tryWebGpu(isAutomatic: boolean): Promise<Attempt> {
  const probe = await probeWebGpuAdapter();
  if (!probe.isFound) {
    return { isActive: false, reason: probe.reason };
  }
  if (isAutomatic && probe.isSoftware) return softwareSkip(probe.description);
  await import('@tensorflow/tfjs-backend-webgpu');
  const failure = await activate('webgpu');
  return failure === null
    ? { isActive: true, isSoftwareAdapter: probe.isSoftware, adapter: probe.description }
    : { isActive: false, reason: failure };
}

async function tryWebGl(isAutomatic: boolean): Promise<Attempt> {
  const probe = probeWebGlRenderer();
  if (isAutomatic && probe.isFound && probe.isSoftware) return softwareSkip(probe.description);
  await import('@tensorflow/tfjs-backend-webgl');
  const failure = await activate('webgl');
  if (failure !== null) return { isActive: false, reason: failure };
  const isSoftwareAdapter = probe.isFound && probe.isSoftware;
  return { isActive: true, isSoftwareAdapter, adapter: probe.isFound ? probe.description : null };
}

async function tryWasm(options: InitBackendOptions): Promise<Attempt> {
  const path = options.wasmPath ?? defaultWasmPath();
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  const threads = options.wasmThreads ?? wasmThreadCount(cores);
  const { failure, ...wasm } = await startWasm({ path, threads }, () => activate('wasm'));
  return failure === null
    ? { isActive: true, isSoftwareAdapter: false, adapter: null, wasm }
    : { isActive: false, reason: failure };
}

async function tryBackend(
  name: BackendName,
  options: InitBackendOptions,
  isAutomatic: boolean,
): Promise<Attempt> {
  switch (name) {
    case 'webgpu':
      return tryWebGpu(isAutomatic);
    case 'webgl':
      return tryWebGl(isAutomatic);
    case 'wasm':
      return tryWasm(options);
    case 'cpu': {
      await import('@tensorflow/tfjs-backend-cpu');
      const failure = await activate('cpu');
      return failure === null
        ? { isActive: true, isSoftwareAdapter: false, adapter: null }
        : { isActive: false, reason: failure };
    }
    default: {
      const unknown: never = name;
      throw new Error(`unknown backend ${String(unknown)}`);
    }
  }
}

function watchForLoss(name: BackendName, options: InitBackendOptions): void {
  const callback = options.onBackendLost;
  const lost = callback === undefined ? undefined : deviceLostPromise(tf.backend());
  if (callback !== undefined && lost !== undefined) {
    // Only a loss of the backend still in use matters; a later initBackend may have moved on.
    void lost.then((loss) => {
      if (tf.getBackend() === name) {
        callback({ name, ...loss });
      }
    });
  }
}

async function initFirstWorking(
  candidates: readonly BackendName[],
  options: InitBackendOptions,
  isAutomatic: boolean,
): Promise<BackendReport> {
  const skipped: SkippedBackend[] = [];
  for (const name of candidates) {
    let attempt: Attempt;
    try {
      attempt = await tryBackend(name, options, isAutomatic);
    } catch (error) {
      attempt = { isActive: false, reason: error instanceof Error ? error.message : String(error) };
    }
    if (attempt.isActive) {
      await tf.ready();
      watchForLoss(name, options);
      const { isSoftwareAdapter, adapter, wasm } = attempt;
      const report = { active: name, isSoftwareAdapter, adapterDescription: adapter, skipped };
      return wasm === undefined ? report : { ...report, wasm };
    }
    const { reason, isSoftware } = attempt;
    skipped.push(isSoftware === true ? { name, reason, isSoftware } : { name, reason });
  }
  const reasons = skipped.map(({ name, reason }) => `${name}: ${reason}`).join('; ');
  throw new Error(`No TensorFlow.js backend could be initialised (${reasons})`);
}

/**
 * Activates `preference` (or the best available for 'auto', passing over GPU backends on a
 * software adapter), falling back down BACKEND_ORDER when it fails, and reports what happened.
 * Throws if even 'cpu' fails.
 */
export function initBackend(
  preference: BackendName | 'auto',
  options: InitBackendOptions = {},
): Promise<BackendReport> {
  const isAuto = preference === 'auto';
  const start = isAuto ? 0 : BACKEND_ORDER.indexOf(preference);
  return initFirstWorking(BACKEND_ORDER.slice(start), options, isAuto);
}

/**
 * Activates the first backend after `failed` in BACKEND_ORDER, e.g. after a lost WebGPU device,
 * passing over software adapters as 'auto' does.
 * Tensors made on the failed backend are unusable: create the encoder again afterwards.
 */
export function fallBackFrom(
  failed: BackendName,
  options: InitBackendOptions = {},
): Promise<BackendReport> {
  const next = BACKEND_ORDER.indexOf(failed) + 1;
  if (next >= BACKEND_ORDER.length) {
    return Promise.reject(new Error(`There is no backend to fall back to after '${failed}'`));
  }
  return initFirstWorking(BACKEND_ORDER.slice(next), options, true);
}
