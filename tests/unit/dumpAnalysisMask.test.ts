// How a dump's padding mask is read (src/dump/mask.ts, maskSource.ts): each framework's
// convention (keep, ignore, additive with Hugging Face's -1e4 or fp16's -65504, lengths), the
// shapes a mask comes in, what its name says, and the refusals that name what is wrong.
import { describe, expect, it } from 'vitest';
import type { NamedArray } from '../../src/dump/arrays';
import {
  guessConvention,
  isPolarityGuessed,
  maskFromArray,
  maskFromLengths,
  parseLengths,
} from '../../src/dump/mask';
import {
  lengthsCountOf,
  maskBatchOf,
  maskKeysOf,
  resolveMask,
  type MaskSource,
} from '../../src/dump/maskSource';
import { refusalOf } from './helpers/dumpRefusal';

function array(
  name: string,
  shape: readonly number[],
  values: readonly number[],
  kind: NamedArray['kind'] = 'int',
): NamedArray {
  return {
    name,
    shape,
    dtype: kind === 'float' ? '<f4' : '<i8',
    kind,
    data: Float32Array.from(values),
  };
}

const keepOf = (mask: { keep: Int32Array }) => Array.from(mask.keep);

describe('which convention a mask array uses, from its name and values', () => {
  it.each([
    ['lengths', 'lengths'],
    ['length', 'lengths'],
    ['input_lengths', 'lengths'],
    ['seq_len', 'lengths'],
    ['seq_lens', 'lengths'],
    ['sequence_lengths', 'lengths'],
    ['batch/lengths', 'lengths'],
    ['encoder.lengths', 'lengths'],
    ['key_padding_mask', 'ignore'],
    ['src_key_padding_mask', 'ignore'],
    ['padding_mask', 'ignore'],
    ['pad_mask', 'ignore'],
    ['attention_mask', 'keep'],
    ['mask', 'keep'],
    // Only whole names are lengths.
    ['lengths_of_words', 'keep'],
    ['max_length', 'keep'],
  ])('reads a 0/1 array named %s as %s', (name, convention) => {
    expect(guessConvention(array(name, [1, 3], [1, 1, 0]))).toBe(convention);
  });

  it('reads a float mask holding -1e4 (Hugging Face) or -65504 (fp16 min) as additive', () => {
    expect(guessConvention(array('attention_mask', [3], [0, 0, -1e4], 'float'))).toBe('additive');
    expect(guessConvention(array('mask', [3], [0, -65504, -65504], 'float'))).toBe('additive');
    expect(guessConvention(array('mask', [3], [0, 0, -1000], 'float'))).toBe('additive');
    expect(guessConvention(array('mask', [3], [0, 0, -999], 'float'))).toBe('keep');
    // Integers are never added to scores.
    expect(guessConvention(array('mask', [3], [0, 0, -1e4], 'int'))).toBe('keep');
  });

  it('calls the polarity a guess only when neither the name nor the values say it', () => {
    expect(isPolarityGuessed(array('mask', [3], [1, 1, 0]))).toBe(true);
    // The folder is not the name: "keep/" says nothing about the array.
    expect(isPolarityGuessed(array('keep/mask', [3], [1, 1, 0]))).toBe(true);
    expect(isPolarityGuessed(array('model.keep.mask', [3], [1, 1, 0]))).toBe(true);
    for (const name of [
      'attention_mask',
      'key_padding_mask',
      'lengths',
      'valid',
      'inputs/attn_mask',
    ])
      expect(isPolarityGuessed(array(name, [3], [1, 1, 0]))).toBe(false);
    expect(isPolarityGuessed(array('mask', [3], [0, 0, -1e4], 'float'))).toBe(false);
    expect(isPolarityGuessed(array('batch/lengths', [3], [1, 1, 0]))).toBe(false);
  });
});

