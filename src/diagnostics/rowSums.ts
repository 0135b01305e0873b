/**
 * Row sums of attention matrices, and which axis of a matrix is the softmax axis. A correct
 * softmax row sums to 1; mask-after-softmax leaves real rows summing to < 1.
 */
import { attentionDims } from './dims';
import { headTable, measureBatchItem, rowSumRangeOfHead } from './headTables';
import type { Tolerances } from './tolerances';

/** Which axis of a [T, T] matrix sums to 1: rows (queries × keys layout), columns, both, or neither. */
export type SumAxis = 'rows' | 'columns' | 'both' | 'neither';

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

/**
 * Infers which axis of the [T, T] matrices in `matrix` (any number of them, flat) sums to 1,
 * so layouts such as DL4J's [B, H, keys, queries] are named correctly. An axis qualifies when
 * most of its finite lines sum to 1 within `tolerance` (fully masked rows may sum to 0).
 */
export function detectSumAxis(matrix: Float32Array, seqLen: number, tolerance = 1e-3): SumAxis {
  const size = seqLen * seqLen;
  if (!Number.isInteger(seqLen) || seqLen < 1 || matrix.length % size !== 0) {
    throw new RangeError(
      `matrix of ${matrix.length} values is not a stack of ${seqLen}×${seqLen}.`,
    );
  }
  const rows = new Tally();
  const columns = new Tally();
  for (let start = 0; start < matrix.length; start += size) {
    for (let i = 0; i < seqLen; i++) {
      let rowSum = 0;
      let columnSum = 0;
      for (let j = 0; j < seqLen; j++) {
        rowSum += matrix[start + i * seqLen + j] ?? NaN;
        columnSum += matrix[start + j * seqLen + i] ?? NaN;
      }
      rows.add(rowSum, tolerance);
      columns.add(columnSum, tolerance);
    }
  }
  const rowShare = rows.share();
  const columnShare = columns.share();
  if (rowShare === 1 && columnShare === 1) return 'both';
  if (rowShare > 0.5 && rowShare > columnShare) return 'rows';
  if (columnShare > 0.5 && columnShare > rowShare) return 'columns';
  return 'neither';
}

/** Counts finite line sums and how many of them are 1 within tolerance. */
class Tally {
  private finite = 0;
  private ones = 0;

  add(sum: number, tolerance: number): void {
    if (!Number.isFinite(sum)) return;
    this.finite++;
    if (Math.abs(sum - 1) <= tolerance) this.ones++;
  }

  /** Fraction of finite lines summing to 1; 0 when there are none. */
  share(): number {
    return this.finite === 0 ? 0 : this.ones / this.finite;
  }
}
