/**
 * How the lines along each axis of an attention array sum: softmax normalises over keys, so
 * along the key axis the lines sum to 1. The layout detection (axisLayout.ts,
 * keyAxisLayout.ts) reads these.
 */
import { stridesOf } from './arrays';

/** How the lines along one axis sum: how far from 1 typically, how often within tolerance, the most. */
export interface AxisSums {
  readonly axis: number;
  /** Lines that are neither NaN nor all zero. */
  readonly lines: number;
  /** Median of |line sum - 1| over those lines: ~1e-7 along float32 softmax rows. */
  readonly medianGap: number;
  readonly share: number;
  readonly maxSum: number;
  /**
   * Share of the non-NaN lines that are all zero. Softmax over keys never gives an all-zero row,
   * while a masked key's column (a line along the query axis) is all zero: with a heavy mask,
   * most columns are, and they would otherwise decide the median.
   */
  readonly emptyShare: number;
}

/** Sums every line along `axis` of a row-major array (NaN lines are left out). */
export function axisSums(
  data: Float32Array,
  shape: readonly number[],
  axis: number,
  tolerance: number,
): AxisSums {
  const strides = stridesOf(shape);
  const size = shape[axis] ?? 1;
  const stride = strides[axis] ?? 1;
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const gaps = new Float64Array(outer * stride);
  let lines = 0;
  let empty = 0;
  let ones = 0;
  let maxSum = 0;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < stride; i++) {
      const start = o * size * stride + i;
      let sum = 0;
      let isEmpty = true;
      for (let k = 0; k < size; k++) {
        const value = data[start + k * stride] ?? NaN;
        sum += value;
        if (value !== 0) isEmpty = false;
      }
      if (Number.isNaN(sum)) continue;
      if (isEmpty) {
        empty += 1;
        continue;
      }
      const gap = Math.abs(sum - 1);
      gaps[lines++] = gap;
      if (gap <= tolerance) ones += 1;
      maxSum = Math.max(maxSum, sum);
    }
  }
  const sorted = gaps.subarray(0, lines).sort();
  const medianGap = lines === 0 ? Infinity : (sorted[Math.floor(lines / 2)] ?? Infinity);
  return {
    axis,
    lines,
    medianGap,
    share: lines === 0 ? 0 : ones / lines,
    maxSum,
    emptyShare: lines + empty === 0 ? 0 : empty / (lines + empty),
  };
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
