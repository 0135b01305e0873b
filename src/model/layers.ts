// The encoder's building blocks as Hugging Face modeling_bert.py computes them, written as tfjs op
// chains that run on every backend. Rows are flattened tokens: x is [N, in] with N = B·T.
// ops.ts picks these, or the wasm backend's fused kernels (fused/ops.ts), once per encoder.
import * as tf from '@tensorflow/tfjs-core';
import type { HiddenAct } from './config';
import type { DenseWeights, NormWeights } from './weights';

const SQRT_HALF = Math.SQRT1_2;
/** gelu_new / gelu_pytorch_tanh: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))); this is √(2/π). */
export const TANH_GELU_SCALE = Math.sqrt(2 / Math.PI);
/** The cubic coefficient 0.044715 of the tanh GELU (also used by the fused kernel). */
export const TANH_GELU_CUBIC = 0.044715;

/** The three index arrays of the embeddings, [B*T] each. */
export interface TokenIndices {
  readonly ids: Int32Array;
  readonly positionIds: Int32Array;
  readonly typeIds: Int32Array;
}

/** The embedding tables [rows, D] and their LayerNorm. */
export interface EmbeddingTables {
  readonly words: tf.Tensor2D;
  readonly positions: tf.Tensor2D;
  readonly types: tf.Tensor2D;
  readonly norm: NormWeights;
}

/**
 * The steps whose kernels differ between backends; everything else in the encoder is one op
 * chain for all. Each implementation computes the same function (fusedKernels.test.ts).
 */
export interface EncoderOps {
  /** y = x·K + b: [N, in] → [N, out]. */
  readonly dense: (x: tf.Tensor2D, layer: DenseWeights) => tf.Tensor2D;
  /** LayerNorm(words[ids] + positions[positionIds] + types[typeIds]): [B*T, D]. */
  readonly embed: (tables: EmbeddingTables, indices: TokenIndices, eps: number) => tf.Tensor2D;
  /** LayerNorm over the last axis, torch's biased variance: [N, D] → [N, D]. */
  readonly layerNorm: (x: tf.Tensor2D, norm: NormWeights, eps: number) => tf.Tensor2D;
  /** LayerNorm(x + residual), the post-LN "add & norm": [N, D]. */
  readonly addLayerNorm: (
    x: tf.Tensor2D,
    residual: tf.Tensor2D,
    norm: NormWeights,
    eps: number,
  ) => tf.Tensor2D;
  /** The config's activation, elementwise. */
  readonly activate: (x: tf.Tensor2D, act: HiddenAct) => tf.Tensor2D;
  /** [B*T, 3D] (q | k | v) → q [B, H, T, dh], kᵀ [B, H, dh, T], v [B, H, T, dh]. */
  readonly splitHeads: (
    qkv: tf.Tensor2D,
    batch: number,
    numHeads: number,
  ) => [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
  /** a·b per batch item and head: [B, H, M, K]·[B, H, K, N] → [B, H, M, N]. */
  readonly headsProduct: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor4D;
  /** a·b per batch item and head, heads merged: [B, H, M, K]·[B, H, K, N] → [B·M, H·N]. */
  readonly mergedHeadsProduct: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor2D;
  /** Softmax over keys, [B, H, Tq, Tk]; a row with a NaN, or all -Infinity, is all NaN. */
  readonly softmax: (scores: tf.Tensor4D) => tf.Tensor4D;
}

/** y = x·K + b, one fused kernel on every backend: [N, in] → [N, out]. */
export function dense(x: tf.Tensor2D, layer: DenseWeights): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: layer.kernel, bias: layer.bias }) as tf.Tensor2D;
}

/** LayerNorm over the last axis with the biased variance, as torch.nn.LayerNorm: [N, D] → [N, D]. */
export function layerNorm(x: tf.Tensor2D, norm: NormWeights, eps: number): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true); // [N, 1] each
  const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normalised, norm.gamma), norm.beta);
}

/** The config's activation; `gelu` is the exact erf form 0.5·x·(1 + erf(x/√2)). */
export function activate(x: tf.Tensor2D, act: HiddenAct): tf.Tensor2D {
  switch (act) {
    case 'gelu':
      return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, SQRT_HALF))));
    case 'gelu_new':
    case 'gelu_pytorch_tanh': {
      // x·x·x rather than pow(x, 3): some GPU backends return NaN for pow of a negative base.
      const cube = tf.mul(tf.mul(x, x), x);
      const inner = tf.mul(tf.add(x, tf.mul(cube, TANH_GELU_CUBIC)), TANH_GELU_SCALE);
      return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner)));
    }
    case 'relu':
      return tf.relu(x);
    default: {
      const unknown: never = act;
      throw new Error(`unknown activation ${String(unknown)}`);
    }
  }
}

function embed(tables: EmbeddingTables, indices: TokenIndices, eps: number): tf.Tensor2D {
  const words = tf.gather(tables.words, tf.tensor1d(indices.ids, 'int32')); // [B*T, D]
  const positions = tf.gather(tables.positions, tf.tensor1d(indices.positionIds, 'int32'));
  const segments = tf.gather(tables.types, tf.tensor1d(indices.typeIds, 'int32'));
  return layerNorm(tf.add(tf.add(words, positions), segments), tables.norm, eps);
}

function splitHeads(
  qkv: tf.Tensor2D,
  batch: number,
  numHeads: number,
): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  const [rows = 0, width3 = 0] = qkv.shape;
  const headSize = width3 / 3 / numHeads;
  // [B*T, D] → [B, T, H, dh] → [B, H, T, dh] (rows are tokens) or [B, H, dh, T] (kᵀ)
  const heads = (part: tf.Tensor, order: number[]): tf.Tensor4D =>
    tf.transpose(tf.reshape<tf.Rank.R4>(part, [batch, rows / batch, numHeads, headSize]), order);
  const [q, k, v] = tf.split(qkv, 3, 1);
  if (q === undefined || k === undefined || v === undefined) throw new Error('internal: q, k, v');
  return [heads(q, [0, 2, 1, 3]), heads(k, [0, 2, 3, 1]), heads(v, [0, 2, 1, 3])];
}

function mergedHeadsProduct(a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor2D {
  const product = tf.matMul(a, b); // [B, H, M, N]
  const [batch = 0, heads = 0, m = 0, n = 0] = product.shape;
  return tf.reshape(tf.transpose(product, [0, 2, 1, 3]), [batch * m, heads * n]); // [B, M, H, N] → [B·M, H·N]
}

/**
 * The op chains, for the backends without fused kernels. One batched product for all heads:
 * splitting them into 2-D products (which tfjs-wasm sends to XNNPACK) cost more in slices than
 * it saved. cpu's and wasm's softmax already give NaN rows, like PyTorch (see guardedSoftmax).
 */
export const referenceOps: EncoderOps = {
  dense,
  embed,
  layerNorm,
  addLayerNorm: (x, residual, norm, eps) => layerNorm(tf.add(x, residual), norm, eps),
  activate,
  splitHeads,
  headsProduct: (a, b) => tf.matMul(a, b),
  mergedHeadsProduct,
  softmax: (scores) => tf.softmax(scores, -1),
};
