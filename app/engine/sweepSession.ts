/**
 * The page's side of the padding sweep: asks the engine for a sweep of the current input (on
 * demand only: the normal run never waits for one), follows its progress, stores the answer
 * unless a newer sweep or another model replaced it, and stops it when asked.
 */
import { SweepCancelledError } from '../../src/analysis/sweep';
import type { AppStore } from '../store/appState';
import { selectRunPlan } from '../store/selectors';
import type { Engine } from './protocol';

/** What the session exposes for sweeps. */
export interface SweepSession {
  /** Sweeps the current sentence and modes from 0 pads to the model's limit, in the chosen step. */
  readonly runSweep: () => void;
  /** Stops the running sweep. */
  readonly cancelSweep: () => void;
  /** Routes the engine's progress event. */
  readonly progress: (sweepId: number, done: number, total: number) => void;
  /** The worker died: the running sweep is gone with it. */
  readonly lost: (reason: string) => void;
}

const CANCELLED_MESSAGE = new SweepCancelledError().message;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Connects sweeps between `store` and `engine`. */
export function createSweepSession(store: AppStore, engine: Engine): SweepSession {
  const state = () => store.getState();

  async function runSweep(): Promise<void> {
    const plan = selectRunPlan(state());
    const model = state().model;
    const sweepId = state().requestSweep();
    if (plan === null || model === null) {
      const why = model === null ? 'no model is loaded yet' : 'the input cannot be run';
      state().failSweep(sweepId, `The sweep cannot start: ${why}.`);
      return;
    }
    const { ids, side, modeA, modeB, maskIndices } = plan.request;
    const stepPads = state().sweepStep;
    const startMs = performance.now();
    try {
      const result = await engine.sweep({
        sweepId,
        request: { ids, side, modeA, modeB, maskIndices, range: { stepPads, maxPads: null } },
      });
      if (state().model !== model) {
        state().failSweep(sweepId, null);
        return;
      }
      state().finishSweep({
        sweepId,
        model,
        input: plan.input,
        stepPads,
        maskLabels: maskIndices.map((k, n) => `[MASK] ${n + 1} (token ${k})`),
        result,
        roundTripMs: performance.now() - startMs,
      });
    } catch (error) {
      const message = messageOf(error);
      state().failSweep(
        sweepId,
        message === CANCELLED_MESSAGE ? null : `The sweep failed: ${message}`,
      );
    }
  }

  return {
    runSweep: () => void runSweep(),
    cancelSweep: () => {
      const sweepId = state().latestSweepId;
      if (state().sweepPhase !== 'running') return;
      state().failSweep(sweepId, null);
      void engine.cancelSweep({ sweepId }).catch(() => undefined);
    },
    progress: (sweepId, done, total) => state().progressSweep(sweepId, done, total),
    lost: (reason) => state().failSweep(state().latestSweepId, `The sweep stopped: ${reason}`),
  };
}
