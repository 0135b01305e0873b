/**
 * Attention as the views draw it: every layer and head of ONE sequence, [L, H, Tq, Tk], rows =
 * queries, columns = keys, with its shape and axis names kept beside the data all the way to
 * the pixels. A model run (batch 1) and a user's dump (any layout, one batch item chosen) both
 * become this.
 */

/** The axis names of `Attention.data`, in order. */
export const VIEW_AXES = ['layer', 'head', 'query', 'key'] as const;

/** Attention probabilities [L, H, Tq, Tk] (Tq = Tk = T), row-major. */
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

/** Wraps `data` as [layers, heads, T, T]; throws a RangeError when the sizes disagree. */
export function attentionOf(
  data: Float32Array,
  layers: number,
  heads: number,
  seqLen: number,
): Attention {
  const sizes = [layers, heads, seqLen];
  if (!sizes.every((size) => Number.isInteger(size) && size >= 1)) {
    throw new RangeError(`attention needs positive integer sizes; got [${sizes.join(', ')}].`);
  }
  const expected = layers * heads * seqLen * seqLen;
  if (data.length !== expected) {
    throw new RangeError(
      `attention data has ${data.length} values but [${layers}, ${heads}, ${seqLen}, ${seqLen}] needs ${expected}.`,
    );
  }
  return { data, shape: [layers, heads, seqLen, seqLen], axes: VIEW_AXES };
}

/** The sequence length T of an attention array. */
export function seqLenOf(attention: Attention): number {
  return attention.shape[2];
}

/** The same data as the diagnostics' [L, B = 1, H, T, T] shape (no copy). */
export function batchedShape(attention: Attention): readonly number[] {
  const [layers, heads, queries, keys] = attention.shape;
  return [layers, 1, heads, queries, keys];
}

/** One head's T×T matrix (rows = queries) as a view into the data (no copy). */
export function headMatrix(attention: Attention, layer: number, head: number): Float32Array {
  const [layers, heads, seqLen] = attention.shape;
  checkIndex(layer, layers, 'layer');
  checkIndex(head, heads, 'head');
  const cells = seqLen * seqLen;
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
