/**
 * The engine's side of the padding sweep: runs one sweep at a time on the loaded model, each
 * padding queued on its own between other commands (a normal run waits one padding at most), and
 * stops a sweep when a newer one starts, when it is cancelled or when the model is replaced.
 */
import { runSweep, SweepCancelledError, type SweepResult } from '../../src/analysis/sweep';
import type { RunnableModel } from '../../src/analysis/padSentence';
import type { EngineCommands, EngineEvent } from '../protocol/engineProtocol';

/** What the runner needs from the engine host. */
export interface SweepRunnerDeps {
  /** The host's command queue. */
  readonly serially: <T>(task: () => Promise<T>) => Promise<T>;
  /** The model loaded now, or null. */
  readonly currentModel: () => RunnableModel | null;
  readonly emit: (event: EngineEvent) => void;
}

/** The sweep and cancelSweep commands. */
export interface SweepRunner {
  readonly sweep: (args: EngineCommands['sweep']['args']) => Promise<SweepResult>;
  readonly cancelSweep: (args: EngineCommands['cancelSweep']['args']) => Promise<boolean>;
}

/** Creates the runner; only the newest sweep id may run. */
export function createSweepRunner(deps: SweepRunnerDeps): SweepRunner {
  let activeId: number | null = null;
  return {
    sweep: async ({ sweepId, request }) => {
      activeId = sweepId;
      const model = deps.currentModel();
      if (model === null) throw new Error('No model is loaded yet.');
      const isStopped = () => activeId !== sweepId || deps.currentModel() !== model;
      try {
        return await runSweep(model, request, {
          // Checked again when the padding's turn comes: the model may have changed meanwhile.
          schedule: (task) =>
            deps.serially(() => (isStopped() ? Promise.reject(new SweepCancelledError()) : task())),
          isCancelled: isStopped,
          onProgress: (done, total) => deps.emit({ kind: 'sweepProgress', sweepId, done, total }),
        });
      } finally {
        if (activeId === sweepId) activeId = null;
      }
    },
    cancelSweep: ({ sweepId }) => {
      const wasRunning = activeId === sweepId;
      if (wasRunning) activeId = null;
      return Promise.resolve(wasRunning);
    },
  };
}
