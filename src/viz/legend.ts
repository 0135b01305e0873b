// Words for the detail view's legend: which axis is which, which one sums to 1, and whether the
// real query rows actually do (mask-after-softmax bugs make them sum to less than 1).
import { formatWeight } from '../diagnostics/format';
import { isUnitSum } from '../diagnostics/tolerances';
import type { Orientation } from './layout';

/** The legend lines for an orientation: what the rows are, what the columns are, what sums to 1. */
export function axisLegend(orientation: Orientation): {
  readonly rows: string;
  readonly columns: string;
} {
  return orientation === 'rowsAreQueries'
    ? { rows: 'Rows = queries (each row sums to 1 over the keys)', columns: 'Columns = keys' }
    : { rows: 'Rows = keys', columns: 'Columns = queries (each column sums to 1 over the keys)' };
}

/** A sentence on the real queries' sums over keys, from their range (NaN range = a NaN sum). */
export function describeQuerySums(range: { readonly min: number; readonly max: number }): string {
  if (Number.isNaN(range.min) || Number.isNaN(range.max)) {
    return 'Some real queries have NaN weights: a fully masked row with −∞?';
  }
  if (isUnitSum(range.min) && isUnitSum(range.max)) {
    return 'Every real query sums to 1.';
  }
  const span =
    range.min === range.max
      ? formatWeight(range.min)
      : `${formatWeight(range.min)}–${formatWeight(range.max)}`;
  return `Real queries sum to ${span}, not 1: masked after softmax without renormalising?`;
}
