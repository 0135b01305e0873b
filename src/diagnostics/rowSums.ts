/**
 * Row sums of attention matrices. A correct softmax row sums to 1; mask-after-softmax leaves
 * real rows summing to < 1. (Which axis of a dump is the softmax axis is src/dump/axisSums.ts's.)
 */
import { attentionDims } from './dims';
import { headTable, measureBatchItem, rowSumRangeOfHead } from './headTables';
import type { Tolerances } from './tolerances';

/** Smallest and largest of a set of values; NaN when any value is NaN. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** A range of real rows' sums with the tolerances they are judged by (the data's number format). */
export interface SumRange extends Range {
  readonly tolerances: Tolerances;
}

/** Sum of every row of an [L, B, H, T, T] attention array: [L, B, H, T], accumulated in float64. */
export function rowSums(attention: Float32Array, shape: readonly number[]): Float64Array {
  const { seqLen } = attentionDims(shape, attention.length);
  const sums = new Float64Array(attention.length / seqLen);
  for (let row = 0; row < sums.length; row++) sums[row] = rowSum(attention, row, seqLen);
  return sums;
}

/** Sum of flat row `row` (of length `seqLen`), in float64; NaN if any value is NaN or missing. */
function rowSum(attention: Float32Array, row: number, seqLen: number): number {
  let total = 0;
  for (let k = 0; k < seqLen; k++) total += attention[row * seqLen + k] ?? NaN;
  return total;
}

/**
 * Per layer and head ([layer][head]), the range of the row sums of batch item b's real query
 * rows ({1, 1} when there are none). Only those rows are summed.
 */
export function headRowSumRanges(
  attention: Float32Array,
  shape: readonly number[],
  attentionMask: Int32Array,
  batchIndex = 0,
): Range[][] {
  const stats = measureBatchItem(attention, shape, attentionMask, batchIndex);
  return headTable(stats, batchIndex, rowSumRangeOfHead);
}

/** The range over every head of per-head ranges ({1, 1} when empty); NaN spreads. */
export function combineRanges(ranges: readonly (readonly Range[])[]): Range {
  return rangeOf(ranges.flat().flatMap((r) => [r.min, r.max]));
}

/**
 * Range of the row sums of batch item b's real query rows over every layer and head ({1, 1} if
 * none). Only those rows are summed.
 */
export function realRowSumRange(
  attention: Float32Array,
  shape: readonly number[],
  attentionMask: Int32Array,
  batchIndex = 0,
): Range {
  return combineRanges(headRowSumRanges(attention, shape, attentionMask, batchIndex));
}

// Math.min/max propagate NaN, so one NaN sum makes the range NaN, as it should.
function rangeOf(values: readonly number[]): Range {
  if (values.length === 0) return { min: 1, max: 1 };
  return {
    min: values.reduce((a, b) => Math.min(a, b), Infinity),
    max: values.reduce((a, b) => Math.max(a, b), -Infinity),
  };
}
