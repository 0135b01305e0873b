// Plain-array helpers over the encoder's attention output [L, B, H, T, T] (rows = queries,
// columns = keys): named dimensions, zero-copy per-head views, differences and row sums.

import { attentionDims } from '../diagnostics/dims';
import { rowSums } from '../diagnostics/rowSums';

/** Attention probabilities as plain data, e.g. `EncoderOutput.attention`: shape [L, B, H, T, T]. */
export interface AttentionMaps {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Padding flags per position [T]: truthy (1 / true) = padding, falsy = real token. */
export type PaddingMask = ArrayLike<number | boolean>;

/** A contiguous run of padding positions [start, end). */
export interface PaddingRun {
  readonly start: number;
  readonly end: number;
}

/**
 * One head's T×T matrix (rows = queries) as a view into `attention` (subarray, no copy).
 * `shape` is [L, B, H, T, T]; throws a RangeError for an index out of range.
 */
export function sliceHead(
  attention: Float32Array,
  shape: readonly number[],
  layer: number,
  batch: number,
  head: number,
): Float32Array {
  const dims = attentionDims(shape, attention.length);
  checkIndex(layer, dims.layers, 'layer');
  checkIndex(batch, dims.batch, 'batch');
  checkIndex(head, dims.heads, 'head');
  const cells = dims.seqLen * dims.seqLen;
  const start = ((layer * dims.batch + batch) * dims.heads + head) * cells;
  return attention.subarray(start, start + cells);
}

/** Every head of one batch row as views, indexed [layer][head] (each T×T, rows = queries). */
export function headViews(maps: AttentionMaps, batch: number): Float32Array[][] {
  const dims = attentionDims(maps.shape, maps.data.length);
  return Array.from({ length: dims.layers }, (_, layer) =>
    Array.from({ length: dims.heads }, (_, head) =>
      sliceHead(maps.data, maps.shape, layer, batch, head),
    ),
  );
}

/** True when B can be compared with A: the same shape and data length. */
export function isSameShape(a: AttentionMaps, b: AttentionMaps): boolean {
  return a.data.length === b.data.length && a.shape.join() === b.shape.join();
}

/** Element-wise A − B as new maps of the same shape; throws if the shapes differ. */
export function differenceOf(a: AttentionMaps, b: AttentionMaps): AttentionMaps {
  if (!isSameShape(a, b)) {
    throw new RangeError(`cannot subtract [${b.shape.join(', ')}] from [${a.shape.join(', ')}].`);
  }
  return { shape: a.shape, data: subtract(a.data, b.data) };
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

/** Sum over keys for each query of a T×T matrix (rows = queries): [T]; softmax rows give 1. */
export function querySums(matrix: Float32Array, seqLen: number): Float64Array {
  return rowSums(matrix, [1, 1, 1, seqLen, seqLen]);
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

function checkIndex(index: number, size: number, name: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`${name} ${index} is out of range [0, ${size}).`);
  }
}

/** One attention head by its layer and head index. */
export interface HeadRef {
  readonly layer: number;
  readonly head: number;
}
