// The attention's per-head products in WebAssembly SIMD (src/model/fused/headsProduct.wat)
// against the JavaScript kernel they replace, bit for bit: random shapes (fast-check), both
// layouts of C, and values with NaN, ±∞, −0, subnormals and large magnitudes. The committed
// bytes must be what the .wat compiles to.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWat, kernels, moduleText } from '../../scripts/buildKernels.mjs';
import { multiplyHeadsJs } from '../../src/model/fused/heads';
import {
  headsProductModule,
  multiplyHeadsWasm,
  type HeadsLayout,
} from '../../src/model/fused/headsProduct';

const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 1e-40, -3e-39, 3e38, -2.5e38, 1, -1];

/** Values in [-2, 2) from a seed, with about one in `specialEvery` replaced by a special value. */
function valuesOf(size: number, seed: number, specialEvery: number): Float32Array {
  let state = seed >>> 0 || 1;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0);
  return Float32Array.from({ length: size }, () => {
    const value = (next() / 2 ** 32) * 4 - 2;
    return specialEvery > 0 && next() % specialEvery === 0
      ? (SPECIAL[next() % SPECIAL.length] ?? 0)
      : value;
  });
}

/** Both kernels on the same inputs; the outputs start as different garbage, so every cell must be written. */
function bothKernels(layout: HeadsLayout, seed: number, specialEvery: number) {
  const { batch, heads, m, k, n } = layout;
  const a = valuesOf(batch * heads * m * k, seed, specialEvery);
  const b = valuesOf(batch * heads * k * n, seed + 1, specialEvery);
  const js = new Float32Array(batch * heads * m * n).fill(7);
  const wasm = new Float32Array(batch * heads * m * n).fill(-7);
  multiplyHeadsJs(a, b, js, layout);
  const product = headsProductModule();
  if (product === null) throw new Error('this Node has no WebAssembly SIMD');
  multiplyHeadsWasm(product, a, b, wasm, layout);
  return { js, wasm };
}

/** The indices whose bits differ (any NaN matches any NaN: payloads are not promised). */
function differing(x: Float32Array, y: Float32Array): number[] {
  const out: number[] = [];
  x.forEach((value, i) => {
    const other = y[i] ?? NaN;
    const same = Number.isNaN(value) ? Number.isNaN(other) : Object.is(value, other);
    if (!same) out.push(i);
  });
  return out;
}

const layouts = fc.record({
  batch: fc.integer({ min: 1, max: 3 }),
  heads: fc.integer({ min: 1, max: 4 }),
  m: fc.integer({ min: 1, max: 14 }),
  k: fc.integer({ min: 1, max: 11 }),
  n: fc.integer({ min: 1, max: 14 }),
  merge: fc.boolean(),
});

describe('the attention products in WebAssembly SIMD', () => {
  it('are what headsProduct.wat compiles to', async () => {
    for (const kernel of kernels) {
      const bytes = await compileWat(kernel.watPath);
      expect(readFileSync(kernel.modulePath, 'utf8')).toBe(moduleText(kernel, bytes));
    }
  });

  it('compile in this engine', () => {
    expect(headsProductModule()).not.toBeNull();
  });

  it('give the JavaScript kernel’s bits on random shapes, merged or not', () => {
    fc.assert(
      fc.property(layouts, fc.integer({ min: 1, max: 1e9 }), (layout, seed) => {
        const { js, wasm } = bothKernels(layout, seed, 0);
        expect(differing(js, wasm)).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });

  it('give the same bits with NaN, ±∞, −0, subnormals and values near the float32 limit', () => {
    fc.assert(
      fc.property(layouts, fc.integer({ min: 1, max: 1e9 }), (layout, seed) => {
        const { js, wasm } = bothKernels(layout, seed, 5);
        expect(differing(js, wasm)).toEqual([]);
      }),
      { numRuns: 80 },
    );
  });

  it('give the same bits at the sizes of a forward: T = 67, four heads of 32, both products', () => {
    const t = 67;
    const scores = { batch: 2, heads: 4, m: t, k: 32, n: t, merge: false };
    const context = { batch: 2, heads: 4, m: t, k: t, n: 32, merge: true };
    for (const layout of [scores, context]) {
      const { js, wasm } = bothKernels(layout, 12_345, 0);
      expect(differing(js, wasm)).toEqual([]);
      expect(js.some((v) => v !== 0)).toBe(true);
    }
  });

  it('grow their memory for a larger product after a smaller one', () => {
    const small = bothKernels({ batch: 1, heads: 1, m: 3, k: 2, n: 3, merge: false }, 9, 0);
    expect(differing(small.js, small.wasm)).toEqual([]);
    const large = { batch: 2, heads: 12, m: 160, k: 64, n: 160, merge: false };
    const { js, wasm } = bothKernels(large, 10, 0);
    expect(differing(js, wasm)).toEqual([]);
  });
});
