/** NaN detection: -∞ on a fully masked row makes softmax return NaN, which then spreads. */
import { measureBatchItem } from './headTables';
import type { HeadStats } from './measureAttention';

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
  const stats = measureBatchItem(attention, shape, attentionMask, batchIndex);
  return nanRowsOf(stats.heads);
}

/** NaN-holding rows summed over heads, split by whether the query is real. */
export function nanRowsOf(heads: readonly HeadStats[]): NaNRowCounts {
  let real = 0;
  let padding = 0;
  for (const head of heads) {
    real += head.nanRealRows;
    padding += head.nanPaddingRows;
  }
  return { real, padding };
}
