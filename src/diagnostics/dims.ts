/**
 * Named dimensions of attention arrays (any subsequence of [L, B, H, Tq, Tk] ending in the key
 * axis) and of [L+1, B, T, D] hidden-state arrays.
 */

/** The sizes of an attention array [L, B, H, T, T] (rows = queries, columns = keys). */
export interface AttentionDims {
  readonly layers: number;
  readonly batch: number;
  readonly heads: number;
  readonly seqLen: number;
}

/** The sizes of a hidden-state array [L+1, B, T, D]. */
export interface HiddenDims {
  /** Embedding output plus one per layer: L + 1. */
  readonly states: number;
  readonly batch: number;
  readonly seqLen: number;
  readonly width: number;
}

/** Reads and checks an attention shape [L, B, H, T, T] against the data length. */
export function attentionDims(shape: readonly number[], dataLength: number): AttentionDims {
  const [layers = 0, batch = 0, heads = 0, seqLen = 0, keys = 0] = shape;
  if (shape.length !== 5 || keys !== seqLen) {
    throw new RangeError(`attention must have shape [L, B, H, T, T]; got [${shape.join(', ')}].`);
  }
  checkLength(shape, dataLength, 'attention');
  return { layers, batch, heads, seqLen };
}

/** Reads and checks a hidden-state shape [L+1, B, T, D] against the data length. */
export function hiddenDims(shape: readonly number[], dataLength: number): HiddenDims {
  const [states = 0, batch = 0, seqLen = 0, width = 0] = shape;
  if (shape.length !== 4) {
    throw new RangeError(
      `hidden states must have shape [L+1, B, T, D]; got [${shape.join(', ')}].`,
    );
  }
  checkLength(shape, dataLength, 'hidden states');
  return { states, batch, seqLen, width };
}

/** Throws unless the mask [B*T] matches the batch and sequence length. */
export function checkMask(attentionMask: Int32Array, batch: number, seqLen: number): void {
  if (attentionMask.length !== batch * seqLen) {
    throw new RangeError(
      `attentionMask has ${attentionMask.length} entries, expected B × T = ${batch} × ${seqLen}.`,
    );
  }
}

/** Throws unless 0 ≤ index < size. */
export function checkIndex(index: number, size: number, name: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`${name} ${index} is out of range [0, ${size}).`);
  }
}

function checkLength(shape: readonly number[], dataLength: number, name: string): void {
  const expected = shape.reduce((product, size) => product * size, 1);
  if (expected !== dataLength) {
    throw new RangeError(
      `${name} data has ${dataLength} values but shape [${shape.join(', ')}] needs ${expected}.`,
    );
  }
}

/** Offset of the [T, T] matrix of (layer, batch item, head) in a flat [L, B, H, T, T] array. */
export function matrixOffset(dims: AttentionDims, layer: number, b: number, head: number): number {
  return ((layer * dims.batch + b) * dims.heads + head) * dims.seqLen * dims.seqLen;
}

/** Indices t of batch item b split by the mask [B*T] into real tokens and padding. */
export function splitByMask(
  attentionMask: Int32Array,
  seqLen: number,
  b: number,
): { readonly real: number[]; readonly padding: number[] } {
  const real: number[] = [];
  const padding: number[] = [];
  for (let t = 0; t < seqLen; t++) {
    (attentionMask[b * seqLen + t] === 0 ? padding : real).push(t);
  }
  return { real, padding };
}

/** The axes an attention array may have, in the only order they may come in. */
export type AttentionAxis = 'layer' | 'batch' | 'head' | 'query' | 'key';

const AXIS_ORDER: readonly AttentionAxis[] = ['layer', 'batch', 'head', 'query', 'key'];

/** The axes of maskscope's own [L, B, H, T, T] attention. */
export const FIVE_AXES: readonly AttentionAxis[] = AXIS_ORDER;

/** Attention probabilities with named axes; `key` (the softmax axis) must be last. */
export interface NamedAttention {
  readonly data: Float32Array;
  readonly shape: readonly number[];
  /** A subsequence of layer, batch, head, query, key; a missing axis has size 1. */
  readonly axes: readonly AttentionAxis[];
}

/** The sizes of a NamedAttention, every axis filled in. */
export interface AttentionSizes {
  readonly layers: number;
  readonly batch: number;
  readonly heads: number;
  readonly queries: number;
  readonly keys: number;
}

/** Reads the sizes of `attention`; throws a RangeError naming what is wrong. */
export function attentionSizes(attention: NamedAttention): AttentionSizes {
  const { axes, shape, data } = attention;
  let at = 0;
  for (const axis of axes) {
    const next = AXIS_ORDER.indexOf(axis, at);
    if (next < 0)
      throw new RangeError(
        `axes [${axes.join(', ')}] are not in the order ${AXIS_ORDER.join(', ')}.`,
      );
    at = next + 1;
  }
  if (axes[axes.length - 1] !== 'key' || shape.length !== axes.length) {
    throw new RangeError(
      `axes [${axes.join(', ')}] must end with 'key' and name each of [${shape.join(', ')}].`,
    );
  }
  const size = (axis: AttentionAxis): number => {
    const i = axes.indexOf(axis);
    return i < 0 ? 1 : (shape[i] ?? 0);
  };
  const sizes = {
    layers: size('layer'),
    batch: size('batch'),
    heads: size('head'),
    queries: size('query'),
    keys: size('key'),
  };
  const expected = shape.reduce((product, n) => product * n, 1);
  if (expected !== data.length) {
    throw new RangeError(
      `attention data has ${data.length} values but shape [${shape.join(', ')}] needs ${expected}.`,
    );
  }
  return sizes;
}
