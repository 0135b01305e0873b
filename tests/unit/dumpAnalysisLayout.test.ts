// Which axis of a user's attention array is the key axis (src/dump/axisSums.ts, axisLayout.ts,
// keyAxisLayout.ts): softmax rows sum to 1 along the keys, so the layout is read from the data.
// Arrays are built in a known layout ([B, H, Tq, Tk] rearranged into "BHKQ", "KQHB", …), so the
// letters expected are the ones they were built in.
import { describe, expect, it } from 'vitest';
import { axisSums, percent } from '../../src/dump/axisSums';
import { canonicalise, detectLayout, parseLayout } from '../../src/dump/axisLayout';
import { detectKeyAxis } from '../../src/dump/keyAxisLayout';
import { refusalOf } from './helpers/dumpRefusal';
import { scoresStream } from './helpers/dumpArrays';

/** `count` softmax rows of `keys` weights each, row-major. */
function softmaxRows(count: number, keys: number, seed = 3): Float32Array {
  const next = scoresStream(seed);
  const data = new Float32Array(count * keys);
  for (let r = 0; r < count; r++) {
    const exps = Array.from({ length: keys }, () => Math.exp(next()));
    const total = exps.reduce((a, v) => a + v, 0);
    exps.forEach((e, k) => (data[r * keys + k] = e / total));
  }
  return data;
}

/**
 * An array built in `from` order (letters, last one K, e.g. "BHQK") and stored in `to` order
 * (the same letters rearranged): element `to`[i…] = element `from`[the same letters' indices].
 */
function rearrange(
  data: Float32Array,
  sizes: Readonly<Record<string, number>>,
  from: string,
  to: string,
): { data: Float32Array; shape: number[] } {
  const shapeOf = (letters: string) => [...letters].map((c) => sizes[c] ?? 1);
  const stridesOf = (shape: number[]) =>
    shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const fromStrides = stridesOf(shapeOf(from));
  const toShape = shapeOf(to);
  const toStrides = stridesOf(toShape);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    let source = 0;
    [...to].forEach((letter, axis) => {
      const index = Math.floor(i / (toStrides[axis] ?? 1)) % (toShape[axis] ?? 1);
      source += index * (fromStrides[from.indexOf(letter)] ?? 0);
    });
    out[i] = data[source] ?? NaN;
  }
  return { data: out, shape: toShape };
}

/** Self-attention softmax rows of `sizes` (T is both Q and K) stored as `letters`. */
function attentionIn(letters: string, sizes: Readonly<Record<string, number>>) {
  const canonical = [...'LBHQK'].filter((c) => letters.includes(c)).join('');
  const rows = [...canonical].slice(0, -1).reduce((n, c) => n * (sizes[c] ?? 1), 1);
  return rearrange(softmaxRows(rows, sizes.K ?? 1), sizes, canonical, letters);
}

