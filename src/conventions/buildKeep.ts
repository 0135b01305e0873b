/**
 * The keep-matrix an API builds from the array it is given: for one batch item, the score each
 * (query, key) cell gets added ([Tq × Tk], rows = queries) and, after the softmax, how much of
 * its weight each key keeps relative to the row's best key (1 = attends fully, 0 = masked,
 * NaN = the whole row is -inf, so the softmax is NaN). Self-attention: Tq = Tk = T.
 */
import type { NamedArray } from '../dump/arrays';
import { apiConvention, type ApiConvention, type ApiId, type ValueRule } from './apis';
import { ConventionError } from './conventionError';
import { attendsUnder } from '../masks/polarity';

/** A score added below this masks the key for any realistic score (e^-100 ≈ 4e-44). */
export const MASKED_BELOW = -100;

/** What an API makes of a mask array for one batch item. */
export interface KeepMatrix {
  readonly seqLen: number;
  /** Score added to each cell before the softmax, [T × T] row-major, rows = queries. */
  readonly bias: Float32Array;
  /** exp(bias − row max): the weight a cell keeps, [T × T]; NaN rows are NaN. */
  readonly weight: Float32Array;
  /** How the array's axes were read, in words. */
  readonly reading: string;
  /** The rule the API applied to the array's dtype. */
  readonly rule: ValueRule;
}

/**
 * Builds the keep-matrix of `api` for `array` against T = `seqLen` keys, batch item `item`.
 * Throws ConventionError when the API refuses the dtype or the shape.
 */
export function buildKeepMatrix(
  apiId: ApiId,
  array: NamedArray,
  seqLen: number,
  item = 0,
): KeepMatrix {
  const api = apiConvention(apiId);
  const rule = api.rules[array.kind];
  if (rule === 'refused') {
    throw new ConventionError(
      `${api.argument} refuses ${array.kind === 'int' ? 'an' : 'a'} ${array.kind} array: ${api.refusal}.`,
    );
  }
  const { index, reading } = indexer(api, array.shape, seqLen, item);
  const T = seqLen;
  const bias = new Float32Array(T * T);
  for (let q = 0; q < T; q++) {
    for (let k = 0; k < T; k++) {
      bias[q * T + k] = biasOf(rule, array.data[index(q, k)] ?? NaN, api.maskedBias);
    }
  }
  return { seqLen: T, bias, weight: rowWeights(bias, T), reading, rule };
}

/** The score one value adds under `rule`. */
export function biasOf(rule: ValueRule, value: number, maskedBias: number): number {
  switch (rule) {
    case 'true-attends':
    case 'true-ignores':
      return attendsUnder(rule, value) ? 0 : maskedBias; // NaN is truthy when cast to bool
    case 'added':
      return value;
    case 'one-keeps':
      return value === 1 ? 0 : maskedBias;
    case 'minus-one-1e9':
      return Math.fround((value - 1) * 1e9);
    case 'refused':
      return NaN;
  }
}

/** exp(b − max of the row); a row whose max is not finite (all -inf, +inf, NaN) is NaN. */
function rowWeights(bias: Float32Array, T: number): Float32Array {
  const weight = new Float32Array(T * T);
  for (let q = 0; q < T; q++) {
    const row = bias.subarray(q * T, (q + 1) * T);
    let max = -Infinity;
    let hasNaN = false;
    for (const b of row) {
      if (Number.isNaN(b)) hasNaN = true;
      else if (b > max) max = b;
    }
    const isNaNRow = hasNaN || !Number.isFinite(max);
    for (let k = 0; k < T; k++) {
      weight[q * T + k] = isNaNRow ? NaN : Math.exp((row[k] ?? 0) - max);
    }
  }
  return weight;
}

type Indexer = { index: (q: number, k: number) => number; reading: string };

