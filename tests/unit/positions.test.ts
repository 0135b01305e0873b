import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { positionIds } from '../../src/masks/positions';

const i32 = (values: readonly number[]) => Int32Array.from(values);

describe('positionIds', () => {
  it.each([
    ['right padding, cumsum', [1, 1, 1, 0, 0], 'cumsum', [0, 1, 2, 0, 0]],
    ['left padding, cumsum', [0, 0, 1, 1, 1], 'cumsum', [0, 0, 0, 1, 2]],
    ['left padding, arange', [0, 0, 1, 1, 1], 'arange', [0, 1, 2, 3, 4]],
    ['no padding, cumsum', [1, 1, 1], 'cumsum', [0, 1, 2]],
    ['all padding, cumsum', [0, 0], 'cumsum', [0, 0]],
    ['a hole in the middle, cumsum', [1, 0, 1], 'cumsum', [0, 0, 1]],
  ] as const)('numbers %s', (_name, mask, scheme, expected) => {
    expect(Array.from(positionIds(i32(mask), 1, mask.length, scheme))).toEqual(expected);
  });

  it('restarts the count in every row of a batch', () => {
    const mask = i32([1, 1, 1, 1, 0, 0, 1, 1]);
    expect(Array.from(positionIds(mask, 2, 4, 'cumsum'))).toEqual([0, 1, 2, 3, 0, 0, 0, 1]);
    expect(Array.from(positionIds(mask, 2, 4, 'arange'))).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
  });

  it('rejects a mask whose length is not batch × seqLen', () => {
    expect(() => positionIds(i32([1, 1, 1]), 2, 2, 'cumsum')).toThrow(/3 entries, expected/);
    expect(() => positionIds(i32([]), 0, 2, 'cumsum')).toThrow(/positive integers/);
  });

  it('gives right-padded real tokens the same positions under cumsum as under arange', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 30 }), (n, pads) => {
        const mask = i32([...Array<number>(n).fill(1), ...Array<number>(pads).fill(0)]);
        const cumsum = positionIds(mask, 1, n + pads, 'cumsum');
        const arange = positionIds(mask, 1, n + pads, 'arange');
        expect(Array.from(cumsum.subarray(0, n))).toEqual(Array.from(arange.subarray(0, n)));
        expect(cumsum.subarray(n).every((p) => p === 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the real tokens 0..n-1 under cumsum wherever the padding is', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 40 }), (bits) => {
        const positions = positionIds(i32(bits), 1, bits.length, 'cumsum');
        const real = bits.flatMap((m, t) => (m === 1 ? [positions[t]] : []));
        expect(real).toEqual(real.map((_, k) => k));
      }),
      { numRuns: 300 },
    );
  });
});
