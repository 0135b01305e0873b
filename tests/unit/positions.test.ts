import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PAD_NUMBERINGS,
  padNumberingLabel,
  padRuleOf,
  positionIds,
} from '../../src/masks/positions';

const i32 = (values: readonly number[]) => Int32Array.from(values);

describe('positionIds', () => {
  it.each([
    ['right padding, cumsum, pads by index', [1, 1, 1, 0, 0], 'cumsum', 'index', [0, 1, 2, 3, 4]],
    ['right padding, cumsum, pads at 0', [1, 1, 1, 0, 0], 'cumsum', 'zero', [0, 1, 2, 0, 0]],
    ['right padding, cumsum, pads at 1', [1, 1, 1, 0, 0], 'cumsum', 'one', [0, 1, 2, 1, 1]],
    ['left padding, cumsum, pads at 1', [0, 0, 1, 1, 1], 'cumsum', 'one', [1, 1, 0, 1, 2]],
    ['left padding, cumsum, pads at 0', [0, 0, 1, 1, 1], 'cumsum', 'zero', [0, 0, 0, 1, 2]],
    ['left padding, cumsum, pads by index', [0, 0, 1, 1, 1], 'cumsum', 'index', [0, 1, 0, 1, 2]],
    ['left padding, arange', [0, 0, 1, 1, 1], 'arange', 'one', [0, 1, 2, 3, 4]],
    ['no padding, cumsum', [1, 1, 1], 'cumsum', 'one', [0, 1, 2]],
    ['all padding, cumsum', [0, 0], 'cumsum', 'one', [1, 1]],
    ['a hole in the middle, cumsum', [1, 0, 1], 'cumsum', 'zero', [0, 0, 1]],
  ] as const)('numbers %s', (_name, mask, scheme, rule, expected) => {
    expect(Array.from(positionIds(i32(mask), 1, mask.length, scheme, rule))).toEqual(expected);
  });

  it('restarts the count in every row of a batch', () => {
    const mask = i32([1, 1, 1, 1, 0, 0, 1, 1]);
    expect(Array.from(positionIds(mask, 2, 4, 'cumsum', 'one'))).toEqual([0, 1, 2, 3, 1, 1, 0, 1]);
    expect(Array.from(positionIds(mask, 2, 4, 'arange', 'one'))).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
  });

  it('rejects a mask whose length is not batch × seqLen', () => {
    expect(() => positionIds(i32([1, 1, 1]), 2, 2, 'cumsum', 'index')).toThrow(
      /3 entries, expected/,
    );
    expect(() => positionIds(i32([]), 0, 2, 'cumsum', 'index')).toThrow(/positive integers/);
    expect(() => positionIds(i32([]), 2, 0, 'cumsum', 'index')).toThrow(/positive integers/);
    expect(() => positionIds(i32([1, 1, 1]), 1.5, 2, 'cumsum', 'index')).toThrow(
      /batch \(1.5\) and seqLen \(2\) must be positive integers/,
    );
    expect(() => positionIds(i32([1, 1, 1]), 2, 1.5, 'cumsum', 'index')).toThrow(
      /positive integers/,
    );
    expect(() => positionIds(i32([1]), 1, 2, 'cumsum', 'index')).toThrow(
      /^attentionMask has 1 entries/,
    );
  });

  it('gives right padding 0…T-1 under cumsum with pads by index, as arange does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 30 }), (n, pads) => {
        const mask = i32([...Array<number>(n).fill(1), ...Array<number>(pads).fill(0)]);
        const cumsum = positionIds(mask, 1, n + pads, 'cumsum', 'index');
        const arange = positionIds(mask, 1, n + pads, 'arange', 'index');
        expect(Array.from(cumsum)).toEqual(Array.from(arange));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the real tokens 0..n-1 under cumsum wherever the padding is, whatever its rule', () => {
    const rules = fc.constantFrom('index', 'zero', 'one' as const);
    const bits = fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(bits, rules, (mask, rule) => {
        const positions = positionIds(i32(mask), 1, mask.length, 'cumsum', rule);
        const real = mask.flatMap((m, t) => (m === 1 ? [positions[t]] : []));
        expect(real).toEqual(real.map((_, k) => k));
      }),
      { numRuns: 300 },
    );
  });
});

describe('pad numberings', () => {
  it('follows Hugging Face by default: BertModel 0…T-1 on the right, generate 1 on the left', () => {
    expect(PAD_NUMBERINGS[0]).toBe('huggingface');
    expect(padRuleOf('huggingface', 'right')).toBe('index');
    expect(padRuleOf('huggingface', 'left')).toBe('one');
  });

  it('applies the other numberings on either side alike', () => {
    for (const side of ['left', 'right'] as const) {
      expect(PAD_NUMBERINGS.slice(1).map((n) => padRuleOf(n, side))).toEqual([
        'zero',
        'one',
        'index',
      ]);
    }
  });

  it('labels each numbering with what the pads get', () => {
    expect(padNumberingLabel('huggingface', 'left')).toMatch(/pads at 1 .*generate/);
    expect(padNumberingLabel('huggingface', 'right')).toMatch(/index t .*BertModel/);
    expect(padNumberingLabel('zero', 'right')).toBe('pads at 0');
  });
});