describe('how the lines along an axis sum', () => {
  it('measures rows and columns of a matrix: median gap from 1, share within tolerance, largest sum', () => {
    const data = Float32Array.of(0.5, 0.5, 0, 0.2, 0.3, 0.5);
    const rows = axisSums(data, [2, 3], 1, 2e-3);
    expect(rows).toMatchObject({ axis: 1, lines: 2, share: 1, emptyShare: 0 });
    expect(rows.medianGap).toBeLessThan(1e-7);
    expect(rows.maxSum).toBeCloseTo(1, 6);
    // Columns sum to 0.7, 0.8 and 0.5: gaps 0.3, 0.2, 0.5, median 0.3.
    const columns = axisSums(data, [2, 3], 0, 2e-3);
    expect(columns).toMatchObject({ axis: 0, lines: 3, share: 0, emptyShare: 0 });
    expect(columns.medianGap).toBeCloseTo(0.3, 6);
    expect(columns.maxSum).toBeCloseTo(0.8, 6);
  });

  it('takes the upper median of an even count of lines', () => {
    // Columns sum to 1.2 and 0.6: gaps 0.2 and 0.4.
    const columns = axisSums(Float32Array.of(0.9, 0.4, 0.3, 0.2), [2, 2], 0, 2e-3);
    expect(columns.medianGap).toBeCloseTo(0.4, 6);
  });

  it('counts a line within the tolerance as summing to 1, and one just beyond it as not', () => {
    const data = Float32Array.of(0.5, 0.499, 0.5, 0.497);
    expect(axisSums(data, [2, 2], 1, 2e-3).share).toBe(0.5);
    // A gap equal to the tolerance is within it.
    expect(axisSums(Float32Array.of(0.75, 0.5), [1, 2], 1, 0.25).share).toBe(1);
  });

  it('walks a middle axis with its stride, for every outer and inner index', () => {
    // [2, 2, 2]: along axis 1 every line sums to 1; along axis 2 to 0.85, 1.15, 1.5, 0.5.
    const data = Float32Array.of(0.25, 0.6, 0.75, 0.4, 1, 0.5, 0, 0.5);
    const middle = axisSums(data, [2, 2, 2], 1, 2e-3);
    expect(middle).toMatchObject({ lines: 4, share: 1 });
    const last = axisSums(data, [2, 2, 2], 2, 2e-3);
    expect(last.lines).toBe(4);
    expect(last.medianGap).toBeCloseTo(0.5, 6);
    expect(last.maxSum).toBeCloseTo(1.5, 6);
    // Along axis 0: 1.25, 1.1, 0.75, 0.9.
    const first = axisSums(data, [2, 2, 2], 0, 2e-3);
    expect(first.medianGap).toBeCloseTo(0.25, 6);
    expect(first.maxSum).toBeCloseTo(1.25, 6);
  });

  it('leaves NaN lines out and counts all-zero lines apart (a masked key’s column)', () => {
    const data = Float32Array.of(1, 0, 1, 0);
    const columns = axisSums(data, [2, 2], 0, 2e-3);
    expect(columns).toMatchObject({ lines: 1, emptyShare: 0.5, medianGap: 1, maxSum: 2 });
    const withNaN = axisSums(Float32Array.of(NaN, 1, 0.5, 0.5), [2, 2], 1, 2e-3);
    expect(withNaN).toMatchObject({ lines: 1, share: 1, emptyShare: 0 });
    const none = axisSums(Float32Array.of(NaN, NaN), [1, 2], 1, 2e-3);
    expect(none).toMatchObject({ lines: 0, medianGap: Infinity, share: 0, emptyShare: 0 });
  });

  it('writes shares as rounded percentages', () => {
    expect([percent(0), percent(0.456), percent(1)]).toEqual(['0%', '46%', '100%']);
  });
});

