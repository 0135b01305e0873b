/**
 * The padding mask of a dump, from whatever the user has: an array in a file (in one of the
 * frameworks' polarities), lengths per batch item with a padding side, or typed 0/1 values.
 * Each framework writes it its own way (mask-bugs.md row 18):
 *   keep     1/True = real token: Hugging Face attention_mask, Keras, Flax, DL4J, SDPA bool
 *   ignore   1/True = padding:    PyTorch key_padding_mask (and src_key_padding_mask)
 *   additive 0 = real, a large negative number = padding: a Hugging Face "extended" mask
 *   lengths  one count of real tokens per batch item, padded on the right or the left
 */
import type { PaddingSide } from '../masks/maskMode';
import { attendsUnder, type Polarity } from '../masks/polarity';
import type { NamedArray } from './arrays';
import { DumpError } from './dumpError';

/** How the mask's values say which tokens are real. */
export type MaskConvention = 'keep' | 'ignore' | 'additive' | 'lengths';

/** A resolved mask: 1 = real token, 0 = padding, [B * T]; and how it was read, in words. */
export interface ResolvedMask {
  readonly keep: Int32Array;
  readonly batch: number;
  readonly seqLen: number;
  readonly convention: MaskConvention;
  readonly description: string;
}

export const CONVENTION_WORDS: Readonly<Record<MaskConvention, string>> = {
  keep: '1 = real token (Hugging Face attention_mask, Keras, Flax, DL4J, SDPA bool)',
  ignore: '1/True = padding (PyTorch key_padding_mask)',
  additive: '0 = real token, large negative = padding (an additive mask)',
  lengths: 'real-token counts per batch item',
};

/** How the 0/1 conventions read (masks/polarity.ts). */
const POLARITY: Readonly<Record<'keep' | 'ignore', Polarity>> = {
  keep: 'true-attends',
  ignore: 'true-ignores',
};

const IGNORE_NAMES = /key_padding_mask|padding_mask|pad_mask/i;
const LENGTH_NAMES = /^(lengths?|input_lengths|seq_lens?|sequence_lengths)$/i;
const KEEP_NAMES = /attention_mask|attn_mask|input_mask|keep|valid|feature_mask/i;

/**
 * True when nothing but the default says how the 0/1 mask `array` reads: its name says neither
 * "keep" (attention_mask) nor "ignore" (key_padding_mask), and its values are only 0 and 1. Its
 * polarity is then a guess (issue 22, item 14).
 */
export function isPolarityGuessed(array: NamedArray): boolean {
  const name = array.name.replace(/^.*[./]/, '');
  if (LENGTH_NAMES.test(name) || IGNORE_NAMES.test(name) || KEEP_NAMES.test(name)) return false;
  return array.data.every((value) => value === 0 || value === 1);
}

/** The convention a mask array most likely uses, from its name and values. */
export function guessConvention(array: NamedArray): MaskConvention {
  const name = array.name.replace(/^.*[./]/, '');
  if (LENGTH_NAMES.test(name)) return 'lengths';
  if (IGNORE_NAMES.test(name)) return 'ignore';
  if (array.kind === 'float' && array.data.some((v) => v <= -1e3)) return 'additive';
  return 'keep';
}

/**
 * Reads `array` as a mask for `batch` sequences of `seqLen` tokens. Shapes [T], [B, T] and the
 * broadcast forms [B, 1, T], [B, 1, 1, T] are read; a [B, T, T] mask keeps a key that any query
 * may attend to. A mask of one row serves every batch item.
 */
