// Multi-head self-attention of one post-LN layer, with the mask plan of maskPlan.ts.
import type * as tf from '@tensorflow/tfjs-core';
import type { EncoderOps } from './layers';
import type { MaskedAttention, MaskPlan } from './maskPlan';
import type { LayerWeights } from './weights';

/** One attention block's output [B*T, D] (before add & norm) with its scores and probabilities. */
export interface AttentionResult extends MaskedAttention {
  readonly output: tf.Tensor2D;
}

/** Multi-head self-attention over x [B*T, D]: Q, K, V projections, masked softmax, output dense. */
export function selfAttention(
  x: tf.Tensor2D,
  layer: LayerWeights,
  mask: MaskPlan,
  numHeads: number,
  ops: EncoderOps,
): AttentionResult {
  const [batch] = mask.keep.shape;
  // q [B, H, T, dh], kᵀ [B, H, dh, T] (laid out for the product: a transposed operand is slower
  // on wasm), v [B, H, T, dh], from the fused projection [B*T, 3D] = q | k | v.
  const [q, kT, v] = ops.splitHeads(ops.dense(x, layer.qkv), batch, numHeads);
  // S = q·kᵀ/√d_head: the query kernel already holds the 1/√d_head (see weights.ts).
  const { scores, probs } = mask.apply(ops.headsProduct(q, kT)); // [B, H, Tq, Tk]
  const merged = ops.mergedHeadsProduct(probs, v); // [B*T, D]
  return { scores, probs, output: ops.dense(merged, layer.attentionOutput) };
}
