/**
 * Turns run plans into scheduled engine runs and writes their results into the store, tagged
 * by run id (late answers never replace newer ones) and by model (answers computed for a model
 * that has since been replaced are dropped). The engine itself never touches the store.
 */
import type { AppStore } from '../store/appState';
import type { InputFields } from '../store/inputSlice';
import type { ModelInfo } from '../store/modelSlice';
import type { RunRecord } from '../store/runSlice';
import { selectInputFields, selectInputProblems, type RunPlan } from '../store/selectors';
import type { Engine } from './engineClient';
import type { RunOutput } from './protocol';
import { createRunScheduler, type SchedulerOptions } from './runScheduler';

/** Runs plans as they change. */
export interface RunController {
  /** The plan changed (null: nothing to run); requests a run of it. */
  readonly planChanged: (plan: RunPlan | null) => void;
  /** Runs the last plan again (after a backend switch). */
  readonly rerun: () => void;
  /** The plan last seen. */
  readonly lastPlan: () => RunPlan | null;
  readonly dispose: () => void;
}

interface RunJob {
  readonly runId: number;
  readonly model: ModelInfo;
  readonly plan: RunPlan;
  readonly input: InputFields;
}

const PAD_PIECE = '[PAD]';

/** The padded pieces [T]: sentence pieces where the engine put them, [PAD] elsewhere. */
export function paddedPieces(pieces: readonly string[], output: RunOutput): string[] {
  const padded = Array.from({ length: output.seqLen }, () => PAD_PIECE);
  output.realPositions.forEach((t, k) => {
    padded[t] = pieces[k] ?? PAD_PIECE;
  });
  return padded;
}

/** An error's message, for the banner. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates the run controller; `timing` sets the debounce (see runScheduler.ts). */
export function createRunController(
  store: AppStore,
  engine: Engine,
  timing: SchedulerOptions,
): RunController {
  async function execute(job: RunJob): Promise<void> {
    const startMs = performance.now();
    try {
      const output = await engine.run(job.plan.request);
      if (store.getState().model !== job.model) return;
      const record: RunRecord = {
        runId: job.runId,
        input: job.input,
        pieces: paddedPieces(job.plan.pieces, output),
        titleA: job.plan.titleA,
        titleB: job.plan.titleB,
        output,
        roundTripMs: performance.now() - startMs,
      };
      store.getState().finishRun(record);
      store.getState().markWarm();
    } catch (error) {
      store.getState().failRun(job.runId, `The run failed: ${messageOf(error)}`);
    }
  }

  const scheduler = createRunScheduler<RunJob>(execute, timing);
  let lastPlan: RunPlan | null = null;

  const planChanged = (plan: RunPlan | null): void => {
    lastPlan = plan;
    const state = store.getState();
    const model = state.model;
    if (model === null) return;
    const runId = state.requestRun();
    if (plan === null) {
      const blocking = selectInputProblems(store.getState()).find((p) => p.isBlocking);
      store.getState().failRun(runId, blocking?.message ?? 'Nothing to run.');
      return;
    }
    scheduler.schedule({ runId, model, plan, input: selectInputFields(store.getState()) });
  };

  return {
    planChanged,
    rerun: () => planChanged(lastPlan),
    lastPlan: () => lastPlan,
    dispose: () => scheduler.cancel(),
  };
}
