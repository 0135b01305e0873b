// The one place the encoder looks at the backend: it picks the building blocks once, and
// encoder.ts, selfAttention.ts and maskPlan.ts read the same on every backend.
import * as tf from '@tensorflow/tfjs-core';
import { fusedOps } from './fused/fusedOps';
import { registerFusedKernels } from './fused/kernels';
import type { EncoderOps } from './layers';
import { referenceOps } from './layers';

/**
 * Finite scores are floored here before the softmax. tfjs-webgl starts its max-reduction at
 * -1e20, so a row entirely below that (c = float32 min on a fully masked row) gets a wrong
 * maximum and softmaxes to ones. In float32 such a row is uniform anyway: S + c rounds to c
 * when |S| ≪ ulp(c) ≈ 2e12, so flooring at -1e19 gives the same result on every backend.
 */
const SOFTMAX_FLOOR = -1e19;

/**
 * Softmax with IEEE semantics on the backends whose own departs from them (WebGPU's skips NaN,
 * WebGL's returns ones for an all -inf row): a row holding a NaN score, or whose scores are all
 * -Infinity, is put back to all NaN, as in PyTorch. Seven ops per layer, five over [B, H, T, T],
 * so only those backends pay them.
 */
function guardedSoftmax(scores: tf.Tensor4D): tf.Tensor4D {
  const hasNaN = tf.any(tf.isNaN(scores), -1, true); // [B, H, Tq, 1]
  // Not max(scores) == -inf: WebGL's max of an all -inf row is -1e20.
  const isAllMasked = tf.all(tf.equal(scores, -Infinity), -1, true); // [B, H, Tq, 1]
  const probs = tf.softmax(tf.maximum<tf.Tensor4D>(scores, SOFTMAX_FLOOR), -1);
  return tf.where(tf.logicalOr(hasNaN, isAllMasked), NaN, probs);
}

/**
 * The building blocks for tfjs backend `backend`: wasm's fused kernels (registered here), the
 * op chains with a guarded softmax on WebGPU and WebGL, the plain op chains elsewhere (cpu).
 */
export function opsFor(backend: string): EncoderOps {
  switch (backend) {
    case 'wasm':
      registerFusedKernels();
      return fusedOps;
    case 'webgpu':
    case 'webgl':
      return { ...referenceOps, softmax: guardedSoftmax };
    default:
      return referenceOps;
  }
}
