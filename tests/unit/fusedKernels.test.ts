// The wasm backend's fused kernels (src/model/fused/) against plain-JavaScript references written
// here from their definitions, on random shapes (fast-check), including shapes that are not
// multiples of the 4×4 blocks. The whole encoder with them is checked against PyTorch by
// goldenParity.test.ts; this pins each kernel alone, with NaN and bad indices.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import { erf } from '../../src/model/fused/activation';
import {
  ACTIVATE,
  ADD_NORM,
  DENSE,
  EMBED_NORM,
  hasFused,
  HEADS_MATMUL,
  registerFusedKernels,
  runFused,
  SPLIT_HEADS,
} from '../../src/model/fused/kernels';

const TOLERANCE = 1e-5;

/** Deterministic values in [-2, 2) from a seed (a linear congruential sequence). */
function valuesOf(size: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length: size }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 4 - 2;
  });
}

function expectClose(actual: Float32Array, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((value, i) => {
    const want = expected[i] ?? NaN;
    if (Number.isNaN(want)) expect(value).toBeNaN();
    else
      expect(Math.abs(value - want)).toBeLessThanOrEqual(TOLERANCE * Math.max(1, Math.abs(want)));
  });
}

/** Runs `build` in a tidy and reads its output(s) back. */
function read(build: () => tf.Tensor | tf.Tensor[]): Float32Array[] {
  const outputs = tf.tidy(build);
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const data = list.map((t) => t.dataSync() as Float32Array);
  tf.dispose(list);
  return data;
}

function layerNormRef(
  x: ArrayLike<number>,
  width: number,
  gamma: Float32Array,
  beta: Float32Array,
) {
  const out: number[] = [];
  for (let start = 0; start < x.length; start += width) {
    const row = Array.from({ length: width }, (_, c) => x[start + c] ?? 0);
    const mean = row.reduce((a, b) => a + b, 0) / width;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / width;
    row.forEach((v, c) =>
      out.push(((v - mean) / Math.sqrt(variance + 1e-12)) * (gamma[c] ?? 0) + (beta[c] ?? 0)),
    );
  }
  return out;
}

const shapes = fc.record({
  batch: fc.integer({ min: 1, max: 3 }),
  heads: fc.integer({ min: 1, max: 4 }),
  m: fc.integer({ min: 1, max: 13 }),
  k: fc.integer({ min: 1, max: 9 }),
  n: fc.integer({ min: 1, max: 13 }),
  seed: fc.integer({ min: 1, max: 1e9 }),
});

