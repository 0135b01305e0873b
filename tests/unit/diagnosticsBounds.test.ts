// The measuring core and the verdict at their edges: a value exactly at a tolerance, ties, rows
// that are all equal or all zero, NaN rows, and inputs that must be refused. Weights are dyadic
// (0.5, 0.25, 2^-10, …) so float32 holds them exactly and every expected number follows by hand
// from the definitions in measureAttention.ts, tolerances.ts and verdict.ts.
import { describe, expect, it } from 'vitest';
import { headTable, measureBatchItem, rowSumRangeOfHead } from '../../src/diagnostics/headTables';
import { isLeaking, summariseLeak } from '../../src/diagnostics/leak';
import { measureAttention } from '../../src/diagnostics/measureAttention';
import {
  isUnitSum,
  looserOf,
  TOLERANCES,
  tolerancesFor,
  type Tolerances,
} from '../../src/diagnostics/tolerances';
import {
  brokenInvariants,
  measure,
  measureHeads,
  verdict,
  type Measurements,
} from '../../src/diagnostics/verdict';

const f32 = (values: readonly number[]) => Float32Array.from(values);
const i32 = (values: readonly number[]) => Int32Array.from(values);

/** One head [Tq, Tk] measured against the key mask `keep` with tolerances `tol`. */
function measureHead(
  rows: readonly (readonly number[])[],
  keep: readonly number[],
  tol = TOLERANCES,
) {
  const keys = keep.length;
  const attention = { data: f32(rows.flat()), shape: [rows.length, keys], axes: ['query', 'key'] };
  const options = { queryKeep: new Int32Array(rows.length).fill(1) };
  const head = measureAttention(attention as never, i32(keep), tol, options).heads[0];
  if (head === undefined) throw new Error('no head measured');
  return head;
}

