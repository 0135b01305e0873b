// The one measuring engine: named axes, an explicit key axis, and the same numbers whatever
// array it is given (a model run, a dump, a Softmax tap [Tq, Tk], pooling weights [B, T]).
import { describe, expect, it } from 'vitest';
import { measureAttention } from '../../src/diagnostics/measureAttention';
import { TOLERANCES, tolerancesFor } from '../../src/diagnostics/tolerances';

const f32 = (values: number[]) => Float32Array.from(values);
const i32 = (values: number[]) => Int32Array.from(values);

describe('measureAttention', () => {
  it('measures a square head by the key mask: real rows leak, padding rows are counted apart', () => {
    // [T, T] = 3 × 3, key 2 is padding; row 0 leaks 0.25, row 1 leaks nothing.
    const data = f32([0.5, 0.25, 0.25, 0.5, 0.5, 0, 1 / 3, 1 / 3, 1 / 3]);
    const [head] = measureAttention(
      { data, shape: [3, 3], axes: ['query', 'key'] },
      i32([1, 1, 0]),
      TOLERANCES,
    ).heads;
    expect(head).toMatchObject({ realRows: 2, paddingRows: 1, uniformPaddingRows: 1 });
    expect(head?.leakMax).toBeCloseTo(0.25, 7);
    expect(head?.leakMaxQuery).toBe(0);
    expect(head?.leakingRows).toBe(1);
  });

  it('takes a non-square [Tq, Tk] tap with every query real unless a query mask is given', () => {
    // Tq = 2 queries over Tk = 3 keys, key 0 is padding.
    const data = f32([0, 0.5, 0.5, 0.2, 0.4, 0.4]);
    const attention = { data, shape: [2, 3], axes: ['query', 'key'] } as const;
    const all = measureAttention(attention, i32([0, 1, 1]), TOLERANCES).heads[0];
    expect(all?.realRows).toBe(2);
    expect(all?.leakMax).toBeCloseTo(0.2, 7);
    const first = measureAttention(attention, i32([0, 1, 1]), TOLERANCES, {
      queryKeep: i32([1, 0]),
    }).heads[0];
    expect(first).toMatchObject({ realRows: 1, paddingRows: 1, leakMax: 0 });
  });

  it('takes pooling weights [B, T] with no query axis: one real row per item', () => {
    const data = f32([0.5, 0.5, 0, 0.4, 0.4, 0.2]);
    const { heads } = measureAttention(
      { data, shape: [2, 3], axes: ['batch', 'key'] },
      i32([1, 1, 0, 1, 1, 0]),
      TOLERANCES,
    );
    expect(heads.map((h) => [h.batch, h.realRows, h.leakingRows])).toEqual([
      [0, 1, 0],
      [1, 1, 1],
    ]);
    expect(heads[1]?.leakTotal).toBeCloseTo(0.2, 7);
  });

  it('judges short rows by the tolerances it is given (fp16 rows may miss 1 by 1e-3)', () => {
    const data = f32([0.4995, 0.4995]);
    const attention = { data, shape: [1, 2], axes: ['query', 'key'] } as const;
    const keep = i32([1, 1]);
    expect(measureAttention(attention, keep, TOLERANCES).heads[0]?.shortRows).toBe(1);
    expect(measureAttention(attention, keep, tolerancesFor('<f2')).heads[0]?.shortRows).toBe(0);
  });

  it.each([
    [['key', 'query'], /order/],
    [['query'], /end with 'key'/],
    [['batch', 'query', 'key'], /end with 'key' and name each/],
  ] as const)('refuses axes %j', (axes, message) => {
    expect(() =>
      measureAttention({ data: new Float32Array(4), shape: [2, 2], axes }, i32([1, 1]), TOLERANCES),
    ).toThrow(message);
  });
});

describe('tolerancesFor', () => {
  it.each([
    ['<f4', 'float32'],
    ['F32', 'float32'],
    ['json', 'float32'],
    ['<f2', 'half'],
    ['F16', 'half'],
    ['BF16', 'half'],
    ['bf16', 'half'],
  ])('reads %s as %s', (dtype, format) => {
    expect(tolerancesFor(dtype).numberFormat).toBe(format);
  });
});
