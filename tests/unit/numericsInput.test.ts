// EncoderInput.numerics: bad values are refused naming the field, and a batch whose items run
// under different numerics (one plan per item) gives each item what it gives alone.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import type { AttentionNumerics } from '../../src/masks/numerics';
import { forwardBatch } from '../../src/model/batchForward';
import { createEncoder } from '../../src/model/encoder';
import type { Encoder } from '../../src/model/encoder';
import type { EncoderInput } from '../../src/model/encoderIo';
import { loadGoldenSet } from './helpers/golden';

let encoder: Encoder;
let input: EncoderInput;

beforeAll(async () => {
  await initBackend('cpu');
  const set = await loadGoldenSet('tiny', async (path) => new Uint8Array(await readFile(path)));
  encoder = await createEncoder(set.checkpoint);
  const ids = Int32Array.of(2, 5, 27, 60, 14, 3, 0, 0, 0);
  input = {
    batch: 1,
    seqLen: ids.length,
    ids,
    attentionMask: Int32Array.from(ids, (id) => (id === 0 ? 0 : 1)),
    positionIds: Int32Array.from(ids, (id, t) => (id === 0 ? 0 : t)),
    mode: { kind: 'bothAdditive', constant: -1e9 },
  };
});

afterAll(() => encoder.dispose());

describe('attention numerics of a forward', () => {
  it.each([
    [{ precision: 'fp8', isCausal: false, scoreScale: 1 }, /numerics\[0\]\.precision is "fp8"/],
    [{ precision: 'fp16', isCausal: false, scoreScale: 0 }, /numerics\[0\]\.scoreScale is 0/],
    [{ precision: 'fp16', isCausal: false, scoreScale: NaN }, /scoreScale is NaN/],
    [{ precision: 'fp16', isCausal: 'yes', scoreScale: 1 }, /isCausal must be true or false/],
  ])('refuses %o with a message naming the field', async (numerics, message) => {
    const bad = { ...input, numerics: numerics as unknown as AttentionNumerics };
    await expect(encoder.forward(bad)).rejects.toThrow(message);
  });

  it('refuses a numerics list whose length is not the batch', async () => {
    const fp32: AttentionNumerics = { precision: 'fp32', isCausal: false, scoreScale: 1 };
    await expect(encoder.forward({ ...input, numerics: [fp32, fp32] })).rejects.toThrow(
      /numerics lists 2 entries for a batch of 1/,
    );
  });

  it('runs items with different numerics in one batch as each would run alone', async () => {
    const variants: AttentionNumerics[] = [
      { precision: 'fp32', isCausal: false, scoreScale: 1 },
      { precision: 'fp16', isCausal: false, scoreScale: 1 },
      { precision: 'bf16', isCausal: true, scoreScale: 1 },
    ];
    const items = variants.map((numerics) => ({ input: { ...input, numerics }, logitRows: [] }));
    const together = await forwardBatch(encoder, items);
    for (const [i, item] of items.entries()) {
      const alone = await encoder.forward(item.input, { logitRows: [] });
      expect(together[i]?.attention.data, `item ${i}`).toEqual(alone.attention.data);
    }
    // fp16 turns -1e9 into -inf: the fully masked padding rows are NaN there, not in fp32.
    expect(together[0]?.attention.data.some(Number.isNaN)).toBe(false);
    expect(together[1]?.attention.data.some(Number.isNaN)).toBe(true);
  });
});
