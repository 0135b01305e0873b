// tfjs-models' leak check: every tensor a forward makes is freed before it returns.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import type { MaskMode } from '../../src/masks/maskMode';
import { createEncoder } from '../../src/model/encoder';
import type { ForwardOptions } from '../../src/model/encoderIo';
import { tinyCheckpoint, tinyInput } from './helpers/tinyModel';

const FORWARD_COUNT = 20;

const modes: readonly MaskMode[] = [
  { kind: 'keyAdditive', constant: -1e4 },
  { kind: 'bothAdditive', constant: -Infinity },
  { kind: 'keyRenormalised' },
  { kind: 'multiplicative' },
];
const optionSets: readonly ForwardOptions[] = [
  {},
  { logitRows: [], includeScores: true },
  { logitRows: [6, 1], includeScores: false },
  { logitRows: 'all', includeScores: true },
];

describe('encoder memory', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it(`keeps the tensor count unchanged over ${FORWARD_COUNT} forwards with varied options`, async () => {
    const encoder = await createEncoder(tinyCheckpoint());
    const before = tf.memory().numTensors;
    for (let i = 0; i < FORWARD_COUNT; i++) {
      const mode = modes[i % modes.length];
      const options = optionSets[i % optionSets.length];
      await encoder.forward(tinyInput(mode), options);
      expect(tf.memory().numTensors, `after forward ${i}`).toBe(before);
    }
    encoder.dispose();
  });

  it('keeps the tensor count unchanged when a forward is rejected', async () => {
    const encoder = await createEncoder(tinyCheckpoint());
    const before = tf.memory().numTensors;
    await expect(encoder.forward({ ...tinyInput(), batch: 3 })).rejects.toThrow(/ids has 10/);
    await expect(encoder.forward(tinyInput(), { logitRows: [10] })).rejects.toThrow(/logitRows/);
    expect(tf.memory().numTensors).toBe(before);
    encoder.dispose();
  });

  it('frees every weight on dispose, and forward rejects afterwards', async () => {
    const before = tf.memory().numTensors;
    const encoder = await createEncoder(tinyCheckpoint());
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    encoder.dispose();
    expect(tf.memory().numTensors).toBe(before);
    encoder.dispose(); // a second dispose is harmless
    expect(tf.memory().numTensors).toBe(before);
    await expect(encoder.forward(tinyInput())).rejects.toThrow(/disposed/);
  });

  it('decodes with the word embeddings when tied and with its own weight when not', async () => {
    const checkpoint = tinyCheckpoint();
    const word = checkpoint.weights.get('bert.embeddings.word_embeddings.weight');
    if (word === undefined) throw new Error('the test checkpoint lacks word embeddings');
    const run = async (decoder: typeof word) => {
      const weights = new Map(checkpoint.weights).set('cls.predictions.decoder.weight', decoder);
      const before = tf.memory().numTensors;
      const encoder = await createEncoder({ ...checkpoint, weights });
      const uploaded = tf.memory().numTensors - before;
      const { logits } = await encoder.forward(tinyInput({ kind: 'keyAdditive', constant: -1e4 }));
      encoder.dispose();
      return { uploaded, logits: logits.data };
    };
    const tied = await run(word); // what the loader does for a tied checkpoint
    const copy = await run({ shape: word.shape, data: word.data.slice() });
    const doubled = await run({ shape: word.shape, data: word.data.map((v) => 2 * v) });
    // Either way the decoder is one transposed upload of its own.
    expect(copy.uploaded).toBe(tied.uploaded);
    expect(copy.logits).toEqual(tied.logits);
    expect(doubled.logits).not.toEqual(tied.logits);
  });

  it('frees the weights it already uploaded when a later weight is missing', async () => {
    const checkpoint = tinyCheckpoint();
    const weights = new Map(checkpoint.weights);
    weights.delete('cls.predictions.bias');
    const before = tf.memory().numTensors;
    await expect(createEncoder({ ...checkpoint, weights })).rejects.toThrow(
      /cls\.predictions\.bias/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
