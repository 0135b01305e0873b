/**
 * Measurements of one run and the sentence that sums them up. Padding mass, row sums, drift
 * and NaN are checked together: each bug hides from at least one of them (a -1e-9 typo has
 * no exact zeros, mask-after-softmax has exact zeros but short rows, arange positions drift
 * behind a clean heatmap).
 */
import type { DenseTensor } from '../checkpoint/types';
import { formatDecadeBound, formatNearOne, formatPercent, formatSignificant } from './format';
import { summariseLeak, type LeakScore } from './leak';
import { headTable, leakOfHead, measureRectangleItem, rowSumRangeOfHead } from './headTables';
import type { AttentionStats } from './measureAttention';
import { nanRowsOf, type NaNRowCounts } from './nan';
import { combineRanges, type Range, type SumRange } from './rowSums';
import { isUnitSum, TOLERANCES, type Tolerances } from './tolerances';

/** What one run of one batch item measured. */
export interface Measurements {
  /** Padding mass of real rows over every layer and head (mean of means, max of maxima). */
  readonly leak: LeakScore;
  /** Number of padding keys in the batch item. */
  readonly paddingKeys: number;
  /** Range of the real rows' sums over every layer and head. */
  readonly realRowSums: Range;
  /** Drift against a run with other padding, or null when there is no such run. */
  readonly drift: number | null;
  readonly nanRows: NaNRowCounts;
  /** What counts as no leak, a unit sum and no drift for this data's number format. */
  readonly tolerances: Tolerances;
}

/** Per layer and head ([layer][head]): the padding leak and the range of the real rows' sums. */
export interface HeadMeasurements {
  readonly leak: LeakScore[][];
  readonly rowSums: SumRange[][];
}

/** The properties a correct mask keeps. */
export type Invariant = 'paddingLeak' | 'rowSums' | 'drift' | 'nan';

/** One batch item measured: per head, and summed up. */
export interface ItemMeasurements {
  readonly heads: HeadMeasurements;
  readonly measurements: Measurements;
}

/**
 * Measures batch item b of an [L, B, H, Tq, Tk] attention array (Tq = Tk = T for
 * self-attention) in one pass, judged by `tolerances` (the data's number format); `drift` comes
 * from drift().
 */
export function measureItem(
  attention: DenseTensor,
  attentionMask: Int32Array,
  batchIndex: number,
  drift: number | null,
  tolerances: Tolerances = TOLERANCES,
): ItemMeasurements {
  const { data, shape } = attention;
  const stats = measureRectangleItem(data, shape, attentionMask, batchIndex, tolerances);
  const seqLen = stats.sizes.keys;
  const heads = headMeasurementsOf(stats, batchIndex);
  const item = attentionMask.subarray(batchIndex * seqLen, (batchIndex + 1) * seqLen);
  const measurements: Measurements = {
    leak: summariseLeak(heads.leak),
    paddingKeys: item.reduce((n, real) => n + (real === 0 ? 1 : 0), 0),
    realRowSums: combineRanges(heads.rowSums),
    drift,
    nanRows: nanRowsOf(stats.heads),
    tolerances,
  };
  return { heads, measurements };
}

function headMeasurementsOf(stats: AttentionStats, item: number): HeadMeasurements {
  const { tolerances } = stats;
  return {
    leak: headTable(stats, item, leakOfHead),
    rowSums: headTable(stats, item, (head) => ({ ...rowSumRangeOfHead(head), tolerances })),
  };
}

/** Measures every head of batch item b of an [L, B, H, T, T] attention array. */
export function measureHeads(
  attention: DenseTensor,
  attentionMask: Int32Array,
  batchIndex: number,
  tolerances: Tolerances = TOLERANCES,
): HeadMeasurements {
  return measureItem(attention, attentionMask, batchIndex, null, tolerances).heads;
}

/** Measures batch item b of an [L, B, H, T, T] attention array; `drift` comes from drift(). */
export function measure(
  attention: DenseTensor,
  attentionMask: Int32Array,
  batchIndex: number,
  drift: number | null,
  tolerances: Tolerances = TOLERANCES,
): Measurements {
  return measureItem(attention, attentionMask, batchIndex, drift, tolerances).measurements;
}

/** The invariants these measurements break (NaN counts as breaking the ones it poisons). */
export function brokenInvariants(m: Measurements): Invariant[] {
  const broken: Invariant[] = [];
  const tol = m.tolerances;
  if (!(m.leak.max <= tol.leak)) broken.push('paddingLeak');
  const { min, max } = m.realRowSums;
  if (!(isUnitSum(min, tol) && isUnitSum(max, tol))) broken.push('rowSums');
  if (m.drift !== null && !(m.drift <= tol.drift)) broken.push('drift');
  if (m.nanRows.real + m.nanRows.padding > 0) broken.push('nan');
  return broken;
}

/**
 * One sentence, e.g. "No mask: 23.4% of real-token attention (mean over layers, heads and real
 * query rows) lands on 32 padding keys; real-token
 * outputs drift by 0.83." or "Correct: no leak (max 0.0%), no drift (≤ 1e-6)."
 */
export function verdict(title: string, m: Measurements): string {
  const broken = brokenInvariants(m);
  const tol = m.tolerances;
  const parts = [
    nanPart(m.nanRows),
    leakPart(m),
    rowSumPart(m.realRowSums, tol),
    driftPart(m.drift, tol),
  ];
  const text = parts.filter((part) => part !== null);
  return `${title}: ${text.join(broken.length === 0 ? ', ' : '; ')}.`;
}

function nanPart(nan: NaNRowCounts): string | null {
  if (nan.real + nan.padding === 0) return null;
  return `NaN in ${nan.padding} padding rows and ${nan.real} real rows`;
}

function leakPart(m: Measurements): string | null {
  if (m.paddingKeys === 0) return 'no padding to leak onto';
  if (Number.isNaN(m.leak.mean) || Number.isNaN(m.leak.max)) return null; // nanPart says so
  const keys = `${m.paddingKeys} padding key${m.paddingKeys === 1 ? '' : 's'}`;
  if (m.leak.max <= m.tolerances.leak) return `no leak (max ${formatPercent(m.leak.max)})`;
  return `${formatPercent(m.leak.mean)} of real-token attention (mean over layers, heads and real query rows) lands on ${keys} (up to ${formatPercent(m.leak.max)} in one row)`;
}

function rowSumPart({ min, max }: Range, tol: Tolerances): string | null {
  if (isUnitSum(min, tol) && isUnitSum(max, tol)) return null;
  if (Number.isNaN(min) || Number.isNaN(max)) return null;
  const range = min === max ? formatNearOne(min) : `${formatNearOne(min)}–${formatNearOne(max)}`;
  return `real rows sum to ${range} instead of 1`;
}

function driftPart(drift: number | null, tol: Tolerances): string | null {
  if (drift === null) return null;
  if (Number.isNaN(drift)) return 'real-token outputs are NaN';
  if (drift === 0) return 'no drift (exactly 0)';
  if (drift <= tol.drift) return `no drift (≤ ${formatDecadeBound(drift)})`;
  return `real-token outputs drift by ${formatSignificant(drift)}`;
}
