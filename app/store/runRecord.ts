import type { Analysis } from '../../src/analysis/analysis';
import type { InputFields } from './inputSlice';
import type { ModelInfo } from './modelSlice';

/** A finished run: what was asked and what came back; everything shown is derived from it. */
export interface RunRecord {
  /** The model that answered. */
  readonly model: ModelInfo;
  /** The input fields as they were when the run was requested. */
  readonly input: InputFields;
  /** The engine's answer: attention, mask, labels and measurements of A and B. */
  readonly analysis: Analysis;
  /** Page-side time from the request to the answer arriving, ms. */
  readonly roundTripMs: number;
}
