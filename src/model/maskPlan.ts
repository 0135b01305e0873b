// Every mask mode of src/masks/maskMode.ts (see the catalogue in mask-bugs.md) as steps on the
// scores S = QKᵀ/√d_head, [B, H, Tq, Tk]; rows are queries, columns keys.
import * as tf from '@tensorflow/tfjs-core';
import type { MaskMode } from '../masks/maskMode';
import { attentionKey, type AttentionSpec } from '../masks/modeSpec';
import { sameNumerics } from '../masks/numerics';
import type { EncoderOps } from './layers';
import { biasOf, scoreSteps, type ScoreSteps } from './scoreNumerics';

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
}

/** The masked pre-softmax scores and the attention probabilities, both [B, H, Tq, Tk]. */
export interface MaskedAttention {
  readonly scores: tf.Tensor4D;
  readonly probs: tf.Tensor4D;
}

/**
 * How one mode masks, as data: at most one of an additive bias on S, a factor on S, a factor on
 * the probabilities (then optionally renormalised). None of them is `none`: softmax(S).
 */
interface Masking {
  /** [B or 1, 1, Tq or 1, Tk], in the precision, the causal plane included. */
  readonly bias?: tf.Tensor4D;
  readonly scoreFactor?: tf.Tensor4D;
  readonly probFactor?: tf.Tensor4D;
  readonly isRenormalised?: boolean;
}

/** The 0/1 planes of the attention mask m [B, T] that the modes combine. */
function planesOf(keep: tf.Tensor2D) {
  const [batch = 0, seqLen = 0] = keep.shape;
  return {
    keepKeys: () => tf.reshape<tf.Rank.R4>(keep, [batch, 1, 1, seqLen]), // K(m)
    padKeys: () => tf.reshape<tf.Rank.R4>(tf.sub(1, keep), [batch, 1, 1, seqLen]), // K(1-m)
    padQueries: () => tf.reshape<tf.Rank.R4>(tf.sub(1, keep), [batch, 1, seqLen, 1]), // Q(1-m)
  };
}