export function maskFromArray(
  array: NamedArray,
  convention: MaskConvention,
  batch: number,
  seqLen: number,
  side: PaddingSide = 'right',
): ResolvedMask {
  const at = `mask '${array.name}'`;
  if (convention === 'lengths') {
    if (array.data.length !== batch && array.data.length !== 1) {
      throw new DumpError(`${at}: ${array.data.length} lengths for ${batch} batch items.`);
    }
    return maskFromLengths(Array.from(array.data), batch, seqLen, side);
  }
  const rows = keyRows(array, seqLen, at);
  if (rows.length !== batch && rows.length !== 1) {
    throw new DumpError(
      `${at} has ${rows.length} rows but the attention has ${batch} batch items.`,
    );
  }
  const keep = new Int32Array(batch * seqLen);
  for (let b = 0; b < batch; b++) {
    const row = rows[rows.length === 1 ? 0 : b] ?? [];
    row.forEach((value, t) => (keep[b * seqLen + t] = isReal(value, convention, at)));
  }
  return {
    keep,
    batch,
    seqLen,
    convention,
    description: `'${array.name}' [${array.shape.join(', ')}] read as ${CONVENTION_WORDS[convention]}`,
  };
}

function isReal(value: number, convention: Exclude<MaskConvention, 'lengths'>, at: string): number {
  if (Number.isNaN(value)) throw new DumpError(`${at} holds NaN.`);
  if (convention === 'additive') return value > -1 ? 1 : 0;
  if (value !== 0 && value !== 1) {
    throw new DumpError(
      `${at} holds ${value}, not only 0 and 1: if it is added to the scores, declare it additive.`,
    );
  }
  return attendsUnder(POLARITY[convention], value) ? 1 : 0;
}

/** The mask as rows of T values, one per batch item. */
function keyRows(array: NamedArray, seqLen: number, at: string): number[][] {
  const shape = array.shape.filter((size, i) => size !== 1 || i === array.shape.length - 1);
  const last = array.shape[array.shape.length - 1];
  if (last !== seqLen) {
    throw new DumpError(
      `${at} has shape [${array.shape.join(', ')}]; its last axis must be the ${seqLen} tokens.`,
    );
  }
  const rowsOf = (count: number): number[][] =>
    Array.from({ length: count }, (_, b) =>
      Array.from(array.data.subarray(b * seqLen, (b + 1) * seqLen)),
    );
  if (shape.length <= 2) return rowsOf(array.data.length / seqLen);
  if (shape.length === 3 && shape[1] === seqLen) {
    // [B, Tq, Tk]: a key is real when any query may attend to it.
    const batch = shape[0] ?? 1;
    return Array.from({ length: batch }, (_, b) =>
      Array.from({ length: seqLen }, (_, k) => {
        let best = -Infinity;
        for (let q = 0; q < seqLen; q++)
          best = Math.max(best, array.data[(b * seqLen + q) * seqLen + k] ?? NaN);
        return best;
      }),
    );
  }
  throw new DumpError(
    `${at} has shape [${array.shape.join(', ')}]; expected [T], [B, T], [B, 1, 1, T] or [B, T, T].`,
  );
}

/** A mask from real-token counts: `lengths[b]` real tokens, padded on `side`. */
export function maskFromLengths(
  lengths: readonly number[],
  batch: number,
  seqLen: number,
  side: PaddingSide,
): ResolvedMask {
  if (lengths.length !== batch && lengths.length !== 1) {
    throw new DumpError(`${lengths.length} lengths for ${batch} batch items.`);
  }
  const keep = new Int32Array(batch * seqLen);
  for (let b = 0; b < batch; b++) {
    const length = lengths[lengths.length === 1 ? 0 : b] ?? 0;
    if (!Number.isInteger(length) || length < 0 || length > seqLen) {
      throw new DumpError(
        `length ${length} of batch item ${b} is not a whole number from 0 to ${seqLen}.`,
      );
    }
    const start = side === 'left' ? seqLen - length : 0;
    keep.fill(1, b * seqLen + start, b * seqLen + start + length);
  }
  return {
    keep,
    batch,
    seqLen,
    convention: 'lengths',
    description: `lengths ${lengths.join(', ')} of ${seqLen}, padded on the ${side}`,
  };
}

/** Parses "7,12" or "7 12" into lengths. */
export function parseLengths(text: string): number[] {
  const items = text.split(/[\s,]+/).filter((item) => item !== '');
  if (items.length === 0 || items.some((item) => !/^\d{1,6}$/.test(item))) {
    throw new DumpError(`lengths '${text}' must be whole numbers separated by commas, like 7,12.`);
  }
  return items.map(Number);
}
