// Attention's head bookkeeping and products for the wasm backend.
import type * as tf from '@tensorflow/tfjs-core';
import { floats, heapOf, input, numberAttr, type KernelArgs } from './heap';
import {
  forEachHead,
  headsProductModule,
  multiplyHeadsWasm,
  type HeadsLayout,
} from './headsProduct';

/**
 * The fused projection [B*T, 3D] (q | k | v) → q [B, H, T, dh], kᵀ [B, H, dh, T], v [B, H, T, dh].
 */
export function splitHeads(args: KernelArgs): tf.TensorInfo[] {
  const backend = heapOf(args);
  const qkv = input(args, 'qkv');
  const batch = numberAttr(args, 'batch');
  const heads = numberAttr(args, 'heads');
  const rows = qkv.shape[0] ?? 0;
  const seqLen = rows / batch;
  const width = (qkv.shape[1] ?? 0) / 3;
  const dh = width / heads;
  const outs = [
    backend.makeOutput([batch, heads, seqLen, dh], 'float32'),
    backend.makeOutput([batch, heads, dh, seqLen], 'float32'),
    backend.makeOutput([batch, heads, seqLen, dh], 'float32'),
  ] as const;
  const src = floats(backend, qkv);
  const [q, kT, v] = outs.map((out) => floats(backend, out)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < seqLen; t++) {
      const row = (b * seqLen + t) * 3 * width;
      for (let h = 0; h < heads; h++) {
        const bh = b * heads + h;
        const tokenAt = (bh * seqLen + t) * dh;
        const keyAt = bh * dh * seqLen + t;
        const qFrom = row + h * dh;
        const kFrom = qFrom + width;
        const vFrom = kFrom + width;
        for (let d = 0; d < dh; d++) {
          q[tokenAt + d] = src[qFrom + d] as number;
          kT[keyAt + d * seqLen] = src[kFrom + d] as number;
          v[tokenAt + d] = src[vFrom + d] as number;
        }
      }
    }
  }
  return [...outs];
}

/**
 * C = A·B for every (batch, head): A [B, H, M, K], B [B, H, K, N] → [B, H, M, N], or, with
 * attrs.merge, straight into merged heads [B·M, H·N] (the layout the output projection reads).
 * tfjs-wasm runs a batched product in a scalar loop (XNNPACK takes batch 1 only); this one
 * computes 4×4 blocks of C in registers, in WebAssembly SIMD where the engine has it
 * (headsProduct.ts) and in JavaScript otherwise. Sums are accumulated in float64 either way,
 * in the same order: both give the same bits.
 */
export function headsMatMul(args: KernelArgs): tf.TensorInfo {
  const backend = heapOf(args);
  const aInfo = input(args, 'a');
  const bInfo = input(args, 'b');
  const [batch = 0, heads = 0, m = 0, k = 0] = aInfo.shape;
  const layout: HeadsLayout = {
    batch,
    heads,
    m,
    k,
    n: bInfo.shape[3] ?? 0,
    merge: numberAttr(args, 'merge') === 1,
  };
  const { n, merge } = layout;
  const out = backend.makeOutput(merge ? [batch * m, heads * n] : [batch, heads, m, n], 'float32');
  const [a, b, c] = [floats(backend, aInfo), floats(backend, bInfo), floats(backend, out)];
  const product = headsProductModule();
  if (product === null) multiplyHeadsJs(a, b, c, layout);
  else multiplyHeadsWasm(product, a, b, c, layout);
  return out;
}

/** One head's product: C = A·B with A [m, k] at aAt, B [k, n] at bAt, C rows rowStride apart at cAt. */
interface HeadProduct {
  readonly a: Float32Array;
  readonly b: Float32Array;
  readonly c: Float32Array;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly rowStride: number;
}

/** `headsMatMul`'s products in JavaScript: the fallback, and the reference the SIMD kernel matches. */
export function multiplyHeadsJs(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  layout: HeadsLayout,
): void {
  const { m, k, n } = layout;
  forEachHead(layout, ({ aAt, bAt, cAt, rowStride }) => {
    const product: HeadProduct = { a, b, c, m, k, n, rowStride };
    multiplyBlocks(product, aAt, bAt, cAt);
    multiplyEdges(product, aAt, bAt, cAt);
  });
}

/** The 4×4 blocks of one head's C (all but the last m mod 4 rows and n mod 4 columns). */
function multiplyBlocks(p: HeadProduct, aAt: number, bAt: number, cAt: number): void {
  const { a, b, c, k, n, rowStride: s } = p;
  const m4 = p.m - (p.m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const r0 = aAt + i * k;
    const r1 = r0 + k;
    const r2 = r1 + k;
    const r3 = r2 + k;
    for (let j = 0; j < n4; j += 4) {
      // prettier-ignore
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0,
          c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let d = 0; d < k; d++) {
        const at = bAt + d * n + j;
        const b0 = b[at] as number;
        const b1 = b[at + 1] as number;
        const b2 = b[at + 2] as number;
        const b3 = b[at + 3] as number;
        const x0 = a[r0 + d] as number;
        const x1 = a[r1 + d] as number;
        const x2 = a[r2 + d] as number;
        const x3 = a[r3 + d] as number;
        // prettier-ignore
        {
          c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
          c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
          c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
          c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
        }
      }
      const o = cAt + i * s + j;
      // prettier-ignore
      {
        c[o] = c00;         c[o + 1] = c01;         c[o + 2] = c02;         c[o + 3] = c03;
        c[o + s] = c10;     c[o + s + 1] = c11;     c[o + s + 2] = c12;     c[o + s + 3] = c13;
        c[o + 2 * s] = c20; c[o + 2 * s + 1] = c21; c[o + 2 * s + 2] = c22; c[o + 2 * s + 3] = c23;
        c[o + 3 * s] = c30; c[o + 3 * s + 1] = c31; c[o + 3 * s + 2] = c32; c[o + 3 * s + 3] = c33;
      }
    }
  }
}

/** The cells of one head's C the 4×4 blocks left: the last m mod 4 rows and n mod 4 columns. */
function multiplyEdges(p: HeadProduct, aAt: number, bAt: number, cAt: number): void {
  const { a, b, c, m, k, n, rowStride } = p;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      let sum = 0;
      for (let d = 0; d < k; d++)
        sum += (a[aAt + i * k + d] as number) * (b[bAt + d * n + j] as number);
      c[cAt + i * rowStride + j] = sum;
    }
  }
}
