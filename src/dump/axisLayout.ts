/**
 * Which axis is the query and which the key, found from the data: softmax normalises over keys,
 * so along the key axis the lines sum to 1, and along the query axis they do not (a sink key's
 * column sums to far more). The remaining axes are named layer, batch and head from their
 * order and the mask's batch size. A layout is written as axis letters: L layer, B batch,
 * H head, Q query, K key ("BHQK" for Hugging Face, "BHKQ" for DL4J, "KQHB" for Julia's NNlib).
 */
import { permute } from './arrays';
import { axisSums, percent, type AxisSums } from './axisSums';
import { formatSignificant } from '../diagnostics/format';
import { DumpError } from './dumpError';
import type { Confidence, Layout } from './attentionLayout';
import { detectKeyAxis } from './keyAxisLayout';

export type { Confidence, Layout } from './attentionLayout';

const LETTERS = 'LBHQK';

/**
 * True when `a` rather than `b` is the key axis: the one whose lines sum closer to 1 when either
 * does; otherwise the only one without all-zero lines, then the only one whose sums stay ≤ 1.
 */
function isKeyAxis(a: AxisSums, b: AxisSums, tolerance: number): boolean {
  const isCloser =
    a.medianGap < b.medianGap || (a.medianGap === b.medianGap && a.maxSum < b.maxSum);
  if (Math.min(a.medianGap, b.medianGap) <= tolerance) return isCloser;
  if ((a.emptyShare === 0) !== (b.emptyShare === 0)) return a.emptyShare === 0;
  const isABounded = a.maxSum <= 1 + tolerance;
  if (isABounded !== b.maxSum <= 1 + tolerance) return isABounded;
  return isCloser;
}

/**
 * Judges one adjacent pair of equal-sized axes: the key axis is the one whose lines sum closer
 * to 1 (softmax rows are exact to rounding, while even a near-uniform head's columns are only
 * close). Sure when its lines sum to 1 and the other's clearly do not. When neither does (a mask
 * applied after softmax), all-zero lines decide: only the query axis has them, one per masked
 * key, and a pair of axes that both have them (batch and head of equal size) is no [T, T] pair.
 */
function judgePair(a: AxisSums, b: AxisSums, tolerance: number) {
  const [key, query] = isKeyAxis(a, b, tolerance) ? [a, b] : [b, a];
  const isKeyBounded = key.maxSum <= 1 + tolerance;
  const isMaskedKeyAxis = key.emptyShare === 0 && query.emptyShare > 0;
  const ratio = query.medianGap / Math.max(key.medianGap, 1e-12);
  let confidence: Confidence = 'unsure';
  if (key.medianGap <= tolerance && query.medianGap > tolerance && ratio >= 10) confidence = 'sure';
  else if (isKeyBounded && (ratio >= 3 || query.maxSum > 1 + tolerance || isMaskedKeyAxis))
    confidence = 'likely';
  const score =
    Math.log10(Math.min(Math.max(ratio, 1e-12), 1e12)) +
    (isMaskedKeyAxis ? 20 : 0) +
    (confidence === 'sure' ? 100 : confidence === 'likely' ? 10 : 0);
  return { key, query, confidence, score, isMaskedKeyAxis };
}

/** What the mask tells the detection, when known. */
export interface LayoutHints {
  /** The mask's batch size: names the batch axis. */
  readonly maskBatch?: number | null;
  /** The mask's length (its last axis): the key axis has it. */
  readonly maskKeys?: number | null;
  /**
   * How many real-token counts the mask gives when it is lengths (one per batch item): more than
   * one makes a square [N, N] array N pooling rows, not one [T, T] matrix.
   */
  readonly lengthsCount?: number | null;
  readonly tolerance?: number;
  /** How three axes without a [T, T] pair read (keyAxisLayout.ts). */
  readonly threeAxes?: 'BHK' | 'BQK';
}