describe('finding the key axis of a [T, T] pair', () => {
  const SIZES = { L: 2, B: 3, H: 2, Q: 4, K: 4 };

  it.each([
    ['BHQK', 3],
    ['BHKQ', 2],
    ['LBHQK', 4],
    ['QK', 1],
    ['KQ', 0],
    ['BQK', 2],
  ])('reads softmax rows stored as %s, surely', (letters, keyAxis) => {
    const { data, shape } = attentionIn(letters, SIZES);
    const layout = detectLayout(data, shape, { maskBatch: 3 });
    expect(layout.letters).toBe(letters);
    expect([layout.keyAxis, layout.confidence, layout.isDeclared]).toEqual([
      keyAxis,
      'sure',
      false,
    ]);
    expect(layout.queryAxis).toBe(letters.indexOf('Q'));
  });

  it('says which dim sums to 1 over how many lines, and how far off the other is', () => {
    const { data, shape } = attentionIn('BHKQ', SIZES);
    const { reason } = detectLayout(data, shape);
    expect(reason).toMatch(
      /^dim 2 sums to 1 over 100% of its 24 lines \(typically within [^)]+\), dim 3 over \d+% \(typically off by [0-9.e-]+, up to \d\.\d\d\), so dim 2 is keys and dim 3 is queries$/,
    );
  });

  it('names the other axes by order, or by the mask’s batch size', () => {
    const sizes = { L: 2, B: 3, H: 5, Q: 4, K: 4 };
    const at = (letters: string, maskBatch: number | null) => {
      const { data, shape } = attentionIn(letters, sizes);
      return detectLayout(data, shape, { maskBatch }).letters;
    };
    expect(at('BHQK', null)).toBe('BHQK');
    // [H, B, T, T] reads as BHQK unless the mask's batch size names dim 1.
    expect(at('HBQK', null)).toBe('BHQK');
    expect(at('HBQK', 3)).toBe('HBQK');
    expect(at('LHBQK', 3)).toBe('LHBQK');
    expect(at('LHBQK', null)).toBe('LBHQK');
    // Keys and queries first: Julia's column-major NNlib, whose other axes run reversed too.
    expect(at('KQHB', null)).toBe('KQHB');
    expect(at('KQHB', 3)).toBe('KQHB');
    expect(at('KQBH', 3)).toBe('KQBH');
    // A batch size that names neither axis leaves the reversed order.
    expect(at('KQHB', 7)).toBe('KQHB');
    expect(at('KQHBL', 3)).toBe('KQHBL');
    expect(at('BQK', 1)).toBe('HQK');
    // One other axis: batch items, unless the mask says one sequence (heads of one item).
    expect(at('BQK', null)).toBe('BQK');
    expect(at('HQK', 1)).toBe('HQK');
    const one = attentionIn('BQK', { B: 1, Q: 4, K: 4 });
    expect(detectLayout(one.data, one.shape, { maskBatch: 1 }).letters).toBe('BQK');
  });

  it('reads a mask applied after the softmax from the all-zero columns of the masked keys', () => {
    // Keys 2 and 3 are padding, zeroed after the softmax: no axis sums to 1.
    const row = [0.3, 0.2, 0, 0];
    const data = Float32Array.from([...row, ...row, ...row, ...row]);
    const layout = detectLayout(data, [1, 1, 4, 4]);
    expect(layout.letters).toBe('BHQK');
    expect(layout.confidence).toBe('likely');
    expect(layout.reason).toContain(
      "; 50% of dim 2's lines are all zero (masked keys) and none of dim 3's, so dim 3 is keys and dim 2 is queries",
    );
  });

  it('calls a matrix that sums to 1 both ways a guess, and says to declare the layout', () => {
    const layout = detectLayout(Float32Array.of(0.5, 0.5, 0.5, 0.5), [2, 2]);
    // On a full tie the later axis is the key axis, as in row-major [Tq, Tk].
    expect([layout.letters, layout.confidence]).toEqual(['QK', 'unsure']);
    expect(layout.reason).toBe(
      'dim 1 sums to 1 over 100% of its 2 lines (typically within 0), dim 0 over 100% (typically off by 0), so dim 1 is keys and dim 0 is queries; neither axis clearly sums to 1, so this is a guess: declare the layout if you know it',
    );
  });

  it('takes the axis without all-zero lines as keys when neither sums to 1', () => {
    // Key 2 is zeroed after the softmax; the rows sum to 1, 0.4 and 0.4, the columns to 0.9.
    const data = Float32Array.of(0.5, 0.5, 0, 0.2, 0.2, 0, 0.2, 0.2, 0);
    const layout = detectLayout(data, [3, 3]);
    expect([layout.letters, layout.confidence]).toEqual(['QK', 'likely']);
  });

  it('takes the axis whose sums stay at most 1 as keys when neither sums to 1', () => {
    // Rows sum to 0.9, 0.7 and 0.7; columns to 1.1, 1.1 and 0.1: closer to 1, but above it.
    const data = Float32Array.of(0.4, 0.4, 0.1, 0.35, 0.35, 0, 0.35, 0.35, 0);
    const layout = detectLayout(data, [3, 3]);
    expect([layout.letters, layout.confidence]).toEqual(['QK', 'likely']);
  });

  it('is only likely when the keys sum to 1 but the queries miss it by less than ten times more', () => {
    // Rows sum to 0.999 (gap 1e-3); columns to 0.992, 1 and 1.005 (median gap 5e-3).
    const data = Float32Array.of(0.33, 0.333, 0.336, 0.331, 0.333, 0.335, 0.331, 0.334, 0.334);
    const layout = detectLayout(data, [3, 3]);
    expect([layout.letters, layout.confidence]).toEqual(['QK', 'likely']);
  });

  it('applies the same rules to an array stored keys first', () => {
    // The two matrices above, transposed: keys are now dim 0.
    const zeroed = Float32Array.of(0.5, 0.2, 0.2, 0.5, 0.2, 0.2, 0, 0, 0);
    expect(detectLayout(zeroed, [3, 3]).letters).toBe('KQ');
    const above = Float32Array.of(0.4, 0.35, 0.35, 0.4, 0.35, 0.35, 0.1, 0, 0);
    expect(detectLayout(above, [3, 3]).letters).toBe('KQ');
  });

  it('counts a largest sum of 1 as staying at most 1', () => {
    // Rows sum to 1, 0.3 and 0.3 (median gap 0.7); columns to 1.1, 0.4 and 0.1 (0.6: closer).
    const rows = Float32Array.of(0.6, 0.3, 0.1, 0.25, 0.05, 0, 0.25, 0.05, 0);
    expect(detectLayout(rows, [3, 3]).letters).toBe('QK');
    const columns = Float32Array.of(0.6, 0.25, 0.25, 0.3, 0.05, 0.05, 0.1, 0, 0);
    expect(detectLayout(columns, [3, 3]).letters).toBe('KQ');
  });

  it('takes the closer axis as keys when both stay at most 1, and calls it a guess', () => {
    // Columns sum to 0.6 and 0.2 (median gap 0.8), rows to 0.4 and 0.4 (gap 0.6).
    const layout = detectLayout(Float32Array.of(0.3, 0.1, 0.3, 0.1), [2, 2]);
    expect([layout.letters, layout.confidence]).toEqual(['QK', 'unsure']);
  });

  it('calls keys whose lines go above 1 a guess, however far the queries are', () => {
    // Columns sum to 1.2 and 1 (median gap 0.2), rows to 1.6 and 0.6 (0.6): both above 1.
    const layout = detectLayout(Float32Array.of(1, 0.6, 0.2, 0.4), [2, 2]);
    expect([layout.letters, layout.confidence]).toEqual(['KQ', 'unsure']);
  });

  it('reads rows that sum to 1 as keys even when padding query rows are all zero', () => {
    const data = new Float32Array(16);
    data.set(softmaxRows(2, 4));
    const layout = detectLayout(data, [4, 4]);
    expect([layout.letters, layout.confidence]).toEqual(['QK', 'sure']);
  });

  it('is sure only when the keys sum to 1 within the tolerance and the queries do not', () => {
    // Rows 0.05 short of 1, columns 0.5 and 0.6 off: ten times further, but the keys miss too.
    const short = detectLayout(Float32Array.of(0.75, 0.2, 0.75, 0.2), [2, 2]);
    expect([short.letters, short.confidence]).toEqual(['QK', 'likely']);
    // Rows 1e-4 short, columns 1.3e-3 off: both within the tolerance, thirteen times apart.
    const close = detectLayout(
      Float32Array.of(0.3328, 0.3333, 0.3338, 0.3328, 0.3334, 0.3337, 0.3328, 0.3333, 0.3338),
      [3, 3],
    );
    expect([close.letters, close.confidence]).toEqual(['QK', 'likely']);
  });

  it('falls back on the key axis alone when a pair of batch and heads sums to 1 along neither', () => {
    // [B, H, 1, T] with B = H and near-uniform weights, no mask known.
    const data = new Float32Array(2 * 2 * 6).map((_, i) => (i % 6 === 0 ? 0.2 : 0.16));
    const layout = detectLayout(data, [2, 2, 1, 6]);
    expect([layout.letters, layout.keyAxis, layout.confidence]).toEqual(['BHQK', 3, 'sure']);
  });

  it('reads [T, T] pairs before other equal axes, and Julia-order arrays of equal sizes', () => {
    const { data, shape } = attentionIn('KQHB', { B: 3, H: 3, Q: 3, K: 3 });
    expect(detectLayout(data, shape).letters).toBe('KQHB');
  });

  it('reads [N, N] with N lengths as N items of pooling weights', () => {
    const data = softmaxRows(3, 3);
    const layout = detectLayout(data, [3, 3], { lengthsCount: 3 });
    expect(layout.letters).toBe('BK');
    expect(layout.queryAxis).toBe(-1);
    expect(layout.reason).toMatch(
      /^the 3 lengths make \[3, 3\] 3 items, not one \[T, T\] matrix; dim 1 sums to 1 over 100% of its 3 lines/,
    );
    expect(detectLayout(data, [3, 3], { lengthsCount: 1 }).letters).toBe('QK');
    const masked = detectLayout(data, [3, 3], { lengthsCount: 3, maskKeys: 3 });
    expect(masked.reason).toMatch(/^the 3 lengths make \[3, 3\] 3 items, not one \[T, T\] matrix;/);
    // Lengths matter only to a square [N, N]: [B, T, T] stays self-attention.
    const self = attentionIn('BQK', { B: 3, Q: 4, K: 4 });
    expect(detectLayout(self.data, self.shape, { lengthsCount: 3 }).letters).toBe('BQK');
    const pooling = detectLayout(softmaxRows(3, 5), [3, 5], { lengthsCount: 3 });
    expect(pooling.reason).toMatch(/^no \[T, T\] pair of axes decides;/);
  });

  it('looks past a pair that is not the mask’s length, and past batch and head of equal size', () => {
    // [B, H, 1, T] with B = H: the B-H pair sums to 1 along neither axis.
    const step = softmaxRows(2 * 2, 6);
    const layout = detectLayout(step, [2, 2, 1, 6], { maskKeys: 6 });
    expect([layout.letters, layout.keyAxis, layout.confidence]).toEqual(['BHQK', 3, 'sure']);
    // A [T, T] pair of 3 beside keys of 5: the mask's length decides.
    const cross = softmaxRows(3 * 3, 5);
    const read = detectLayout(cross, [3, 3, 5], { maskKeys: 5 });
    expect(read.keyAxis).toBe(2);
  });

  it('picks the [T, T] pair that sums to 1 among several pairs of equal axes', () => {
    // Batch, heads, queries and keys all of 3: three adjacent pairs, one of which sums to 1.
    const { data, shape } = attentionIn('BHQK', { B: 3, H: 3, Q: 3, K: 3 });
    expect(detectLayout(data, shape).letters).toBe('BHQK');
  });

  it("reads a [T, T] pair of the mask's length as queries and keys, and otherwise looks further", () => {
    const { data, shape } = attentionIn('BQK', { B: 2, Q: 4, K: 4 });
    expect(detectLayout(data, shape, { maskKeys: 4 }).letters).toBe('BQK');
    // A mask of 2 tokens does not fit the pair: the keys alone decide (pooling heads).
    expect(detectLayout(data, shape, { maskKeys: 2 }).letters).toBe('BHK');
  });

  it('reads a single weight [1, 1] as one query and one key, a guess', () => {
    const layout = detectLayout(Float32Array.of(1), [1, 1]);
    expect([layout.letters, layout.confidence]).toEqual(['QK', 'unsure']);
  });

  it('refuses arrays of fewer than 2 or more than 5 axes', () => {
    expect(refusalOf(() => detectLayout(Float32Array.of(1), [1]))).toBe(
      'attention must have 2 to 5 axes ([Tq, Tk] … [L, B, H, Tq, Tk]); got shape [1].',
    );
    expect(refusalOf(() => detectLayout(new Float32Array(64), [2, 2, 2, 2, 2, 2]))).toBe(
      'attention must have 2 to 5 axes ([Tq, Tk] … [L, B, H, Tq, Tk]); got shape [2, 2, 2, 2, 2, 2].',
    );
  });
});

