import { axisLeft, axisTop, range, scaleBand, select } from 'd3';
import { useEffect, useRef } from 'react';
import { isPadding, type PaddingMask } from '../../../src/viz/headViews';
import { axisLabels } from '../../../src/viz/axisLabels';
import type { DetailLayout } from '../../../src/viz/layout';

/** Props of the token-label overlay drawn with d3 axes above the detail canvas. */
export interface DetailAxesProps {
  readonly layout: DetailLayout;
  /** WordPiece pieces [T], one label per key position. */
  readonly pieces: readonly string[];
  /** The positions on the query axis, in order (all, or the real ones). */
  readonly queries: readonly number[];
  /** Labels and padding flags of the query positions [Tq] (the keys' for self-attention). */
  readonly queryPieces: readonly string[];
  readonly queryPadding: PaddingMask;
  /** Padding flags of the keys [T]. */
  readonly padding: PaddingMask;
  readonly highlightIndex: number | null;
  /** Drawn row and column of the cell under the pointer, labelled while it is there. */
  readonly hovered: { readonly row: number; readonly column: number } | null;
}

const MAX_LABEL_CHARS = 16;

/**
 * Token labels on the left and top edges: special tokens always, as many others as fit (about
 * every `labelEvery`-th), and the highlighted one.
 */
export function DetailAxes(props: DetailAxesProps) {
  const { layout, pieces, queries, queryPieces, queryPadding, padding } = props;
  const { highlightIndex, hovered } = props;
  const leftRef = useRef<SVGGElement>(null);
  const topRef = useRef<SVGGElement>(null);

  // The labels are drawn in the animation frame that paints the new cells, not inside React's
  // commit: d3's enter/exit of ~100 ticks (about 3 ms) then no longer delays the heatmaps.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const [left, top] = [leftRef.current, topRef.current];
      const drawn = { layout, pieces, queries, queryPieces, queryPadding, padding };
      if (left && top) drawAxes(left, top, { ...drawn, highlightIndex, hovered });
    });
    return () => cancelAnimationFrame(frame);
  }, [layout, pieces, queries, queryPieces, queryPadding, padding, highlightIndex, hovered]);

  return (
    <svg className="ms-detail__axes" width={layout.width} height={layout.height} aria-hidden="true">
      <g
        ref={leftRef}
        className="ms-detail__axis"
        data-testid="detail-row-labels"
        transform={`translate(${layout.plot.x},${layout.plot.y})`}
      />
      <g
        ref={topRef}
        className="ms-detail__axis"
        data-testid="detail-column-labels"
        transform={`translate(${layout.plot.x},${layout.plot.y})`}
      />
    </svg>
  );
}

function truncate(piece: string): string {
  return piece.length > MAX_LABEL_CHARS ? `${piece.slice(0, MAX_LABEL_CHARS - 1)}…` : piece;
}

/** The positions, labels and padding flags along one axis of the detail plot. */
interface AxisTicks {
  readonly positions: readonly number[];
  readonly pieces: readonly string[];
  readonly padding: PaddingMask;
  /** The highlighted key token, on the keys' axis or on the queries' when they are the keys. */
  readonly highlight: number | null;
}

/** The row and column axes of `props` in its orientation. */
function axesOf(props: DetailAxesProps): { rows: AxisTicks; columns: AxisTicks } {
  const { layout, queries, highlightIndex } = props;
  const isSelf = props.queryPieces === props.pieces;
  const keys: AxisTicks = {
    positions: range(layout.seqLen),
    pieces: props.pieces,
    padding: props.padding,
    highlight: highlightIndex,
  };
  const queryAxis: AxisTicks = {
    positions: queries,
    pieces: props.queryPieces,
    padding: props.queryPadding,
    highlight: isSelf ? highlightIndex : null,
  };
  const isQueryRows = layout.orientation === 'rowsAreQueries';
  return isQueryRows ? { rows: queryAxis, columns: keys } : { rows: keys, columns: queryAxis };
}

/** Draws the row and column labels of `props` into the two SVG groups with d3 axes. */
function drawAxes(leftGroup: SVGGElement, topGroup: SVGGElement, props: DetailAxesProps): void {
  const { layout, hovered } = props;
  const { rows, columns } = axesOf(props);
  const bandOf = (tokens: readonly number[]) =>
    scaleBand<number>()
      .domain(tokens)
      .range([0, tokens.length * layout.cellPx]);
  // The highlighted token and the hovered cell's row and column are added on top, so the
  // other labels stay put while the pointer moves.
  const ticksOf = (axis: AxisTicks, extra: number | undefined): number[] => [
    ...new Set([
      ...axisLabels(axis.positions, axis.pieces, layout.labelEvery),
      ...[axis.highlight, extra].flatMap((t) =>
        t != null && axis.positions.includes(t) ? [t] : [],
      ),
    ]),
  ];
  const labelOf = (axis: AxisTicks) => (i: number) => truncate(axis.pieces[i] ?? `#${i}`);
  const left = select(leftGroup).call(
    axisLeft(bandOf(rows.positions))
      .tickValues(ticksOf(rows, hovered?.row))
      .tickFormat(labelOf(rows))
      .tickSizeOuter(0),
  );
  const top = select(topGroup).call(
    axisTop(bandOf(columns.positions))
      .tickValues(ticksOf(columns, hovered?.column))
      .tickFormat(labelOf(columns))
      .tickSizeOuter(0),
  );
  // Column labels run upwards from the top edge.
  top
    .selectAll('text')
    .attr('x', 9)
    .attr('y', 0)
    .attr('dy', '0.32em')
    .attr('transform', 'rotate(-90)')
    .style('text-anchor', 'start');
  for (const [axis, ticks] of [
    [left, rows],
    [top, columns],
  ] as const) {
    axis
      .selectAll<SVGGElement, number>('.tick')
      .classed('is-padding', (i) => isPadding(ticks.padding, i))
      .classed('is-highlight', (i) => i === ticks.highlight);
  }
  left.selectAll<SVGGElement, number>('.tick').classed('is-hovered', (i) => i === hovered?.row);
  top.selectAll<SVGGElement, number>('.tick').classed('is-hovered', (i) => i === hovered?.column);
}
