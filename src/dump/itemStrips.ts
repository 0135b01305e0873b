/**
 * Pooling weights [B, T] or [B, H, T] as the page draws them beside the selected item's heads:
 * one strip over time per batch item and head, each with its item's key mask, like the pooling
 * auditor's strips. Only pooling has them: its items are single rows, so every item fits.
 */
import { attentionKindOf } from './attentionKind';
import type { CheckReport } from './checkDump';

/** Every item's pooling weights, [B, H, T] row-major, with the key mask [B, T] (1 = real). */
export interface ItemStrips {
  readonly data: Float32Array;
  readonly shape: readonly [batch: number, heads: number, seqLen: number];
  readonly keep: Int32Array;
}

/**
 * The strips of a pooling report (the first layer's, when a declared layout gave it several);
 * null for self-attention, cross-attention and decoding steps.
 */
export function itemStripsOf(report: CheckReport): ItemStrips | null {
  if (attentionKindOf(report.layout, report.attention.shape) !== 'pooling') return null;
  const [, batch, heads, queries, seqLen] = report.dump.shape;
  const size = batch * heads * queries * seqLen;
  return {
    data: report.dump.data.slice(0, size),
    shape: [batch, heads * queries, seqLen],
    keep: report.dump.keep.slice(),
  };
}

/** The strip of item `item` and head `head`: a view of its T weights. */
export function stripOf(strips: ItemStrips, item: number, head: number): Float32Array {
  const [, heads, seqLen] = strips.shape;
  const start = (item * heads + head) * seqLen;
  return strips.data.subarray(start, start + seqLen);
}

/** The padding flags [T] of item `item` (1 = padding), as the heatmaps' stripes take them. */
export function paddingOfItem(strips: ItemStrips, item: number): Uint8Array {
  const seqLen = strips.shape[2];
  return Uint8Array.from(strips.keep.subarray(item * seqLen, (item + 1) * seqLen), (real) =>
    real === 1 ? 0 : 1,
  );
}
