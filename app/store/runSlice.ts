import type { StateCreator } from 'zustand';
import type { RunOutput } from '../engine/protocol';
import type { AppState } from './appState';
import type { InputFields } from './inputSlice';

/** Where the latest requested run stands: `done` once its results are in the store. */
export type RunPhase = 'idle' | 'running' | 'done' | 'error';

/** A finished run: the inputs it answered, the pieces it ran on, and the engine's plain data. */
export interface RunRecord {
  readonly runId: number;
  /** The input fields as they were when the run was requested. */
  readonly input: InputFields;
  /** WordPiece strings of the padded sequence [T] ([PAD] included). */
  readonly pieces: readonly string[];
  /** Titles of mode A and B as run (constant included). */
  readonly titleA: string;
  readonly titleB: string;
  readonly output: RunOutput;
  /** Page-side time from the request to the result arriving, ms. */
  readonly roundTripMs: number;
}

/** The run-results slice: the newest finished run and the status of the newest request. */
export interface RunSlice {
  /** Id of the newest run requested (0 before the first). */
  readonly latestRunId: number;
  readonly runPhase: RunPhase;
  /** Why the newest request failed or was not run (bad input, engine error). */
  readonly runError: string | null;
  /** The newest finished run shown; older results arriving late are dropped. */
  readonly result: RunRecord | null;
  /** Registers a new request and returns its id. */
  readonly requestRun: () => number;
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
    set({ latestRunId: runId, runPhase: 'running' });
    return runId;
  },
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
