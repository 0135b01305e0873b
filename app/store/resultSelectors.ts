/**
 * Derived data over the newest run: leak scores per head, drift, measurements and verdicts,
 * the selected head's matrices and the [MASK] predictions. Memoised on the run record, so
 * each is computed once per run (or per selection).
 */
import { drift } from '../../src/diagnostics/drift';
import { leakScores, type LeakScore } from '../../src/diagnostics/leak';
import { measure, verdict, type Measurements } from '../../src/diagnostics/verdict';
import type { AttentionMaps } from '../../src/viz/attention';
import type { ModeRun, RunOutput } from '../engine/protocol';
import type { AppState } from './appState';
import { memoLast } from './memo';
import type { RunRecord } from './runSlice';
import type { HeadRef } from './viewSlice';

/** A value for each of the two compared modes. */
export interface PerMode<T> {
  readonly a: T;
  readonly b: T;
}

/** The shape [L, 1, H, T, T] of a run's attention arrays. */
export function attentionShapeOf(output: RunOutput): readonly number[] {
  return [output.layers, 1, output.heads, output.seqLen, output.seqLen];
}

function driftOf(output: RunOutput, run: ModeRun): number {
  const realCount = output.realPositions.length;
  const reference = { shape: [1, 1, realCount, output.width], data: run.referenceHidden };
  const padded = { shape: [1, 1, output.seqLen, output.width], data: run.finalHidden };
  const identity = Int32Array.from({ length: realCount }, (_, k) => k);
  return drift(padded, output.realPositions, reference, identity);
}

const leakOf = memoLast((result: RunRecord | null): PerMode<LeakScore[][]> | null => {
  if (result === null) return null;
  const { output } = result;
  const shape = attentionShapeOf(output);
  return {
    a: leakScores(output.a.attention, shape, output.attentionMask),
    b: leakScores(output.b.attention, shape, output.attentionMask),
  };
});

/** Leak score of every head ([layer][head]) under A and B, or null before the first run. */
export function selectLeakScores(state: AppState): PerMode<LeakScore[][]> | null {
  return leakOf(state.result);
}

const measurementsOf = memoLast((result: RunRecord | null): PerMode<Measurements> | null => {
  if (result === null) return null;
  const { output } = result;
  const shape = attentionShapeOf(output);
  const measureRun = (run: ModeRun): Measurements =>
    measure({ shape, data: run.attention }, output.attentionMask, 0, driftOf(output, run));
  return { a: measureRun(output.a), b: measureRun(output.b) };
});

/** Leak, row sums, drift and NaN counts of the newest run under A and B. */
export function selectMeasurements(state: AppState): PerMode<Measurements> | null {
  return measurementsOf(state.result);
}

const verdictsOf = memoLast(
  (result: RunRecord | null, measurements: PerMode<Measurements> | null): PerMode<string> | null =>
    result === null || measurements === null
      ? null
      : { a: verdict(result.titleA, measurements.a), b: verdict(result.titleB, measurements.b) },
);

/** One sentence per mode summing up the newest run. */
export function selectVerdicts(state: AppState): PerMode<string> | null {
  return verdictsOf(state.result, selectMeasurements(state));
}

/** The selected head clamped to the newest run's layers and heads. */
export function clampHead(selected: HeadRef, output: RunOutput | undefined): HeadRef {
  if (output === undefined) return selected;
  const clamp = (value: number, size: number): number => Math.min(Math.max(value, 0), size - 1);
  return { layer: clamp(selected.layer, output.layers), head: clamp(selected.head, output.heads) };
}

/** The attention of both modes as maps [L, 1, H, T, T], and the padding flags [T] (1 = padding). */
export interface RunMaps {
  readonly a: AttentionMaps;
  readonly b: AttentionMaps;
  readonly padding: Uint8Array;
}

const mapsOf = memoLast((result: RunRecord | null): RunMaps | null => {
  if (result === null) return null;
  const { output } = result;
  const shape = attentionShapeOf(output);
  return {
    a: { shape, data: output.a.attention },
    b: { shape, data: output.b.attention },
    padding: Uint8Array.from(output.attentionMask, (m) => (m === 0 ? 1 : 0)),
  };
});

/** The newest run's attention maps and padding flags, for the heatmaps. */
export function selectRunMaps(state: AppState): RunMaps | null {
  return mapsOf(state.result);
}

const selectedOf = memoLast((layer: number, head: number): HeadRef => ({ layer, head }));

/** The selected head, clamped to the newest run's layers and heads (a stable object). */
export function selectSelectedHead(state: AppState): HeadRef {
  const { layer, head } = clampHead(state.selected, state.result?.output);
  return selectedOf(layer, head);
}
