// The engine host run in process as an Engine whose "worker" can be replaced: `kill` drops the
// host for a fresh one and announces `restarted`, as the page's client does when its worker dies.
// Reads of files that `hangs` names never end until the next replacement (a parse that holds the
// worker); `restart` is offered only when asked for, as by the worker client.
import { createEngineHost } from '../../../app/engine/engineHost';
import type { Engine, EngineEvent } from '../../../app/protocol/engineProtocol';

export interface HostEngine extends Engine {
  /** Replaces the host as a dead worker is replaced. */
  kill(reason: string): void;
  /** The primary file name of each read asked for, in order. */
  readonly reads: string[];
  /** How often `restart` was called. */
  restarts: number;
}

export interface HostEngineOptions {
  readonly hangs?: (fileName: string) => boolean;
  readonly canRestart?: boolean;
}

/** An in-process engine that can be killed and, if `canRestart`, restarted on request. */
export function hostEngine({ hangs = () => false, canRestart = false }: HostEngineOptions = {}) {
  let host = createEngineHost();
  const listeners: ((event: EngineEvent) => void)[] = [];
  let hanging: ((error: Error) => void)[] = [];
  const kill = (reason: string): void => {
    for (const fail of hanging) fail(new Error(reason));
    hanging = [];
    host.dispose();
    host = createEngineHost();
    for (const listener of listeners) listener({ kind: 'restarted', reason });
  };
  const engine: HostEngine = {
    reads: [],
    restarts: 0,
    setBackend: (args) => host.setBackend(args),
    loadModel: (args) => host.loadModel(args),
    analyse: (args) => host.analyse(args),
    readMaskFile: (args) => host.readMaskFile(args),
    openTensors: (args) => {
      const name = args.files[0]?.name ?? '';
      engine.reads.push(name);
      if (!hangs(name)) return host.openTensors(args);
      return new Promise<never>((_resolve, reject) => hanging.push(reject));
    },
    checkTensors: (args) => host.checkTensors(args),
    checkOnnx: (args) => host.checkOnnx(args),
    auditPooling: (args) => host.auditPooling(args),
    checkTaint: (args) => host.checkTaint(args),
    sweep: (args) => host.sweep(args),
    cancelSweep: (args) => host.cancelSweep(args),
    onEvent: (listener) => {
      listeners.push(listener);
    },
    kill,
    dispose: () => host.dispose(),
    ...(canRestart
      ? {
          restart: (reason: string) => {
            engine.restarts++;
            kill(reason);
          },
        }
      : {}),
  };
  return engine;
}

/** Polls `condition` every 10 ms, up to `tries` times; throws naming `what` if it never holds. */
export async function until(condition: () => boolean, what: string, tries = 1000): Promise<void> {
  for (let i = 0; i < tries && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}
