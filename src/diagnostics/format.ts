/**
 * Number formatting for every sentence, caption, tick and tooltip: one module, so the same value
 * prints the same way everywhere. Tiny weights are the point of this tool (a 1e-5 leak is a
 * bug), so small values switch to exponent form instead of rounding to 0.
 */
import { isLeaking, type LeakScore } from './leak';
import type { SumRange } from './rowSums';
import { isUnitSum } from './tolerances';

/** A fraction as a percentage: "0%" for exactly 0, one decimal ("23.4%"), two significant digits below 0.1%. */
export function formatPercent(fraction: number): string {
  if (Number.isNaN(fraction)) return 'NaN';
  const percent = fraction * 100;
  if (!Number.isFinite(percent)) return `${percent}%`;
  if (percent === 0) return '0%'; // exactly 0, which a rounded "0.0%" would not say
  if (Math.abs(percent) >= 0.1) return `${percent.toFixed(1)}%`;
  return `${formatSignificant(percent)}%`;
}

/** Two significant digits, exponent form without "+" when large or tiny: "0.83", "0.05", "3.2e-7", "2e-7". */
export function formatSignificant(value: number, digits = 2): string {
  if (!Number.isFinite(value) || value === 0) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e4) return String(Number(value.toPrecision(digits)));
  const [mantissa = '', exponent = ''] = value.toExponential(digits - 1).split('e');
  return `${Number(mantissa)}e${exponent.replace('+', '')}`;
}

/** An attention weight or difference: "0", "0.25", "0.001", "1e-5", "2.5e-7", "NaN". */
export function formatWeight(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e4) return String(Number(value.toPrecision(3)));
  return formatSignificant(value);
}

/** The power of ten at or above a small non-negative value, as a bound: 3.2e-7 → "1e-6". */
export function formatDecadeBound(value: number): string {
  if (value <= 0) return '0';
  return `1e${Math.ceil(Math.log10(value))}`;
}

/** A sum near 1 with enough digits to show how far from 1 it is: "0.71", "0.99998". */
export function formatNearOne(value: number): string {
  const gap = Math.abs(1 - value);
  if (!Number.isFinite(value) || gap === 0) return String(value);
  const digits = Math.min(7, Math.max(2, Math.ceil(-Math.log10(gap))));
  return String(Number(value.toFixed(digits)));
}

/** A drift for the drift list: "1.7e-6", "NaN", or "not run yet" before the first run (null). */
export function formatDrift(drift: number | null): string {
  if (drift === null) return 'not run yet';
  return Number.isNaN(drift) ? 'NaN' : formatSignificant(drift);
}

/** One head's leak for tooltips: "mean 12.3% over real query rows · max 40.1% in one row". */
export function formatLeak(score: LeakScore): string {
  return `mean ${formatPercent(score.mean)} over real query rows · max ${formatPercent(score.max)} in one row`;
}

/** One side of a head in the grid: its leak score and the range of its real queries' sums. */
export interface HeadSide {
  readonly leak: LeakScore | undefined;
  /** Judged by its own tolerances (the data's number format), as the verdict judges it. */
  readonly sums: SumRange | undefined;
}

/** What the grid says under one head, and whether its real queries' sums miss 1. */
export interface HeadCaption {
  readonly caption: string;
  readonly isLeaking: boolean;
  readonly isSumOff: boolean;
}

/**
 * The caption under one head: "mean·max" of the shown side's leak, or "maxA|maxB" when comparing
 * two. A mask applied after softmax leaks nothing yet its rows sum to < 1, so a sum that misses 1
 * comes first ("Σ0.71 0%·0%"; when comparing, the smaller side's) and is never cut off behind
 * a clean-looking 0%·0%.
 */
export function headCaption(shown: HeadSide, other: HeadSide | null): HeadCaption {
  const sides = other === null ? [shown] : [shown, other];
  const offMins = sides.flatMap(({ sums }) =>
    sums !== undefined &&
    !(isUnitSum(sums.min, sums.tolerances) && isUnitSum(sums.max, sums.tolerances))
      ? [sums.min]
      : [],
  );
  const isSumOff = offMins.length > 0;
  const sum = isSumOff ? `Σ${formatNearOne(Math.min(...offMins))} ` : '';
  const leaks = sides.map(({ leak }) => leak);
  const isLeak = sides.some(
    ({ leak, sums }) => leak !== undefined && isLeaking(leak, sums?.tolerances),
  );
  const leakText =
    other === null
      ? shown.leak
        ? `${formatPercent(shown.leak.mean)}·${formatPercent(shown.leak.max)}`
        : '–'
      : leaks.map((score) => (score ? formatPercent(score.max) : '–')).join('|');
  return { caption: `${sum}${leakText}`, isLeaking: isLeak || isSumOff, isSumOff };
}

/** Milliseconds for the status bar: "8.4 ms", "412 ms", "23.2 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

/** A value for a `data-*` attribute: numbers as text ("NaN" included), absent as "". */
export function dataValue(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
