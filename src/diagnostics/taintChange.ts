/**
 * Taint verdict: poison the padding rows (NaN, 1e4, …) and measure how much the real tokens'
 * outputs move. Only a mask that keeps padding out of every real row exactly passes. NaN cannot
 * pass any dense attention: a padding value row v_t = NaN meets p = 0 in p·V and 0·NaN = NaN
 * (IEEE 754), so even masked_fill fails it; see README "Taint test".
 */
import { rowDrift } from './drift';
import { TOLERANCES } from './tolerances';

/** Largest change of a real output still counted as untouched (the drift tolerance). */
export const TAINT_TOLERANCE = TOLERANCES.drift;

/** A clean run and a tainted run of the same padded sequence. */
export interface TaintPair {
  /** Final hidden states [T, D] of the clean and the tainted run. */
  readonly cleanHidden: Float32Array;
  readonly taintedHidden: Float32Array;
  /** Logits [N, V] of the same N real rows (e.g. the [MASK] tokens) in both runs. */
  readonly cleanLogits: Float32Array;
  readonly taintedLogits: Float32Array;
  /** Row t of each real token, [T0]. */
  readonly realPositions: Int32Array;
}

/** How far the real outputs moved: max |Δ| of hidden states and of logits (NaN if either holds NaN). */
export interface TaintChange {
  readonly hidden: number;
  readonly logits: number;
  /** max(hidden, logits), NaN if either is NaN. */
  readonly max: number;
  readonly isPassed: boolean;
}

/** Compares the real tokens' outputs of a clean and a tainted run of width `width`. */
export function taintChange(pair: TaintPair, width: number): TaintChange {
  const rows = { positions: pair.realPositions };
  const hidden = rowDrift(
    { ...rows, rows: pair.cleanHidden },
    { ...rows, rows: pair.taintedHidden },
    width,
  );
  const logits = maxAbsDiff(pair.cleanLogits, pair.taintedLogits);
  const max = Number.isNaN(hidden) || Number.isNaN(logits) ? NaN : Math.max(hidden, logits);
  return { hidden, logits, max, isPassed: max <= TAINT_TOLERANCE };
}

/** max |a − b| over equal-length arrays; NaN if any difference is NaN; 0 for empty arrays. */
function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) {
    throw new RangeError(`logits differ in size: ${a.length} vs ${b.length} values.`);
  }
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs((a[i] ?? NaN) - (b[i] ?? NaN));
    if (Number.isNaN(diff)) return NaN;
    worst = Math.max(worst, diff);
  }
  return worst;
}
