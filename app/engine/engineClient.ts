/**
 * The page's handle on the inference worker: each command is a promise, and the worker's own
 * announcements arrive as events. A worker that dies (terminated, crashed, a failed start) is
 * noticed through the Web Lock it holds for its whole life and through its `error` event: the
 * commands in flight fail, a fresh worker takes its place and a `restarted` event says why.
 */
import type { CommandName, Engine, EngineCommands, EngineEvent, EngineReply } from './protocol';

/** After this many deaths within RESTART_WINDOW_MS the engine stops restarting the worker. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

interface Pending {
  readonly resolve: (value: EngineCommands[CommandName]['result']) => void;
  readonly reject: (error: Error) => void;
}

/** How to start a worker (tests may count or replace it). */
export type WorkerFactory = (name: string) => Worker;

const startWorker: WorkerFactory = (name) =>
  new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name });

/** Starts the inference worker and returns its handle. */
export function createWorkerEngine(factory: WorkerFactory = startWorker): Engine {
  const pending = new Map<number, Pending>();
  const listeners: ((event: EngineEvent) => void)[] = [];
  const deaths: number[] = [];
  let nextId = 1;
  let generation = 0;
  let isDisposed = false;
  let worker = spawn();

  function emit(event: EngineEvent): void {
    for (const listener of listeners) listener(event);
  }

  function spawn(): Worker {
    generation += 1;
    const name = `maskscope-engine-${generation}-${Math.random().toString(36).slice(2)}`;
    const next = factory(name);
    const isCurrent = (): boolean => worker === next && !isDisposed;
    next.addEventListener('message', (event: MessageEvent<EngineReply>) => {
      if (isCurrent()) receive(event.data, name);
    });
    next.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      if (isCurrent()) died(`failed: ${event.message || 'an error without a message'}`);
    });
    return next;
  }

  /** The worker holds the lock named after it until it dies; waiting for it watches for death. */
  function watch(name: string): void {
    const current = worker;
    void globalThis.navigator?.locks?.request(name, () => {
      if (worker === current && !isDisposed) died('stopped (terminated, crashed or out of memory)');
    });
  }

  /** Fails the commands in flight with `error` and ends the worker. */
  function stop(error: Error): void {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
    worker.terminate();
  }

  function died(reason: string): void {
    const error = new Error(`The inference worker ${reason}.`);
    stop(error);
    const now = performance.now();
    deaths.push(now);
    const recent = deaths.filter((at) => now - at < RESTART_WINDOW_MS).length;
    if (recent > MAX_RESTARTS) {
      isDisposed = true;
      emit({
        kind: 'restarted',
        reason: `${error.message} It died ${recent} times in a minute, so it was not restarted: reload the page.`,
      });
      return;
    }
    worker = spawn();
    emit({ kind: 'restarted', reason: error.message });
  }

  function receive(reply: EngineReply, name: string): void {
    switch (reply.kind) {
      case 'alive':
        watch(name);
        return;
      case 'event':
        emit(reply.event);
        return;
      case 'result':
      case 'error': {
        const waiting = pending.get(reply.id);
        if (waiting === undefined) return;
        pending.delete(reply.id);
        if (reply.kind === 'result') waiting.resolve(reply.value);
        else waiting.reject(new Error(reply.message));
        return;
      }
    }
  }

  function call<K extends CommandName>(
    command: K,
    args: EngineCommands[K]['args'],
    transfer: Transferable[] = [],
  ): Promise<EngineCommands[K]['result']> {
    if (isDisposed)
      return Promise.reject(new Error('The inference worker is gone: reload the page.'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      // The reply for id answers this command, so its value has this command's result type.
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, command, args }, transfer);
    });
  }

  return {
    setBackend: (args) => call('setBackend', args),
    // The weights' bytes move to the worker instead of being copied.
    loadModel: (args) => call('loadModel', args, [args.parts.weightsBytes.buffer as ArrayBuffer]),
    analyse: (args) => call('analyse', args),
    openTensors: (args) => call('openTensors', args),
    checkTensors: (args) => call('checkTensors', args),
    auditPooling: (args) => call('auditPooling', args),
    checkTaint: (args) => call('checkTaint', args),
    sweep: (args) => call('sweep', args),
    cancelSweep: (args) => call('cancelSweep', args),
    onEvent: (listener) => {
      listeners.push(listener);
    },
    // Asked for, not a death: it does not count towards MAX_RESTARTS.
    restart: (reason) => {
      if (isDisposed) return;
      stop(new Error(reason));
      worker = spawn();
      emit({ kind: 'restarted', reason });
    },
    dispose: () => {
      isDisposed = true;
      worker.terminate();
    },
  };
}
