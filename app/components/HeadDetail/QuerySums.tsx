import { isPadding, type PaddingMask } from '../../../src/viz/headViews';
import type { DetailLayout } from '../../../src/viz/layout';
import { dataValue } from '../../../src/diagnostics/format';
import { isUnitSum } from '../../../src/diagnostics/tolerances';

/** Props of the strip showing each query's sum over keys. */
export interface QuerySumsProps {
  readonly layout: DetailLayout;
  /** Sum over keys per query [Tq]. */
  readonly sums: Float64Array;
  /** The positions of the drawn queries, in order (all, or the real ones). */
  readonly queries: readonly number[];
  /** Padding flags of the query positions [Tq]. */
  readonly padding: PaddingMask;
  readonly range: { readonly min: number; readonly max: number };
  /** Which mode the sums are of ("A" or "B"). */
  readonly modeName: string;
}

/** The largest sum the bars can show; longer bars are clipped (sums above 1 are a bug anyway). */
const BAR_FULL_SCALE = 1.25;
const TEXT_MIN_CELL_PX = 12;

/**
 * One bar per query, beside the rows when rows are queries, under the columns when transposed;
 * a tick marks 1. Bars that miss 1 are drawn in the warning colour, padding queries dimmed.
 */
export function QuerySums({ layout, sums, queries, padding, range, modeName }: QuerySumsProps) {
  const { sums: box, cellPx, orientation } = layout;
  const isBesideRows = orientation === 'rowsAreQueries';
  const showText = cellPx >= TEXT_MIN_CELL_PX;
  const depth = (isBesideRows ? box.width : box.height) - (showText ? 30 : 4);
  const unitPx = depth / BAR_FULL_SCALE;
  const barThickness = Math.max(1, cellPx - (cellPx >= 4 ? 1 : 0));
  return (
    <svg
      className="ms-detail__sums"
      style={{ left: box.x, top: box.y }}
      width={box.width}
      height={box.height}
      data-testid="row-sums"
      data-orientation={orientation}
      data-min={dataValue(range.min)}
      data-max={dataValue(range.max)}
    >
      <title>{`Σ over keys per query under ${modeName}`}</title>
      {queries.map((query, drawnAt) => {
        const sum = sums[query] ?? NaN;
        const length = Number.isNaN(sum) ? 0 : Math.min(sum, BAR_FULL_SCALE) * unitPx;
        const offset = drawnAt * cellPx;
        const isOff = !isUnitSum(sum);
        const className = [
          'ms-detail__sum',
          isPadding(padding, query) ? 'is-padding' : '',
          isOff ? 'is-off' : '',
        ].join(' ');
        return (
          <g key={query} className={className} data-sum={dataValue(sum)}>
            <title>{`query ${query}: Σ = ${sum.toFixed(6)}`}</title>
            {isBesideRows ? (
              <rect x={0} y={offset} width={length} height={barThickness} />
            ) : (
              <rect x={offset} y={0} width={barThickness} height={length} />
            )}
            {showText && (
              <text
                x={isBesideRows ? length + 3 : offset + cellPx / 2}
                y={isBesideRows ? offset + cellPx / 2 : length + 3}
                dy="0.32em"
                transform={
                  isBesideRows ? undefined : `rotate(90 ${offset + cellPx / 2} ${length + 3})`
                }
              >
                {sum.toFixed(2)}
              </text>
            )}
          </g>
        );
      })}
      {isBesideRows ? (
        <line className="ms-detail__sum-one" x1={unitPx} x2={unitPx} y1={0} y2={box.height} />
      ) : (
        <line className="ms-detail__sum-one" y1={unitPx} y2={unitPx} x1={0} x2={box.width} />
      )}
    </svg>
  );
}