describe('measureAttention at its edges', () => {
  it('counts the padding keys of the item from its mask', () => {
    expect(measureHead([[0.5, 0.5, 0]], [1, 1, 0]).paddingKeys).toBe(1);
    expect(measureHead([[0.25, 0.25, 0.25, 0.25]], [1, 0, 0, 1]).paddingKeys).toBe(2);
  });

  it('calls a real row uniform only when all its weights are equal, and a row of zeros never', () => {
    const head = measureHead(
      [
        [0.25, 0.25, 0.25, 0.25],
        [0.5, 0.25, 0.125, 0.125],
        [0.125, 0.125, 0.25, 0.5],
        [0, 0, 0, 0],
      ],
      [1, 1, 1, 1],
    );
    expect(head.uniformRealRows).toBe(1);
  });

  it('reads "all equal" relative to the largest weight: a spread of exactly equalSpread × max is equal', () => {
    const tol: Tolerances = { ...TOLERANCES, equalSpread: 0.25 };
    // max 0.5, min 0.375: spread 0.125 = 0.25 × 0.5, equal; min 0.25: spread 0.25, not.
    expect(measureHead([[0.5, 0.375]], [1, 1], tol).uniformRealRows).toBe(1);
    expect(measureHead([[0.5, 0.25]], [1, 1], tol).uniformRealRows).toBe(0);
  });

  it('counts uniform padding query rows apart from padding rows with a peak', () => {
    const attention = {
      data: f32([0.5, 0.5, 0, 1 / 3, 1 / 3, 1 / 3, 0.5, 0.25, 0.25]),
      shape: [3, 3],
      axes: ['query', 'key'],
    } as const;
    const [head] = measureAttention(attention, i32([1, 1, 0]), TOLERANCES, {
      queryKeep: i32([1, 0, 0]),
    }).heads;
    expect(head).toMatchObject({ realRows: 1, paddingRows: 2, uniformPaddingRows: 1 });
  });

  it('calls a leaking row an equal-stripe row only when its two padding keys weigh the same', () => {
    // Keys 2 and 3 are padding; rows 0 and 1 give them unequal weights, row 2 equal ones.
    const head = measureHead(
      [
        [0.25, 0.25, 0.375, 0.125],
        [0.25, 0.25, 0.125, 0.375],
        [0.25, 0.25, 0.25, 0.25],
      ],
      [1, 1, 0, 0],
    );
    expect(head.leakingRows).toBe(3);
    expect(head.equalPaddingRows).toBe(1);
  });

  it('never calls a row with a single padding key an equal-stripe row', () => {
    const head = measureHead([[0.5, 0.5]], [1, 0]);
    expect(head.leakingRows).toBe(1);
    expect(head.equalPaddingRows).toBe(0);
  });

  it('does not count a row at exactly the leak tolerance as leaking', () => {
    const tol: Tolerances = { ...TOLERANCES, leak: 0.25 };
    const head = measureHead(
      [
        [0.75, 0.25],
        [0.5, 0.5],
      ],
      [1, 0],
      tol,
    );
    expect(head.leakingRows).toBe(1);
    expect(head.leakMax).toBe(0.5);
  });

  it('names the first row when several share the largest padding mass or the smallest sum', () => {
    const head = measureHead(
      [
        [0.75, 0.125],
        [0.5, 0.25],
        [0.5, 0.25],
        [0.75, 0.125],
      ],
      [1, 0],
    );
    expect(head.leakMaxQuery).toBe(1);
    expect(head.rowSumMin).toBe(0.75);
    expect(head.rowSumMinQuery).toBe(1);
  });

  it('says -1 for the leak and sum queries when no real row was measured', () => {
    const noPadding = measureHead([[0.5, 0.5]], [1, 1]);
    expect(noPadding.leakMaxQuery).toBe(-1);
    const allNaN = measureHead([[NaN, 0.5]], [1, 0]);
    expect(allNaN).toMatchObject({ nanRealRows: 1, leakMaxQuery: -1, rowSumMinQuery: -1 });
    expect(allNaN.rowSumMin).toBe(Infinity);
    expect(allNaN.rowSumMax).toBe(-Infinity);
  });

  it('calls a row inverted when it gives at most the leak tolerance to real keys and ≥ 99% to padding', () => {
    const tol: Tolerances = { ...TOLERANCES, leak: 2 ** -10 };
    const head = measureHead(
      [
        [2 ** -10, 1 - 2 ** -10], // real mass exactly the tolerance: inverted
        [0.0078125, 0.9921875], // 99.2% on padding but 0.8% on real keys: not inverted
        [0, 0.5], // nothing on real keys, but only half on padding: not inverted
        [0, 1], // inverted
      ],
      [1, 0],
      tol,
    );
    expect(head.invertedRows).toBe(2);
  });

  it('calls a row short only when it misses 1 by more than the row-sum tolerance', () => {
    const tol: Tolerances = { ...TOLERANCES, rowSum: 0.25 };
    const head = measureHead(
      [
        [0.5, 0.25],
        [0.5, 0.125],
        [1, 0],
      ],
      [1, 1],
      tol,
    );
    expect(head.shortRows).toBe(1);
  });

  it('measures only the batch item it is asked for', () => {
    const attention = {
      data: f32([1, 0, 0.5, 0.5]),
      shape: [2, 2],
      axes: ['batch', 'key'],
    } as const;
    const { heads } = measureAttention(attention, i32([1, 0, 1, 0]), TOLERANCES, { item: 1 });
    expect(heads.map((head) => [head.batch, head.leakMax])).toEqual([[1, 0.5]]);
  });

  it('refuses a key mask or a query mask of the wrong length', () => {
    const attention = {
      data: f32([1, 0, 0.5, 0.5]),
      shape: [2, 2],
      axes: ['query', 'key'],
    } as const;
    expect(() => measureAttention(attention, i32([1, 1, 1]), TOLERANCES)).toThrow(
      'the mask has 3 entries, expected B × Tk = 1 × 2.',
    );
    expect(() =>
      measureAttention(attention, i32([1, 1]), TOLERANCES, { queryKeep: i32([1]) }),
    ).toThrow('the query mask has 1 entries, expected B × Tq = 1 × 2.');
  });
});

describe('the per-head tables of one batch item', () => {
  // [L=1, B=2, H=1, T=2, T=2]: item 0 has a padding key 1 and a NaN in its real row 0.
  const attention = f32([NaN, 0.5, 0.5, 0.5, 0.75, 0.25, 0.5, 0.5]);
  const shape = [1, 2, 1, 2, 2];

  it('lists only the heads of the asked item', () => {
    const stats = measureBatchItem(attention, shape, i32([1, 0, 1, 1]), 1);
    expect(stats.heads.map((head) => head.batch)).toEqual([1]);
    const both = measureAttention(
      { data: attention, shape, axes: ['layer', 'batch', 'head', 'query', 'key'] },
      i32([1, 0, 1, 1]),
      TOLERANCES,
    );
    expect(headTable(both, 1, (head) => head.batch)).toEqual([[1]]);
  });

  it('gives a NaN row-sum range when a real row is NaN, and {1, 1} when no row is real', () => {
    const nanItem = measureBatchItem(attention, shape, i32([1, 1, 1, 1]), 0).heads[0];
    expect(nanItem && rowSumRangeOfHead(nanItem)).toEqual({ min: NaN, max: NaN });
    const noReal = measureBatchItem(attention, shape, i32([0, 0, 1, 1]), 0).heads[0];
    expect(noReal && rowSumRangeOfHead(noReal)).toEqual({ min: 1, max: 1 });
  });

  it('tables every head of the item by [layer][head]', () => {
    // [L=2, B=1, H=2, T=2, T=2], key 1 padding: head (l, h) leaks (l·2 + h + 1) / 8 from row 0.
    const data: number[] = [];
    for (let n = 1; n <= 4; n++) data.push(1 - n / 8, n / 8, 0.5, 0.5);
    const heads = measureHeads({ data: f32(data), shape: [2, 1, 2, 2, 2] }, i32([1, 0]), 0);
    expect(heads.leak.map((row) => row.map((score) => score.max))).toEqual([
      [1 / 8, 2 / 8],
      [3 / 8, 4 / 8],
    ]);
    expect(heads.rowSums[1]?.[0]).toMatchObject({ min: 1, max: 1 });
  });

  it('reports no leak, not NaN, for an item without real rows', () => {
    const m = measure({ data: attention, shape }, i32([0, 0, 1, 1]), 0, null);
    expect(m.leak).toEqual({ mean: 0, max: 0 });
  });

  it('counts the padding keys of the asked item, not of the first', () => {
    const m = measure({ data: attention, shape }, i32([1, 0, 1, 1]), 1, null);
    expect(m.paddingKeys).toBe(0);
    expect(verdict('Correct', m)).toMatch(/no padding to leak onto/);
  });
});

