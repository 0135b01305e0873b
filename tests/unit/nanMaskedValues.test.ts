// The "NaN in masked values" entry at the reference level (pytorch/pytorch issue 101967): a mask
// that zeroes padding weights still multiplies padding values, and 0 · NaN = NaN. Uses the
// probabilities the encoder computes for the entry on the tiny checkpoint and a plain
// probs·V written here; the encoder's own padding taint is another module's (ForwardOptions.taint).
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import { buildBatch } from '../../src/masks/batch';
import { findMaskEntry } from '../../src/masks/catalogue';
import type { MaskEntry } from '../../src/masks/catalogue';
import { createEncoder } from '../../src/model/encoder';
import { loadGoldenSet } from './helpers/golden';

const HEAD_DIM = 4;

function entry(id: string): MaskEntry {
  const found = findMaskEntry(id);
  if (found === undefined) throw new Error(`no catalogue entry ${id}`);
  return found;
}

/** out[q] = Σ_k p[q, k] · v[k] for one head's probabilities p [T, T] and values v [T, dh]. */
function attend(p: Float32Array, v: Float32Array, seqLen: number): Float32Array {
  const out = new Float32Array(seqLen * HEAD_DIM);
  for (let q = 0; q < seqLen; q++) {
    for (let k = 0; k < seqLen; k++) {
      for (let d = 0; d < HEAD_DIM; d++) {
        out[q * HEAD_DIM + d] =
          (out[q * HEAD_DIM + d] ?? 0) + (p[q * seqLen + k] ?? 0) * (v[k * HEAD_DIM + d] ?? 0);
      }
    }
  }
  return out;
}

describe('NaN in masked values', () => {
  let probs: Float32Array;
  let mask: Int32Array;
  let seqLen: number;

  beforeAll(async () => {
    await initBackend('cpu');
    const read = async (path: string) => new Uint8Array(await readFile(path));
    const set = await loadGoldenSet('tiny', read);
    const encoder = await createEncoder(set.checkpoint);
    const sentence = Int32Array.of(2, 5, 27, 60, 14, 3);
    const built = buildBatch({
      sentences: [sentence],
      extraPadding: 4,
      side: 'right',
      padId: 0,
      entry: entry('nan-masked-values'),
    });
    const out = await encoder.forward(built.input, { logitRows: [] });
    encoder.dispose();
    seqLen = built.input.seqLen;
    mask = built.input.attentionMask;
    probs = out.attention.data.slice(0, seqLen * seqLen); // layer 0, head 0: [T, T]
  });

  it('gives padding keys exactly zero weight, yet NaN values there make every real row NaN', () => {
    const values = Float32Array.from({ length: seqLen * HEAD_DIM }, (_, i) =>
      mask[Math.floor(i / HEAD_DIM)] === 1 ? Math.sin(i) : NaN,
    );
    for (let q = 0; q < seqLen; q++) {
      if (mask[q] !== 1) continue;
      for (let k = 0; k < seqLen; k++) if (mask[k] === 0) expect(probs[q * seqLen + k]).toBe(0);
    }
    const out = attend(probs, values, seqLen);
    const realRows = [...mask.keys()].filter((t) => mask[t] === 1);
    for (const q of realRows) {
      expect(Number.isNaN(out[q * HEAD_DIM]), `real row ${q}`).toBe(true);
    }
    // The fix: zero the padding values (or the padding hidden states) before the product.
    const cleaned = values.map((value) => (Number.isNaN(value) ? 0 : value));
    const fixed = attend(probs, cleaned, seqLen);
    for (const q of realRows) expect(Number.isFinite(fixed[q * HEAD_DIM])).toBe(true);
  });
});
