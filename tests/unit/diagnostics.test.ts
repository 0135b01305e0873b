import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leakScores, summariseLeak } from '../../src/diagnostics/leak';
import { hasNaN, nanRowCounts } from '../../src/diagnostics/nan';
import { realRowSumRange, rowSums } from '../../src/diagnostics/rowSums';
import { formatDrift, headCaption } from '../../src/diagnostics/format';
import { driftStatus, TOLERANCES } from '../../src/diagnostics/tolerances';

const f32 = (values: readonly number[]) => Float32Array.from(values);
const i32 = (values: readonly number[]) => Int32Array.from(values);

/** Row-wise softmax of a flat stack of rows of length `width`. */
function softmaxRows(scores: readonly number[], width: number): Float32Array {
  const out = new Float32Array(scores.length);
  for (let start = 0; start < scores.length; start += width) {
    const row = scores.slice(start, start + width);
    const top = Math.max(...row);
    const exps = row.map((s) => Math.exp(s - top));
    const total = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, k) => (out[start + k] = e / total));
  }
  return out;
}

// One layer, one batch item, one head, T = 3; the last token is padding.
const SHAPE_1113 = [1, 1, 1, 3, 3];
const MASK_110 = i32([1, 1, 0]);

describe('leakScores', () => {
  it('averages the padding mass of real rows and ignores the padding row', () => {
    const attention = f32([0.5, 0.3, 0.2, 0.1, 0.1, 0.8, 0, 0, 1]);
    const [[score]] = leakScores(attention, SHAPE_1113, MASK_110) as [
      [{ mean: number; max: number }],
    ];
    expect(score.mean).toBeCloseTo(0.5, 6);
    expect(score.max).toBeCloseTo(0.8, 6);
  });

  it('does not count a bright [CLS] sink column as a leak', () => {
    const attention = f32([1, 0, 0, 1, 0, 0, 1, 0, 0]);
    expect(leakScores(attention, SHAPE_1113, MASK_110)).toEqual([[{ mean: 0, max: 0 }]]);
  });

  it('reports the layer, head and batch item where the leak is', () => {
    // [L=2, B=2, H=2, T=2, T=2]; item 1 has its second token as padding.
    const shape = [2, 2, 2, 2, 2];
    const attention = new Float32Array(32).fill(0.5);
    const mask = i32([1, 1, 1, 0]);
    const offset = (layer: number, b: number, head: number) => ((layer * 2 + b) * 2 + head) * 4;
    attention.set([1, 0, 1, 0], offset(0, 1, 0));
    attention.set([1, 0, 1, 0], offset(0, 1, 1));
    attention.set([0.9, 0.1, 1, 0], offset(1, 1, 1));
    attention.set([1, 0, 1, 0], offset(1, 1, 0));
    const scores = leakScores(attention, shape, mask, 1);
    expect(scores.map((layer) => layer.map((s) => Number(s.max.toFixed(6))))).toEqual([
      [0, 0],
      [0, 0.1],
    ]);
    expect(
      leakScores(attention, shape, mask, 0)
        .flat()
        .every((s) => s.max === 0),
    ).toBe(true);
  });

  it('gives zero leak when every padding column is zero', () => {
    const arbitraryCase = fc
      .record({ seqLen: fc.integer({ min: 1, max: 8 }), heads: fc.integer({ min: 1, max: 3 }) })
      .chain(({ seqLen, heads }) =>
        fc.record({
          seqLen: fc.constant(seqLen),
          heads: fc.constant(heads),
          mask: fc.array(fc.constantFrom(0, 1), { minLength: seqLen, maxLength: seqLen }),
          values: fc.array(fc.float({ min: 0, max: 1, noNaN: true }), {
            minLength: heads * seqLen * seqLen,
            maxLength: heads * seqLen * seqLen,
          }),
        }),
      );
    fc.assert(
      fc.property(arbitraryCase, ({ seqLen, heads, mask, values }) => {
        const attention = f32(values.map((v, i) => (mask[i % seqLen] === 0 ? 0 : v)));
        const scores = leakScores(attention, [1, 1, heads, seqLen, seqLen], i32(mask));
        expect(summariseLeak(scores)).toEqual({ mean: 0, max: 0 });
      }),
      { numRuns: 300 },
    );
  });

  it('propagates NaN on a padding column of a real row', () => {
    const attention = f32([0.5, 0.3, NaN, 0.1, 0.1, 0.8, 0, 0, 1]);
    const [[score]] = leakScores(attention, SHAPE_1113, MASK_110) as [
      [{ mean: number; max: number }],
    ];
    expect([score.mean, score.max]).toEqual([NaN, NaN]);
  });

  it.each([
    [[1, 1, 1, 3, 2], 6, /shape \[L, B, H, T, T\]/],
    [[1, 1, 1, 3, 3], 8, /8 values but shape \[1, 1, 1, 3, 3\] needs 9/],
    [[1, 3, 3], 9, /shape \[L, B, H, T, T\]/],
  ])('rejects the shape %j with %d values', (shape, length, message) => {
    expect(() => leakScores(new Float32Array(length), shape, MASK_110)).toThrow(message);
  });

  it('rejects a mask of the wrong length and a batch index out of range', () => {
    const attention = new Float32Array(9);
    expect(() => leakScores(attention, SHAPE_1113, i32([1, 1]))).toThrow(/B × T = 1 × 3/);
    expect(() => leakScores(attention, SHAPE_1113, MASK_110, 1)).toThrow(/batchIndex 1/);
  });

  it('summarises heads by the mean of means and the max of maxima', () => {
    const summary = summariseLeak([
      [
        { mean: 0.1, max: 0.2 },
        { mean: 0.3, max: 0.9 },
      ],
    ]);
    expect(summary.mean).toBeCloseTo(0.2, 12);
    expect(summary.max).toBe(0.9);
  });
});

