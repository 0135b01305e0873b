// Mask polarity: which value of a 0/1 (bool) padding mask lets a key attend.
import { describe, expect, it } from 'vitest';
import { attendsUnder } from '../../src/masks/polarity';

describe('attendsUnder', () => {
  it.each([
    [1, true],
    [0, false],
    [-0, false],
    [0.5, true],
    [-1e4, true],
    [NaN, true],
  ])('under true-attends, the value %d attends: %s (a cast to bool)', (value, attends) => {
    expect(attendsUnder('true-attends', value)).toBe(attends);
  });

  it("under true-ignores (PyTorch's key_padding_mask), every value reads the other way", () => {
    for (const value of [1, 0, -0, 0.5, -1e4, NaN]) {
      expect(attendsUnder('true-ignores', value), String(value)).toBe(
        !attendsUnder('true-attends', value),
      );
    }
    expect(attendsUnder('true-ignores', 0)).toBe(true);
    expect(attendsUnder('true-ignores', 1)).toBe(false);
  });
});
