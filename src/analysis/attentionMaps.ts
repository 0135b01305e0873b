/**
 * Attention as the views draw it: every layer and head of ONE sequence, [L, H, Tq, Tk], rows =
 * queries, columns = keys, with its shape and axis names kept beside the data all the way to
 * the pixels. A model run (batch 1) and a user's dump (any layout, one batch item chosen) both
 * become this.
 */

/** The axis names of `Attention.data`, in order. */
export const VIEW_AXES = ['layer', 'head', 'query', 'key'] as const;

/**
 * Attention probabilities [L, H, Tq, Tk], row-major: Tq = Tk = T for self-attention; any Tq
 * for cross-attention, 1 for a decoding step or pooling weights (see QueryKind).
 */
export interface Attention {
  readonly data: Float32Array;
  readonly shape: readonly [layers: number, heads: number, queries: number, keys: number];
  readonly axes: typeof VIEW_AXES;
}

/** One attention head by its layer and head index, both 0-based. */
export interface HeadRef {
  readonly layer: number;
  readonly head: number;
}

/**
 * What the query axis of attention that is not self-attention holds: the decoder's positions
 * (cross-attention [Tq, Tk]), one new token against a cache (a decoding step [1, T]), or
 * nothing (pooling weights over time, drawn as one row per head).
 */
export type QueryKind = 'cross' | 'step' | 'pooling';

/**
 * Wraps `data` as [layers, heads, queries, keys] (queries = keys = T unless given); throws a
 * RangeError when the sizes disagree.
 */
export function attentionOf(
  data: Float32Array,
  layers: number,
  heads: number,
  seqLen: number,
  queries = seqLen,
): Attention {
  const sizes = [layers, heads, queries, seqLen];
  if (!sizes.every((size) => Number.isInteger(size) && size >= 1)) {
    throw new RangeError(`attention needs positive integer sizes; got [${sizes.join(', ')}].`);
  }
  const expected = layers * heads * queries * seqLen;
  if (data.length !== expected) {
    throw new RangeError(
      `attention data has ${data.length} values but [${sizes.join(', ')}] needs ${expected}.`,
    );
  }
  return { data, shape: [layers, heads, queries, seqLen], axes: VIEW_AXES };
}

/** The key length T of an attention array (the mask's length; the query length for self-attention). */
export function seqLenOf(attention: Attention): number {
  return attention.shape[3];
}

/** The same data as the diagnostics' [L, B = 1, H, Tq, Tk] shape (no copy). */
export function batchedShape(attention: Attention): readonly number[] {
  const [layers, heads, queries, keys] = attention.shape;
  return [layers, 1, heads, queries, keys];
}

/** One head's Tq×Tk matrix (rows = queries) as a view into the data (no copy). */
export function headMatrix(attention: Attention, layer: number, head: number): Float32Array {
  const [layers, heads, queries, keys] = attention.shape;
  checkIndex(layer, layers, 'layer');
  checkIndex(head, heads, 'head');
  const cells = queries * keys;
  const start = (layer * heads + head) * cells;
  return attention.data.subarray(start, start + cells);
}

/** True when two attention arrays have the same shape (so A − B is defined). */
export function isSameShape(a: Attention, b: Attention): boolean {
  return a.shape.every((size, i) => size === b.shape[i]);
}

function checkIndex(index: number, size: number, name: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`${name} ${index} is out of range [0, ${size}).`);
  }
}
