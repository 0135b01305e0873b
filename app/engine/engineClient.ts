/**
 * The page's handle on the inference worker: each command is a promise, and the worker's own
 * announcements arrive as events. A worker that dies (terminated, crashed, a failed start) is
 * noticed through the Web Lock it holds for its whole life and through its `error` event: the
 * commands in flight fail, a fresh worker takes its place and a `restarted` event says why.
 */
import type {
  CommandName,
  Engine,
  EngineCommands,
  EngineEvent,
  EngineReply,
} from '../protocol/engineProtocol';

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

/** The page's side of the worker: the live worker, its commands in flight and its deaths. */
interface Client {
  readonly factory: WorkerFactory;
  readonly pending: Map<number, Pending>;
  readonly listeners: ((event: EngineEvent) => void)[];
  /** When the worker died, ms (performance.now). */
  readonly deaths: number[];
  worker: Worker | null;
  nextId: number;
  generation: number;
  isDisposed: boolean;
}

function emit(client: Client, event: EngineEvent): void {
  for (const listener of client.listeners) listener(event);
}

function spawn(client: Client): Worker {
  client.generation += 1;
  const name = `maskscope-engine-${client.generation}-${Math.random().toString(36).slice(2)}`;
  const next = client.factory(name);
  const isCurrent = (): boolean => client.worker === next && !client.isDisposed;
  next.addEventListener('message', (event: MessageEvent<EngineReply>) => {
    if (isCurrent()) receive(client, event.data, name);
  });
  next.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    if (isCurrent()) died(client, `failed: ${event.message || 'an error without a message'}`);
  });
  return next;
}

/** The worker holds the lock named after it until it dies; waiting for it watches for death. */
function watch(client: Client, name: string): void {
  const current = client.worker;
  void globalThis.navigator?.locks?.request(name, () => {
    if (client.worker === current && !client.isDisposed) {
      died(client, 'stopped (terminated, crashed or out of memory)');
    }
  });
}

/** Fails the commands in flight with `error` and ends the worker. */
function stop(client: Client, error: Error): void {
  for (const waiting of client.pending.values()) waiting.reject(error);
  client.pending.clear();
  client.worker?.terminate();
}

/** Fails the commands in flight and starts a fresh worker, unless it keeps dying. */
function died(client: Client, reason: string): void {
  const error = new Error(`The inference worker ${reason}.`);
  stop(client, error);
  const now = performance.now();
  client.deaths.push(now);
  const recent = client.deaths.filter((at) => now - at < RESTART_WINDOW_MS).length;
  if (recent > MAX_RESTARTS) {
    client.isDisposed = true;
    emit(client, {
      kind: 'restarted',
      reason: `${error.message} It died ${recent} times in a minute, so it was not restarted: reload the page.`,
    });
    return;
  }
  client.worker = spawn(client);
  emit(client, { kind: 'restarted', reason: error.message });
}

function receive(client: Client, reply: EngineReply, name: string): void {
  switch (reply.kind) {
    case 'alive':
      watch(client, name);
      return;
    case 'event':
      emit(client, reply.event);
      return;
    case 'result':
    case 'error': {
      const waiting = client.pending.get(reply.id);
      if (waiting === undefined) return;
      client.pending.delete(reply.id);
      if (reply.kind === 'result') waiting.resolve(reply.value);
      else waiting.reject(new Error(reply.message));
      return;
    }
  }
}

function call<K extends CommandName>(
  client: Client,
  command: K,
  args: EngineCommands[K]['args'],
  transfer: Transferable[] = [],
): Promise<EngineCommands[K]['result']> {
  const { worker } = client;
  if (client.isDisposed || worker === null) {
    return Promise.reject(new Error('The inference worker is gone: reload the page.'));
  }
  const id = client.nextId++;
  return new Promise((resolve, reject) => {
    // The reply for id answers this command, so its value has this command's result type.
    client.pending.set(id, { resolve, reject });
    worker.postMessage({ id, command, args }, transfer);
  });
}

/** Starts the inference worker and returns its handle. */
export function createWorkerEngine(factory: WorkerFactory = startWorker): Engine {
  const client: Client = {
    factory,
    pending: new Map(),
    listeners: [],
    deaths: [],
    worker: null,
    nextId: 1,
    generation: 0,
    isDisposed: false,
  };
  client.worker = spawn(client);
  return {
    setBackend: (args) => call(client, 'setBackend', args),
    // The weights' bytes move to the worker instead of being copied.
    loadModel: (args) =>
      call(client, 'loadModel', args, [args.parts.weightsBytes.buffer as ArrayBuffer]),
    analyse: (args) => call(client, 'analyse', args),
    openTensors: (args) => call(client, 'openTensors', args),
    readMaskFile: (args) => call(client, 'readMaskFile', args),
    checkTensors: (args) => call(client, 'checkTensors', args),
    checkOnnx: (args) => call(client, 'checkOnnx', args),
    auditPooling: (args) => call(client, 'auditPooling', args),
    checkTaint: (args) => call(client, 'checkTaint', args),
    sweep: (args) => call(client, 'sweep', args),
    cancelSweep: (args) => call(client, 'cancelSweep', args),
    onEvent: (listener) => {
      client.listeners.push(listener);
    },
    // Asked for, not a death: it does not count towards MAX_RESTARTS.
    restart: (reason) => {
      if (client.isDisposed) return;
      stop(client, new Error(reason));
      client.worker = spawn(client);
      emit(client, { kind: 'restarted', reason });
    },
    dispose: () => {
      client.isDisposed = true;
      client.worker?.terminate();
    },
  };
}
