import type { StateCreator } from 'zustand';
import type { SweepResult } from '../../src/analysis/sweep';
import { DEFAULT_SWEEP_STEP } from '../../src/analysis/sweepPlan';
import type { AppState } from './appState';
import type { InputFields } from './inputSlice';
import type { ModelInfo } from './modelSlice';

/** A finished sweep: what was asked (input fields, model, step) and what came back. */
export interface SweepRecord {
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

/** The padding-sweep slice: the user's step and the newest sweep's progress (the sweep itself is a request). */
export interface SweepSlice {
  /** Pads between two sweep runs, as the user set it (whole number ≥ 1). */
  readonly sweepStep: number;
  /** Paddings run and to run of the newest sweep; null before it reports. */
  readonly sweepProgress: { readonly done: number; readonly total: number } | null;
  readonly setSweepStep: (step: number) => void;
  readonly progressSweep: (sweepId: number, done: number, total: number) => void;
}

/** Creates the sweep slice. */
export const createSweepSlice: StateCreator<AppState, [], [], SweepSlice> = (set, get) => ({
  sweepStep: DEFAULT_SWEEP_STEP,
  sweepProgress: null,
  setSweepStep: (step) =>
    set({ sweepStep: Number.isFinite(step) ? Math.max(1, Math.round(step)) : DEFAULT_SWEEP_STEP }),
  progressSweep: (sweepId, done, total) => {
    if (sweepId === get().sweep.id) set({ sweepProgress: { done, total } });
  },
});
