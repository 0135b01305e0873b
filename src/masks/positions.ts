/**
 * Position ids from the attention mask. `cumsum` follows Hugging Face's left-padding recipe
 * (`position_ids = cumsum(mask) - 1`, padding set to 0); `arange` is the bug that shifts every
 * real token under left padding (transformers issue 21080).
 */
import type { PositionScheme } from './maskMode';

/**
 * Position ids [B*T] for an attention mask [B*T] (1 = real, 0 = padding), row-major.
 * `cumsum`: the k-th real token of a row gets k, padding gets 0. `arange`: 0..T-1 in every row.
 */
export function positionIds(
  attentionMask: Int32Array,
  batch: number,
  seqLen: number,
  scheme: PositionScheme,
): Int32Array {
  checkBatchShape(attentionMask.length, batch, seqLen, 'attentionMask');
  const positions = new Int32Array(batch * seqLen);
  for (let b = 0; b < batch; b++) {
    let realSeen = 0;
    for (let t = 0; t < seqLen; t++) {
      const i = b * seqLen + t;
      switch (scheme) {
        case 'arange':
          positions[i] = t;
          break;
        case 'cumsum':
          if (attentionMask[i] !== 0) {
            positions[i] = realSeen;
            realSeen++;
          }
          break;
      }
    }
  }
  return positions;
}

/** Throws a RangeError unless `length` equals batch × seqLen with both positive integers. */
export function checkBatchShape(length: number, batch: number, seqLen: number, name: string): void {
  if (!Number.isInteger(batch) || !Number.isInteger(seqLen) || batch < 1 || seqLen < 1) {
    throw new RangeError(`batch (${batch}) and seqLen (${seqLen}) must be positive integers.`);
  }
  if (length !== batch * seqLen) {
    throw new RangeError(
      `${name} has ${length} entries, expected batch × seqLen = ${batch} × ${seqLen}.`,
    );
  }
}