describe('reading a mask array', () => {
  it('reads keep, ignore and additive masks into the same real tokens', () => {
    const real = [1, 1, 1, 0, 1, 0, 0, 0];
    const keep = maskFromArray(array('m', [2, 4], real), 'keep', 2, 4);
    const ignore = maskFromArray(
      array(
        'm',
        [2, 4],
        real.map((r) => 1 - r),
      ),
      'ignore',
      2,
      4,
    );
    const hf = array(
      'm',
      [2, 1, 1, 4],
      real.map((r) => (r === 1 ? 0 : -1e4)),
      'float',
    );
    const additive = maskFromArray(hf, 'additive', 2, 4);
    for (const mask of [keep, ignore, additive]) expect(keepOf(mask)).toEqual(real);
    expect([keep.batch, keep.seqLen, additive.convention]).toEqual([2, 4, 'additive']);
    expect(ignore.description).toBe(
      "'m' [2, 4] read as 1/True = padding (PyTorch key_padding_mask)",
    );
    expect(additive.description).toBe(
      "'m' [2, 1, 1, 4] read as 0 = real token, large negative = padding (an additive mask)",
    );
  });

  it('reads an additive value as padding from -1 down, and a small negative one as real', () => {
    const values = [0, -0.5, -1, -65504, -3.4028234663852886e38];
    const mask = maskFromArray(array('m', [5], values, 'float'), 'additive', 1, 5);
    expect(keepOf(mask)).toEqual([1, 1, 0, 0, 0]);
  });

  it('lets one row serve every batch item', () => {
    const mask = maskFromArray(array('m', [1, 3], [1, 1, 0]), 'keep', 3, 3);
    expect(keepOf(mask)).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 0]);
  });

  it('keeps a key of a [B, T, T] mask that any query may attend to', () => {
    // Item 0: causal over three real tokens; item 1: key 2 is padding for every query.
    const causal = [0, -1e9, -1e9, 0, 0, -1e9, 0, 0, 0];
    const padded = [0, 0, -1e9, 0, 0, -1e9, 0, 0, -1e9];
    const mask = maskFromArray(
      array('m', [2, 3, 3], [...causal, ...padded], 'float'),
      'additive',
      2,
      3,
    );
    expect(keepOf(mask)).toEqual([1, 1, 1, 1, 1, 0]);
  });

  it('describes how it read the mask, shape and convention', () => {
    const mask = maskFromArray(array('attention_mask', [1, 1, 3], [1, 1, 0]), 'keep', 1, 3);
    expect(mask.description).toBe(
      "'attention_mask' [1, 1, 3] read as 1 = real token (Hugging Face attention_mask, Keras, Flax, DL4J, SDPA bool)",
    );
  });

  it('reads a lengths array as real-token counts, padded on the side given', () => {
    const right = maskFromArray(array('lengths', [2], [3, 1]), 'lengths', 2, 4);
    expect(keepOf(right)).toEqual([1, 1, 1, 0, 1, 0, 0, 0]);
    expect([right.convention, right.description]).toEqual([
      'lengths',
      'lengths 3, 1 of 4, padded on the right',
    ]);
    const left = maskFromArray(array('lengths', [1], [3]), 'lengths', 2, 4, 'left');
    expect(keepOf(left)).toEqual([0, 1, 1, 1, 0, 1, 1, 1]);
    expect(left.description).toBe('lengths 3 of 4, padded on the left');
  });

  it('refuses masks that do not fit, naming the mask and what is wrong', () => {
    expect(refusalOf(() => maskFromArray(array('lengths', [3], [1, 2, 3]), 'lengths', 2, 4))).toBe(
      "mask 'lengths': 3 lengths for 2 batch items.",
    );
    expect(
      refusalOf(() => maskFromArray(array('m', [3, 4], new Array(12).fill(1)), 'keep', 2, 4)),
    ).toBe("mask 'm' has 3 rows but the attention has 2 batch items.");
    expect(
      refusalOf(() => maskFromArray(array('m', [2, 5], new Array(10).fill(1)), 'keep', 2, 4)),
    ).toBe("mask 'm' has shape [2, 5]; its last axis must be the 4 tokens.");
    expect(
      refusalOf(() => maskFromArray(array('m', [2, 3, 4], new Array(24).fill(1)), 'keep', 2, 4)),
    ).toBe("mask 'm' has shape [2, 3, 4]; expected [T], [B, T], [B, 1, 1, T] or [B, T, T].");
    const fourAxes = array('m', [2, 4, 4, 4], new Array<number>(128).fill(1));
    expect(refusalOf(() => maskFromArray(fourAxes, 'keep', 2, 4))).toMatch(
      /has shape \[2, 4, 4, 4\]; expected \[T\], \[B, T\], \[B, 1, 1, T\] or \[B, T, T\]\.$/,
    );
  });

  it('refuses NaN, and values other than 0 and 1 unless the mask is additive', () => {
    expect(
      refusalOf(() => maskFromArray(array('m', [2], [1, NaN], 'float'), 'additive', 1, 2)),
    ).toBe("mask 'm' holds NaN.");
    expect(refusalOf(() => maskFromArray(array('m', [2], [0, -1e4], 'float'), 'keep', 1, 2))).toBe(
      "mask 'm' holds -10000, not only 0 and 1: if it is added to the scores, declare it additive.",
    );
    expect(refusalOf(() => maskFromArray(array('m', [2], [1, 2]), 'ignore', 1, 2))).toMatch(
      /holds 2,/,
    );
  });
});

