// Words for the detail view's legend: which axis is which, which one sums to 1, and whether the
// real query rows actually do (mask-after-softmax bugs make them sum to less than 1).
import { formatWeight } from '../diagnostics/format';
import { isUnitSum } from '../diagnostics/tolerances';
import type { QueryKind } from '../analysis/attentionMaps';
import type { ColorBy } from './headViews';
import type { Orientation } from './layout';

/** The legend's words: what the rows and columns are, and what a caption's share is of. */
export interface AxisLegend {
  readonly rows: string;
  readonly columns: string;
  readonly share: string;
}

const SELF_SHARE = "share of each real query's attention on padding keys";

/** Rows and columns of shapes whose queries are not the keys' positions (drawn queries down). */
const OWN_QUERIES: Readonly<Record<QueryKind, (sum: string) => AxisLegend>> = {
  cross: (sum) => ({
    rows: `Rows = decoder queries (each row sums to ${sum})`,
    columns: "Columns = the encoder's keys",
    share: "share of each decoder query's attention on the encoder's padding",
  }),
  step: (sum) => ({
    rows: `The row = the new token (it sums to ${sum})`,
    columns: 'Columns = the cached keys',
    share: "share of the new token's attention on the cache's padding",
  }),
  pooling: (sum) => ({
    rows: `Each strip = one pooled vector (its weights sum to ${sum.replace('keys', 'frames')})`,
    columns: 'Columns = frames',
    share: "share of the pooled vector's weight on padded frames",
  }),
};

/**
 * The legend lines for an orientation and what is coloured: what the rows are, what the columns
 * are, and what each query sums to over the keys (1 for a softmax, 0 for a difference of two).
 * `kind` names queries of another shape (cross-attention, a decoding step, a pooling).
 */
export function axisLegend(
  orientation: Orientation,
  view: ColorBy,
  kind: QueryKind | null = null,
): AxisLegend {
  const sum = view === 'diff' ? '0 over the keys, since A and B each sum to 1' : '1 over the keys';
  if (kind !== null && orientation === 'rowsAreQueries') return OWN_QUERIES[kind](sum);
  return orientation === 'rowsAreQueries'
    ? {
        rows: `Rows = queries (each row sums to ${sum})`,
        columns: 'Columns = keys',
        share: SELF_SHARE,
      }
    : {
        rows: 'Rows = keys',
        columns: `Columns = queries (each column sums to ${sum})`,
        share: SELF_SHARE,
      };
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
