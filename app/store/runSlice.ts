import type { StateCreator } from 'zustand';
import type { Analysis } from '../../src/analysis/analysis';
import type { AppState } from './appState';
import type { InputFields } from './inputSlice';
import type { ModelInfo } from './modelSlice';

/**
 * Where the latest request stands: `done` once its results are in the store, `blocked` while
 * the input cannot be run (the banner says why), `error` when the engine failed.
 */
export type RunPhase = 'idle' | 'running' | 'done' | 'blocked' | 'error';

/** A finished run: what was asked and what came back; everything shown is derived from it. */
export interface RunRecord {
  readonly runId: number;
  /** The model that answered. */
  readonly model: ModelInfo;
  /** The input fields as they were when the run was requested. */
  readonly input: InputFields;
  /** The engine's answer: attention, mask, labels and measurements of A and B. */
  readonly analysis: Analysis;
  /** Page-side time from the request to the answer arriving, ms. */
  readonly roundTripMs: number;
}

/** The run-results slice: the newest finished run and the status of the newest request. */
export interface RunSlice {
  /** Id of the newest run requested (0 before the first): late answers are dropped by it. */
  readonly latestRunId: number;
  /** Where the newest request stands: only the session knows. */
  readonly runPhase: RunPhase;
  /** Why the engine failed the newest run, as it said it (input problems are selectors). */
  readonly runError: string | null;
  /** The newest finished run shown; older results arriving late are dropped. */
  readonly result: RunRecord | null;
  /** Registers a new request and returns its id. */
  readonly requestRun: () => number;
  /** The input cannot be run (its problems are derived): no new request, and no error. */
  readonly blockRun: () => void;
  /** Stores a finished run unless a newer one is already shown. */
  readonly finishRun: (record: RunRecord) => void;
  /** Marks a request as failed; ignored if a newer request exists. */
  readonly failRun: (runId: number, message: string) => void;
}

/** Creates the run-results slice. */
export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set, get) => ({
  latestRunId: 0,
  runPhase: 'idle',
  runError: null,
  result: null,
  requestRun: () => {
    const runId = get().latestRunId + 1;
    set({ latestRunId: runId, runPhase: 'running', runError: null });
    return runId;
  },
  blockRun: () => set({ latestRunId: get().latestRunId + 1, runPhase: 'blocked', runError: null }),
  finishRun: (record) => {
    const { result, latestRunId } = get();
    if (result !== null && record.runId <= result.runId) return;
    const isLatest = record.runId === latestRunId;
    set(isLatest ? { result: record, runPhase: 'done', runError: null } : { result: record });
  },
  failRun: (runId, message) => {
    if (runId === get().latestRunId) set({ runPhase: 'error', runError: message });
  },
});