/**
 * Finds the query and key axes of an attention array of rank 2 to 5: among adjacent pairs of
 * equal size, the axis whose lines sum to 1 is the key axis. Without such a pair (pooling
 * [B, T], cross-attention [B, H, Tq, Tk], a decoding step [B, H, 1, T]), or when the pair has
 * not the mask's length, the key axis alone is found (keyAxisLayout.ts). `maskBatch` (the
 * mask's batch size, when known) helps name the other axes.
 */
export function detectLayout(
  data: Float32Array,
  shape: readonly number[],
  options: LayoutHints = {},
): Layout {
  const rank = shape.length;
  if (rank < 2 || rank > 5) {
    throw new DumpError(
      `attention must have 2 to 5 axes ([Tq, Tk] … [L, B, H, Tq, Tk]); got shape [${shape.join(', ')}].`,
    );
  }
  const tolerance = options.tolerance ?? 2e-3;
  let best: ReturnType<typeof judgePair> | null = null;
  for (let axis = 0; axis + 1 < rank; axis++) {
    if (shape[axis] !== shape[axis + 1]) continue;
    const judged = judgePair(
      axisSums(data, shape, axis, tolerance),
      axisSums(data, shape, axis + 1, tolerance),
      tolerance,
    );
    if (best === null || judged.score > best.score) best = judged;
  }
  const maskKeys = options.maskKeys ?? null;
  // [N, N] with N lengths is N items' pooling weights: one [T, T] matrix takes one length.
  const isPoolingOfLengths = rank === 2 && (options.lengthsCount ?? 1) > 1;
  const isPairOfMask =
    best !== null &&
    !isPoolingOfLengths &&
    (maskKeys === null || shape[best.key.axis] === maskKeys);
  const hints = { maskKeys, tolerance, threeAxes: options.threeAxes ?? 'BHK' } as const;
  if (isPoolingOfLengths && best !== null) {
    const pooling = detectKeyAxis(data, shape, hints);
    return {
      ...pooling,
      reason: pooling.reason.replace(
        /^no \[T, T\] pair of axes[^;]* decides/,
        `the ${options.lengthsCount} lengths make [${shape.join(', ')}] ${options.lengthsCount} items, not one [T, T] matrix`,
      ),
    };
  }
  if (best === null || !isPairOfMask) return detectKeyAxis(data, shape, hints);
  if (best.confidence === 'unsure' && shape.some((size) => size > 1)) {
    // A pair no axis of which sums to 1 (batch and head of equal size beside a decoding step).
    const single = detectKeyAxis(data, shape, hints);
    if (single.confidence !== 'unsure') return single;
  }
  const { key, query, confidence, isMaskedKeyAxis } = best;
  const reason =
    `dim ${key.axis} sums to 1 over ${percent(key.share)} of its ${key.lines} lines (typically within ${formatSignificant(key.medianGap)}), dim ${query.axis} over ${percent(query.share)} (typically off by ${formatSignificant(query.medianGap)}${query.maxSum > 1 + tolerance ? `, up to ${query.maxSum.toFixed(2)}` : ''})` +
    (isMaskedKeyAxis
      ? `; ${percent(query.emptyShare)} of dim ${query.axis}'s lines are all zero (masked keys) and none of dim ${key.axis}'s`
      : '') +
    `, so dim ${key.axis} is keys and dim ${query.axis} is queries` +
    (confidence === 'unsure'
      ? '; neither axis clearly sums to 1, so this is a guess: declare the layout if you know it'
      : '');
  const letters = nameOtherAxes(shape, query.axis, key.axis, options.maskBatch ?? null);
  return {
    letters,
    queryAxis: query.axis,
    keyAxis: key.axis,
    confidence,
    reason,
    isDeclared: false,
  };
}

