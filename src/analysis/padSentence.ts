/**
 * The building blocks of every model run (analysis, sweep, taint, pooling): a mode to run, a
 * model to run it on, and a sentence padded for that mode as the app pads it.
 */
import { buildBatch } from '../masks/batch';
import type { PaddingSide } from '../masks/maskMode';
import type { ModeSpec } from '../masks/modeSpec';
import type { Encoder } from '../model/encoder';
import type { EncoderInput } from '../model/encoderIo';

/** A model on the active backend with its vocabulary (id → token). */
export interface RunnableModel {
  readonly encoder: Encoder;
  readonly vocab: readonly string[];
}

/** One sentence padded for one mode: the encoder input and where its tokens sit after padding. */
export interface PaddedSentence {
  /** Batch 1, the model's pad id, the mode's mask, position scheme and numerics. */
  readonly input: EncoderInput;
  /** [T0]: the padded position of each of the sentence's tokens. */
  readonly realPositions: Int32Array;
  /** The padded position of each [MASK] named by its index k into the sentence. */
  readonly maskPositions: readonly number[];
}

/**
 * Pads `ids` with `pads` pad tokens on `side` for `spec`, as every model run of the app does.
 * Throws a RangeError when a [MASK] index is not a position of `ids`.
 */
export function padSentence(
  model: RunnableModel,
  ids: Int32Array,
  spec: ModeSpec,
  pads: number,
  side: PaddingSide,
  maskIndices: readonly number[] = [],
): PaddedSentence {
  const built = buildBatch({
    sentences: [ids],
    extraPadding: pads,
    side,
    padId: model.encoder.config.padTokenId,
    entry: spec,
  });
  const realPositions = built.realPositions[0] ?? new Int32Array(0);
  const maskPositions = maskIndices.map((k) => {
    const position = realPositions[k];
    if (!Number.isInteger(k) || position === undefined) {
      // Reading position 0 instead would quietly predict for [CLS].
      throw new RangeError(
        `[MASK] index ${k} is outside the sentence of ${ids.length} tokens (0 to ${ids.length - 1}).`,
      );
    }
    return position;
  });
  return { input: built.input, realPositions, maskPositions };
}
