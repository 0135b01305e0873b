import { attentionDims } from '../../src/diagnostics/dims';
import { describe, expect, it } from 'vitest';
import {
  differenceOf,
  headViews,
  paddingRuns,
  querySums,
  realRange,
  sliceHead,
} from '../../src/viz/attention';
import { formatLeak, formatPercent, formatWeight, isLeaking } from '../../src/viz/format';
import { axisLegend, describeQuerySums } from '../../src/viz/legend';

// [L=2, B=2, H=3, T=2, T=2] where every value encodes its own indices: l·1000 + b·100 + h·10 + cell.
const SHAPE = [2, 2, 3, 2, 2] as const;
function encodedAttention(): Float32Array {
  const data = new Float32Array(2 * 2 * 3 * 4);
  let i = 0;
  for (let l = 0; l < 2; l += 1)
    for (let b = 0; b < 2; b += 1)
      for (let h = 0; h < 3; h += 1)
        for (let cell = 0; cell < 4; cell += 1) data[i++] = l * 1000 + b * 100 + h * 10 + cell;
  return data;
}

describe('attention helpers', () => {
  it('slices the head at [layer, batch, head] as a view that shares memory', () => {
    const data = encodedAttention();
    const view = sliceHead(data, SHAPE, 1, 1, 2);
    expect([...view]).toEqual([1120, 1121, 1122, 1123]);
    data[view.byteOffset / 4] = -1;
    expect(view[0]).toBe(-1);
    expect(view.buffer).toBe(data.buffer);
  });

  it('refuses out-of-range indices and inconsistent shapes', () => {
    const data = encodedAttention();
    expect(() => sliceHead(data, SHAPE, 2, 0, 0)).toThrow(/layer 2/);
    expect(() => sliceHead(data, SHAPE, 0, 0, 3)).toThrow(/head 3/);
    expect(() => sliceHead(data, [2, 2, 3, 2, 3], 0, 0, 0)).toThrow(RangeError);
    expect(() => attentionDims(SHAPE, data.length - 1)).toThrow(RangeError);
  });

  it('lists every head of one batch row by [layer][head]', () => {
    const views = headViews({ shape: SHAPE, data: encodedAttention() }, 0);
    expect(views).toHaveLength(2);
    expect(views[1]).toHaveLength(3);
    expect(views[1]![2]![3]).toBe(1023);
  });

  it('subtracts B from A element-wise', () => {
    const a = { shape: [1, 1, 1, 2, 2], data: Float32Array.from([1, 0, 0.5, 0.5]) };
    const b = { shape: [1, 1, 1, 2, 2], data: Float32Array.from([0.5, 0.5, 0.5, 0.5]) };
    expect([...differenceOf(a, b).data]).toEqual([0.5, -0.5, 0, 0]);
    expect(() => differenceOf(a, { shape: [1, 1, 1, 1, 1], data: new Float32Array(1) })).toThrow();
  });

  it('sums each query row over keys', () => {
    expect([...querySums(Float32Array.from([0.25, 0.75, 0.5, 0.25]), 2)]).toEqual([1, 0.75]);
  });

  it('takes the range over real positions only, and reports NaN if a real value is NaN', () => {
    const sums = Float32Array.from([1, 0.5, 7]);
    expect(realRange(sums, [0, 0, 1])).toEqual({ min: 0.5, max: 1 });
    expect(realRange(Float32Array.from([NaN, 1]), [false, false]).min).toBeNaN();
    expect(realRange(Float32Array.from([1, 1]), [true, true]).max).toBeNaN();
  });

  it('finds contiguous padding runs for right, left and scattered padding', () => {
    expect(paddingRuns(Uint8Array.from([0, 0, 1, 1]))).toEqual([{ start: 2, end: 4 }]);
    expect(paddingRuns([true, true, false])).toEqual([{ start: 0, end: 2 }]);
    expect(paddingRuns([1, 0, 1, 0])).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 3 },
    ]);
    expect(paddingRuns([0, 0])).toEqual([]);
  });
});

describe('number formatting', () => {
  it('writes small weights in exponent form so a 1e-5 leak never reads as 0', () => {
    expect(formatWeight(0)).toBe('0');
    expect(formatWeight(1e-5)).toBe('1e-5');
    expect(formatWeight(2.5e-7)).toBe('2.5e-7');
    expect(formatWeight(0.25)).toBe('0.25');
    expect(formatWeight(0.123456)).toBe('0.123');
    expect(formatWeight(NaN)).toBe('NaN');
  });

  it('writes leak masses as percentages and flags anything above float32 noise', () => {
    expect(formatPercent(0.234)).toBe('23.4%');
    expect(formatPercent(0.0123)).toBe('1.23%');
    expect(formatPercent(3e-6)).toBe('3e-6');
    expect(formatLeak({ mean: 0, max: 0 })).toBe('mean 0% · max 0%');
    expect(isLeaking({ mean: 0, max: 0 })).toBe(false);
    expect(isLeaking({ mean: 1e-6, max: 1e-5 })).toBe(true);
    expect(isLeaking({ mean: NaN, max: NaN })).toBe(true);
  });
});

describe('legend wording', () => {
  it('always names the rows and columns and says which axis sums to 1', () => {
    expect(axisLegend('rowsAreQueries').rows).toMatch(/Rows = queries.*sums to 1/);
    expect(axisLegend('rowsAreQueries').columns).toBe('Columns = keys');
    expect(axisLegend('rowsAreKeys').rows).toBe('Rows = keys');
    expect(axisLegend('rowsAreKeys').columns).toMatch(/Columns = queries.*sums to 1/);
  });

  it('calls out real queries that do not sum to 1, and NaN sums', () => {
    expect(describeQuerySums({ min: 0.99999, max: 1.00001 })).toBe('Every real query sums to 1.');
    expect(describeQuerySums({ min: 0.62, max: 0.91 })).toMatch(/0\.62–0\.91, not 1/);
    expect(describeQuerySums({ min: NaN, max: NaN })).toMatch(/NaN/);
  });
});
