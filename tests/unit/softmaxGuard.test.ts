// The softmax guard that WebGL and WebGPU need (their kernels give ones for an all -∞ row and skip
// NaN) runs only there, so no browser-free test would reach it. Here the cpu kernels are
// registered again under the name 'webgl': the encoder then takes its guarded path on every
// `npm test`, and must give the NaN rows PyTorch and the plain cpu softmax give.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import type { MaskMode } from '../../src/masks/maskMode';
import { createEncoder } from '../../src/model/encoder';
import { tinyCheckpoint, tinyInput } from './helpers/tinyModel';

const GUARDED_NAME = 'webgl';

/** Layer-0 attention [B, H, T, T] of the tiny model on the active backend. */
async function firstLayerAttention(mode: MaskMode): Promise<Float32Array> {
  const encoder = await createEncoder(tinyCheckpoint());
  try {
    const out = await encoder.forward(tinyInput(mode), { logitRows: [] });
    const [layers = 1] = out.attention.shape;
    return out.attention.data.slice(0, out.attention.data.length / layers);
  } finally {
    encoder.dispose();
  }
}

/** Indices of the rows (of `seqLen` values) that are entirely NaN. */
function nanRows(data: Float32Array, seqLen: number): number[] {
  const rows: number[] = [];
  for (let r = 0; r * seqLen < data.length; r++) {
    if (data.subarray(r * seqLen, (r + 1) * seqLen).every(Number.isNaN)) rows.push(r);
  }
  return rows;
}

describe('the softmax guard of the WebGL and WebGPU paths', () => {
  const bothAxes: MaskMode = { kind: 'bothAdditive', constant: -Infinity };
  let plain: Float32Array;

  beforeAll(async () => {
    await initBackend('cpu');
    plain = await firstLayerAttention(bothAxes);
    for (const kernel of tf.getKernelsForBackend('cpu')) {
      tf.registerKernel({ ...kernel, backendName: GUARDED_NAME });
    }
    tf.registerBackend(GUARDED_NAME, () => new MathBackendCPU(), -1);
    await tf.setBackend(GUARDED_NAME);
  });

  afterAll(async () => {
    await tf.setBackend('cpu');
    tf.removeBackend(GUARDED_NAME);
  });

  it('runs on a backend named webgl', () => {
    expect(tf.getBackend()).toBe(GUARDED_NAME);
  });

  it('turns a fully masked (all -∞) row into NaN, as the cpu softmax and PyTorch do', async () => {
    const guarded = await firstLayerAttention(bothAxes);
    const seqLen = tinyInput().seqLen;
    // tinyInput: item 1 has two right pads (queries 3, 4), fully masked under both axes with -∞.
    const expected = nanRows(plain, seqLen);
    expect(expected.length).toBeGreaterThan(0);
    expect(nanRows(guarded, seqLen)).toEqual(expected);
  });

  it('leaves the other rows as the cpu softmax computes them', async () => {
    const guarded = await firstLayerAttention(bothAxes);
    let worst = 0;
    guarded.forEach((p, i) => {
      if (!Number.isNaN(p)) worst = Math.max(worst, Math.abs(p - (plain[i] ?? NaN)));
    });
    expect(worst).toBeLessThan(1e-6);
  });
});