describe('leak, tolerances and verdict at the tolerance', () => {
  it('does not call a leak of exactly the tolerance a leak', () => {
    expect(isLeaking({ mean: TOLERANCES.leak, max: TOLERANCES.leak })).toBe(false);
  });

  it('summarises no heads as no leak', () => {
    expect(summariseLeak([])).toEqual({ mean: 0, max: 0 });
  });

  it('counts a sum off by exactly the row-sum tolerance as 1', () => {
    const tol: Tolerances = { ...TOLERANCES, rowSum: 0.25 };
    expect(isUnitSum(0.75, tol)).toBe(true);
    expect(isUnitSum(1.25, tol)).toBe(true);
    expect(isUnitSum(0.7, tol)).toBe(false);
  });

  it('judges a half dump against a float32 one by the half row, whichever comes first', () => {
    const half = tolerancesFor('bf16');
    expect(looserOf(half, TOLERANCES)).toBe(half);
    expect(looserOf(TOLERANCES, half)).toBe(half);
    expect(looserOf(TOLERANCES, TOLERANCES).numberFormat).toBe('float32');
  });

  it('reads half dtype names with or without byte order and surrounding spaces', () => {
    expect(tolerancesFor(' fp16 ').numberFormat).toBe('half');
    expect(tolerancesFor('f2').numberFormat).toBe('half');
    expect(tolerancesFor('>f2').numberFormat).toBe('half');
    // numpy's '<f16' is a 16-byte float (float128), not a half.
    expect(tolerancesFor('<f16').numberFormat).toBe('float32');
    expect(tolerancesFor('f4').numberFormat).toBe('float32');
  });

  const base: Measurements = {
    leak: { mean: 0, max: 0 },
    paddingKeys: 2,
    realRowSums: { min: 1, max: 1 },
    drift: null,
    nanRows: { real: 0, padding: 0 },
    tolerances: TOLERANCES,
  };

  it('calls leak and drift of exactly the tolerance clean', () => {
    const atBounds = {
      ...base,
      leak: { mean: TOLERANCES.leak, max: TOLERANCES.leak },
      drift: TOLERANCES.drift,
    };
    expect(brokenInvariants(atBounds)).toEqual([]);
    expect(verdict('Correct', atBounds)).toBe('Correct: no leak (max 1e-4%), no drift (≤ 1e-5).');
  });

  it('reports NaN rows however they split between real and padding rows', () => {
    const text = verdict('NaN', { ...base, nanRows: { real: 1, padding: 1 } });
    expect(text).toMatch(/NaN in 1 padding rows and 1 real rows/);
  });

  it('says a row sum that misses 1 once, or as a range, and flags a sum above 1', () => {
    expect(verdict('Post', { ...base, realRowSums: { min: 0.5, max: 0.5 } })).toMatch(
      /real rows sum to 0\.5 instead of 1/,
    );
    const above = { ...base, realRowSums: { min: 1, max: 1.5 } };
    expect(brokenInvariants(above)).toEqual(['rowSums']);
    expect(verdict('Above', above)).toMatch(/real rows sum to 1–1\.5 instead of 1/);
  });

  it('leaves NaN row sums to the NaN part of the verdict', () => {
    const text = verdict('NaN', {
      ...base,
      realRowSums: { min: NaN, max: NaN },
      nanRows: { real: 1, padding: 0 },
    });
    expect(text).not.toMatch(/sum to/);
  });
});
