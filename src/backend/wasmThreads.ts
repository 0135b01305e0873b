// Threads for the tfjs WASM backend. tfjs-wasm runs its threaded build wherever SharedArrayBuffer
// exists (a cross-origin isolated page or worker) and starts its pthreads as blob: workers. If
// they cannot start (a Content-Security-Policy without blob:, a bundler that broke the glue they
// run: scripts/threadedWasmGlue.mjs), their errors surface in this scope and the backend's start
// never finishes. So a threaded start is watched, and on failure the backend is registered again
// with threads off: one thread and a notice, never a hung app.
import * as tf from '@tensorflow/tfjs-core';

/** tfjs-backend-wasm registers 'wasm' with this priority (its base.ts). */
const WASM_PRIORITY = 2;
/** The most threads worth starting: the default model's products are small (d = 128). */
const MAX_WASM_THREADS = 4;
/** How long a threaded start may take before it counts as failed (it compiles the binary). */
const THREADED_START_TIMEOUT_MS = 30_000;

/** The threads the WASM backend runs on. Plain data. */
export interface WasmThreads {
  /** Threads its kernels run on (1 when single-threaded). */
  readonly threads: number;
  /** Why it runs on one thread where threads were wanted, in one line; null otherwise. */
  readonly threadsNotice: string | null;
}

/** How the WASM backend started. */
export interface WasmStart extends WasmThreads {
  /** Why tf.setBackend('wasm') failed, or null when it is active. */
  readonly failure: string | null;
}

/**
 * Threads to ask for on a machine with `cores` logical cores: every core up to four. tfjs's own
 * default is half the cores, which leaves a 2-core machine single-threaded.
 */
export function wasmThreadCount(cores: number | undefined): number {
  return Math.min(MAX_WASM_THREADS, Math.max(1, Math.floor(cores ?? 1)));
}

type Activate = () => Promise<string | null>;

/**
 * tfjs-wasm caps its pool at half navigator.hardwareConcurrency whatever setThreadsCount asks
 * (backend.cc: min(count, num_cores), num_cores = logical cores / 2, read once as the module
 * starts). So while the threaded module starts, this scope's navigator reports 2 × `threads`
 * cores. Returns the undo; a no-op where navigator cannot be changed.
 */
function reportCoresFor(threads: number): () => void {
  const navigator = (globalThis as { navigator?: object }).navigator;
  if (navigator === undefined) return () => undefined;
  try {
    Object.defineProperty(navigator, 'hardwareConcurrency', {
      configurable: true,
      get: () => 2 * threads,
    });
  } catch {
    return () => undefined;
  }
  return () => {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  };
}

type ErrorScope = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

function errorScope(): ErrorScope | null {
  return 'addEventListener' in globalThis ? globalThis : null; // none in Node
}

/** The message of a thread's error; the glue rethrows the worker's ErrorEvent, so unwrap it. */
function describe(event: Event): string {
  const inner =
    event instanceof ErrorEvent && event.error instanceof ErrorEvent ? event.error : event;
  const message = inner instanceof ErrorEvent ? inner.message.replace(/^Uncaught /, '') : '';
  return message === '' ? 'a thread reported an error' : message;
}

/** An error from a pthread worker: an ErrorEvent rethrown by the glue, or one from a blob: script. */
function isThreadError(event: Event): boolean {
  if (!(event instanceof ErrorEvent)) return false;
  return event.error instanceof ErrorEvent || event.filename.startsWith('blob:');
}

/** Resolves with null when the threaded start succeeds, or with why it failed. */
async function watchThreadedStart(
  activate: Activate,
  scope: ErrorScope | null,
): Promise<string | null> {
  let onError: (event: Event) => void = () => undefined;
  let onViolation: (event: Event) => void = () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const threadFailed = new Promise<string>((resolve) => {
    onError = (event) => {
      event.preventDefault(); // handled here: the worker must not die of its threads' errors
      resolve(describe(event));
    };
    // A worker blocked by the policy fails before the glue listens for its error event.
    onViolation = (event) => {
      const directive = (event as SecurityPolicyViolationEvent).effectiveDirective;
      resolve(`the Content-Security-Policy's ${directive} blocks them`);
    };
    scope?.addEventListener('error', onError);
    scope?.addEventListener('securitypolicyviolation', onViolation);
    const seconds = THREADED_START_TIMEOUT_MS / 1000;
    const timeout = () => resolve(`they did not start within ${seconds} s`);
    timer = setTimeout(timeout, THREADED_START_TIMEOUT_MS);
  });
  try {
    return await Promise.race([activate(), threadFailed]);
  } finally {
    clearTimeout(timer);
    scope?.removeEventListener('error', onError);
    scope?.removeEventListener('securitypolicyviolation', onViolation);
  }
}

/** Registers 'wasm' again with threads off and activates it; the threaded start is abandoned. */
async function restartSingleThreaded(
  activate: Activate,
  scope: ErrorScope | null,
): Promise<string | null> {
  const factory = tf.findBackendFactory('wasm');
  if (factory === null) return 'the wasm backend is not registered';
  // Its dead threads keep reporting errors: swallow those for good, only those.
  scope?.addEventListener('error', (event) => {
    if (isThreadError(event)) event.preventDefault();
  });
  tf.removeBackend('wasm'); // also makes the pending threaded start obsolete
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tf.registerBackend('wasm', factory, WASM_PRIORITY);
  return activate();
}

/**
 * Why a single-threaded WASM backend has one thread: the page is not cross-origin isolated, or
 * it is and the threads failed before (restartSingleThreaded turned them off). Null in Node.
 */
function singleThreadNotice(): string | null {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === undefined) return null;
  return isolated
    ? 'WASM runs on one thread: its threads could not start here.'
    : 'WASM runs on one thread: the page is not cross-origin isolated (serve it with COOP and COEP headers for threads).';
}

/**
 * Activates the WASM backend through `activate` (tf.setBackend('wasm')), with binaries from
 * `path` (undefined: tfjs's own default), on `threads` threads where the page allows threads and
 * on one if they fail to start. Only the first start's thread count counts.
 */
export async function startWasm(
  { path, threads }: { readonly path: string | undefined; readonly threads: number },
  activate: Activate,
): Promise<WasmStart> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (path !== undefined) {
    wasm.setWasmPaths(path);
  }
  const isThreaded = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  if (!isThreaded) {
    const failure = await activate();
    return { failure, threads: 1, threadsNotice: failure === null ? singleThreadNotice() : null };
  }
  wasm.setThreadsCount(threads);
  const scope = errorScope();
  const restoreCores = reportCoresFor(threads);
  let threadFailure: string | null;
  try {
    threadFailure = await watchThreadedStart(activate, scope);
  } finally {
    restoreCores();
  }
  if (threadFailure === null) {
    return { failure: null, threads: wasm.getThreadsCount(), threadsNotice: null };
  }
  console.warn(`tfjs-wasm threads failed to start (${threadFailure}); retrying on one thread`);
  const failure = await restartSingleThreaded(activate, scope);
  const threadsNotice = `WASM runs on one thread: its threads could not start here (${threadFailure}).`;
  return { failure, threads: 1, threadsNotice: failure === null ? threadsNotice : null };
}
