// Named dimensions of attention and hidden-state arrays: the sizes read from a shape, the checks
// that refuse a shape the data does not fill, and where one head's matrix starts.
import { describe, expect, it } from 'vitest';
import {
  attentionDims,
  attentionSizes,
  checkIndex,
  hiddenDims,
  matrixOffset,
  splitByMask,
} from '../../src/diagnostics/dims';

describe('attentionDims and hiddenDims', () => {
  it('read the sizes of [L, B, H, T, T] attention and [L+1, B, T, D] hidden states', () => {
    expect(attentionDims([2, 1, 3, 4, 4], 2 * 3 * 16)).toEqual({
      layers: 2,
      batch: 1,
      heads: 3,
      seqLen: 4,
    });
    expect(hiddenDims([3, 2, 4, 5], 3 * 2 * 4 * 5)).toEqual({
      states: 3,
      batch: 2,
      seqLen: 4,
      width: 5,
    });
  });

  it('name the array and both lengths when the data does not fill the shape', () => {
    expect(() => attentionDims([1, 1, 1, 2, 2], 5)).toThrow(
      'attention data has 5 values but shape [1, 1, 1, 2, 2] needs 4.',
    );
    expect(() => hiddenDims([2, 1, 3, 2], 11)).toThrow(
      'hidden states data has 11 values but shape [2, 1, 3, 2] needs 12.',
    );
  });

  it('say which shape they expected when the rank or the key axis is wrong', () => {
    expect(() => attentionDims([1, 1, 1, 2, 3], 6)).toThrow(
      /attention must have shape \[L, B, H, T, T\]; got \[1, 1, 1, 2, 3\]/,
    );
    expect(() => hiddenDims([1, 2, 3], 6)).toThrow(
      /hidden states must have shape \[L\+1, B, T, D\]; got \[1, 2, 3\]/,
    );
  });
});

describe('checkIndex', () => {
  it('accepts 0 to size − 1 and refuses negatives, fractions and size itself', () => {
    expect(() => checkIndex(0, 3, 'batchIndex')).not.toThrow();
    expect(() => checkIndex(2, 3, 'batchIndex')).not.toThrow();
    expect(() => checkIndex(3, 3, 'batchIndex')).toThrow('batchIndex 3 is out of range [0, 3).');
    expect(() => checkIndex(-1, 3, 'batchIndex')).toThrow(/out of range/);
    expect(() => checkIndex(0.5, 3, 'batchIndex')).toThrow(/out of range/);
  });
});

describe('matrixOffset', () => {
  it('finds the [T, T] matrix of (layer, item, head) in layer, item, head order', () => {
    // [L=2, B=3, H=4, T=2, T=2] where every matrix is filled with its own number l·100 + b·10 + h.
    const dims = { layers: 2, batch: 3, heads: 4, seqLen: 2 };
    const data: number[] = [];
    for (let l = 0; l < 2; l++)
      for (let b = 0; b < 3; b++)
        for (let h = 0; h < 4; h++) data.push(...new Array<number>(4).fill(l * 100 + b * 10 + h));
    for (const [l, b, h] of [
      [0, 0, 0],
      [0, 2, 1],
      [1, 0, 3],
      [1, 2, 3],
    ] as const) {
      const offset = matrixOffset(dims, l, b, h);
      expect(data.slice(offset, offset + 4)).toEqual(new Array(4).fill(l * 100 + b * 10 + h));
      expect(offset % 4).toBe(0);
    }
  });
});

describe('splitByMask', () => {
  it('splits the positions of one batch item into real tokens and padding by its mask', () => {
    // Two items of T = 4: right padding, then left padding.
    const mask = Int32Array.from([1, 1, 1, 0, 0, 0, 1, 1]);
    expect(splitByMask(mask, 4, 0)).toEqual({ real: [0, 1, 2], padding: [3] });
    expect(splitByMask(mask, 4, 1)).toEqual({ real: [2, 3], padding: [0, 1] });
  });
});

describe('attentionSizes', () => {
  const data = new Float32Array(6);

  it('fills in a missing axis with size 1', () => {
    expect(attentionSizes({ data, shape: [2, 3], axes: ['head', 'key'] })).toEqual({
      layers: 1,
      batch: 1,
      heads: 2,
      queries: 1,
      keys: 3,
    });
  });

  it('refuses axes out of order, without a last key axis, or not one per dimension', () => {
    expect(() => attentionSizes({ data, shape: [2, 3], axes: ['head', 'layer'] })).toThrow(
      'axes [head, layer] are not in the order layer, batch, head, query, key.',
    );
    expect(() => attentionSizes({ data, shape: [2, 3], axes: ['query', 'head'] })).toThrow(
      /not in the order/,
    );
    expect(() => attentionSizes({ data, shape: [6], axes: ['query'] })).toThrow(
      "axes [query] must end with 'key' and name each of [6].",
    );
    expect(() => attentionSizes({ data, shape: [2, 3], axes: ['head', 'query'] })).toThrow(
      "axes [head, query] must end with 'key' and name each of [2, 3].",
    );
    expect(() => attentionSizes({ data, shape: [1, 6], axes: ['key'] })).toThrow(
      /must end with 'key'/,
    );
  });

  it('refuses data that does not fill the shape', () => {
    expect(() => attentionSizes({ data, shape: [2, 2], axes: ['query', 'key'] })).toThrow(
      'attention data has 6 values but shape [2, 2] needs 4.',
    );
  });
});
