/**
 * Padding leak: the attention mass that real query rows put on padding keys. Padding is
 * classified by the attention mask only, never by brightness or token id, so sink heads that
 * favour [CLS]/[SEP] are not mistaken for leaks.
 */
import { headTable, leakOfHead, measureBatchItem } from './headTables';
import { TOLERANCES, type Tolerances } from './tolerances';

/** Padding mass of one head over the real query rows, as fractions of each row (0 to 1). */
export interface LeakScore {
  /** Mean over real rows of the row's mass on padding keys; NaN if any such row has NaN. */
  readonly mean: number;
  /** The largest row's mass on padding keys. */
  readonly max: number;
}

/**
 * Per layer and head ([layer][head]), the padding mass of batch item `batchIndex`'s real rows.
 * attention: [L, B, H, T, T] with rows = queries; attentionMask: [B*T], 1 = real.
 */
export function leakScores(
  attention: Float32Array,
  shape: readonly number[],
  attentionMask: Int32Array,
  batchIndex = 0,
): LeakScore[][] {
  const stats = measureBatchItem(attention, shape, attentionMask, batchIndex);
  return headTable(stats, batchIndex, leakOfHead);
}

/** True when a head's leak exceeds the leak tolerance (NaN counts as leaking). */
export function isLeaking(score: LeakScore, tolerances: Tolerances = TOLERANCES): boolean {
  return !(score.max <= tolerances.leak);
}

/** One score for all heads: the mean of the heads' means and the max of their maxima. */
export function summariseLeak(scores: readonly (readonly LeakScore[])[]): LeakScore {
  const flat = scores.flat();
  if (flat.length === 0) return { mean: 0, max: 0 };
  const mean = flat.reduce((total, score) => total + score.mean, 0) / flat.length;
  return { mean, max: maxWithNaN(flat.map((score) => score.max)) };
}

// Math.max propagates NaN, so one NaN row makes the maximum NaN, as it should.
function maxWithNaN(values: readonly number[]): number {
  return values.reduce((best, value) => Math.max(best, value), -Infinity);
}
