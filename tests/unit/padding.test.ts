import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBatch } from '../../src/masks/batch';
import { findMaskEntry } from '../../src/masks/catalogue';
import type { PaddingSide } from '../../src/masks/maskMode';
import { padSequence } from '../../src/masks/padding';
import type { PadNumbering } from '../../src/masks/positions';

const PAD = 0;
const i32 = (values: readonly number[]) => Int32Array.from(values);
const plain = (a: Int32Array) => Array.from(a);

describe('padSequence', () => {
  it.each([
    ['right', [7, 8, 9], 2, [7, 8, 9, 0, 0], [1, 1, 1, 0, 0], [0, 1, 2]],
    ['left', [7, 8, 9], 2, [0, 0, 7, 8, 9], [0, 0, 1, 1, 1], [2, 3, 4]],
    ['right', [7, 8], 0, [7, 8], [1, 1], [0, 1]],
    ['left', [], 1, [0], [0], []],
  ] as const)('pads on the %s side of %j with %d pads', (side, ids, pads, padded, mask, real) => {
    const result = padSequence(i32(ids), pads, side, PAD);
    expect(plain(result.ids)).toEqual(padded);
    expect(plain(result.attentionMask)).toEqual(mask);
    expect(plain(result.realPositions)).toEqual(real);
  });

  it('uses the given pad id', () => {
    expect(plain(padSequence(i32([5]), 2, 'right', 99).ids)).toEqual([5, 99, 99]);
  });

  it('rejects a negative or fractional pad count', () => {
    expect(() => padSequence(i32([1]), -1, 'right', PAD)).toThrow(/non-negative integer/);
    expect(() => padSequence(i32([1]), 1.5, 'left', PAD)).toThrow(/non-negative integer/);
  });

  it('keeps the real ids in order at realPositions, masked 1, and everything else padding', () => {
    const side = fc.constantFrom('left' as const, 'right' as const);
    const ids = fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 30 });
    fc.assert(
      fc.property(ids, fc.integer({ min: 0, max: 30 }), side, (tokens, pads, s) => {
        const result = padSequence(i32(tokens), pads, s, PAD);
        expect(result.ids.length).toBe(tokens.length + pads);
        expect(plain(result.realPositions).map((t) => result.ids[t])).toEqual(tokens);
        expect(plain(result.realPositions).every((t) => result.attentionMask[t] === 1)).toBe(true);
        const isReal = new Set(plain(result.realPositions));
        result.ids.forEach((id, t) => {
          if (!isReal.has(t)) expect([id, result.attentionMask[t]]).toEqual([PAD, 0]);
        });
        expect(result.attentionMask.reduce((a, b) => a + b, 0)).toBe(tokens.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('buildBatch', () => {
  const entry = (id: string) => {
    const found = findMaskEntry(id);
    if (found === undefined) throw new Error(`no entry ${id}`);
    return found;
  };

  it('pads every sentence to the longest plus the extra padding', () => {
    const { input, realPositions } = buildBatch({
      sentences: [i32([2, 10, 11, 3]), i32([2, 12, 3])],
      extraPadding: 2,
      side: 'right',
      padId: PAD,
      entry: entry('key-additive'),
    });
    expect([input.batch, input.seqLen]).toEqual([2, 6]);
    expect(plain(input.ids)).toEqual([2, 10, 11, 3, 0, 0, 2, 12, 3, 0, 0, 0]);
    expect(plain(input.attentionMask)).toEqual([1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0]);
    // BertModel's default: 0…T-1 in every row, pads included.
    expect(plain(input.positionIds)).toEqual([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]);
    expect(realPositions.map(plain)).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2],
    ]);
    expect(input.mode).toEqual({ kind: 'keyAdditive', constant: -1e4 });
  });

  it('numbers left-padded tokens by the entry scheme: arange shifts them', () => {
    const build = (id: string) =>
      buildBatch({
        sentences: [i32([2, 10, 3])],
        extraPadding: 2,
        side: 'left',
        padId: PAD,
        entry: entry(id),
      }).input;
    expect(plain(build('key-additive').positionIds)).toEqual([1, 1, 0, 1, 2]);
    expect(plain(build('left-pad-arange').positionIds)).toEqual([0, 1, 2, 3, 4]);
  });

  it('numbers the padding as the chosen numbering says, on either side', () => {
    const build = (side: PaddingSide, padNumbering: PadNumbering) =>
      plain(
        buildBatch({
          sentences: [i32([2, 10, 3])],
          extraPadding: 2,
          side,
          padId: PAD,
          entry: { ...entry('no-mask'), padNumbering },
        }).input.positionIds,
      );
    expect(build('left', 'zero')).toEqual([0, 0, 0, 1, 2]);
    expect(build('left', 'index')).toEqual([0, 1, 0, 1, 2]);
    expect(build('right', 'one')).toEqual([0, 1, 2, 1, 1]);
    expect(build('right', 'zero')).toEqual([0, 1, 2, 0, 0]);
    expect(build('right', 'huggingface')).toEqual([0, 1, 2, 3, 4]);
  });

  it('places segment ids with their tokens and zeros on padding', () => {
    const { input } = buildBatch({
      sentences: [i32([2, 10, 3, 11, 3])],
      tokenTypeIds: [i32([0, 0, 0, 1, 1])],
      extraPadding: 2,
      side: 'left',
      padId: PAD,
      entry: entry('key-additive'),
    });
    expect(plain(input.tokenTypeIds ?? i32([]))).toEqual([0, 0, 0, 0, 0, 1, 1]);
  });

  it('places the segment ids of each sentence in its own row', () => {
    const types = [i32([0, 1, 1]), i32([0, 0, 0, 1, 1])];
    const { input } = buildBatch({
      sentences: [i32([2, 10, 3]), i32([2, 11, 3, 12, 3])],
      tokenTypeIds: types,
      extraPadding: 1,
      side: 'right',
      padId: PAD,
      entry: entry('key-additive'),
    });
    const rows = [0, 1].map((b) =>
      plain(input.tokenTypeIds ?? i32([])).slice(b * input.seqLen, (b + 1) * input.seqLen),
    );
    // Right padding: each sentence's types from column 0, zeros after.
    rows.forEach((row, b) => {
      const own = plain(types[b] ?? i32([]));
      expect(row).toEqual([...own, ...Array<number>(input.seqLen - own.length).fill(0)]);
    });
  });

  it("runs the entry's numerics, and none of its own when the entry names none", () => {
    const build = (id: string) =>
      buildBatch({
        sentences: [i32([2, 10, 3])],
        extraPadding: 1,
        side: 'right',
        padId: PAD,
        entry: entry(id),
      }).input;
    const fp16 = entry('fp16-neg-1e9');
    expect(build('fp16-neg-1e9').numerics).toEqual(fp16.numerics);
    expect(Object.hasOwn(build('key-additive'), 'numerics')).toBe(false);
  });

  it('rejects an empty batch and mismatched segment ids', () => {
    const base = { extraPadding: 0, side: 'right', padId: PAD, entry: entry('no-mask') } as const;
    expect(() => buildBatch({ ...base, sentences: [] })).toThrow(/at least one sentence/);
    expect(() =>
      buildBatch({ ...base, sentences: [i32([1, 2])], tokenTypeIds: [i32([0])] }),
    ).toThrow(/tokenTypeIds\[0\] has 1 entries/);
  });
});
