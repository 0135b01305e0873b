import type { StateCreator } from 'zustand';
import type { SweepResult } from '../../src/analysis/sweep';
import { DEFAULT_SWEEP_STEP } from '../../src/analysis/sweepPlan';
import type { AppState } from './appState';
import type { InputFields } from './inputSlice';
import type { ModelInfo } from './modelSlice';

/** Where the newest sweep stands. */
export type SweepPhase = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

/** A finished sweep: what was asked (input fields, model, step) and what came back. */
export interface SweepRecord {
  readonly sweepId: number;
  readonly model: ModelInfo;
  readonly input: InputFields;
  /** Pads between two runs, as asked. */
  readonly stepPads: number;
  /** What each followed [MASK] is called ("[MASK] #1"), in the request's order. */
  readonly maskLabels: readonly string[];
  readonly result: SweepResult;
  /** Page-side time from the request to the answer, ms. */
  readonly roundTripMs: number;
}

/** The padding-sweep slice: the user's step, the newest sweep's status and the last result. */
export interface SweepSlice {
  /** Pads between two sweep runs, as the user set it (whole number ≥ 1). */
  readonly sweepStep: number;
  /** Id of the newest sweep requested (0 before the first). */
  readonly latestSweepId: number;
  readonly sweepPhase: SweepPhase;
  /** Paddings run and to run of the newest sweep; null before it reports. */
  readonly sweepProgress: { readonly done: number; readonly total: number } | null;
  readonly sweepError: string | null;
  /** The newest finished sweep; older answers arriving late are dropped. */
  readonly sweep: SweepRecord | null;
  readonly setSweepStep: (step: number) => void;
  /** Registers a new sweep and returns its id. */
  readonly requestSweep: () => number;
  readonly progressSweep: (sweepId: number, done: number, total: number) => void;
  readonly finishSweep: (record: SweepRecord) => void;
  /** The sweep failed (message) or was stopped (null). */
  readonly failSweep: (sweepId: number, message: string | null) => void;
}

/** Creates the sweep slice. */
export const createSweepSlice: StateCreator<AppState, [], [], SweepSlice> = (set, get) => ({
  sweepStep: DEFAULT_SWEEP_STEP,
  latestSweepId: 0,
  sweepPhase: 'idle',
  sweepProgress: null,
  sweepError: null,
  sweep: null,
  setSweepStep: (step) =>
    set({ sweepStep: Number.isFinite(step) ? Math.max(1, Math.round(step)) : DEFAULT_SWEEP_STEP }),
  requestSweep: () => {
    const sweepId = get().latestSweepId + 1;
    set({ latestSweepId: sweepId, sweepPhase: 'running', sweepProgress: null, sweepError: null });
    return sweepId;
  },
  progressSweep: (sweepId, done, total) => {
    if (sweepId === get().latestSweepId) set({ sweepProgress: { done, total } });
  },
  finishSweep: (record) => {
    if (record.sweepId === get().latestSweepId) set({ sweep: record, sweepPhase: 'done' });
  },
  failSweep: (sweepId, message) => {
    if (sweepId !== get().latestSweepId) return;
    set({ sweepPhase: message === null ? 'cancelled' : 'error', sweepError: message });
  },
});
