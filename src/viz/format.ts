// Number formatting for tick labels, leak scores and tooltips. Tiny weights are the point of
// this tool (a 1e-5 leak is a bug), so small values switch to exponent form instead of 0.000.

import type { LeakScore } from '../diagnostics/leak';
import { TOLERANCES } from '../diagnostics/verdict';

export type { LeakScore };

/** A weight or difference magnitude: "0", "0.25", "0.001", "1e-5", "2.5e-7", "NaN". */
export function formatWeight(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e4) return String(Number(value.toPrecision(3)));
  const [mantissa = '0', exponent = '0'] = value.toExponential(1).split('e');
  return `${mantissa.replace(/\.0$/, '')}e${exponent.replace(/^\+/, '')}`;
}

/** A mass as a percentage: "0%", "23.4%", "1.23%", "0.05%", or exponent form below 0.01%. */
export function formatPercent(fraction: number): string {
  if (Number.isNaN(fraction)) return 'NaN';
  if (fraction === 0) return '0%';
  if (Math.abs(fraction) < 1e-4) return formatWeight(fraction);
  const percent = fraction * 100;
  return `${percent.toFixed(Math.abs(percent) < 10 ? 2 : 1)}%`;
}

/** True when a head's leak exceeds the float32 tolerance (NaN counts as leaking). */
export function isLeaking(score: LeakScore): boolean {
  return !(score.max <= TOLERANCES.leak);
}

/** "mean 12.3% · max 40.1%" for captions and tooltips. */
export function formatLeak(score: LeakScore): string {
  return `mean ${formatPercent(score.mean)} · max ${formatPercent(score.max)}`;
}

/** Leak scores of every head of one mode, indexed [layer][head]. */
export type LeakTable = ReadonlyArray<ReadonlyArray<LeakScore>>;