describe('row sums', () => {
  it('sums every softmax row to 1', () => {
    const rows = fc.array(fc.double({ min: -30, max: 30, noNaN: true }), {
      minLength: 16,
      maxLength: 16,
    });
    fc.assert(
      fc.property(rows, (scores) => {
        const sums = rowSums(softmaxRows(scores, 4), [1, 1, 1, 4, 4]);
        for (const sum of sums) expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it('finds real rows summing to less than 1 after a mask applied post-softmax', () => {
    const attention = softmaxRows([0, 0, 0, 1, 2, 3, 0, 0, 0], 3);
    attention[2] = 0;
    attention[5] = 0;
    const range = realRowSumRange(attention, SHAPE_1113, MASK_110);
    const e = Math.exp;
    expect(range.min).toBeCloseTo((e(1) + e(2)) / (e(1) + e(2) + e(3)), 6);
    expect(range.max).toBeCloseTo(2 / 3, 6);
  });

  it("reads only the chosen batch item's real rows, in every layer and head", () => {
    // [L=2, B=2, H=1, T=2, T=2]; item 0 has one real token, item 1 two. Each row is filled with
    // a distinct value so its sum names it.
    const shape = [2, 2, 1, 2, 2];
    const attention = f32(Array.from({ length: 16 }, (_, i) => Math.floor(i / 2) / 10));
    const mask = Int32Array.from([1, 0, 1, 1]);
    // flat row r = (layer, item, query) in that order holds r / 10 twice, so it sums to r / 5
    const item0 = realRowSumRange(attention, shape, mask, 0);
    expect(item0.min).toBe(0);
    expect(item0.max).toBeCloseTo(0.8, 6);
    const item1 = realRowSumRange(attention, shape, mask, 1);
    expect(item1.min).toBeCloseTo(0.4, 6);
    expect(item1.max).toBeCloseTo(1.4, 6);
  });
});

describe('NaN detection', () => {
  it('tells NaN apart from infinities', () => {
    expect(hasNaN(f32([0, Infinity, -Infinity]))).toBe(false);
    expect(hasNaN(f32([0, NaN]))).toBe(true);
  });

  it('counts NaN rows by whether their query is real or padding', () => {
    const attention = f32([0.5, 0.5, 0, 0.2, 0.8, 0, NaN, NaN, NaN]);
    expect(nanRowCounts(attention, SHAPE_1113, MASK_110)).toEqual({ real: 0, padding: 1 });
    attention[3] = NaN;
    expect(nanRowCounts(attention, SHAPE_1113, MASK_110)).toEqual({ real: 1, padding: 1 });
  });
});

describe('drift wording', () => {
  it('before the first run the drift is pending, not a failure, and says so in words', () => {
    expect(driftStatus(null)).toBe('pending');
    expect(formatDrift(null)).toBe('not run yet');
  });

  it('a measured drift is ok within the tolerance and bad above it or when NaN', () => {
    expect(driftStatus(TOLERANCES.drift)).toBe('ok');
    expect(driftStatus(0)).toBe('ok');
    expect(driftStatus(1.6)).toBe('bad');
    expect(driftStatus(NaN)).toBe('bad');
    expect(formatDrift(1.7e-6)).toBe('1.7e-6');
    expect(formatDrift(NaN)).toBe('NaN');
  });
});

describe('head captions in the grid', () => {
  const clean = { mean: 0, max: 0 };
  const unit = { min: 0.999999, max: 1.000001, tolerances: TOLERANCES };
  const afterSoftmax = { min: 0.04, max: 1, tolerances: TOLERANCES };

  it('a head that leaks nothing but whose rows sum to < 1 leads with Σ, not with 0%·0%', () => {
    const caption = headCaption({ leak: clean, sums: afterSoftmax }, null);
    expect(caption.caption).toBe('Σ0.04 0%·0%');
    expect(caption).toMatchObject({ isSumOff: true, isLeaking: true });
  });

  it('says nothing of sums that are 1', () => {
    expect(headCaption({ leak: clean, sums: unit }, null)).toEqual({
      caption: '0%·0%',
      isLeaking: false,
      isSumOff: false,
    });
  });

  it('the A − B view keeps the row-sum signal of either side', () => {
    const caption = headCaption({ leak: clean, sums: unit }, { leak: clean, sums: afterSoftmax });
    expect(caption.caption).toBe('Σ0.04 0%|0%');
    expect(caption.isSumOff).toBe(true);
    expect(headCaption({ leak: clean, sums: unit }, { leak: clean, sums: unit }).isSumOff).toBe(
      false,
    );
  });
});
