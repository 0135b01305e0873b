/**
 * Names what is wrong with a keep-matrix an API built, against the one the user meant (every
 * query keeps the real keys): inverted polarity, a bool cast of an additive mask, the mask on
 * the query axis, a weak (dimming) mask, no mask, NaN rows, or correct.
 */
import type { NamedArray } from '../dump/arrays';
import { apiConvention, type ApiId } from './apis';
import { MASKED_BELOW, type KeepMatrix } from './buildKeep';

/** The verdict families. */
export type ConventionVerdict =
  | 'correct'
  | 'inverted'
  | 'bool-cast'
  | 'wrong-axis'
  | 'weak'
  | 'no-mask'
  | 'nan'
  | 'refused'
  | 'other';

/** A verdict in words, and which cells differ from the intended matrix. */
export interface ConventionDiagnosis {
  readonly verdict: ConventionVerdict;
  readonly headline: string;
  readonly details: readonly string[];
  /** 1 where the built matrix attends differently from the intended one (or is NaN), [T × T]. */
  readonly differs: Uint8Array;
  readonly differingCells: number;
}

/** Below this kept weight a key counts as masked; above 1 − it as attended. */
const PARTIAL = 0.01;

/** Diagnoses `built` (from `array` given to `api`) against the padding `real` [T]. */
export function diagnose(
  apiId: ApiId,
  array: NamedArray,
  built: KeepMatrix,
  real: Int32Array,
): ConventionDiagnosis {
  const api = apiConvention(apiId);
  const T = built.seqLen;
  const masked = (q: number, k: number) => (built.bias[q * T + k] ?? NaN) < MASKED_BELOW;
  const weight = (q: number, k: number) => built.weight[q * T + k] ?? NaN;
  const isPad = (t: number) => real[t] !== 1;
  const realRows = range(T).filter((q) => !isPad(q));
  const nanRows = range(T).filter((q) => Number.isNaN(weight(q, 0)));
  const differs = new Uint8Array(T * T);
  let differingCells = 0;
  for (let q = 0; q < T; q++) {
    for (let k = 0; k < T; k++) {
      const w = weight(q, k);
      const isOff = Number.isNaN(w) || (isPad(k) ? w > PARTIAL : w < 1 - PARTIAL);
      differs[q * T + k] = isOff ? 1 : 0;
      differingCells += isOff ? 1 : 0;
    }
  }
  const everyRealRow = (test: (q: number, k: number) => boolean) =>
    realRows.every((q) => range(T).every((k) => test(q, k)));
  const hasPadding = real.some((r) => r !== 1);
  const nanNote = nanRows.length === 0 ? [] : [nanWords(nanRows)];
  const result = (verdict: ConventionVerdict, headline: string, details: string[] = []) => ({
    verdict,
    headline,
    details: [...details, ...(verdict === 'nan' ? [] : nanNote)],
    differs,
    differingCells,
  });

  const realRowsRight = everyRealRow((q, k) =>
    isPad(k) ? weight(q, k) <= PARTIAL : weight(q, k) >= 1 - PARTIAL,
  );
  if (realRowsRight && nanRows.length === 0) {
    const padRowsDiffer = differingCells > 0;
    return result(
      'correct',
      'correct: every real query attends to the real keys only',
      padRowsDiffer
        ? ['padding query rows differ from a key-only mask; their outputs are thrown away']
        : [],
    );
  }
  const negative = additiveValue(array);
  if (array.kind === 'float' && negative !== null && isBoolCast(built.rule)) {
    return result(
      'bool-cast',
      `bool cast of an additive mask: 0 → False, ${formatValue(negative)} → True`,
      [
        `${api.argument} is cast to bool, where ${built.rule === 'true-attends' ? 'True = attend' : 'True = ignore'}: the additive mask's 0 (keep) becomes False and its ${formatValue(negative)} (mask) becomes True, so it is inverted`,
        `pass a bool or 0/1 mask instead: ${api.correctLine}`,
      ],
    );
  }
  if (hasPadding && everyRealRow((q, k) => masked(q, k) === !isPad(k))) {
    return result('inverted', invertedWords(api.argument, built.rule, array.kind), [
      `fix: ${api.correctLine}`,
    ]);
  }
  if (hasPadding && range(T).every((q) => range(T).every((k) => masked(q, k) === isPad(q)))) {
    return result(
      'wrong-axis',
      'the mask is on the wrong axis (queries): real rows still attend to the padding keys',
      [`mask the keys (the last axis): ${api.correctLine}`],
    );
  }
  const dimmed = realRows.flatMap((q) =>
    range(T)
      .filter((k) => isPad(k))
      .map((k) => weight(q, k))
      .filter((w) => w > PARTIAL && w < 1),
  );
  if (hasPadding && dimmed.length > 0) {
    const strongest = Math.max(...dimmed);
    return result(
      'weak',
      `a weak mask: padding keys keep ×${strongest.toPrecision(2)} of their weight instead of 0`,
      [
        isZeroOne(array)
          ? 'a 0/1 float mask added to the scores shifts them by 1; it does not mask'
          : 'the added constant is too small to mask',
        `fix: ${api.correctLine}`,
      ],
    );
  }
  if (nanRows.length > 0) return result('nan', nanWords(nanRows), [`fix: ${api.correctLine}`]);
  if (hasPadding && range(T).every((q) => range(T).every((k) => !masked(q, k)))) {
    return result('no-mask', 'nothing is masked: padding keys keep their weight', [
      `fix: ${api.correctLine}`,
    ]);
  }
  const first = differs.indexOf(1);
  return result(
    'other',
    `differs from the intended mask in ${differingCells} cells, first at query ${Math.floor(first / T)}, key ${first % T}`,
    [`the API wants: ${api.correctLine}`],
  );
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function isBoolCast(rule: KeepMatrix['rule']): boolean {
  return rule === 'true-attends' || rule === 'true-ignores';
}

/** The large negative value of an additive-looking array (≤ -1e3 or -inf), or null. */
function additiveValue(array: NamedArray): number | null {
  let found: number | null = null;
  for (const v of array.data) {
    if (v <= -1e3) found = found === null ? v : Math.max(found, v);
    else if (v !== 0) return null;
  }
  return found;
}

function isZeroOne(array: NamedArray): boolean {
  return array.data.every((v) => v === 0 || v === 1);
}

function invertedWords(argument: string, rule: KeepMatrix['rule'], kind: string): string {
  const truthy = kind === 'bool' ? 'True' : '1';
  switch (rule) {
    case 'true-ignores':
      return `inverted polarity: ${argument}=${truthy} means IGNORE, your array is ${truthy} at real tokens`;
    case 'true-attends':
      return `inverted polarity: ${argument}=${truthy} means ATTEND (take part), your array is ${truthy} at padding`;
    case 'added':
      return `inverted polarity: an additive ${argument} is 0 where keys attend, your array puts the large negative number on the real tokens`;
    case 'minus-one-1e9':
      return `inverted polarity: ${argument} 1 = keep, your array is 1 at padding`;
    case 'refused':
      return 'refused';
  }
}

function nanWords(rows: readonly number[]): string {
  const shown = rows.slice(0, 6).join(', ') + (rows.length > 6 ? ', …' : '');
  return `all keys masked in row${rows.length > 1 ? 's' : ''} ${shown} → NaN`;
}

/** -1e4, -inf, -3.4e+38 as a user would write them. */
export function formatValue(v: number): string {
  if (v === -Infinity) return '-inf';
  return Math.abs(v) >= 1e5 ? v.toExponential(1).replace('e+', 'e') : String(v);
}
