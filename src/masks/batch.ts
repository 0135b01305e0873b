/** Sentences + padding + a mode spec → one padded batch (the encoder's input), for the app and the tests. */
import type { MaskMode, PaddingSide } from './maskMode';
import type { ModeSpec } from './modeSpec';
import type { AttentionNumerics } from './numerics';
import { padSequence } from './padding';
import { positionIds } from './positions';

/** What buildBatch needs: token ids per sentence, how much padding, and the mask to apply. */
export interface BatchRequest {
  /** Token ids of each sentence, special tokens included. */
  readonly sentences: readonly Int32Array[];
  /** Padding tokens added after (or before) the longest sentence; shorter ones get more. */
  readonly extraPadding: number;
  readonly side: PaddingSide;
  readonly padId: number;
  /** The mask, position scheme and attention numerics (default fp32, ×1, not causal), e.g. a MaskEntry. */
  readonly entry: ModeSpec;
  /** Segment ids per sentence; omitted means all zeros. */
  readonly tokenTypeIds?: readonly Int32Array[];
}

/**
 * A padded batch as plain arrays, row-major [B, T]: the shape of the encoder's input
 * (model/encoderIo.ts), which depends on the masks, not the other way round.
 */
export interface PaddedBatch {
  readonly batch: number;
  readonly seqLen: number;
  readonly ids: Int32Array;
  /** 1 = real token, 0 = padding. */
  readonly attentionMask: Int32Array;
  readonly positionIds: Int32Array;
  readonly tokenTypeIds: Int32Array;
  readonly mode: MaskMode;
  readonly numerics?: AttentionNumerics;
}

/** A batch and, per sentence b, the index t within row b of each of its tokens. */
export interface BuiltBatch {
  readonly input: PaddedBatch;
  readonly realPositions: readonly Int32Array[];
}

/**
 * Pads every sentence to T = longest + extraPadding on `side` and derives position ids from
 * the mask with the entry's scheme. Arrays of the result are row-major [B, T].
 */
export function buildBatch(request: BatchRequest): BuiltBatch {
  const { sentences, extraPadding, side, padId, entry } = request;
  if (sentences.length === 0) {
    throw new RangeError('buildBatch needs at least one sentence.');
  }
  const batch = sentences.length;
  const seqLen = Math.max(...sentences.map((s) => s.length)) + extraPadding;
  const ids = new Int32Array(batch * seqLen);
  const attentionMask = new Int32Array(batch * seqLen);
  const tokenTypeIds = new Int32Array(batch * seqLen);
  const realPositions = sentences.map((sentence, b) => {
    const padded = padSequence(sentence, seqLen - sentence.length, side, padId);
    ids.set(padded.ids, b * seqLen);
    attentionMask.set(padded.attentionMask, b * seqLen);
    const types = request.tokenTypeIds?.[b];
    if (types !== undefined) {
      if (types.length !== sentence.length) {
        throw new RangeError(
          `tokenTypeIds[${b}] has ${types.length} entries but sentence ${b} has ${sentence.length}.`,
        );
      }
      padded.realPositions.forEach((t, k) => {
        tokenTypeIds[b * seqLen + t] = types[k] ?? 0;
      });
    }
    return padded.realPositions;
  });
  const input: PaddedBatch = {
    batch,
    seqLen,
    ids,
    attentionMask,
    positionIds: positionIds(attentionMask, batch, seqLen, entry.positions),
    tokenTypeIds,
    mode: entry.mode,
    ...(entry.numerics === undefined ? {} : { numerics: entry.numerics }),
  };
  return { input, realPositions };
}
