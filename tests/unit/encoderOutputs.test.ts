import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import { createEncoder } from '../../src/model/encoder';
import type { Encoder } from '../../src/model/encoder';
import { activate } from '../../src/model/layers';
import { TINY_CONFIG, tinyCheckpoint, tinyInput } from './helpers/tinyModel';

const { vocabSize: V, hiddenSize: D, numLayers: L, numHeads: H } = TINY_CONFIG;
const B = 2;
const T = 5;

function row(data: Float32Array, index: number, width: number): number[] {
  return Array.from(data.subarray(index * width, (index + 1) * width));
}

describe('encoder outputs', () => {
  let encoder: Encoder;
  beforeAll(async () => {
    await initBackend('cpu');
    encoder = await createEncoder(tinyCheckpoint());
  });
  afterAll(() => encoder.dispose());

  it('returns logits for every row, hidden states and attention with the documented shapes', async () => {
    const out = await encoder.forward(tinyInput());
    expect(out.logits.shape).toEqual([B * T, V]);
    expect(out.hiddenStates.shape).toEqual([L + 1, B, T, D]);
    expect(out.attention.shape).toEqual([L, B, H, T, T]);
    expect(out.scores).toBeUndefined();
    expect(out.latencyMs).toBeGreaterThan(0);
  });

  it("returns the final layer's hidden states alone when asked for 'last'", async () => {
    const all = await encoder.forward(tinyInput());
    const last = await encoder.forward(tinyInput(), { hiddenStates: 'last' });
    expect(last.hiddenStates.shape).toEqual([1, B, T, D]);
    expect(last.hiddenStates.data).toEqual(all.hiddenStates.data.subarray(L * B * T * D));
  });

  it('computes only the requested logit rows, in the order requested', async () => {
    const all = await encoder.forward(tinyInput());
    const some = await encoder.forward(tinyInput(), { logitRows: [7, 2] });
    expect(some.logits.shape).toEqual([2, V]);
    expect(row(some.logits.data, 0, V)).toEqual(row(all.logits.data, 7, V));
    expect(row(some.logits.data, 1, V)).toEqual(row(all.logits.data, 2, V));
  });

  it('returns an empty [0, V] logits tensor for no rows', async () => {
    const out = await encoder.forward(tinyInput(), { logitRows: [] });
    expect(out.logits.shape).toEqual([0, V]);
    expect(out.logits.data).toHaveLength(0);
  });

  it('returns the masked scores when asked: -1e4 lower on padding keys than without a mask', async () => {
    const masked = await encoder.forward(tinyInput(), { includeScores: true });
    const raw = await encoder.forward(tinyInput({ kind: 'none' }), { includeScores: true });
    expect(masked.scores?.shape).toEqual([L, B, H, T, T]);
    // Layer 0, sequence 1, head 0, query 0, key 4 (a padding key).
    const index = ((0 * B + 1) * H + 0) * T * T + 0 * T + 4;
    const maskedScore = masked.scores?.data[index] ?? NaN;
    const rawScore = raw.scores?.data[index] ?? NaN;
    expect(maskedScore - rawScore).toBeCloseTo(-1e4, 2);
  });

  it('gives padding keys zero weight and real rows a sum of 1 under the correct mask', async () => {
    const { attention } = await encoder.forward(tinyInput());
    for (let layer = 0; layer < L; layer++) {
      for (let head = 0; head < H; head++) {
        for (let query = 0; query < 3; query++) {
          const start = (((layer * B + 1) * H + head) * T + query) * T;
          const probs = attention.data.subarray(start, start + T);
          expect(probs[3]).toBe(0);
          expect(probs[4]).toBe(0);
          expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
        }
      }
    }
  });

  it.each([
    ['float32 min', -3.4028234663852886e38, 1 / T],
    ['-Infinity', -Infinity, NaN],
  ])(
    'gives a fully masked row (bothAdditive, %s) the float32 softmax of its scores',
    async (_n, c, p) => {
      const { attention } = await encoder.forward(tinyInput({ kind: 'bothAdditive', constant: c }));
      // Layer 0, sequence 1, head 0, query 3 is a padding query: every key is masked.
      const start = (((0 * B + 1) * H + 0) * T + 3) * T;
      const row = Array.from(attention.data.subarray(start, start + T));
      if (Number.isNaN(p)) expect(row.every(Number.isNaN)).toBe(true);
      else row.forEach((prob) => expect(prob).toBeCloseTo(p, 6));
    },
  );

  it('uses an explicit cls.predictions.decoder.weight instead of the tied embeddings', async () => {
    const checkpoint = tinyCheckpoint();
    const weights = new Map(checkpoint.weights);
    weights.set('cls.predictions.decoder.weight', { shape: [V, D], data: new Float32Array(V * D) });
    const untied = await createEncoder({ ...checkpoint, weights });
    const out = await untied.forward(tinyInput(), { logitRows: [0] });
    untied.dispose();
    const bias = checkpoint.weights.get('cls.predictions.bias')?.data;
    expect(Array.from(out.logits.data)).toEqual(Array.from(bias ?? []));
  });
});

describe('activations', () => {
  const inputs = [-3, -1, -0.5, 0, 0.5, 1, 2];
  const apply = (act: Parameters<typeof activate>[1]) =>
    Array.from(tf.tidy(() => activate(tf.tensor2d(inputs, [1, inputs.length]), act)).dataSync());

  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('computes gelu as the exact erf form', () => {
    // 0.5·x·(1 + erf(x/√2)) from scipy: x·Φ(x).
    const expected = [-0.0040496, -0.1586553, -0.1542687, 0, 0.3457313, 0.8413447, 1.9544997];
    apply('gelu').forEach((value, i) => expect(value).toBeCloseTo(expected[i] ?? NaN, 6));
  });

  it.each(['gelu_new', 'gelu_pytorch_tanh'] as const)('computes %s as the tanh form', (act) => {
    const tanhGelu = (x: number) =>
      0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    apply(act).forEach((value, i) => expect(value).toBeCloseTo(tanhGelu(inputs[i] ?? NaN), 6));
  });

  it('computes relu', () => {
    expect(apply('relu')).toEqual([0, 0, 0, 0, 0.5, 1, 2]);
  });
});
