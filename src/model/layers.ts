// The building blocks shared by the encoder layers and the MLM head, as in Hugging Face
// modeling_bert.py. Rows are flattened tokens: x is [N, in] with N = B·T.
import * as tf from '@tensorflow/tfjs-core';
import type { HiddenAct } from './config';
import type { DenseWeights, NormWeights } from './weights';
import { ACTIVATE, ADD_NORM, hasFused, runFused } from './fused/kernels';

const SQRT_HALF = Math.SQRT1_2;
// gelu_new / gelu_pytorch_tanh: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
const TANH_GELU_SCALE = Math.sqrt(2 / Math.PI);
const TANH_GELU_CUBIC = 0.044715;

/** y = x·K + b, one fused kernel: [N, in] → [N, out]. */
export function dense(x: tf.Tensor2D, layer: DenseWeights): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: layer.kernel, bias: layer.bias }) as tf.Tensor2D;
}

/** LayerNorm over the last axis with the biased variance, as torch.nn.LayerNorm: [N, D] → [N, D]. */
export function layerNorm(x: tf.Tensor2D, norm: NormWeights, eps: number): tf.Tensor2D {
  if (hasFused(ADD_NORM))
    return runFused(ADD_NORM, { x, gamma: norm.gamma, beta: norm.beta }, { eps });
  const { mean, variance } = tf.moments(x, -1, true); // [N, 1] each
  const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normalised, norm.gamma), norm.beta);
}

/** LayerNorm(x + residual), the post-LN "add & norm": one kernel where the backend has it. */
export function addLayerNorm(
  x: tf.Tensor2D,
  residual: tf.Tensor2D,
  norm: NormWeights,
  eps: number,
): tf.Tensor2D {
  if (hasFused(ADD_NORM)) {
    return runFused(ADD_NORM, { x, residual, gamma: norm.gamma, beta: norm.beta }, { eps });
  }
  return layerNorm(tf.add(x, residual), norm, eps);
}

/** The config's activation; `gelu` is the exact erf form 0.5·x·(1 + erf(x/√2)). */
export function activate(x: tf.Tensor2D, act: HiddenAct): tf.Tensor2D {
  if (act !== 'relu' && hasFused(ACTIVATE)) {
    return runFused(ACTIVATE, { x }, { act: act === 'gelu' ? 'gelu' : 'gelu_tanh' });
  }
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
