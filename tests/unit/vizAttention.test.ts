import { describe, expect, it } from 'vitest';
import {
  attentionOf,
  batchedShape,
  headMatrix,
  isSameShape,
  type Attention,
} from '../../src/analysis/attentionMaps';
import { formatLeak, formatPercent, formatWeight } from '../../src/diagnostics/format';
import { isLeaking } from '../../src/diagnostics/leak';
import {
  differenceOf,
  headViews,
  paddingRuns,
  pickRows,
  querySums,
  realRange,
} from '../../src/viz/headViews';
import { axisLegend, describeQuerySums } from '../../src/viz/legend';

// [L=2, H=3, T=2, T=2] where every value encodes its own indices: l·100 + h·10 + cell.
function encodedAttention(): Attention {
  const data = new Float32Array(2 * 3 * 4);
  let i = 0;
  for (let l = 0; l < 2; l += 1)
    for (let h = 0; h < 3; h += 1)
      for (let cell = 0; cell < 4; cell += 1) data[i++] = l * 100 + h * 10 + cell;
  return attentionOf(data, 2, 3, 2);
}

describe('attention helpers', () => {
  it('keeps the shape and the axis names beside the data', () => {
    const attention = encodedAttention();
    expect(attention.shape).toEqual([2, 3, 2, 2]);
    expect(attention.axes).toEqual(['layer', 'head', 'query', 'key']);
    expect(batchedShape(attention)).toEqual([2, 1, 3, 2, 2]);
  });

  it('takes the head at [layer, head] as a view that shares memory', () => {
    const attention = encodedAttention();
    const view = headMatrix(attention, 1, 2);
    expect([...view]).toEqual([120, 121, 122, 123]);
    attention.data[view.byteOffset / 4] = -1;
    expect(view[0]).toBe(-1);
    expect(view.buffer).toBe(attention.data.buffer);
  });

  it('refuses out-of-range indices and inconsistent sizes', () => {
    const attention = encodedAttention();
    expect(() => headMatrix(attention, 2, 0)).toThrow(/layer 2/);
    expect(() => headMatrix(attention, 0, 3)).toThrow(/head 3/);
    expect(() => attentionOf(new Float32Array(23), 2, 3, 2)).toThrow(/needs 24/);
    expect(() => attentionOf(new Float32Array(0), 0, 3, 2)).toThrow(RangeError);
  });

  it('lists every head by [layer][head]', () => {
    const views = headViews(encodedAttention());
    expect(views).toHaveLength(2);
    expect(views[1]).toHaveLength(3);
    expect(views[1]![2]![3]).toBe(123);
  });

  it('subtracts B from A element-wise', () => {
    const a = attentionOf(Float32Array.from([1, 0, 0.5, 0.5]), 1, 1, 2);
    const b = attentionOf(Float32Array.from([0.5, 0.5, 0.5, 0.5]), 1, 1, 2);
    expect([...differenceOf(a, b).data]).toEqual([0.5, -0.5, 0, 0]);
    expect(isSameShape(a, b)).toBe(true);
    const other = attentionOf(new Float32Array(1), 1, 1, 1);
    expect(isSameShape(a, other)).toBe(false);
    expect(() => differenceOf(a, other)).toThrow();
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
    expect(formatPercent(0.0123)).toBe('1.2%');
    // The verdict and the grid print a leak the same way (one formatting module).
    expect(formatPercent(2e-5)).toBe('0.002%');
    expect(formatPercent(3e-9)).toBe('3e-7%');
    expect(formatLeak({ mean: 0, max: 0 })).toBe(
      'mean 0% over real query rows · max 0% in one row',
    );
    expect(isLeaking({ mean: 0, max: 0 })).toBe(false);
    expect(isLeaking({ mean: 1e-6, max: 1e-5 })).toBe(true);
    expect(isLeaking({ mean: NaN, max: NaN })).toBe(true);
  });
});

describe('legend wording', () => {
  it('always names the rows and columns and says which axis sums to 1', () => {
    expect(axisLegend('rowsAreQueries', 'A').rows).toMatch(/Rows = queries.*sums to 1/);
    expect(axisLegend('rowsAreQueries', 'B').columns).toBe('Columns = keys');
    expect(axisLegend('rowsAreKeys', 'A').rows).toBe('Rows = keys');
    expect(axisLegend('rowsAreKeys', 'B').columns).toMatch(/Columns = queries.*sums to 1/);
  });

  it('says the rows of A − B sum to 0, not 1', () => {
    expect(axisLegend('rowsAreQueries', 'diff').rows).toMatch(/Rows = queries.*sums to 0/);
    expect(axisLegend('rowsAreKeys', 'diff').columns).toMatch(/Columns = queries.*sums to 0/);
    expect(axisLegend('rowsAreQueries', 'diff').rows).not.toMatch(/sums to 1/);
  });

  it('names the queries of other shapes: decoder queries, the new token, pooled vectors', () => {
    expect(axisLegend('rowsAreQueries', 'A', 'cross')).toMatchObject({
      rows: expect.stringMatching(/decoder queries.*sums to 1 over the keys/) as string,
      columns: "Columns = the encoder's keys",
    });
    expect(axisLegend('rowsAreQueries', 'A', 'step').share).toMatch(/cache's padding/);
    const pooling = axisLegend('rowsAreQueries', 'A', 'pooling');
    expect(pooling.rows).toMatch(/pooled vector.*sum to 1 over the frames/);
    expect(pooling.share).toMatch(/padded frames/);
    expect(axisLegend('rowsAreQueries', 'A').share).toMatch(
      /real query's attention on padding keys/,
    );
  });

  it('calls out real queries that do not sum to 1, and NaN sums', () => {
    expect(describeQuerySums({ min: 0.999995, max: 1.000005 })).toBe('Every real query sums to 1.');
    expect(describeQuerySums({ min: 0.62, max: 0.91 })).toMatch(/0\.62–0\.91, not 1/);
    expect(describeQuerySums({ min: NaN, max: NaN })).toMatch(/NaN/);
  });
});

describe('picking query rows', () => {
  const matrix = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

  it('keeps the chosen rows in order with every column', () => {
    expect([...pickRows(matrix, 3, [0, 2])]).toEqual([1, 2, 3, 7, 8, 9]);
  });

  it('returns the matrix itself when every row is kept, and refuses rows outside it', () => {
    expect(pickRows(matrix, 3, [0, 1, 2])).toBe(matrix);
    expect(() => pickRows(matrix, 3, [3])).toThrow(/row 3 is outside the 3×3 matrix/);
  });
});
