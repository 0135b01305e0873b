/**
 * One batch item of maskscope's own [L, B, H, T, T] attention measured by the core
 * (measureAttention.ts), and its per-head stats read as the views show them: [layer][head]
 * tables of padding mass and row-sum ranges.
 */
import { attentionDims, attentionSizes, checkIndex, checkMask, FIVE_AXES } from './dims';
import { measureAttention, type AttentionStats, type HeadStats } from './measureAttention';
import { TOLERANCES, type Tolerances } from './tolerances';

/**
 * Measures batch item b of maskscope's [L, B, H, T, T] attention (mask [B*T], 1 = real), after
 * checking the shape, the mask and the index; float32 tolerances unless told.
 */
export function measureBatchItem(...args: Parameters<typeof measureRectangleItem>): AttentionStats {
  const [attention, shape] = args;
  attentionDims(shape, attention.length);
  return measureRectangleItem(...args);
}

/**
 * Measures batch item b of [L, B, H, Tq, Tk] attention (key mask [B*Tk], 1 = real; where
 * Tq ≠ Tk, as in cross-attention, a decoding step or pooling, every query row is real), after
 * checking the shape, the mask and the index.
 */
export function measureRectangleItem(
  attention: Float32Array,
  shape: readonly number[],
  attentionMask: Int32Array,
  batchIndex: number,
  tolerances: Tolerances = TOLERANCES,
): AttentionStats {
  const named = { data: attention, shape, axes: FIVE_AXES };
  const sizes = attentionSizes(named);
  checkMask(attentionMask, sizes.batch, sizes.keys);
  checkIndex(batchIndex, sizes.batch, 'batchIndex');
  return measureAttention(named, attentionMask, tolerances, { item: batchIndex });
}

/** A head's padding mass as the views show it: mean and max over real rows; NaN when a real row is NaN. */
export function leakOfHead(head: HeadStats): { readonly mean: number; readonly max: number } {
  if (head.realRows === 0 || head.paddingKeys === 0) return { mean: 0, max: 0 };
  if (head.nanRealRows > 0) return { mean: NaN, max: NaN };
  return { mean: head.leakTotal / head.realRows, max: head.leakMax };
}

/** The range of a head's real row sums: {1, 1} when it has none, NaN when one is NaN. */
export function rowSumRangeOfHead(head: HeadStats): { readonly min: number; readonly max: number } {
  if (head.realRows === 0) return { min: 1, max: 1 };
  if (head.nanRealRows > 0) return { min: NaN, max: NaN };
  return { min: head.rowSumMin, max: head.rowSumMax };
}

/** Per layer and head ([layer][head]), `pick` of item `item`'s stats. */
export function headTable<T>(
  stats: AttentionStats,
  item: number,
  pick: (head: HeadStats) => T,
): T[][] {
  const table = Array.from({ length: stats.sizes.layers }, (): T[] => []);
  for (const head of stats.heads) {
    if (head.batch === item) table[head.layer]?.push(pick(head));
  }
  return table;
}
