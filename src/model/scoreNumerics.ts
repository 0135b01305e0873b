// The numerics around the mask (src/masks/numerics.ts) as steps on the score tensor
// [B, H, Tq, Tk]. Where real fp16/bf16 kernels round, and therefore where these steps round:
//   1. S = q·kᵀ accumulates in fp32 (as tensor-core matmuls do) and is stored in the format;
//   2. each mask plane (padding, causal) is built in fp32 and cast to the format, so -1e9 and
//      float32 min become -inf in fp16 while finfo(fp16).min = -65504 stays finite;
//   3. mask planes are summed in the format (causal + padding: -65504 + -65504 → -inf), then
//      added to S in the format (S + mask: -65504 - 17 → -inf);
//   4. the softmax reads the rounded scores and computes in fp32, as PyTorch's
//      softmax(x, dtype=torch.float32) and its CUDA kernel for half tensors do; a row that is all
//      -inf gives NaN, as in PyTorch. The probabilities stay fp32: the cast back to the format
//      would only quantise them (rows summing to 1 ± 5e-4), which is not a mask bug and would
//      trip the fp32 row-sum check of every run;
//   5. after-softmax masks, probs·V and the rest of the layer stay in fp32.
// In fp32 (the default) every rounding is the identity and no op is added.
import * as tf from '@tensorflow/tfjs-core';
import type { MaskMode } from '../masks/maskMode';
import { modeUsesConstant } from '../masks/modes';
import type { AttentionNumerics } from '../masks/numerics';
import { CAUSAL_DEFAULT_CONSTANT } from '../masks/numerics';
import { roundTo } from './rounding';

/** The numerics of one mask plan as functions over tensors; call inside tf.tidy. */
export interface ScoreSteps {
  /** Rounds to the precision (identity in fp32). */
  readonly round: <T extends tf.Tensor>(x: T) => T;
  /** Raw S → S·scale, stored in the precision (step 1). */
  readonly prepare: (scores: tf.Tensor4D) => tf.Tensor4D;
  /** A padding plane in fp32 → the mask added to S: cast, plus the causal plane (steps 2, 3). */
  readonly maskOf: (plane: tf.Tensor4D) => tf.Tensor4D;
  /** Adds the causal plane to scores that had no additive mask (identity when not causal). */
  readonly withCausal: (scores: tf.Tensor4D) => tf.Tensor4D;
}

/**
 * where·c with `where` a broadcastable 0/1 tensor. Finite c gives where·c like BERT's
 * (1 - m)·c. For c = -Infinity the bias is built with a select, so 0·(-inf) never makes NaN in
 * kept cells; it is still added to the scores: a score that is already NaN stays NaN, and a
 * fully masked row softmaxes to NaN, as in real code.
 */
export function biasOf(where: tf.Tensor4D, constant: number): tf.Tensor4D {
  return constant === -Infinity
    ? tf.where<tf.Tensor4D>(tf.cast(where, 'bool'), -Infinity, 0)
    : tf.mul<tf.Tensor4D>(where, constant);
}

/** 1 where key j > query i (the future a decoder may not see), else 0: [1, 1, T, T]. */
function causalPlane(seqLen: number): tf.Tensor4D {
  const cells = new Float32Array(seqLen * seqLen);
  for (let i = 0; i < seqLen; i++) cells.fill(1, i * seqLen + i + 1, (i + 1) * seqLen);
  return tf.tensor4d(cells, [1, 1, seqLen, seqLen]);
}

/**
 * The steps for `numerics` under `mode`. The causal plane carries the mode's constant c (one
 * constant for both planes, as Hugging Face's finfo.min masks do), or CAUSAL_DEFAULT_CONSTANT
 * for kinds without one.
 */
export function scoreSteps(
  numerics: AttentionNumerics,
  mode: MaskMode,
  seqLen: number,
): ScoreSteps {
  const round = <T extends tf.Tensor>(x: T): T => roundTo(x, numerics.precision);
  const scale = numerics.scoreScale;
  const causalConstant = modeUsesConstant(mode) ? mode.constant : CAUSAL_DEFAULT_CONSTANT;
  const causal = numerics.isCausal ? round(biasOf(causalPlane(seqLen), causalConstant)) : null;
  return {
    round,
    prepare: (scores) => round(scale === 1 ? scores : tf.mul<tf.Tensor4D>(scores, scale)),
    maskOf: (plane) => (causal === null ? round(plane) : round(tf.add(causal, round(plane)))),
    withCausal: (scores) => (causal === null ? scores : round(tf.add(scores, causal))),
  };
}
