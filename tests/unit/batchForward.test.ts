// forwardBatch: several one-sequence inputs, each under its own mask mode, in one forward, give
// what each gives alone (golden tiny checkpoint, cpu and wasm backends).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendName } from '../../src/backend/backends';
import { buildBatch } from '../../src/masks/batch';
import type { MaskMode, PositionScheme } from '../../src/masks/maskMode';
import { forwardBatch } from '../../src/model/batchForward';
import { createEncoder, type Encoder } from '../../src/model/encoder';
import { tinyCheckpoint } from './helpers/tinyModel';

const IDS = Int32Array.from([2, 5, 7, 9, 4, 3]);

function inputOf(mode: MaskMode, positions: PositionScheme, padding = 3) {
  return buildBatch({
    sentences: [IDS],
    extraPadding: padding,
    side: 'left',
    padId: 0,
    entry: { mode, positions },
  }).input;
}

function maxGap(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((worst, value, i) => {
    const other = b[i] ?? NaN;
    if (value === other || (Number.isNaN(value) && Number.isNaN(other))) return worst; // ±inf too
    return Math.max(worst, Math.abs(value - other));
  }, 0);
}

describe.each<BackendName>(['cpu', 'wasm'])('forwardBatch on %s', (backend) => {
  let encoder: Encoder;
  beforeAll(async () => {
    expect((await initBackend(backend)).active).toBe(backend);
    encoder = await createEncoder(tinyCheckpoint());
  });
  afterAll(() => encoder.dispose());

  // Modes that only add a bias share one plan across the batch; the others get one per item.
  const mixes: Record<string, readonly [MaskMode, MaskMode, MaskMode]> = {
    'bias-only modes': [
      { kind: 'keyAdditive', constant: -1e4 },
      { kind: 'none' },
      { kind: 'queryAdditive', constant: -Infinity },
    ],
    'modes acting after the softmax among them': [
      { kind: 'keyAdditive', constant: -1e4 },
      { kind: 'keyRenormalised' },
      { kind: 'bothAdditive', constant: -Infinity },
    ],
  };
  it.each(Object.keys(mixes))('gives each item what it gives alone, for %s', async (mix) => {
    const [first, second, third] = mixes[mix] ?? [];
    if (first === undefined || second === undefined || third === undefined) throw new Error(mix);
    const items = [
      { input: inputOf(first, 'cumsum'), logitRows: [7] },
      { input: inputOf(second, 'arange'), logitRows: [3, 8] },
      { input: inputOf(third, 'cumsum'), logitRows: [] },
    ];
    const together = await forwardBatch(encoder, items, { includeScores: true });
    expect(together).toHaveLength(3);
    for (const [i, item] of items.entries()) {
      const alone = await encoder.forward(item.input, {
        logitRows: item.logitRows,
        includeScores: true,
      });
      const out = together[i];
      if (out === undefined) throw new Error(`item ${i} is missing`);
      expect(out.attention.shape).toEqual(alone.attention.shape);
      expect(out.hiddenStates.shape).toEqual(alone.hiddenStates.shape);
      expect(out.logits.shape).toEqual(alone.logits.shape);
      expect(maxGap(out.attention.data, alone.attention.data)).toBeLessThan(1e-6);
      expect(maxGap(out.hiddenStates.data, alone.hiddenStates.data)).toBeLessThan(1e-5);
      expect(maxGap(out.logits.data, alone.logits.data)).toBeLessThan(1e-5);
      expect(
        maxGap(out.scores?.data ?? new Float32Array(), alone.scores?.data ?? new Float32Array()),
      ).toBeLessThan(1e-5);
    }
  });

  it('refuses items of different lengths, and a mode list that does not fit the batch', async () => {
    const correct = { kind: 'keyAdditive', constant: -1e4 } as const;
    await expect(
      forwardBatch(encoder, [
        { input: inputOf(correct, 'cumsum', 2), logitRows: [] },
        { input: inputOf(correct, 'cumsum', 3), logitRows: [] },
      ]),
    ).rejects.toThrow(/one length/);
    await expect(
      encoder.forward({ ...inputOf(correct, 'cumsum'), mode: [correct, { kind: 'none' }] }),
    ).rejects.toThrow(/2 mask modes for a batch of 1/);
  });
});
