import type { DenseTensor } from '../checkpoint/types';
import type { MaskMode } from '../masks/maskMode';
import type { AttentionSpec } from '../masks/modeSpec';
import type { AttentionNumerics } from '../masks/numerics';
import { DEFAULT_NUMERICS } from '../masks/numerics';

/** One batch for the encoder, as plain data. All arrays are row-major [B, T]. */
export interface EncoderInput {
  readonly batch: number;
  readonly seqLen: number;
  /** Token ids [B*T]. */
  readonly ids: Int32Array;
  /** 1 = real token, 0 = padding, [B*T]. */
  readonly attentionMask: Int32Array;
  /** Explicit position ids [B*T], so left padding can be modelled (see masks/positions.ts). */
  readonly positionIds: Int32Array;
  /** Segment ids [B*T]; all zeros when omitted. */
  readonly tokenTypeIds?: Int32Array;
  /** The mask mode of every batch item, or one per item (B of them). */
  readonly mode: MaskMode | readonly MaskMode[];
  /**
   * Precision, causal mask and score scale of the attention, for every item or one per item
   * (B of them); fp32, bidirectional and ×1 when omitted (src/masks/numerics.ts).
   */
  readonly numerics?: AttentionNumerics | readonly AttentionNumerics[];
}

/** The mask mode of each of the `batch` items of an input's `mode`. */
export function modesOf(mode: EncoderInput['mode'], batch: number): readonly MaskMode[] {
  return isModeList(mode) ? mode : Array.from({ length: batch }, () => mode);
}

/** The attention numerics of each of the `batch` items (the defaults when omitted). */
export function numericsOf(
  numerics: EncoderInput['numerics'],
  batch: number,
): readonly AttentionNumerics[] {
  if (isNumericsList(numerics)) return numerics;
  return Array.from({ length: batch }, () => numerics ?? DEFAULT_NUMERICS);
}

/** Each batch item's mask mode under its numerics: what the mask plan reads, [B]. */
export function attentionSpecsOf(input: EncoderInput): readonly AttentionSpec[] {
  const numerics = numericsOf(input.numerics, input.batch);
  return modesOf(input.mode, input.batch).map((mode, b) => {
    const itemNumerics = numerics[b];
    if (itemNumerics === undefined) throw new Error('internal: numerics missing for an item');
    return { mode, numerics: itemNumerics };
  });
}

function isNumericsList(
  numerics: EncoderInput['numerics'],
): numerics is readonly AttentionNumerics[] {
  return Array.isArray(numerics);
}

function isModeList(mode: EncoderInput['mode']): mode is readonly MaskMode[] {
  return Array.isArray(mode);
}

/**
 * Poison for the padding rows (a test of the mask, not a model feature): `value` (NaN, 1e4, …)
 * replaces every padding row of the embeddings' output ('embeddings') or of every layer's input
 * ('everyLayer'). With a correct mask the real tokens' outputs do not change.
 */
export interface Taint {
  readonly at: 'embeddings' | 'everyLayer';
  readonly value: number;
}

/** What to compute and read back besides the attention probabilities. */
export interface ForwardOptions {
  /** Flat row indices (b*T + t) whose MLM logits to compute; 'all' (the default) for every row, [] for none. */
  readonly logitRows?: 'all' | readonly number[];
  /** Also return the pre-softmax scores after the mask was applied (default false). */
  readonly includeScores?: boolean;
  /**
   * Which hidden states to return: 'all' (the default), the embeddings and every layer's output,
   * or 'last', the final layer's only (all that drift needs: less to stack and read back).
   */
  readonly hiddenStates?: 'all' | 'last';
  /** Overwrite padding rows with a poison value (see Taint); none by default. */
  readonly taint?: Taint;
  /**
   * What `attention` holds: 'probs' (the default), the probabilities [L, B, H, T, T], or
   * 'paddingMass', each query row's total probability on padding keys, [L, B, H, T, 1]: all a
   * leak measure needs, T times less to read back.
   */
  readonly attention?: 'probs' | 'paddingMass';
}

/** Everything one forward returns, read back from the device in a single transfer. */
export interface EncoderOutput {
  /** MLM logits [N, V] for the requested rows, in the order requested. */
  readonly logits: DenseTensor;
  /** Embedding output then each layer's output: [L+1, B, T, D]; [1, B, T, D] for 'last'. */
  readonly hiddenStates: DenseTensor;
  /**
   * Attention probabilities [L, B, H, T, T]; rows = queries, columns = keys. With
   * `attention: 'paddingMass'`, each row's mass on padding keys instead: [L, B, H, T, 1].
   */
  readonly attention: DenseTensor;
  /** Masked pre-softmax scores [L, B, H, T, T], when asked for. */
  readonly scores?: DenseTensor;
  /** Wall-clock time of the forward including the read-back, in milliseconds. */
  readonly latencyMs: number;
}
