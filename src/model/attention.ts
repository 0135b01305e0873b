// Multi-head self-attention with every mask mode of src/masks/maskMode.ts (see the catalogue in
// mask-bugs.md). Scores S = QKᵀ/√d_head, [B, H, Tq, Tk]; rows are queries, columns keys.
import * as tf from '@tensorflow/tfjs-core';
import type { MaskMode } from '../masks/maskMode';
import type { LayerWeights } from './weights';
import { dense } from './layers';

/** The attention mask as float tensors, built once per forward. */
export interface MaskTensors {
  /** 1 = real token, 0 = padding: [B, T]. */
  readonly keep: tf.Tensor2D;
  /** m on the key axis: [B, 1, 1, Tk]. */
  readonly keepKeys: tf.Tensor4D;
  /** 1 - m on the key axis, K(1-m): [B, 1, 1, Tk]. */
  readonly padKeys: tf.Tensor4D;
  /** 1 - m on the query axis, Q(1-m): [B, 1, Tq, 1]. */
  readonly padQueries: tf.Tensor4D;
}

/** Builds the mask tensors from the 0/1 attention mask [B*T]. */
export function maskTensors(attentionMask: Int32Array, batch: number, seqLen: number): MaskTensors {
  const keep = tf.tensor2d(Float32Array.from(attentionMask), [batch, seqLen], 'float32');
  const pad = tf.sub(1, keep);
  return {
    keep,
    keepKeys: tf.reshape(keep, [batch, 1, 1, seqLen]),
    padKeys: tf.reshape(pad, [batch, 1, 1, seqLen]),
    padQueries: tf.reshape(pad, [batch, 1, seqLen, 1]),
  };
}

/**
 * S + where·c with `where` a broadcastable 0/1 tensor. Finite c is added as where·c like
 * BERT's (1 - m)·c. For c = -Infinity the bias is built with a select, so 0·(-inf) never makes
 * NaN in kept cells, and is still added: a score that is already NaN stays NaN, and a fully
 * masked row softmaxes to NaN, as in real code.
 */
function addMask(scores: tf.Tensor4D, where: tf.Tensor4D, constant: number): tf.Tensor4D {
  const bias =
    constant === -Infinity
      ? tf.where(tf.cast(where, 'bool'), -Infinity, 0)
      : tf.mul(where, constant);
  return tf.add(scores, bias);
}

/** The masked pre-softmax scores and the attention probabilities, both [B, H, Tq, Tk]. */
export interface MaskedAttention {
  readonly scores: tf.Tensor4D;
  readonly probs: tf.Tensor4D;
}

/**
 * Finite scores are floored here before the softmax. tfjs-webgl starts its max-reduction at
 * -1e20, so a row entirely below that (c = float32 min on a fully masked row) gets a wrong
 * maximum and softmaxes to ones. In float32 such a row is uniform anyway: S + c rounds to c
 * when |S| ≪ ulp(c) ≈ 2e12, so flooring at -1e19 gives the same result on every backend.
 */
const SOFTMAX_FLOOR = -1e19;

/**
 * Softmax over keys with IEEE semantics on every backend: a row holding a NaN score, or whose
 * scores are all -Infinity, is all NaN, as in PyTorch and the tfjs cpu/wasm kernels. WebGPU's
 * softmax skips NaN and WebGL returns ones for an all -inf row, so the NaN is put back
 * explicitly. [B, H, Tq, Tk] → [B, H, Tq, Tk].
 */
function softmaxRows(scores: tf.Tensor4D): tf.Tensor4D {
  const hasNaN = tf.any(tf.isNaN(scores), -1, true); // [B, H, Tq, 1]
  const isAllMasked = tf.all(tf.equal(scores, -Infinity), -1, true); // [B, H, Tq, 1]
  const probs = tf.softmax(tf.maximum<tf.Tensor4D>(scores, SOFTMAX_FLOOR), -1);
  return tf.where(tf.logicalOr(hasNaN, isAllMasked), NaN, probs);
}

/**
 * Applies a mask mode to raw scores S [B, H, Tq, Tk]. Modes acting after the softmax
 * (`none`, `keyAfterSoftmax`, `keyRenormalised`) report the raw S as their masked scores.
 */
export function applyMaskMode(
  scores: tf.Tensor4D,
  mask: MaskTensors,
  mode: MaskMode,
): MaskedAttention {
  const softmaxOf = (masked: tf.Tensor4D): MaskedAttention => ({
    scores: masked,
    probs: softmaxRows(masked),
  });
  switch (mode.kind) {
    case 'keyAdditive':
      return softmaxOf(addMask(scores, mask.padKeys, mode.constant));
    case 'queryAdditive':
      return softmaxOf(addMask(scores, mask.padQueries, mode.constant));
    case 'bothAdditive':
      return softmaxOf(addMask(scores, tf.maximum(mask.padKeys, mask.padQueries), mode.constant));
    case 'invertedKeyAdditive':
      return softmaxOf(addMask(scores, mask.keepKeys, mode.constant));
    case 'multiplicative':
      return softmaxOf(tf.mul(scores, mask.keepKeys));
    case 'floatAdd':
      return softmaxOf(tf.add(scores, mask.keepKeys));
    case 'none':
      return softmaxOf(scores);
    case 'keyAfterSoftmax':
      return { scores, probs: tf.mul(softmaxRows(scores), mask.keepKeys) };
    case 'keyRenormalised': {
      const kept = tf.mul(softmaxRows(scores), mask.keepKeys);
      return { scores, probs: tf.div(kept, tf.sum(kept, -1, true)) };
    }
    default: {
      const unknown: never = mode;
      throw new Error(`unknown mask mode ${JSON.stringify(unknown)}`);
    }
  }
}

/** One attention block's output [B*T, D] (before add & norm) with its scores and probabilities. */
export interface AttentionResult extends MaskedAttention {
  readonly output: tf.Tensor2D;
}

/** Multi-head self-attention over x [B*T, D]: Q, K, V projections, masked softmax, output dense. */
export function selfAttention(
  x: tf.Tensor2D,
  layer: LayerWeights,
  mask: MaskTensors,
  mode: MaskMode,
  numHeads: number,
): AttentionResult {
  const [batch, seqLen] = mask.keep.shape;
  const width = x.shape[1];
  const headSize = width / numHeads;
  // [B*T, D] → [B, T, H, dh] → [B, H, T, dh]
  const heads = (projected: tf.Tensor2D): tf.Tensor4D => {
    const split = tf.reshape<tf.Rank.R4>(projected, [batch, seqLen, numHeads, headSize]);
    return tf.transpose(split, [0, 2, 1, 3]);
  };
  const q = heads(dense(x, layer.query));
  const k = heads(dense(x, layer.key));
  const v = heads(dense(x, layer.value));
  const raw = tf.div<tf.Tensor4D>(tf.matMul(q, k, false, true), Math.sqrt(headSize)); // [B, H, Tq, Tk]
  const { scores, probs } = applyMaskMode(raw, mask, mode);
  const perHead = tf.transpose(tf.matMul(probs, v), [0, 2, 1, 3]); // [B, T, H, dh]
  const merged = tf.reshape<tf.Rank.R2>(perHead, [batch * seqLen, width]); // [B*T, D]
  return { scores, probs, output: dense(merged, layer.attentionOutput) };
}