describe('fused kernels on wasm', () => {
  let before = 0;
  beforeAll(async () => {
    const report = await initBackend('wasm');
    expect(report.active).toBe('wasm');
    registerFusedKernels();
    before = tf.memory().numTensors;
  });
  afterAll(() => expect(tf.memory().numTensors).toBe(before));

  it('is registered for wasm and for no other backend', async () => {
    for (const name of [EMBED_NORM, ADD_NORM, ACTIVATE, SPLIT_HEADS, HEADS_MATMUL, DENSE]) {
      expect(hasFused(name)).toBe(true);
      expect(tf.getKernel(name, 'cpu')).toBeUndefined();
      expect(tf.getKernel(name, 'webgpu')).toBeUndefined();
    }
    await initBackend('cpu');
    expect(hasFused(HEADS_MATMUL)).toBe(false);
    await initBackend('wasm');
  });

  it('multiplies every head, with and without merging the heads', () => {
    fc.assert(
      fc.property(shapes, ({ batch, heads, m, k, n, seed }) => {
        const a = valuesOf(batch * heads * m * k, seed);
        const b = valuesOf(batch * heads * k * n, seed + 1);
        const plain = new Float64Array(batch * heads * m * n);
        const merged = new Float64Array(batch * m * heads * n);
        for (let bh = 0; bh < batch * heads; bh++) {
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let sum = 0;
              for (let d = 0; d < k; d++)
                sum += (a[(bh * m + i) * k + d] ?? 0) * (b[(bh * k + d) * n + j] ?? 0);
              plain[(bh * m + i) * n + j] = sum;
              const [bi, h] = [Math.floor(bh / heads), bh % heads];
              merged[(bi * m + i) * heads * n + h * n + j] = sum;
            }
          }
        }
        const [unmerged, joined] = read(() => {
          const ta = tf.tensor4d(a, [batch, heads, m, k]);
          const tb = tf.tensor4d(b, [batch, heads, k, n]);
          return [
            runFused<tf.Tensor>(HEADS_MATMUL, { a: ta, b: tb }, { merge: 0 }),
            runFused<tf.Tensor>(HEADS_MATMUL, { a: ta, b: tb }, { merge: 1 }),
          ];
        });
        expectClose(unmerged ?? new Float32Array(), plain);
        expectClose(joined ?? new Float32Array(), merged);
      }),
      { numRuns: 60 },
    );
  });

  it('computes a Linear bit for bit as tf.fused.matMul does, in one launch', () => {
    fc.assert(
      fc.property(shapes, ({ m: rows, k: inputs, n: outputs, seed }) => {
        const x = valuesOf(rows * inputs, seed);
        x[0] = NaN;
        const kernel = valuesOf(inputs * outputs, seed + 1);
        const bias = valuesOf(outputs, seed + 2);
        const [fused, reference] = read(() => {
          const tx = tf.tensor2d(x, [rows, inputs]);
          const tk = tf.tensor2d(kernel, [inputs, outputs]);
          const tb = tf.tensor1d(bias);
          const out = runFused<tf.Tensor>(DENSE, { x: tx, kernel: tk, bias: tb }, {});
          expect(out.shape).toEqual([rows, outputs]);
          return [out, tf.fused.matMul({ a: tx, b: tk, bias: tb })];
        });
        expect(Array.from(fused ?? [])).toEqual(Array.from(reference ?? []));
      }),
      { numRuns: 30 },
    );
  });

  it('carries a NaN into every cell its row or column reaches', () => {
    const a = valuesOf(1 * 1 * 5 * 3, 7);
    a[1 * 3 + 2] = NaN; // row 1
    const [out] = read(() =>
      runFused(
        HEADS_MATMUL,
        { a: tf.tensor4d(a, [1, 1, 5, 3]), b: tf.ones([1, 1, 3, 6]) },
        { merge: 0 },
      ),
    );
    const rows = Array.from({ length: 5 }, (_, i) =>
      Array.from(out?.subarray(i * 6, i * 6 + 6) ?? []),
    );
    expect(rows[1]?.every(Number.isNaN)).toBe(true);
    expect(
      rows
        .filter((_, i) => i !== 1)
        .flat()
        .some(Number.isNaN),
    ).toBe(false);
  });

  it('splits q | k | v into heads, k transposed', () => {
    fc.assert(
      fc.property(shapes, ({ batch, heads, m: seqLen, k: dh, seed }) => {
        const width = heads * dh;
        const qkv = valuesOf(batch * seqLen * 3 * width, seed);
        const at = (b: number, t: number, part: number, h: number, d: number) =>
          qkv[(b * seqLen + t) * 3 * width + part * width + h * dh + d] ?? NaN;
        const q: number[] = [];
        const kT: number[] = [];
        const v: number[] = [];
        for (let b = 0; b < batch; b++) {
          for (let h = 0; h < heads; h++) {
            for (let t = 0; t < seqLen; t++) for (let d = 0; d < dh; d++) q.push(at(b, t, 0, h, d));
            for (let d = 0; d < dh; d++)
              for (let t = 0; t < seqLen; t++) kT.push(at(b, t, 1, h, d));
            for (let t = 0; t < seqLen; t++) for (let d = 0; d < dh; d++) v.push(at(b, t, 2, h, d));
          }
        }
        const outs = read(() =>
          runFused<tf.Tensor[]>(
            SPLIT_HEADS,
            { qkv: tf.tensor2d(qkv, [batch * seqLen, 3 * width]) },
            { batch, heads },
          ),
        );
        [q, kT, v].forEach((expected, i) => expectClose(outs[i] ?? new Float32Array(), expected));
      }),
      { numRuns: 60 },
    );
  });

  it('normalises x + residual, and x alone, like torch.nn.LayerNorm', () => {
    fc.assert(
      fc.property(shapes, ({ m: rows, n: width, seed }) => {
        const x = valuesOf(rows * width, seed);
        const residual = valuesOf(rows * width, seed + 1);
        const gamma = valuesOf(width, seed + 2);
        const beta = valuesOf(width, seed + 3);
        const [withResidual, alone] = read(() => {
          const norm = { gamma: tf.tensor1d(gamma), beta: tf.tensor1d(beta) };
          const tx = tf.tensor2d(x, [rows, width]);
          return [
            runFused<tf.Tensor>(
              ADD_NORM,
              { x: tx, residual: tf.tensor2d(residual, [rows, width]), ...norm },
              { eps: 1e-12 },
            ),
            runFused<tf.Tensor>(ADD_NORM, { x: tx, ...norm }, { eps: 1e-12 }),
          ];
        });
        const sum = x.map((value, i) => value + (residual[i] ?? 0));
        expectClose(withResidual ?? new Float32Array(), layerNormRef(sum, width, gamma, beta));
        expectClose(alone ?? new Float32Array(), layerNormRef(x, width, gamma, beta));
      }),
      { numRuns: 60 },
    );
  });

  it('sums the three embeddings and normalises them, and refuses an index outside a table', () => {
    const width = 6;
    const tables = {
      words: valuesOf(10 * width, 1),
      positions: valuesOf(8 * width, 2),
      types: valuesOf(2 * width, 3),
    };
    const gamma = valuesOf(width, 4);
    const beta = valuesOf(width, 5);
    const run = (ids: number[]) =>
      read(() =>
        runFused<tf.Tensor>(
          EMBED_NORM,
          {
            words: tf.tensor2d(tables.words, [10, width]),
            positions: tf.tensor2d(tables.positions, [8, width]),
            types: tf.tensor2d(tables.types, [2, width]),
            ids: tf.tensor1d(ids, 'int32'),
            positionIds: tf.tensor1d([0, 1, 7], 'int32'),
            typeIds: tf.tensor1d([0, 1, 0], 'int32'),
            gamma: tf.tensor1d(gamma),
            beta: tf.tensor1d(beta),
          },
          { eps: 1e-12 },
        ),
      );
    const ids = [9, 0, 4];
    const sums = ids.flatMap((id, r) =>
      Array.from(
        { length: width },
        (_, c) =>
          (tables.words[id * width + c] ?? 0) +
          (tables.positions[[0, 1, 7][r]! * width + c] ?? 0) +
          (tables.types[[0, 1, 0][r]! * width + c] ?? 0),
      ),
    );
    expectClose(run(ids)[0] ?? new Float32Array(), layerNormRef(sums, width, gamma, beta));
    expect(() => run([9, 10, 4])).toThrow(/index 10 is outside a table of 10 rows/);
    expect(() => run([-1, 0, 4])).toThrow(RangeError);
  });

  it('computes erf within 3e-7 of tabulated values, and GELU within 1e-6 of it', () => {
    // erf at 0, ±0.1, 0.5, 1, 1.5, 2, 3 (Abramowitz & Stegun, table 7.1).
    const table: [number, number][] = [
      [0, 0],
      [0.1, 0.1124629160182849],
      [-0.1, -0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [1.5, 0.9661051464753108],
      [-2, -0.9953222650189527],
      [3, 0.9999779095030014],
    ];
    for (const [x, value] of table) expect(Math.abs(erf(x) - value)).toBeLessThanOrEqual(3e-7);
    // A dense grid over the tabulated range and past its ends, and the special values.
    const grid = Array.from({ length: 4001 }, (_, i) => -10 + i / 200);
    const x = Float32Array.from([...grid, NaN, Infinity, -Infinity, 0.1 + 1e-7]);
    const [erfGelu, tanhGelu] = read(() => {
      const tx = tf.tensor2d(x, [1, x.length]);
      return [
        runFused<tf.Tensor>(ACTIVATE, { x: tx }, { act: 'gelu' }),
        runFused<tf.Tensor>(ACTIVATE, { x: tx }, { act: 'gelu_tanh' }),
      ];
    });
    const c = Math.sqrt(2 / Math.PI);
    const exact = (v: number) => 0.5 * v * (1 + erf(v / Math.SQRT2));
    const tanh = (v: number) => 0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v ** 3)));
    for (const [actual, fn] of [
      [erfGelu, exact],
      [tanhGelu, tanh],
    ] as const) {
      x.forEach((v, i) => {
        const want = fn(v);
        const got = actual?.[i] ?? NaN;
        if (Number.isNaN(want)) expect(got).toBeNaN();
        else if (!Number.isFinite(want)) expect(got).toBe(want);
        else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
      });
    }
  });
});
