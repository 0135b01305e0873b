// Plain-array helpers for drawing an analysis' attention [L, H, Tq, Tk] (rows = queries, columns =
// keys; Tq = Tk = T for self-attention): per-head views, differences, query sums and padding runs.

import { headMatrix, isSameShape, type Attention } from '../analysis/attentionMaps';

/** What a heatmap colours: side A, side B, or the difference A − B. */
export type ColorBy = 'A' | 'B' | 'diff';

/** Padding flags per position [T]: truthy (1 / true) = padding, falsy = real token. */
export type PaddingMask = ArrayLike<number | boolean>;

/** A contiguous run of padding positions [start, end). */
export interface PaddingRun {
  readonly start: number;
  readonly end: number;
}

/** Every head as views into the data, indexed [layer][head] (each Tq×Tk, rows = queries). */
export function headViews(attention: Attention): Float32Array[][] {
  const [layers, heads] = attention.shape;
  return Array.from({ length: layers }, (_, layer) =>
    Array.from({ length: heads }, (_, head) => headMatrix(attention, layer, head)),
  );
}

/** Element-wise A − B with A's shape; throws if the shapes differ. */
export function differenceOf(a: Attention, b: Attention): Attention {
  if (!isSameShape(a, b)) {
    throw new RangeError(`cannot subtract [${b.shape.join(', ')}] from [${a.shape.join(', ')}].`);
  }
  return { ...a, data: subtract(a.data, b.data) };
}

/** Element-wise a − b into a new array; throws if the lengths differ. */
export function subtract(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length !== b.length) {
    throw new RangeError(`cannot subtract ${b.length} values from ${a.length}.`);
  }
  const out = new Float32Array(a.length);
  for (let i = 0; i < out.length; i += 1) out[i] = (a[i] ?? 0) - (b[i] ?? 0);
  return out;
}

/**
 * Sum over keys for each query of a Tq×T matrix (rows = queries, Tq = its length / T): [Tq],
 * accumulated in float64; softmax rows give 1.
 */
export function querySums(matrix: Float32Array, seqLen: number): Float64Array {
  const sums = new Float64Array(Math.floor(matrix.length / seqLen));
  for (let row = 0; row < sums.length; row += 1) {
    let total = 0;
    for (let key = 0; key < seqLen; key += 1) total += matrix[row * seqLen + key] ?? NaN;
    sums[row] = total;
  }
  return sums;
}

/**
 * Rows `rows` of a Tq×T matrix (rows = queries), in that order, as a [rows.length × T] matrix;
 * the matrix itself when every row is kept in order. Throws on a row outside [0, Tq).
 */
export function pickRows(
  matrix: Float32Array,
  seqLen: number,
  rows: readonly number[],
): Float32Array {
  const rowCount = Math.floor(matrix.length / seqLen);
  if (rows.length === rowCount && rows.every((row, i) => row === i)) return matrix;
  const out = new Float32Array(rows.length * seqLen);
  rows.forEach((row, i) => {
    if (!Number.isInteger(row) || row < 0 || row >= rowCount) {
      throw new RangeError(`row ${row} is outside the ${rowCount}×${seqLen} matrix.`);
    }
    out.set(matrix.subarray(row * seqLen, (row + 1) * seqLen), i * seqLen);
  });
  return out;
}

/** Minimum and maximum of `values` over real (non-padding) positions; NaN if there are none. */
export function realRange(
  values: ArrayLike<number>,
  padding: PaddingMask,
): { readonly min: number; readonly max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i += 1) {
    if (isPadding(padding, i)) continue;
    const value = values[i] ?? NaN;
    if (Number.isNaN(value)) return { min: NaN, max: NaN };
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return min > max ? { min: NaN, max: NaN } : { min, max };
}

/** Contiguous runs of padding positions, in order (one run for right or left padding). */
export function paddingRuns(padding: PaddingMask): PaddingRun[] {
  const runs: PaddingRun[] = [];
  let start = -1;
  for (let i = 0; i <= padding.length; i += 1) {
    const isPad = i < padding.length && isPadding(padding, i);
    if (isPad && start < 0) start = i;
    if (!isPad && start >= 0) {
      runs.push({ start, end: i });
      start = -1;
    }
  }
  return runs;
}

/** Whether position `index` is padding (positions past the mask's end count as real). */
export function isPadding(padding: PaddingMask, index: number): boolean {
  return Boolean(padding[index]);
}
