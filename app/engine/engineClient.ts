/**
 * The page's handle on the inference worker: each command is a promise, load progress arrives
 * through a callback, and the worker's own announcements (a lost backend) through a listener.
 */
import type { BackendName, BackendReport } from '../../src/backend/backends';
import type {
  CommandName,
  EngineCommands,
  EngineReply,
  LoadedModel,
  RunOutput,
  RunRequest,
} from './protocol';

/** Inference as a service: plain data in, plain data out. */
export interface Engine {
  readonly setBackend: (preference: BackendName | 'auto') => Promise<BackendReport>;
  readonly loadUrl: (
    baseUrl: string,
    onProgress?: (loadedBytes: number, totalBytes: number) => void,
  ) => Promise<LoadedModel>;
  readonly loadFiles: (files: readonly File[]) => Promise<LoadedModel>;
  readonly run: (request: RunRequest) => Promise<RunOutput>;
  /** Called when the worker replaced a lost backend on its own. */
  readonly onBackendChanged: (listener: (report: BackendReport, message: string) => void) => void;
  readonly dispose: () => void;
}

interface Pending {
  readonly resolve: (value: EngineCommands[CommandName]['result']) => void;
  readonly reject: (error: Error) => void;
  onProgress?: ((loadedBytes: number, totalBytes: number) => void) | undefined;
}

/** Starts the inference worker and returns its handle. */
export function createWorkerEngine(): Engine {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'maskscope-engine',
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let backendListener: ((report: BackendReport, message: string) => void) | null = null;

  worker.addEventListener('message', (event: MessageEvent<EngineReply>) => {
    const reply = event.data;
    if (reply.kind === 'backendChanged') {
      backendListener?.(reply.report, reply.message);
      return;
    }
    const waiting = pending.get(reply.id);
    if (waiting === undefined) return;
    if (reply.kind === 'progress') {
      waiting.onProgress?.(reply.loadedBytes, reply.totalBytes);
      return;
    }
    pending.delete(reply.id);
    if (reply.kind === 'result') waiting.resolve(reply.value);
    else waiting.reject(new Error(reply.message));
  });
  worker.addEventListener('error', (event: ErrorEvent) => {
    const error = new Error(`The inference worker failed: ${event.message}`);
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  });

  function call<K extends CommandName>(
    command: K,
    args: EngineCommands[K]['args'],
    onProgress?: (loadedBytes: number, totalBytes: number) => void,
  ): Promise<EngineCommands[K]['result']> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      // The reply for id answers this command, so its value has this command's result type.
      pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ id, command, args });
    });
  }

  return {
    setBackend: (preference) => call('setBackend', { preference }),
    loadUrl: (baseUrl, onProgress) => call('loadUrl', { baseUrl }, onProgress),
    loadFiles: (files) => call('loadFiles', { files }),
    run: (request) => call('run', request),
    onBackendChanged: (listener) => {
      backendListener = listener;
    },
    dispose: () => worker.terminate(),
  };
}