describe('finding the key axis without a [T, T] pair', () => {
  const hints = { maskKeys: null, tolerance: 2e-3 } as const;

  it('reads pooling weights [B, T], saying there is no query axis', () => {
    const layout = detectKeyAxis(softmaxRows(2, 5), [2, 5], hints);
    expect(layout).toMatchObject({ letters: 'BK', keyAxis: 1, queryAxis: -1, confidence: 'sure' });
    expect(layout.reason).toMatch(
      /^no \[T, T\] pair of axes decides; dim 1 sums to 1 over 100% of its 2 lines \(typically within [^)]+\), dim 0 over 0%, so dim 1 is keys: BK, with no query axis \(pooling weights over time\)$/,
    );
  });

  it("says when the mask's length picked the key axis", () => {
    const layout = detectKeyAxis(softmaxRows(2, 5), [2, 5], { ...hints, maskKeys: 5 });
    expect(layout.reason).toMatch(/^no \[T, T\] pair of axes of the mask's length decides;/);
    expect(layout.reason).toMatch(/, and only it has the mask's length, so dim 1 is keys: BK/);
  });

  it("does not credit the mask's length when two axes have it, or when no summing axis has it", () => {
    const twice = detectKeyAxis(softmaxRows(10, 5), [2, 5, 5], { ...hints, maskKeys: 5 });
    expect(twice.keyAxis).toBe(2);
    expect(twice.reason).toMatch(/^no \[T, T\] pair of axes decides;/);
    expect(twice.reason).not.toContain("only it has the mask's length");
    const other = detectKeyAxis(softmaxRows(2, 5), [2, 5], { ...hints, maskKeys: 7 });
    expect([other.keyAxis, other.confidence]).toEqual([1, 'sure']);
  });

  it("prefers an axis that sums to 1 to one of the mask's length that does not", () => {
    const layout = detectKeyAxis(softmaxRows(2, 5), [2, 5], { ...hints, maskKeys: 2 });
    expect(layout.keyAxis).toBe(1);
    expect(layout.reason).toMatch(/^no \[T, T\] pair of axes decides;/);
    expect(layout.reason).not.toContain("only it has the mask's length");
    // Rows 1.25 away from 1 by exactly the tolerance still sum to 1.
    const edge = Float32Array.of(0.75, 0.25, 0.25, 0.75, 0.25, 0.25);
    const atEdge = detectKeyAxis(edge, [2, 3], { maskKeys: 2, tolerance: 0.25 });
    expect([atEdge.keyAxis, atEdge.confidence]).toEqual([1, 'sure']);
  });

  it('counts an axis whose gap equals the tolerance as a rival', () => {
    // Rows sum to 1; columns to 0.75, 0.75 and 0.5 (median gap 0.25, the tolerance).
    const data = Float32Array.of(0.5, 0.25, 0.25, 0.25, 0.5, 0.25);
    expect(detectKeyAxis(data, [2, 3], { maskKeys: null, tolerance: 0.25 }).confidence).toBe(
      'unsure',
    );
  });

  it('names every other axis in the reason, and reads five axes as LBHQK', () => {
    const three = detectKeyAxis(softmaxRows(6, 5), [2, 3, 5], hints);
    expect(three.reason).toContain('(typically within ');
    expect(three.reason).toMatch(/\), dim 0 over \d+%, dim 1 over \d+%, so dim 2 is keys: BHK/);
    const alone = detectKeyAxis(softmaxRows(1, 5), [1, 5], hints);
    expect(alone.reason).toMatch(/\), so dim 1 is keys: BK, with no query axis/);
    const five = detectKeyAxis(softmaxRows(2 * 2 * 2 * 3, 5), [2, 2, 2, 3, 5], hints);
    expect(five.letters).toBe('LBHQK');
  });

  it('reads keys first as a column-major array, its other axes reversed', () => {
    const { data, shape } = rearrange(softmaxRows(2, 5), { B: 2, K: 5 }, 'BK', 'KB');
    expect(detectKeyAxis(data, shape, hints).letters).toBe('KB');
    const sizes = { B: 2, H: 3, Q: 4, K: 5 };
    const nnlib = rearrange(softmaxRows(24, 5), sizes, 'BHQK', 'KQHB');
    expect(detectKeyAxis(nnlib.data, nnlib.shape, hints).letters).toBe('KQHB');
  });

  it('reads three axes as pooling heads, or as averaged cross-attention when told', () => {
    const data = softmaxRows(2 * 3, 5);
    const heads = detectKeyAxis(data, [2, 3, 5], hints);
    expect(heads.letters).toBe('BHK');
    expect(heads.reason).toMatch(
      /; a head-averaged cross-attention \[B, Tq, Tk\] would be BQK: declare it if so$/,
    );
    const cross = detectKeyAxis(data, [2, 3, 5], { ...hints, threeAxes: 'BQK' });
    expect([cross.letters, cross.queryAxis]).toEqual(['BQK', 1]);
    expect(cross.reason).toContain('with dim 1 as queries (3 of them: cross-attention)');
    expect(cross.reason).toMatch(
      /; three axes named like nn.MultiheadAttention's weights or cross-attention read as heads averaged: declare BHK for pooling heads$/,
    );
  });

  it('reads a decoding step [B, H, 1, T] and cross-attention [B, H, Tq, Tk]', () => {
    const step = detectKeyAxis(softmaxRows(2 * 3, 5), [2, 3, 1, 5], hints);
    expect([step.letters, step.confidence]).toEqual(['BHQK', 'sure']);
    expect(step.reason).toMatch(/with dim 2 as queries \(one: a decoding step\)$/);
    const cross = detectKeyAxis(softmaxRows(2 * 3 * 4, 5), [2, 3, 4, 5], hints);
    expect(cross.reason).toContain('with dim 2 as queries (4 of them: cross-attention)');
  });

  it("picks the mask's length when no axis sums to 1, likely rather than sure", () => {
    // Three rows of five weights 0.3: rows sum to 1.5, columns to 0.9 (closer to 1).
    const data = new Float32Array(15).fill(0.3);
    expect(detectKeyAxis(data, [3, 5], hints).keyAxis).toBe(0);
    const layout = detectKeyAxis(data, [3, 5], { ...hints, maskKeys: 5 });
    expect([layout.keyAxis, layout.confidence]).toEqual([1, 'likely']);
  });

  it("is likely, not sure, when an axis of another length also sums to 1 and the mask's length decides", () => {
    // Rows sum to 1; so do the columns that are not all zero.
    const data = Float32Array.of(0.5, 0.5, 0, 0.5, 0.5, 0);
    const layout = detectKeyAxis(data, [2, 3], { ...hints, maskKeys: 3 });
    expect([layout.keyAxis, layout.confidence]).toEqual([1, 'likely']);
    expect(detectKeyAxis(data, [2, 3], hints).confidence).toBe('unsure');
    // Of two axes that sum to 1, the one of the mask's length is the key axis.
    expect(detectKeyAxis(data, [2, 3], { ...hints, maskKeys: 2 }).keyAxis).toBe(0);
  });

  it("prefers, among axes that sum to 1, the mask's length, and the last axis on a tie", () => {
    // A permutation matrix sums to 1 both ways.
    const permutation = Float32Array.of(0, 1, 0, 0, 0, 1, 1, 0, 0);
    const tie = detectKeyAxis(permutation, [3, 3], hints);
    expect([tie.keyAxis, tie.confidence]).toEqual([1, 'unsure']);
    expect(tie.reason).toMatch(
      /; no axis clearly sums to 1, so this is a guess: declare the layout/,
    );
  });

  it('refuses an array with no axis longer than 1, or with too many axes', () => {
    expect(refusalOf(() => detectKeyAxis(Float32Array.of(1), [1, 1], hints))).toBe(
      'attention of shape [1, 1] has no axis longer than 1, so no key axis can be found.',
    );
    expect(
      refusalOf(() => detectKeyAxis(Float32Array.of(0.5, 0.5), [1, 1, 1, 1, 1, 2], hints)),
    ).toBe('attention must have 2 to 5 axes; got shape [1, 1, 1, 1, 1, 2].');
  });
});

