/** NaN detection: -∞ on a fully masked row makes softmax return NaN, which then spreads. */
import { attentionDims, checkIndex, checkMask, matrixOffset, splitByMask } from './dims';

/** Attention rows (one per layer × head × query) of a batch item that contain NaN. */
export interface NaNRowCounts {
  /** Rows whose query is a real token. */
  readonly real: number;
  /** Rows whose query is padding (their outputs are discarded, but NaN spreads from them). */
  readonly padding: number;
}

/** True when any value is NaN. */
export function hasNaN(data: Float32Array): boolean {
  // A plain loop: this runs over every attention row of every run (`some` with a callback was
  // ~1 ms per run at T = 64).
  for (let i = 0; i < data.length; i++) {
    const value = data[i] as number;
    if (value !== value) return true; // only NaN differs from itself
  }
  return false;
}

/** Counts the NaN-holding rows of batch item b in [L, B, H, T, T] attention, split by the mask [B*T]. */
export function nanRowCounts(
  attention: Float32Array,
  shape: readonly number[],
  attentionMask: Int32Array,
  batchIndex = 0,
): NaNRowCounts {
  const dims = attentionDims(shape, attention.length);
  checkMask(attentionMask, dims.batch, dims.seqLen);
  checkIndex(batchIndex, dims.batch, 'batchIndex');
  const { real, padding } = splitByMask(attentionMask, dims.seqLen, batchIndex);
  let realCount = 0;
  let paddingCount = 0;
  for (let layer = 0; layer < dims.layers; layer++) {
    for (let head = 0; head < dims.heads; head++) {
      const offset = matrixOffset(dims, layer, batchIndex, head);
      const rowHasNaN = (q: number): boolean =>
        hasNaN(attention.subarray(offset + q * dims.seqLen, offset + (q + 1) * dims.seqLen));
      realCount += real.filter(rowHasNaN).length;
      paddingCount += padding.filter(rowHasNaN).length;
    }
  }
  return { real: realCount, padding: paddingCount };
}
