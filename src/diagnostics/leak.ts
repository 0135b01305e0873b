/**
 * Padding leak: the attention mass that real query rows put on padding keys. Padding is
 * classified by the attention mask only, never by brightness or token id, so sink heads that
 * favour [CLS]/[SEP] are not mistaken for leaks.
 */
import { attentionDims, checkIndex, checkMask, matrixOffset, splitByMask } from './dims';
import { TOLERANCES } from './tolerances';

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
  const dims = attentionDims(shape, attention.length);
  checkMask(attentionMask, dims.batch, dims.seqLen);
  checkIndex(batchIndex, dims.batch, 'batchIndex');
  const { real, padding } = splitByMask(attentionMask, dims.seqLen, batchIndex);
  const scores: LeakScore[][] = [];
  for (let layer = 0; layer < dims.layers; layer++) {
    const row: LeakScore[] = [];
    for (let head = 0; head < dims.heads; head++) {
      const offset = matrixOffset(dims, layer, batchIndex, head);
      const masses = real.map((q) => sumAt(attention, offset + q * dims.seqLen, padding));
      row.push(summarise(masses));
    }
    scores.push(row);
  }
  return scores;
}

/** True when a head's leak exceeds the float32 tolerance (NaN counts as leaking). */
export function isLeaking(score: LeakScore): boolean {
  return !(score.max <= TOLERANCES.leak);
}

/** One score for all heads: the mean of the heads' means and the max of their maxima. */
export function summariseLeak(scores: readonly (readonly LeakScore[])[]): LeakScore {
  const flat = scores.flat();
  if (flat.length === 0) return { mean: 0, max: 0 };
  const mean = flat.reduce((total, score) => total + score.mean, 0) / flat.length;
  return { mean, max: maxWithNaN(flat.map((score) => score.max)) };
}

function sumAt(data: Float32Array, rowStart: number, columns: readonly number[]): number {
  let total = 0;
  for (const k of columns) total += data[rowStart + k] ?? NaN;
  return total;
}

function summarise(masses: readonly number[]): LeakScore {
  if (masses.length === 0) return { mean: 0, max: 0 };
  const mean = masses.reduce((total, mass) => total + mass, 0) / masses.length;
  return { mean, max: maxWithNaN(masses) };
}

// Math.max propagates NaN, so one NaN row makes the maximum NaN, as it should.
function maxWithNaN(values: readonly number[]): number {
  return values.reduce((best, value) => Math.max(best, value), -Infinity);
}
