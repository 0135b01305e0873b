import { describe, expect, it } from 'vitest';
import type { DenseTensor } from '../../src/checkpoint/types';
import { drift } from '../../src/diagnostics/drift';
import { padSequence } from '../../src/masks/padding';

const STATES = 3;
const WIDTH = 4;

/** Hidden states [STATES, 1, T, WIDTH] where real token k holds value(state, k, d) and pads hold junk. */
function hiddenFor(
  realPositions: Int32Array,
  seqLen: number,
  value: (s: number, k: number, d: number) => number,
): DenseTensor {
  const data = new Float32Array(STATES * seqLen * WIDTH).fill(123);
  for (let s = 0; s < STATES; s++) {
    realPositions.forEach((t, k) => {
      for (let d = 0; d < WIDTH; d++) data[(s * seqLen + t) * WIDTH + d] = value(s, k, d);
    });
  }
  return { shape: [STATES, 1, seqLen, WIDTH], data };
}

const tokens = Int32Array.from([2, 7, 8, 3]);
const smooth = (s: number, k: number, d: number) => Math.sin(s + 3 * k + 7 * d);

describe('drift', () => {
  it('is zero between an unpadded run and a left-padded run with the same real states', () => {
    const plain = padSequence(tokens, 0, 'right', 0);
    const left = padSequence(tokens, 5, 'left', 0);
    const a = hiddenFor(plain.realPositions, 4, smooth);
    const b = hiddenFor(left.realPositions, 9, smooth);
    expect(drift(a, plain.realPositions, b, left.realPositions)).toBe(0);
  });

  it('ignores what the padding positions hold', () => {
    const right = padSequence(tokens, 3, 'right', 0);
    const a = hiddenFor(right.realPositions, 7, smooth);
    const b = hiddenFor(right.realPositions, 7, smooth);
    b.data.fill(-999, (2 * 7 + 4) * WIDTH);
    expect(drift(a, right.realPositions, b, right.realPositions)).toBe(0);
  });

  it('reports the largest difference of a real token in the final state', () => {
    const plain = padSequence(tokens, 0, 'right', 0);
    const right = padSequence(tokens, 2, 'right', 0);
    const a = hiddenFor(plain.realPositions, 4, smooth);
    const b = hiddenFor(
      right.realPositions,
      6,
      (s, k, d) => smooth(s, k, d) + (s === 2 && k === 1 ? 0.25 * d : 0),
    );
    expect(drift(a, plain.realPositions, b, right.realPositions)).toBeCloseTo(0.75, 6);
    expect(drift(a, plain.realPositions, b, right.realPositions, { state: 1 })).toBe(0);
  });

  it('is NaN when a real token is NaN in either run', () => {
    const plain = padSequence(tokens, 0, 'right', 0);
    const a = hiddenFor(plain.realPositions, 4, smooth);
    const b = hiddenFor(plain.realPositions, 4, (s, k, d) =>
      k === 3 && d === 3 ? NaN : smooth(s, k, d),
    );
    expect(drift(a, plain.realPositions, b, plain.realPositions)).toBeNaN();
  });

  it('compares the chosen batch items', () => {
    const data = new Float32Array(STATES * 2 * 1 * WIDTH);
    data.fill(1);
    data.fill(5, (2 * 2 + 1) * WIDTH, (2 * 2 + 2) * WIDTH);
    const two: DenseTensor = { shape: [STATES, 2, 1, WIDTH], data };
    const at0 = Int32Array.from([0]);
    expect(drift(two, at0, two, at0, { batchA: 0, batchB: 1 })).toBe(4);
    expect(drift(two, at0, two, at0, { batchA: 1, batchB: 1 })).toBe(0);
  });

  it.each([
    [
      'different widths',
      { shape: [STATES, 1, 4, 2], data: new Float32Array(STATES * 8) },
      /differ in layers or width/,
    ],
    [
      'a 3-d array',
      { shape: [1, 4, WIDTH], data: new Float32Array(16) },
      /shape \[L\+1, B, T, D\]/,
    ],
  ])('rejects %s', (_name, other, message) => {
    const positions = Int32Array.from([0, 1, 2, 3]);
    const a = hiddenFor(positions, 4, smooth);
    expect(() => drift(a, positions, other, positions)).toThrow(message);
  });

  it('rejects runs with different numbers of real tokens or positions out of range', () => {
    const positions = Int32Array.from([0, 1, 2, 3]);
    const a = hiddenFor(positions, 4, smooth);
    expect(() => drift(a, positions, a, positions.subarray(1))).toThrow(/4 and 3 real tokens/);
    expect(() => drift(a, positions, a, Int32Array.from([0, 1, 2, 4]))).toThrow(
      /realPositionsB\[3\] 4 is out of range/,
    );
    expect(() => drift(a, positions, a, positions, { state: 3 })).toThrow(/state 3/);
  });
});
