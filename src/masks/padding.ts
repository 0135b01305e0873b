/** Padding one sentence, keeping track of where its real tokens end up. */
import type { PaddingSide } from './maskMode';

/** A padded sequence: ids and mask [T], and the index in it of each original token. */
export interface PaddedSequence {
  /** Token ids [T] with T = original length + padding. */
  readonly ids: Int32Array;
  /** 1 for the original tokens, 0 for padding, [T]. */
  readonly attentionMask: Int32Array;
  /** realPositions[k] = index in `ids` of original token k, [original length]. */
  readonly realPositions: Int32Array;
}

/**
 * Adds `padLength` copies of `padId` (a count of padding tokens, not a total length) on the
 * given side of `ids`; the original tokens keep their order.
 */
export function padSequence(
  ids: Int32Array,
  padLength: number,
  side: PaddingSide,
  padId: number,
): PaddedSequence {
  if (!Number.isInteger(padLength) || padLength < 0) {
    throw new RangeError(`padLength must be a non-negative integer; got ${padLength}.`);
  }
  const length = ids.length + padLength;
  const offset = side === 'left' ? padLength : 0;
  const padded = new Int32Array(length).fill(padId);
  const attentionMask = new Int32Array(length);
  const realPositions = new Int32Array(ids.length);
  for (let k = 0; k < ids.length; k++) {
    padded[offset + k] = ids[k] ?? padId;
    attentionMask[offset + k] = 1;
    realPositions[k] = offset + k;
  }
  return { ids: padded, attentionMask, realPositions };
}
