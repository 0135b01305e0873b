import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import type { DenseTensor } from '../../src/checkpoint/types';
import { createEncoder } from '../../src/model/encoder';
import type { Encoder } from '../../src/model/encoder';
import { EncoderError } from '../../src/model/encoderError';
import type { EncoderInput } from '../../src/model/encoderIo';
import { TINY_CONFIG, tinyCheckpoint, tinyInput } from './helpers/tinyModel';

const i32 = (values: readonly number[]) => Int32Array.from(values);
const valid = tinyInput();

describe('encoder input validation', () => {
  let encoder: Encoder;
  beforeAll(async () => {
    await initBackend('cpu');
    encoder = await createEncoder(tinyCheckpoint());
  });
  afterAll(() => encoder.dispose());

  it.each<[string, Partial<EncoderInput>, RegExp]>([
    ['a batch of zero', { batch: 0 }, /batch must be a positive integer, got 0/],
    ['a fractional batch', { batch: 1.5 }, /batch must be a positive integer/],
    [
      'a sequence longer than maxPositions',
      { seqLen: 17 },
      /seqLen must be an integer in \[1, 16\], got 17/,
    ],
    [
      'ids of the wrong length',
      { ids: i32([2, 3]) },
      /ids has 2 entries, expected batch·seqLen = 10/,
    ],
    [
      'an id past the vocabulary',
      { ids: i32([2, 7, 8, 9, 20, 2, 10, 3, 0, 0]) },
      /ids\[4\] = 20 is outside \[0, 20\)/,
    ],
    ['a negative id', { ids: i32([2, 7, -1, 9, 3, 2, 10, 3, 0, 0]) }, /ids\[2\] = -1/],
    [
      'a mask value other than 0 or 1',
      { attentionMask: i32([1, 1, 1, 1, 2, 1, 1, 1, 0, 0]) },
      /attentionMask\[4\] = 2/,
    ],
    ['a mask of the wrong length', { attentionMask: i32([1]) }, /attentionMask has 1 entries/],
    [
      'a position past maxPositions',
      { positionIds: i32([0, 1, 2, 3, 16, 0, 1, 2, 0, 0]) },
      /positionIds\[4\] = 16 is outside \[0, 16\)/,
    ],
    [
      'a token type past typeVocabSize',
      { tokenTypeIds: i32([0, 0, 0, 0, 0, 0, 0, 2, 0, 0]) },
      /tokenTypeIds\[7\] = 2/,
    ],
    ['a NaN mask constant', { mode: { kind: 'keyAdditive', constant: NaN } }, /constant NaN/],
    [
      'a +Infinity mask constant',
      { mode: { kind: 'queryAdditive', constant: Infinity } },
      /constant Infinity/,
    ],
  ])('rejects %s', async (_name, change, message) => {
    const forward = encoder.forward({ ...valid, ...change });
    await expect(forward).rejects.toThrow(EncoderError);
    await expect(forward).rejects.toThrow(message);
  });

  it.each<[string, readonly number[], RegExp]>([
    ['past the last row', [10], /logitRows entry 10 is outside \[0, 10\)/],
    ['negative', [-1], /logitRows entry -1/],
    ['fractional', [0.5], /logitRows entry 0.5/],
  ])('rejects logitRows %s', async (_name, logitRows, message) => {
    await expect(encoder.forward(valid, { logitRows })).rejects.toThrow(message);
  });

  it('accepts -Infinity as a mask constant', async () => {
    const out = await encoder.forward(tinyInput({ kind: 'keyAdditive', constant: -Infinity }));
    expect(out.attention.data.some(Number.isNaN)).toBe(false);
  });
});

describe('encoder weight checks', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  const withWeight = (key: string, tensor: DenseTensor | undefined) => {
    const checkpoint = tinyCheckpoint();
    const weights = new Map(checkpoint.weights);
    if (tensor === undefined) weights.delete(key);
    else weights.set(key, tensor);
    return { ...checkpoint, weights };
  };

  it('names a missing weight and the shape it expected', async () => {
    const key = 'bert.encoder.layer.1.attention.self.key.weight';
    await expect(createEncoder(withWeight(key, undefined))).rejects.toThrow(
      /weight "bert\.encoder\.layer\.1\.attention\.self\.key\.weight" is missing \(expected shape \[8, 8\]\)/,
    );
  });

  it('names a weight of the wrong shape, such as a transposed Linear', async () => {
    const key = 'bert.encoder.layer.0.intermediate.dense.weight';
    const transposed = { shape: [8, 16], data: new Float32Array(128) };
    await expect(createEncoder(withWeight(key, transposed))).rejects.toThrow(
      /"bert\.encoder\.layer\.0\.intermediate\.dense\.weight" has shape \[8, 16\], expected \[16, 8\]/,
    );
  });

  it('rejects a hidden size not divisible by the number of heads', async () => {
    const checkpoint = tinyCheckpoint();
    const config = { ...TINY_CONFIG, numHeads: 3 };
    await expect(createEncoder({ ...checkpoint, config })).rejects.toThrow(
      /not divisible by 3 heads/,
    );
  });
});
