// Multi-head self-attention with every mask mode of src/masks/maskMode.ts (see the catalogue in
// mask-bugs.md). Scores S = QKᵀ/√d_head, [B, H, Tq, Tk]; rows are queries, columns keys.
import * as tf from '@tensorflow/tfjs-core';
import type { MaskMode } from '../masks/maskMode';
import type { AttentionNumerics } from '../masks/numerics';
import { sameNumerics } from '../masks/numerics';
import { modesOf, numericsOf } from './types';
import type { EncoderInput } from './types';
import type { LayerWeights } from './weights';
import { HEADS_MATMUL, hasFused, runFused, SPLIT_HEADS } from './fused/kernels';
import { dense } from './layers';
import { biasOf, scoreSteps } from './scoreNumerics';

/**
 * A mask mode made ready for one forward: its tensors are built once and reused by every layer.
 * `apply` takes raw scores S [B, H, Tq, Tk] to the masked scores and the probabilities, in the
 * item's numerics (scoreNumerics.ts: score scale, fp16/bf16 rounding, causal plane). Modes acting
 * after the softmax (`none`, `keyAfterSoftmax`, `keyRenormalised`) report S (scaled, rounded,
 * with the causal plane) as their masked scores.
 */
export interface MaskPlan {
  /** [B, T] (the batch and sequence length come from it). */
  readonly keep: tf.Tensor2D;
  apply(scores: tf.Tensor4D): MaskedAttention;
  /**
   * For plans that are "scores + bias, then softmax" (the additive kinds, and `none` with a zero
   * bias): the bias [B or 1, 1, Tq or 1, Tk]. Items of a mixed batch that all have one share a
   * single add and softmax.
   */
  readonly additiveBias?: () => tf.Tensor4D;
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
 * The backends whose softmax departs from IEEE semantics: WebGPU's skips NaN, WebGL's returns
 * ones for an all -inf row. The cpu and wasm kernels already give NaN rows, like PyTorch, and
 * skip the guard: it costs seven ops per layer, five of them over [B, H, T, T].
 */
const GUARDED_BACKENDS: ReadonlySet<string> = new Set(['webgpu', 'webgl']);

/** Softmax over keys, [B, H, Tq, Tk] → [B, H, Tq, Tk]. */
type Softmax = (scores: tf.Tensor4D) => tf.Tensor4D;

/**
 * Softmax over keys with IEEE semantics on every backend: a row holding a NaN score, or whose
 * scores are all -Infinity, is all NaN, as in PyTorch. On WebGPU and WebGL the NaN is put back
 * explicitly.
 */
function softmaxFor(backend: string): Softmax {
  if (!GUARDED_BACKENDS.has(backend)) return (scores) => tf.softmax(scores, -1);
  return (scores) => {
    const hasNaN = tf.any(tf.isNaN(scores), -1, true); // [B, H, Tq, 1]
    // Not max(scores) == -inf: WebGL's max of an all -inf row is -1e20.
    const isAllMasked = tf.all(tf.equal(scores, -Infinity), -1, true); // [B, H, Tq, 1]
    const probs = tf.softmax(tf.maximum<tf.Tensor4D>(scores, SOFTMAX_FLOOR), -1);
    return tf.where(tf.logicalOr(hasNaN, isAllMasked), NaN, probs);
  };
}

/** One batch item's mask mode and the numerics around it. */
interface ItemSpec {
  readonly mode: MaskMode;
  readonly numerics: AttentionNumerics;
}

/**
 * Builds the plan of `mode` under `numerics` (one for the batch, or one per item) for the 0/1
 * attention mask [B*T] (1 = real token) on the active backend. Call inside tf.tidy: the plan's
 * tensors live as long as the forward.
 */
export function planMask(
  attentionMask: Int32Array,
  batch: number,
  seqLen: number,
  mode: EncoderInput['mode'],
  numerics?: EncoderInput['numerics'],
): MaskPlan {
  const softmax = softmaxFor(tf.getBackend());
  const perItem = numericsOf(numerics, batch);
  const specs = modesOf(mode, batch).map((itemMode, b): ItemSpec => {
    const itemNumerics = perItem[b];
    if (itemNumerics === undefined) throw new Error('planMask: numerics missing for an item');
    return { mode: itemMode, numerics: itemNumerics };
  });
  const [first] = specs;
  if (first === undefined) throw new Error('planMask: a batch needs a mask mode');
  if (specs.every((other) => isSameSpec(other, first))) {
    return planOne(attentionMask, batch, seqLen, first, softmax);
  }
  // Mixed modes: each item's scores [1, H, T, T] go through its own plan.
  const plans = specs.map((spec, b) =>
    planOne(attentionMask.subarray(b * seqLen, (b + 1) * seqLen), 1, seqLen, spec, softmax),
  );
  const keep = tf.concat(plans.map((plan) => plan.keep));
  const isOneAdd =
    specs.every((spec) => sameNumerics(spec.numerics, first.numerics)) &&
    plans.every((plan) => plan.additiveBias !== undefined);
  if (isOneAdd) {
    // Every item is S + its own bias then softmax, in the same numerics: one bias [B, 1, T, T].
    const full = [1, 1, seqLen, seqLen];
    const bias = tf.concat(plans.map((plan) => tf.broadcastTo(plan.additiveBias?.() ?? 0, full)));
    const { round, prepare } = scoreSteps(first.numerics, first.mode, seqLen);
    return {
      keep,
      apply: (scores) => {
        const masked = round(tf.add<tf.Tensor4D>(prepare(scores), bias));
        return { scores: masked, probs: softmax(masked) };
      },
    };
  }
  return {
    keep,
    apply: (scores) => {
      const parts = plans.map((plan, b) =>
        plan.apply(tf.slice(scores, [b, 0, 0, 0], [1, -1, -1, -1])),
      );
      return {
        scores: tf.concat(parts.map((part) => part.scores)),
        probs: tf.concat(parts.map((part) => part.probs)),
      };
    },
  };
}

function isSameSpec(x: ItemSpec, y: ItemSpec): boolean {
  const [a, b] = [x.mode, y.mode];
  return (
    a.kind === b.kind &&
    ('constant' in a ? 'constant' in b && Object.is(a.constant, b.constant) : true) &&
    sameNumerics(x.numerics, y.numerics)
  );
}

/** The plan of one mode, in its numerics, for every item of the batch. */
function planOne(
  attentionMask: Int32Array,
  batch: number,
  seqLen: number,
  { mode, numerics }: ItemSpec,
  softmax: Softmax,
): MaskPlan {
  const keep = tf.tensor2d(Float32Array.from(attentionMask), [batch, seqLen], 'float32');
  const keepKeys = (): tf.Tensor4D => tf.reshape(keep, [batch, 1, 1, seqLen]); // K(m)
  const padKeys = (): tf.Tensor4D => tf.reshape(tf.sub(1, keep), [batch, 1, 1, seqLen]); // K(1-m)
  const padQueries = (): tf.Tensor4D => tf.reshape(tf.sub(1, keep), [batch, 1, seqLen, 1]); // Q(1-m)
  const { round, prepare, maskOf, withCausal } = scoreSteps(numerics, mode, seqLen);
  const additive = (plane: tf.Tensor4D): MaskPlan => {
    const mask = maskOf(plane); // [B or 1, 1, Tq or 1, Tk]
    return {
      keep,
      additiveBias: () => mask,
      apply: (scores) => {
        const masked = round(tf.add<tf.Tensor4D>(prepare(scores), mask));
        return { scores: masked, probs: softmax(masked) };
      },
    };
  };
  // Kinds without an additive mask: S is transformed, then the causal plane (if any) is added.
  const beforeSoftmax = (transform: (s: tf.Tensor4D) => tf.Tensor4D): MaskPlan => ({
    keep,
    apply: (scores) => {
      const masked = withCausal(transform(prepare(scores)));
      return { scores: masked, probs: softmax(masked) };
    },
  });
  // Kinds that mask the probabilities: softmax(S) ⊙ K(m) (×0 or ×1: exact), then `finish`.
  const afterSoftmax = (finish: (kept: tf.Tensor4D) => tf.Tensor4D): MaskPlan => {
    const factor = keepKeys();
    const plan = beforeSoftmax((s) => s);
    return {
      keep,
      apply: (scores) => {
        const { scores: masked, probs } = plan.apply(scores);
        return { scores: masked, probs: finish(tf.mul<tf.Tensor4D>(probs, factor)) };
      },
    };
  };
  switch (mode.kind) {
    case 'keyAdditive':
      return additive(biasOf(padKeys(), mode.constant));
    case 'queryAdditive':
      return additive(biasOf(padQueries(), mode.constant));
    case 'bothAdditive':
      return additive(biasOf(tf.maximum(padKeys(), padQueries()), mode.constant));
    case 'invertedKeyAdditive':
      return additive(biasOf(keepKeys(), mode.constant));
    case 'floatAdd':
      return additive(keepKeys());
    case 'multiplicative': {
      const factor = keepKeys();
      return beforeSoftmax((s) => round(tf.mul<tf.Tensor4D>(s, factor)));
    }
    case 'none':
      // S + 0 = S: in a mixed batch, `none` joins the additive items' single add.
      return {
        ...beforeSoftmax((s) => s),
        additiveBias: () => maskOf(tf.zeros<tf.Rank.R4>([batch, 1, 1, seqLen])),
      };
    case 'keyAfterSoftmax':
      return afterSoftmax((kept) => kept);
    case 'keyRenormalised':
      return afterSoftmax((kept) => tf.div(kept, tf.sum(kept, -1, true)));
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
  mask: MaskPlan,
  numHeads: number,
): AttentionResult {
  const [batch, seqLen] = mask.keep.shape;
  const [q, kT, v] = splitHeads(dense(x, layer.qkv), batch, numHeads); // from [B*T, 3D]: q | k | v
  // S = q·kᵀ/√d_head: the query kernel already holds the 1/√d_head (see weights.ts).
  const { scores, probs } = mask.apply(headsProduct(q, kT)); // [B, H, Tq, Tk]
  const merged = headsProduct(probs, v, batch * seqLen); // [B*T, D]
  return { scores, probs, output: dense(merged, layer.attentionOutput) };
}

/**
 * The fused projection [B*T, 3D] → q [B, H, T, dh], kᵀ [B, H, dh, T] (laid out for the product:
 * a transposed operand is slower on wasm), v [B, H, T, dh].
 */
function splitHeads(
  projected: tf.Tensor2D,
  batch: number,
  numHeads: number,
): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  if (hasFused(SPLIT_HEADS)) {
    const [q, kT, v] = runFused<tf.Tensor4D[]>(
      SPLIT_HEADS,
      { qkv: projected },
      { batch, heads: numHeads },
    );
    if (q === undefined || kT === undefined || v === undefined)
      throw new Error('internal: q, k, v');
    return [q, kT, v];
  }
  const [rows = 0, width3 = 0] = projected.shape;
  const headSize = width3 / 3 / numHeads;
  // [B*T, D] → [B, T, H, dh] → [B, H, T, dh] (rows are tokens) or [B, H, dh, T] (kᵀ)
  const heads = (part: tf.Tensor, order: number[]): tf.Tensor4D =>
    tf.transpose(tf.reshape<tf.Rank.R4>(part, [batch, rows / batch, numHeads, headSize]), order);
  const [q, k, v] = tf.split(projected, 3, 1);
  if (q === undefined || k === undefined || v === undefined) throw new Error('internal: q, k, v');
  return [heads(q, [0, 2, 1, 3]), heads(k, [0, 2, 3, 1]), heads(v, [0, 2, 1, 3])];
}

/**
 * a·b per batch item and head: [B, H, M, K]·[B, H, K, N] → [B, H, M, N], or, given `rows`
 * (= B·M), with the heads merged: [B·M, H·N]. One batched product for all heads: splitting them
 * into 2-D products (which tfjs-wasm sends to XNNPACK) cost more in slices than it saved.
 */
function headsProduct(a: tf.Tensor4D, b: tf.Tensor4D): tf.Tensor4D;
function headsProduct(a: tf.Tensor4D, b: tf.Tensor4D, rows: number): tf.Tensor2D;
function headsProduct(a: tf.Tensor4D, b: tf.Tensor4D, rows?: number): tf.Tensor {
  const merge = rows !== undefined;
  if (hasFused(HEADS_MATMUL)) return runFused(HEADS_MATMUL, { a, b }, { merge: merge ? 1 : 0 });
  const product = tf.matMul(a, b);
  if (!merge) return product;
  const [, heads = 0, , n = 0] = product.shape;
  return tf.reshape(tf.transpose(product, [0, 2, 1, 3]), [rows, heads * n]); // [B, M, H, N] → [B·M, H·N]
}
