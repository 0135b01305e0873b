/**
 * The layout of attention without a [T, T] pair of axes: pooling weights [B, T] or [B, H, T],
 * cross-attention [B, H, Tq, Tk] with Tq ≠ Tk, one decoding step [B, H, 1, T]. The key axis is
 * the one whose lines sum to 1 and that has the mask's length; the query axis, when there is
 * one, stands just before it and may have any length, 1 included.
 */
import { formatSignificant } from '../diagnostics/format';
import { axisSums, percent, type AxisSums } from './axisSums';
import { DumpError } from './dumpError';
import type { Confidence, Layout } from './attentionLayout';

/** The mask's length (null when unknown) and the line-sum tolerance. */
export interface KeyAxisHints {
  readonly maskKeys: number | null;
  readonly tolerance: number;
  /**
   * How three axes read: pooling heads [B, H, T] (default), or a head-averaged cross-attention
   * [B, Tq, Tk] (nn.MultiheadAttention's default) when the array's name says so.
   */
  readonly threeAxes?: 'BHK' | 'BQK';
}

/** Letters of the axes other than the key, in order, by how many there are. */
const OTHER_NAMES: Readonly<Record<number, string>> = { 1: 'B', 2: 'BH', 3: 'BHQ', 4: 'LBHQ' };

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The key axis's candidates: the axes whose lines sum to 1 (those of the mask's length first);
 * when none does (a mask applied after the softmax), the axes of the mask's length.
 */
function candidatesOf(sums: readonly AxisSums[], shape: readonly number[], hints: KeyAxisHints) {
  const ofMask = (list: readonly AxisSums[]) =>
    list.filter((sum) => shape[sum.axis] === hints.maskKeys);
  const summing = sums.filter((sum) => sum.medianGap <= hints.tolerance);
  if (summing.length > 0) return ofMask(summing).length > 0 ? ofMask(summing) : summing;
  return ofMask(sums).length > 0 ? ofMask(sums) : sums;
}

/**
 * Sure when only the key axis sums to 1. Likely when it sums to 1 and so do only axes of
 * another length while it alone has the mask's length, or when nothing sums to 1 but it alone
 * has the mask's length. Unsure otherwise (a permutation matrix sums to 1 both ways).
 */
function confidenceOf(
  key: AxisSums,
  others: readonly AxisSums[],
  sizes: { readonly shape: readonly number[]; readonly isMaskLength: boolean },
  tolerance: number,
): Confidence {
  const rivals = others.filter((other) => other.medianGap <= tolerance);
  if (key.medianGap <= tolerance && rivals.length === 0) return 'sure';
  const isRivalOfSameLength = rivals.some(
    (rival) => sizes.shape[rival.axis] === sizes.shape[key.axis],
  );
  return sizes.isMaskLength && !isRivalOfSameLength ? 'likely' : 'unsure';
}

function letterOf(shape: readonly number[], keyAxis: number, threeAxes: 'BHK' | 'BQK'): string {
  const others = shape.length - 1;
  const names = others === 2 && threeAxes === 'BQK' ? 'BQ' : OTHER_NAMES[others];
  if (names === undefined) {
    throw new DumpError(`attention must have 2 to 5 axes; got shape ${shapeText(shape)}.`);
  }
  // Keys first means a column-major framework ([T, B], [Tk, Tq, H, B]): the rest run reversed.
  const ordered = keyAxis === 0 && others > 1 ? [...names].reverse() : [...names];
  const letters = [...ordered];
  letters.splice(keyAxis, 0, 'K');
  return letters.join('');
}

function reasonOf(
  key: AxisSums,
  others: readonly AxisSums[],
  read: { readonly letters: string; readonly shape: readonly number[] },
  isMaskLength: boolean,
  confidence: Confidence,
): string {
  const { letters, shape } = read;
  const rest = others.map((other) => `dim ${other.axis} over ${percent(other.share)}`).join(', ');
  const queryAxis = letters.indexOf('Q');
  const queries = shape[queryAxis] ?? 1;
  const what =
    queryAxis < 0
      ? 'no query axis (pooling weights over time)'
      : `dim ${queryAxis} as queries (${queries === 1 ? 'one: a decoding step' : `${queries} of them: cross-attention`})`;
  return (
    `no [T, T] pair of axes${isMaskLength ? " of the mask's length" : ''} decides; dim ${key.axis} sums to 1 over ${percent(key.share)} of its ${key.lines} lines (typically within ${formatSignificant(key.medianGap)})` +
    (rest === '' ? '' : `, ${rest}`) +
    (isMaskLength ? ", and only it has the mask's length" : '') +
    `, so dim ${key.axis} is keys: ${letters}, with ${what}` +
    (letters.length === 3 && !letters.includes('Q')
      ? '; a head-averaged cross-attention [B, Tq, Tk] would be BQK: declare it if so'
      : '') +
    (letters.length === 3 && letters.includes('Q')
      ? "; three axes named like nn.MultiheadAttention's weights or cross-attention read as heads averaged: declare BHK for pooling heads"
      : '') +
    (confidence === 'unsure'
      ? '; no axis clearly sums to 1, so this is a guess: declare the layout if you know it'
      : '')
  );
}

/**
 * Finds the key axis of an attention array of rank 2 to 5 that has no [T, T] pair: the axis
 * whose lines sum closest to 1 among those of the mask's length (`maskKeys`, when known).
 */
export function detectKeyAxis(
  data: Float32Array,
  shape: readonly number[],
  hints: KeyAxisHints,
): Layout {
  const { maskKeys, tolerance } = hints;
  const sums = shape
    .map((_, axis) => axis)
    .filter((axis) => (shape[axis] ?? 1) > 1)
    .map((axis) => axisSums(data, shape, axis, tolerance));
  const [key] = [...candidatesOf(sums, shape, hints)].sort(
    (a, b) => a.medianGap - b.medianGap || b.axis - a.axis,
  );
  if (key === undefined) {
    throw new DumpError(
      `attention of shape ${shapeText(shape)} has no axis longer than 1, so no key axis can be found.`,
    );
  }
  const others = sums.filter((sum) => sum.axis !== key.axis);
  const isMaskLength =
    maskKeys !== null &&
    shape.filter((size) => size === maskKeys).length === 1 &&
    shape[key.axis] === maskKeys;
  const confidence = confidenceOf(key, others, { shape, isMaskLength }, tolerance);
  const letters = letterOf(shape, key.axis, hints.threeAxes ?? 'BHK');
  return {
    letters,
    queryAxis: letters.indexOf('Q'),
    keyAxis: key.axis,
    confidence,
    reason: reasonOf(key, others, { letters, shape }, isMaskLength, confidence),
    isDeclared: false,
  };
}