function indexer(api: ApiConvention, shape: readonly number[], T: number, item: number): Indexer {
  const at = `${api.argument} of shape [${shape.join(', ')}]`;
  switch (api.shapeRule) {
    case 'key-rows':
      return keyRows(shape, T, item, at);
    case 'ort-index':
      if (shape.length === 1) {
        throw new ConventionError(
          `${at}: a 1-D mask_index holds key lengths per batch item, not 0/1 values; give [B, ${T}] instead.`,
        );
      }
      return shape.length === 2 ? keyRows(shape, T, item, at) : broadcast(shape, T, item, at, 3);
    case 'broadcast':
      return broadcast(shape, T, item, at, 4);
    case 'keras':
      return broadcast(kerasExpand(shape, at), T, item, at, 4);
  }
}

/** [T] or [B, T]: one value per key, the same for every query. */
function keyRows(shape: readonly number[], T: number, item: number, at: string): Indexer {
  if (shape.length > 2 || shape[shape.length - 1] !== T) {
    throw new ConventionError(`${at}: expected [${T}] or [B, ${T}], one value per key.`);
  }
  const batch = shape.length === 2 ? (shape[0] ?? 1) : 1;
  const b = checkItem(batch, item, at);
  return {
    index: (_q, k) => b * T + k,
    reading: `one value per key (batch item ${b} of ${batch}), the same for every query`,
  };
}

/** Keras inserts axes at -3 until the mask has the scores' rank 4 (`mask_expansion_axis`). */
function kerasExpand(shape: readonly number[], at: string): number[] {
  const expanded = [...shape];
  while (expanded.length < 4) {
    const position = expanded.length - 2;
    if (position < 0) {
      throw new ConventionError(
        `${at}: Keras cannot expand a 1-D mask to the scores; give [B, T, S] (or [B, 1, S]).`,
      );
    }
    expanded.splice(position, 0, 1);
  }
  return expanded;
}

/** NumPy broadcasting of `shape`, right-aligned, against [B, H, T, T]; head 0 is read. */
function broadcast(
  shape: readonly number[],
  T: number,
  item: number,
  at: string,
  maxRank: number,
): Indexer {
  if (shape.length > maxRank) {
    throw new ConventionError(`${at}: more than ${maxRank} axes.`);
  }
  const full = [...new Array<number>(4 - shape.length).fill(1), ...shape];
  const [batch = 1, heads = 1, queries = 1, keys = 1] = full;
  for (const [size, name] of [
    [queries, 'queries'],
    [keys, 'keys'],
  ] as const) {
    if (size !== 1 && size !== T) {
      throw new ConventionError(
        `${at} does not broadcast to [B, H, ${T}, ${T}]: its ${name} axis has ${size}, not 1 or ${T}.`,
      );
    }
  }
  const b = checkItem(batch, item, at);
  const strideK = keys === 1 ? 0 : 1;
  const strideQ = queries === 1 ? 0 : keys;
  const base = b * heads * queries * keys; // head 0 of item b
  const axis =
    keys === T && queries === 1
      ? 'one value per key'
      : queries === T && keys === 1
        ? 'one value per QUERY (the query axis)'
        : queries === T
          ? 'one value per (query, key) cell'
          : 'one value for every cell';
  const headNote = heads > 1 ? `, head 0 of ${heads}` : '';
  return {
    index: (q, k) => base + q * strideQ + k * strideK,
    reading: `broadcast to [B, H, ${T}, ${T}]: ${axis} (batch item ${b} of ${batch}${headNote})`,
  };
}

function checkItem(batch: number, item: number, at: string): number {
  if (batch === 1) return 0;
  if (!Number.isInteger(item) || item < 0 || item >= batch) {
    throw new ConventionError(`${at}: batch item ${item} does not exist (0 to ${batch - 1}).`);
  }
  return item;
}

/** The keep-matrix the user meant: every query keeps the real keys, [T × T]. */
export function intendedKeep(real: Int32Array): Float32Array {
  const T = real.length;
  const keep = new Float32Array(T * T);
  for (let q = 0; q < T; q++) for (let k = 0; k < T; k++) keep[q * T + k] = real[k] ?? 0;
  return keep;
}
