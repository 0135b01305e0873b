import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attentionPoolingWeights,
  cosine,
  POOLING_KINDS,
  poolHidden,
  type PoolingKind,
} from '../../src/diagnostics/pooling';

const WIDTH = 3;

/** hidden [T, WIDTH] from rows of numbers. */
const hiddenOf = (rows: number[][]): Float32Array => Float32Array.from(rows.flat());
const keepOf = (flags: number[]): Int32Array => Int32Array.from(flags);
const sum = (values: Float32Array): number => values.reduce((a, b) => a + b, 0);

/** A sequence: T rows of WIDTH finite values and a keep mask with at least one real token. */
const sequence = fc.integer({ min: 1, max: 8 }).chain((seqLen) =>
  fc.record({
    rows: fc.array(
      fc.array(fc.float({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), {
        minLength: WIDTH,
        maxLength: WIDTH,
      }),
      { minLength: seqLen, maxLength: seqLen },
    ),
    keep: fc
      .array(fc.constantFrom(0, 1), { minLength: seqLen, maxLength: seqLen })
      .filter((flags) => flags.includes(1)),
  }),
);

const junk = fc.oneof(
  fc.constant(NaN),
  fc.constant(Infinity),
  fc.constant(-Infinity),
  fc.constant(3e38),
  fc.constant(-3e38),
  fc.float({ noNaN: true }),
);

describe('poolHidden', () => {
  const rows = [
    [1, 2, 3],
    [4, 0, -6],
    [9, 9, 9],
  ];

  it('masked mean averages only the real rows (sentence-transformers mean_pooling)', () => {
    const pooled = poolHidden('mean', hiddenOf(rows), WIDTH, keepOf([1, 1, 0]));
    expect(Array.from(pooled.vector)).toEqual([2.5, 1, -1.5]);
    expect(Array.from(pooled.weights)).toEqual([0.5, 0.5, 0]);
  });

  it('unmasked mean averages the padding in too', () => {
    const pooled = poolHidden('mean', hiddenOf(rows), WIDTH, null);
    expect(Array.from(pooled.vector)).toEqual([14 / 3, 11 / 3, 2].map(Math.fround));
  });

  it('masked max ignores padded rows, unmasked max lets them win', () => {
    const masked = poolHidden('max', hiddenOf(rows), WIDTH, keepOf([1, 1, 0]));
    expect(Array.from(masked.vector)).toEqual([4, 2, 3]);
    expect(Array.from(masked.weights)).toEqual([2 / 3, 1 / 3, 0].map(Math.fround));
    const unmasked = poolHidden('max', hiddenOf(rows), WIDTH, null);
    expect(Array.from(unmasked.vector)).toEqual([9, 9, 9]);
    expect(Array.from(unmasked.weights)).toEqual([0, 0, 1]);
  });

  it('cls takes row 0 unmasked (a pad under left padding) and the first real row masked', () => {
    const keep = keepOf([0, 1, 1]);
    expect(Array.from(poolHidden('cls', hiddenOf(rows), WIDTH, null).vector)).toEqual([1, 2, 3]);
    expect(Array.from(poolHidden('cls', hiddenOf(rows), WIDTH, keep).vector)).toEqual([4, 0, -6]);
  });

  it('last takes the last real row under right padding and row T-1 unmasked', () => {
    const keep = keepOf([1, 1, 0]);
    expect(Array.from(poolHidden('last', hiddenOf(rows), WIDTH, keep).vector)).toEqual([4, 0, -6]);
    expect(Array.from(poolHidden('last', hiddenOf(rows), WIDTH, null).vector)).toEqual([9, 9, 9]);
    expect(Array.from(poolHidden('last', hiddenOf(rows), WIDTH, keep).weights)).toEqual([0, 1, 0]);
  });

  it('attention pooling is softmax(h·w) with w[k] = cos(k+1)/sqrt(d)', () => {
    const w = attentionPoolingWeights(WIDTH);
    expect(w[0]).toBeCloseTo(Math.cos(1) / Math.sqrt(3), 15);
    const scores = rows.slice(0, 2).map((row) => row.reduce((s, x, k) => s + x * (w[k] ?? 0), 0));
    const e = scores.map(Math.exp);
    const p0 = (e[0] ?? 0) / ((e[0] ?? 0) + (e[1] ?? 0));
    const pooled = poolHidden('attention', hiddenOf(rows), WIDTH, keepOf([1, 1, 0]));
    expect(pooled.weights[0]).toBeCloseTo(p0, 6);
    expect(pooled.weights[2]).toBe(0);
    expect(pooled.vector[0]).toBeCloseTo(p0 * 1 + (1 - p0) * 4, 5);
  });

  it('rejects bad shapes and an all-padding mask with a clear message', () => {
    expect(() => poolHidden('mean', new Float32Array(7), WIDTH, null)).toThrow(
      /whole number of rows/,
    );
    expect(() => poolHidden('mean', hiddenOf(rows), WIDTH, keepOf([1, 1]))).toThrow(/keep has 2/);
    expect(() => poolHidden('mean', hiddenOf(rows), WIDTH, keepOf([0, 0, 0]))).toThrow(
      /no real token/,
    );
    expect(() => poolHidden('mean', new Float32Array(0), WIDTH, null)).toThrow(/no rows/);
  });

  it.each(POOLING_KINDS)('%s: weights are non-negative and sum to 1, masked or not', (kind) => {
    fc.assert(
      fc.property(sequence, fc.boolean(), ({ rows: r, keep }, masked) => {
        const pooled = poolHidden(kind, hiddenOf(r), WIDTH, masked ? keepOf(keep) : null);
        expect(pooled.weights.every((w) => w >= 0)).toBe(true);
        expect(Math.abs(sum(pooled.weights) - 1)).toBeLessThan(1e-5);
        if (masked) keep.forEach((flag, t) => flag === 0 && expect(pooled.weights[t]).toBe(0));
      }),
    );
  });

  it.each(POOLING_KINDS)(
    '%s: masked pooling ignores whatever the padded rows hold (NaN, ±Inf, 3e38)',
    (kind) => {
      fc.assert(
        fc.property(sequence, junk, ({ rows: r, keep }, value) => {
          const clean = poolHidden(kind, hiddenOf(r), WIDTH, keepOf(keep));
          const tainted = hiddenOf(r.map((row, t) => (keep[t] === 1 ? row : row.map(() => value))));
          const dirty = poolHidden(kind, tainted, WIDTH, keepOf(keep));
          expect(Array.from(dirty.vector)).toEqual(Array.from(clean.vector));
          expect(Array.from(dirty.weights)).toEqual(Array.from(clean.weights));
        }),
      );
    },
  );

  it.each(POOLING_KINDS)('%s of identical rows is that row', (kind: PoolingKind) => {
    fc.assert(
      fc.property(sequence, ({ rows: r, keep }) => {
        const row = r[0] ?? [];
        const same = hiddenOf(r.map(() => row));
        for (const mask of [keepOf(keep), null]) {
          const pooled = poolHidden(kind, same, WIDTH, mask);
          pooled.vector.forEach((x, k) => expect(x).toBeCloseTo(row[k] ?? NaN, 3));
        }
      }),
    );
  });

  it('unmasked mean over NaN padding is NaN (the padding reaches the vector)', () => {
    const pooled = poolHidden(
      'mean',
      hiddenOf([
        [1, 2, 3],
        [NaN, 0, 0],
      ]),
      WIDTH,
      null,
    );
    expect(Number.isNaN(pooled.vector[0])).toBe(true);
  });
});

describe('cosine', () => {
  it('is 1 for parallel vectors, -1 for opposite, 0 for orthogonal', () => {
    expect(cosine(Float32Array.from([1, 2]), Float32Array.from([2, 4]))).toBeCloseTo(1, 12);
    expect(cosine(Float32Array.from([1, 2]), Float32Array.from([-1, -2]))).toBeCloseTo(-1, 12);
    expect(cosine(Float32Array.from([1, 0]), Float32Array.from([0, 3]))).toBe(0);
  });

  it('is NaN for a zero vector and throws on a length mismatch', () => {
    expect(cosine(new Float32Array(2), Float32Array.from([1, 1]))).toBeNaN();
    expect(() => cosine(new Float32Array(2), new Float32Array(3))).toThrow(/length 2 and 3/);
  });

  it('lies in [-1, 1] and is symmetric', () => {
    const vec = fc.array(fc.float({ min: -1e3, max: 1e3, noNaN: true }), {
      minLength: 4,
      maxLength: 4,
    });
    fc.assert(
      fc.property(vec, vec, (a, b) => {
        const c = cosine(Float32Array.from(a), Float32Array.from(b));
        fc.pre(!Number.isNaN(c));
        expect(Math.abs(c)).toBeLessThanOrEqual(1 + 1e-12);
        expect(c).toBe(cosine(Float32Array.from(b), Float32Array.from(a)));
      }),
    );
  });
});
