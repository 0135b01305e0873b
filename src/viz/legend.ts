// Words for the detail view's legend: which axis is which, which one sums to 1, and whether the
// real query rows actually do (mask-after-softmax bugs make them sum to less than 1).
import { formatWeight } from '../diagnostics/format';
import { isUnitSum } from '../diagnostics/tolerances';
import type { ColorBy } from './headViews';
import type { Orientation } from './layout';

/**
 * The legend lines for an orientation and what is coloured: what the rows are, what the columns
 * are, and what each query sums to over the keys (1 for a softmax, 0 for a difference of two).
 */
export function axisLegend(
  orientation: Orientation,
  view: ColorBy,
): {
  readonly rows: string;
  readonly columns: string;
} {
  const sum = view === 'diff' ? '0 over the keys, since A and B each sum to 1' : '1 over the keys';
  return orientation === 'rowsAreQueries'
    ? { rows: `Rows = queries (each row sums to ${sum})`, columns: 'Columns = keys' }
    : { rows: 'Rows = keys', columns: `Columns = queries (each column sums to ${sum})` };
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