/** Letters for every axis: Q and K where found, then L/B/H for the rest by order and the mask. */
function nameOtherAxes(
  shape: readonly number[],
  queryAxis: number,
  keyAxis: number,
  maskBatch: number | null,
): string {
  const others = shape
    .map((_, axis) => axis)
    .filter((axis) => axis !== queryAxis && axis !== keyAxis);
  const isBatch = (axis: number): boolean => maskBatch !== null && shape[axis] === maskBatch;
  let names: string[];
  if (others.length === 0) names = [];
  else if (others.length === 1) {
    // [B, T, T] (nn.MultiheadAttention's head average) unless the mask says one sequence.
    const [only = 0] = others;
    names = [maskBatch === 1 && (shape[only] ?? 1) > 1 ? 'H' : 'B'];
  } else if (others.length === 2) {
    const [first = 0, second = 0] = others;
    names = isBatch(second) && !isBatch(first) ? ['H', 'B'] : ['B', 'H'];
  } else {
    names = ['L', 'B', 'H'];
    const [, second = 0, third = 0] = others;
    if (isBatch(third) && !isBatch(second)) names = ['L', 'H', 'B'];
  }
  // Query and key first means a column-major framework (Julia's NNlib: Tk, Tq, H, B), whose
  // other axes run in the reverse order too.
  const isKeysFirst = Math.max(queryAxis, keyAxis) < Math.min(...others, Infinity);
  if (
    isKeysFirst &&
    !(
      others.length === 2 &&
      maskBatch !== null &&
      isBatch(others[0] ?? 0) !== isBatch(others[1] ?? 0)
    )
  ) {
    names = [...names].reverse();
  }
  const letters = shape.map(() => '?');
  others.forEach((axis, i) => (letters[axis] = names[i] ?? '?'));
  letters[queryAxis] = 'Q';
  letters[keyAxis] = 'K';
  return letters.join('');
}

/**
 * Parses a declared layout ("BHKQ", "BHQK" with Q = 1 for a decoding step, "BK" or "BHK" for
 * pooling): one letter per axis, exactly one K, at most one Q (of any size), no repeats.
 */
export function parseLayout(text: string, shape: readonly number[]): Layout {
  const letters = text.trim().toUpperCase();
  const problem =
    letters.length !== shape.length
      ? `has ${letters.length} letters for ${shape.length} axes`
      : [...letters].some((c) => !LETTERS.includes(c))
        ? `uses letters other than ${[...LETTERS].join(', ')}`
        : new Set(letters).size !== letters.length
          ? 'repeats a letter'
          : !letters.includes('K')
            ? 'needs a K (the key axis, whose lines sum to 1)'
            : null;
  if (problem !== null) {
    throw new DumpError(
      `layout '${text}' ${problem} (shape [${shape.join(', ')}]); write it like BHQK or LBHKQ.`,
    );
  }
  return {
    letters,
    queryAxis: letters.indexOf('Q'),
    keyAxis: letters.indexOf('K'),
    confidence: 'sure',
    reason: letters.includes('Q')
      ? `declared: dim ${letters.indexOf('K')} is keys and dim ${letters.indexOf('Q')} is queries`
      : `declared: dim ${letters.indexOf('K')} is keys (pooling weights, no query axis)`,
    isDeclared: true,
  };
}

/** The array in maskscope's order [L, B, H, Q, K] (absent axes have size 1), rows = queries. */
export function canonicalise(
  data: Float32Array,
  shape: readonly number[],
  layout: Layout,
): { data: Float32Array; shape: [number, number, number, number, number] } {
  const order = [...'LBHQK'].map((letter) => layout.letters.indexOf(letter));
  const present = order.filter((axis) => axis >= 0);
  const isIdentity = present.every((axis, i) => axis === i);
  const moved = isIdentity ? { data, shape: [...shape] } : permute(data, shape, present);
  const size = (letter: string): number => {
    const axis = layout.letters.indexOf(letter);
    return axis < 0 ? 1 : (shape[axis] ?? 1);
  };
  return { data: moved.data, shape: [size('L'), size('B'), size('H'), size('Q'), size('K')] };
}