describe('masks from lengths', () => {
  it('pads right or left, from no real token to all of them', () => {
    expect(keepOf(maskFromLengths([0, 3, 1], 3, 3, 'right'))).toEqual([0, 0, 0, 1, 1, 1, 1, 0, 0]);
    expect(keepOf(maskFromLengths([0, 3, 1], 3, 3, 'left'))).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 1]);
    expect(maskFromLengths([2, 1], 2, 3, 'right').description).toBe(
      'lengths 2, 1 of 3, padded on the right',
    );
  });

  it('refuses a count per item that does not fit, naming the item', () => {
    expect(refusalOf(() => maskFromLengths([1, 2, 3], 2, 4, 'right'))).toBe(
      '3 lengths for 2 batch items.',
    );
    for (const bad of [5, -1, 1.5])
      expect(refusalOf(() => maskFromLengths([2, bad], 2, 4, 'right'))).toBe(
        `length ${bad} of batch item 1 is not a whole number from 0 to 4.`,
      );
  });

  it('parses lengths separated by commas or spaces', () => {
    expect(parseLengths('7,12')).toEqual([7, 12]);
    expect(parseLengths(' 7  12 ')).toEqual([7, 12]);
    expect(parseLengths('3, 0,\t5')).toEqual([3, 0, 5]);
    expect(parseLengths('123456')).toEqual([123456]);
    for (const bad of ['', ' , ', '7,x', '-1', '1.5', '1234567'])
      expect(refusalOf(() => parseLengths(bad))).toBe(
        `lengths '${bad}' must be whole numbers separated by commas, like 7,12.`,
      );
  });
});