describe('a declared layout', () => {
  it('reads the letters in any case, around spaces', () => {
    const layout = parseLayout(' bhkq ', [2, 3, 4, 4]);
    expect(layout).toEqual({
      letters: 'BHKQ',
      queryAxis: 3,
      keyAxis: 2,
      confidence: 'sure',
      reason: 'declared: dim 2 is keys and dim 3 is queries',
      isDeclared: true,
    });
    expect(parseLayout('BK', [2, 5]).reason).toBe(
      'declared: dim 1 is keys (pooling weights, no query axis)',
    );
  });

  it.each([
    ['BHQ', 'has 3 letters for 4 axes'],
    ['BHXK', 'uses letters other than L, B, H, Q, K'],
    ['BHKK', 'repeats a letter'],
    ['BHQL', 'needs a K (the key axis, whose lines sum to 1)'],
  ])('refuses %s: it %s', (text, problem) => {
    expect(refusalOf(() => parseLayout(text, [2, 3, 4, 4]))).toBe(
      `layout '${text}' ${problem} (shape [2, 3, 4, 4]); write it like BHQK or LBHKQ.`,
    );
  });
});

describe("moving an array into maskscope's order [L, B, H, Q, K]", () => {
  it('keeps an array already in that order as it is', () => {
    const data = softmaxRows(6, 4);
    const moved = canonicalise(data, [2, 3, 4], parseLayout('BQK', [2, 3, 4]));
    expect(moved.data).toBe(data);
    expect(moved.shape).toEqual([1, 2, 1, 3, 4]);
  });

  it('transposes keys-first arrays and gives absent axes size 1', () => {
    const sizes = { B: 2, H: 3, Q: 4, K: 5 };
    const canonical = softmaxRows(24, 5);
    const stored = rearrange(canonical, sizes, 'BHQK', 'KQHB');
    const moved = canonicalise(stored.data, stored.shape, parseLayout('KQHB', stored.shape));
    expect(moved.shape).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(moved.data)).toEqual(Array.from(canonical));
    // Batch already first, keys before queries.
    const dl4j = rearrange(canonical, sizes, 'BHQK', 'BHKQ');
    const back = canonicalise(dl4j.data, dl4j.shape, parseLayout('BHKQ', dl4j.shape));
    expect(Array.from(back.data)).toEqual(Array.from(canonical));
    const pooling = canonicalise(
      Float32Array.of(0.5, 0.5, 1, 0),
      [2, 2],
      parseLayout('KB', [2, 2]),
    );
    expect(pooling.shape).toEqual([1, 2, 1, 1, 2]);
    expect(Array.from(pooling.data)).toEqual([0.5, 1, 0.5, 0]);
  });
});