function maskingOf(mode: MaskMode, keep: tf.Tensor2D, steps: ScoreSteps): Masking {
  const { keepKeys, padKeys, padQueries } = planesOf(keep);
  switch (mode.kind) {
    case 'keyAdditive':
      return { bias: steps.maskOf(biasOf(padKeys(), mode.constant)) };
    case 'queryAdditive':
      return { bias: steps.maskOf(biasOf(padQueries(), mode.constant)) };
    case 'bothAdditive':
      return { bias: steps.maskOf(biasOf(tf.maximum(padKeys(), padQueries()), mode.constant)) };
    case 'invertedKeyAdditive':
      return { bias: steps.maskOf(biasOf(keepKeys(), mode.constant)) };
    case 'floatAdd':
      return { bias: steps.maskOf(keepKeys()) };
    case 'multiplicative':
      return { scoreFactor: keepKeys() };
    case 'none':
      return {};
    case 'keyAfterSoftmax':
      return { probFactor: keepKeys() }; // ×0 or ×1: exact
    case 'keyRenormalised':
      return { probFactor: keepKeys(), isRenormalised: true };
    default: {
      const unknown: never = mode;
      throw new Error(`unknown mask mode ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * softmax(round(S' + bias)) for the additive kinds; otherwise S' (times its factor, rounded) plus
 * the causal plane, softmaxed, then times the probability factor. S' = S·scale, rounded.
 */
function applyMasking(
  masking: Masking,
  steps: ScoreSteps,
  softmax: EncoderOps['softmax'],
  scores: tf.Tensor4D,
): MaskedAttention {
  const { bias, scoreFactor, probFactor } = masking;
  const prepared = steps.prepare(scores);
  const masked =
    bias !== undefined
      ? steps.round(tf.add<tf.Tensor4D>(prepared, bias))
      : steps.withCausal(
          scoreFactor === undefined
            ? prepared
            : steps.round(tf.mul<tf.Tensor4D>(prepared, scoreFactor)),
        );
  const probs = softmax(masked);
  if (probFactor === undefined) return { scores: masked, probs };
  const kept = tf.mul<tf.Tensor4D>(probs, probFactor);
  return {
    scores: masked,
    probs: masking.isRenormalised === true ? tf.div(kept, tf.sum(kept, -1, true)) : kept,
  };
}

/** One spec's masking of items whose 0/1 mask is `mask` [B*T]: keep [B, T], steps, masking. */
function prepareItems(mask: Int32Array, batch: number, seqLen: number, spec: AttentionSpec) {
  const keep = tf.tensor2d(Float32Array.from(mask), [batch, seqLen], 'float32');
  const steps = scoreSteps(spec.numerics, spec.mode, seqLen);
  return { keep, steps, masking: maskingOf(spec.mode, keep, steps) };
}

/**
 * Items that are all "S + bias, then softmax" in one numerics (the additive kinds, and `none`
 * with a zero bias) share a single add: their biases as one [B, 1, T, T]. Null otherwise.
 */
function joinedBias(items: ReturnType<typeof prepareItems>[], seqLen: number): tf.Tensor4D | null {
  const isNone = ({ bias, scoreFactor, probFactor }: Masking) =>
    bias === undefined && scoreFactor === undefined && probFactor === undefined;
  if (!items.every(({ masking }) => masking.bias !== undefined || isNone(masking))) return null;
  const full: [number, number, number, number] = [1, 1, seqLen, seqLen];
  const biasOfItem = ({ masking, steps }: (typeof items)[number]) =>
    masking.bias ?? steps.maskOf(tf.zeros<tf.Rank.R4>([1, 1, 1, seqLen]));
  return tf.concat(items.map((item) => tf.broadcastTo<tf.Rank.R4>(biasOfItem(item), full))); // [B, 1, T, T]
}

/**
 * The plan of each batch item's spec (mode and numerics) for the 0/1 attention mask [B*T]
 * (1 = real token), with the backend's softmax. Call inside tf.tidy: the plan's tensors live
 * as long as the forward.
 */
export function planMask(
  attentionMask: Int32Array,
  seqLen: number,
  specs: readonly AttentionSpec[],
  softmax: EncoderOps['softmax'],
): MaskPlan {
  const [first, ...rest] = specs;
  if (first === undefined) throw new Error('planMask: a batch needs a mask mode');
  const key = attentionKey(first);
  if (rest.every((spec) => attentionKey(spec) === key)) {
    const { keep, steps, masking } = prepareItems(attentionMask, specs.length, seqLen, first);
    return { keep, apply: (scores) => applyMasking(masking, steps, softmax, scores) };
  }
  // Mixed modes: each item [1, H, T, T] under its own masking, or all in one add when they can.
  const items = specs.map((spec, b) =>
    prepareItems(attentionMask.subarray(b * seqLen, (b + 1) * seqLen), 1, seqLen, spec),
  );
  const keep = tf.concat(items.map((item) => item.keep));
  const isOneNumerics = specs.every((spec) => sameNumerics(spec.numerics, first.numerics));
  const bias = isOneNumerics ? joinedBias(items, seqLen) : null;
  if (bias !== null) {
    const steps = scoreSteps(first.numerics, first.mode, seqLen); // the items' scale and rounding
    return { keep, apply: (scores) => applyMasking({ bias }, steps, softmax, scores) };
  }
  return {
    keep,
    apply: (scores) => {
      const parts = items.map(({ masking, steps }, b) =>
        applyMasking(masking, steps, softmax, tf.slice(scores, [b, 0, 0, 0], [1, -1, -1, -1])),
      );
      return {
        scores: tf.concat(parts.map((part) => part.scores)),
        probs: tf.concat(parts.map((part) => part.probs)),
      };
    },
  };
}