describe('where the mask comes from', () => {
  const found: MaskSource = { kind: 'found' };
  const picked = (a: NamedArray) => ({ array: a, file: 'dump.npz' });

  it('says the batch size the mask implies, when it says one', () => {
    expect(maskBatchOf({ kind: 'lengths', lengths: [3, 2, 1], side: 'right' }, null)).toBe(3);
    expect(maskBatchOf({ kind: 'rows', rows: [[1], [1]] }, null)).toBe(2);
    expect(maskBatchOf({ kind: 'none' }, null)).toBeNull();
    expect(maskBatchOf(found, null)).toBeNull();
    const ones = (shape: number[]) => new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(1);
    const batchOf = (shape: number[]) => maskBatchOf(found, picked(array('m', shape, ones(shape))));
    expect([batchOf([4]), batchOf([1, 4]), batchOf([3, 4]), batchOf([3, 1, 1, 4])]).toEqual([
      1, 1, 3, 3,
    ]);
    // A leading axis of 1 is no batch axis: [1, B, T].
    expect(batchOf([1, 3, 4])).toBe(3);
    const file: MaskSource = { kind: 'file', file: { fileName: 'mask.npy', arrays: [] } };
    expect(maskBatchOf(file, picked(array('m', [2, 4], ones([2, 4]))))).toBe(2);
    expect(maskBatchOf({ kind: 'none' }, picked(array('m', [2, 4], ones([2, 4]))))).toBeNull();
  });

  it('says how many lengths the mask gives, given or read from an array', () => {
    expect(lengthsCountOf({ kind: 'lengths', lengths: [3, 2], side: 'left' }, null, 'auto')).toBe(
      2,
    );
    expect(lengthsCountOf({ kind: 'rows', rows: [[1, 1]] }, null, 'auto')).toBeNull();
    const given = picked(array('lengths', [2], [1, 2]));
    expect(lengthsCountOf({ kind: 'rows', rows: [[1, 1]] }, given, 'auto')).toBeNull();
    expect(lengthsCountOf(found, null, 'auto')).toBeNull();
    const lengths = picked(array('lengths', [3], [1, 2, 3]));
    const mask = picked(array('mask', [3], [1, 1, 0]));
    expect(
      lengthsCountOf({ kind: 'file', file: { fileName: 'l.npy', arrays: [] } }, lengths, 'auto'),
    ).toBe(3);
    expect(lengthsCountOf(found, lengths, 'keep')).toBeNull();
    expect(lengthsCountOf(found, mask, 'auto')).toBeNull();
    expect(lengthsCountOf(found, mask, 'lengths')).toBe(3);
  });

  it("says the mask's length (the keys'), unless the mask is lengths", () => {
    expect(maskKeysOf({ kind: 'lengths', lengths: [3], side: 'right' }, null)).toBeNull();
    expect(maskKeysOf({ kind: 'none' }, null)).toBeNull();
    expect(maskKeysOf({ kind: 'rows', rows: [[1, 1, 0]] }, null)).toBe(3);
    expect(maskKeysOf({ kind: 'rows', rows: [] }, null)).toBeNull();
    expect(maskKeysOf(found, null)).toBeNull();
    expect(maskKeysOf(found, picked(array('seq_lengths', [2], [3, 4])))).toBeNull();
    expect(maskKeysOf(found, picked(array('mask', [2, 1, 1, 5], new Array(10).fill(1))))).toBe(5);
  });

  it('reads every source into a keep-mask', () => {
    const none = resolveMask({ kind: 'none' }, null, 'auto', 2, 2);
    expect([keepOf(none), none.description]).toEqual([
      [1, 1, 1, 1],
      'lengths 2 of 2, padded on the right',
    ]);
    const lengths: MaskSource = { kind: 'lengths', lengths: [1, 2], side: 'left' };
    expect(keepOf(resolveMask(lengths, null, 'auto', 2, 2))).toEqual([0, 1, 1, 1]);
    const rows: MaskSource = {
      kind: 'rows',
      rows: [
        [1, 0],
        [0, 0],
      ],
    };
    expect(keepOf(resolveMask(rows, null, 'auto', 2, 2))).toEqual([1, 0, 0, 0]);
    expect(keepOf(resolveMask(rows, null, 'ignore', 2, 2))).toEqual([0, 1, 1, 1]);
    const kpm = picked(array('key_padding_mask', [2, 2], [0, 1, 0, 0], 'bool'));
    expect(keepOf(resolveMask(found, kpm, 'auto', 2, 2))).toEqual([1, 0, 1, 1]);
    expect(keepOf(resolveMask(found, kpm, 'keep', 2, 2))).toEqual([0, 1, 0, 0]);
  });

  it('refuses typed rows of the wrong length, and a missing mask, saying what to give', () => {
    expect(
      refusalOf(() => resolveMask({ kind: 'rows', rows: [[1, 1, 0]] }, null, 'auto', 1, 2)),
    ).toBe('the typed mask needs 2 values per row, one per token.');
    expect(refusalOf(() => resolveMask(found, null, 'auto', 1, 2))).toMatch(
      /^no padding mask found: save it beside the weights \(as attention_mask, key_padding_mask or lengths\)/,
    );
    const short: MaskSource = { kind: 'rows', rows: [[1, 1], [1]] };
    expect(refusalOf(() => resolveMask(short, null, 'auto', 2, 2))).toBe(
      'the typed mask needs 2 values per row, one per token.',
    );
    const two: MaskSource = { kind: 'rows', rows: [[1, 2]] };
    expect(refusalOf(() => resolveMask(two, null, 'auto', 1, 2))).toMatch(
      /^mask 'typed mask' holds 2, not only 0 and 1/,
    );
  });
});
