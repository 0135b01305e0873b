/**
 * What kind of attention a layout holds: self-attention [T, T], cross-attention [Tq, Tk] with
 * Tq ≠ Tk, one decoding step [1, T] against a cache, or pooling weights over time (no query
 * axis). The verdict's wording and the mask's checks depend on it.
 */
import { DumpError } from './dumpError';
import type { Layout } from './attentionLayout';

/** The attention's kind, from its layout and shape. */
export type AttentionKind = 'self' | 'cross' | 'step' | 'pooling';

/** The kind of attention of `shape` read as `layout`. */
export function attentionKindOf(layout: Layout, shape: readonly number[]): AttentionKind {
  if (layout.queryAxis < 0) return 'pooling';
  const queries = shape[layout.queryAxis] ?? 1;
  const keys = shape[layout.keyAxis] ?? 1;
  if (queries === keys) return 'self';
  return queries === 1 ? 'step' : 'cross';
}

/**
 * Refuses a mask whose length is not the key axis's, naming what it is instead: the queries'
 * length (in cross-attention, the decoder's mask used on the encoder's keys) or neither.
 */
export function assertMaskFitsKeys(
  maskKeys: number | null,
  layout: Layout,
  shape: readonly number[],
  from: string,
): void {
  const keys = shape[layout.keyAxis] ?? 1;
  if (maskKeys === null || maskKeys === keys) return;
  const queries = layout.queryAxis < 0 ? null : (shape[layout.queryAxis] ?? 1);
  const where = `${from} [${shape.join(', ')}] read as ${layout.letters} (${layout.reason})`;
  if (maskKeys === queries) {
    throw new DumpError(
      `the mask has ${maskKeys} positions, the length of the queries (dim ${layout.queryAxis}), but the keys (dim ${layout.keyAxis}) have ${keys}: in cross-attention this is the decoder's mask used on the encoder's keys. Mask the keys with the encoder's padding mask (key_padding_mask=(src_mask == 0) in nn.MultiheadAttention, attention_mask= of the encoder in Hugging Face); the decoder's own mask belongs to its self-attention. ${where}.`,
    );
  }
  throw new DumpError(
    `the mask has ${maskKeys} positions, which matches neither the keys (dim ${layout.keyAxis}, ${keys}) nor ${queries === null ? 'any query axis (pooling weights have none)' : `the queries (dim ${layout.queryAxis}, ${queries})`}: it belongs to another sequence. Give the mask of the sequence being attended to (its keys), or declare the layout with --layout if the key axis was misread. ${where}.`,
  );
}
