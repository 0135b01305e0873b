/**
 * Names what is wrong with a keep-matrix an API built, against the one the user meant (every
 * query keeps the real keys): inverted polarity, a bool cast of an additive mask, the mask on
 * the query axis, a weak (dimming) mask, no mask, NaN rows, or correct.
 */
import type { NamedArray } from '../dump/arrays';
import { apiConvention, type ApiConvention, type ApiId, type ValueRule } from './apis';
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

/** What the checks read off a keep-matrix, computed once. */
interface Facts {
  readonly T: number;
  readonly isPad: (t: number) => boolean;
  readonly masked: (q: number, k: number) => boolean;
  readonly weight: (q: number, k: number) => number;
  readonly realRows: readonly number[];
  readonly nanRows: readonly number[];
  readonly hasPadding: boolean;
  /** True when every (real query, key) cell passes `test`. */
  readonly everyRealRow: (test: (q: number, k: number) => boolean) => boolean;
  /** True when every cell passes `test`. */
  readonly everyCell: (test: (q: number, k: number) => boolean) => boolean;
}

type Verdict = { verdict: ConventionVerdict; headline: string; details: string[] };

/** Diagnoses `built` (from `array` given to `api`) against the padding `real` [T]. */
export function diagnose(
  apiId: ApiId,
  array: NamedArray,
  built: KeepMatrix,
  real: Int32Array,
): ConventionDiagnosis {
  const api = apiConvention(apiId);
  const facts = factsOf(built, real);
  const { differs, differingCells } = differences(facts);
  const found = correctness(facts, differingCells) ??
    polarityProblem(facts, api, array, built.rule) ??
    strengthProblem(facts, api, array) ?? {
      verdict: 'other' as const,
      headline: `differs from the intended mask in ${differingCells} cells, first at query ${Math.floor(differs.indexOf(1) / facts.T)}, key ${differs.indexOf(1) % facts.T}`,
      details: [`the API wants: ${api.correctLine}`],
    };
  const nanNote =
    facts.nanRows.length === 0 || found.verdict === 'nan' ? [] : [nanWords(facts.nanRows)];
  return { ...found, details: [...found.details, ...nanNote], differs, differingCells };
}

function factsOf(built: KeepMatrix, real: Int32Array): Facts {
  const T = built.seqLen;
  const weight = (q: number, k: number) => built.weight[q * T + k] ?? NaN;
  const isPad = (t: number) => real[t] !== 1;
  const realRows = range(T).filter((q) => !isPad(q));
  const keys = range(T);
  return {
    T,
    isPad,
    masked: (q, k) => (built.bias[q * T + k] ?? NaN) < MASKED_BELOW,
    weight,
    realRows,
    nanRows: range(T).filter((q) => Number.isNaN(weight(q, 0))),
    hasPadding: real.some((r) => r !== 1),
    everyRealRow: (test) => realRows.every((q) => keys.every((k) => test(q, k))),
    everyCell: (test) => keys.every((q) => keys.every((k) => test(q, k))),
  };
}

/** 1 where a cell attends differently from the intended matrix, or is NaN. */
function differences(facts: Facts): { differs: Uint8Array; differingCells: number } {
  const { T, isPad, weight } = facts;
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
  return { differs, differingCells };
}

/** Correct when every real query keeps exactly the real keys and no row is NaN. */
function correctness(facts: Facts, differingCells: number): Verdict | null {
  const { isPad, weight } = facts;
  const isRight = facts.everyRealRow((q, k) =>
    isPad(k) ? weight(q, k) <= PARTIAL : weight(q, k) >= 1 - PARTIAL,
  );
  if (!isRight || facts.nanRows.length > 0) return null;
  return {
    verdict: 'correct',
    headline: 'correct: every real query attends to the real keys only',
    details:
      differingCells > 0
        ? ['padding query rows differ from a key-only mask; their outputs are thrown away']
        : [],
  };
}

/** A bool cast of an additive mask, inverted polarity, or the mask on the query axis. */
function polarityProblem(
  facts: Facts,
  api: ApiConvention,
  array: NamedArray,
  rule: ValueRule,
): Verdict | null {
  const { isPad, masked } = facts;
  const negative = additiveValue(array);
  if (array.kind === 'float' && negative !== null && isBoolCast(rule)) {
    const value = formatValue(negative);
    return {
      verdict: 'bool-cast',
      headline: `bool cast of an additive mask: 0 → False, ${value} → True`,
      details: [
        `${api.argument} is cast to bool, where ${rule === 'true-attends' ? 'True = attend' : 'True = ignore'}: the additive mask's 0 (keep) becomes False and its ${value} (mask) becomes True, so it is inverted`,
        `pass a bool or 0/1 mask instead: ${api.correctLine}`,
      ],
    };
  }
  if (facts.hasPadding && facts.everyRealRow((q, k) => masked(q, k) === !isPad(k))) {
    return {
      verdict: 'inverted',
      headline: invertedWords(api.argument, rule, array.kind),
      details: [`fix: ${api.correctLine}`],
    };
  }
  if (facts.hasPadding && facts.everyCell((q, k) => masked(q, k) === isPad(q))) {
    return {
      verdict: 'wrong-axis',
      headline:
        'the mask is on the wrong axis (queries): real rows still attend to the padding keys',
      details: [`mask the keys (the last axis): ${api.correctLine}`],
    };
  }
  return null;
}

/** A weak (dimming) mask, NaN rows, or nothing masked at all. */
function strengthProblem(facts: Facts, api: ApiConvention, array: NamedArray): Verdict | null {
  const { isPad, weight } = facts;
  const fix = `fix: ${api.correctLine}`;
  const dimmed = facts.realRows.flatMap((q) =>
    range(facts.T)
      .filter((k) => isPad(k))
      .map((k) => weight(q, k))
      .filter((w) => w > PARTIAL && w < 1),
  );
  if (facts.hasPadding && dimmed.length > 0) {
    return {
      verdict: 'weak',
      headline: `a weak mask: padding keys keep ×${Math.max(...dimmed).toPrecision(2)} of their weight instead of 0`,
      details: [
        isZeroOne(array)
          ? 'a 0/1 float mask added to the scores shifts them by 1; it does not mask'
          : 'the added constant is too small to mask',
        fix,
      ],
    };
  }
  if (facts.nanRows.length > 0) {
    return { verdict: 'nan', headline: nanWords(facts.nanRows), details: [fix] };
  }
  if (facts.everyCell((q, k) => facts.masked(q, k))) {
    return {
      verdict: 'no-mask',
      headline:
        'every key is masked with the same finite constant: each row is uniform, the same as no mask',
      details: [fix],
    };
  }
  if (facts.hasPadding && facts.everyCell((q, k) => !facts.masked(q, k))) {
    return {
      verdict: 'no-mask',
      headline: 'nothing is masked: padding keys keep their weight',
      details: [fix],
    };
  }
  return null;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function isBoolCast(rule: ValueRule): boolean {
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

function invertedWords(argument: string, rule: ValueRule, kind: string): string {
  const truthy = kind === 'bool' ? 'True' : '1';
  switch (rule) {
    case 'true-ignores':
      return `inverted polarity: ${argument}=${truthy} means IGNORE, your array is ${truthy} at real tokens`;
    case 'true-attends':
      return `inverted polarity: ${argument}=${truthy} means ATTEND (take part), your array is ${truthy} at padding`;
    case 'added':
      return `inverted polarity: an additive ${argument} is 0 where keys attend, your array puts the large negative number on the real tokens`;
    case 'minus-one-1e9':
    case 'one-keeps':
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
