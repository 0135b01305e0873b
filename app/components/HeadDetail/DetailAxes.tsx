import { axisLeft, axisTop, range, scaleBand, select } from 'd3';
import { useEffect, useRef } from 'react';
import { isPadding, type PaddingMask } from '../../../src/viz/headViews';
import { axisLabels } from '../../../src/viz/axisLabels';
import type { DetailLayout } from '../../../src/viz/layout';

/** Props of the token-label overlay drawn with d3 axes above the detail canvas. */
export interface DetailAxesProps {
  readonly layout: DetailLayout;
  /** WordPiece pieces [T], one label per position on both axes. */
  readonly pieces: readonly string[];
  /** The token positions on the query axis, in order (all, or the real ones). */
  readonly queries: readonly number[];
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
  const { layout, pieces, queries, padding, highlightIndex, hovered } = props;
  const leftRef = useRef<SVGGElement>(null);
  const topRef = useRef<SVGGElement>(null);

  // The labels are drawn in the animation frame that paints the new cells, not inside React's
  // commit: d3's enter/exit of ~100 ticks (about 3 ms) then no longer delays the heatmaps.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const [left, top] = [leftRef.current, topRef.current];
      const drawn = { layout, pieces, queries, padding, highlightIndex, hovered };
      if (left && top) drawAxes(left, top, drawn);
    });
    return () => cancelAnimationFrame(frame);
  }, [layout, pieces, queries, padding, highlightIndex, hovered]);

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

/** Draws the row and column labels of `props` into the two SVG groups with d3 axes. */
function drawAxes(leftGroup: SVGGElement, topGroup: SVGGElement, props: DetailAxesProps): void {
  const { layout, pieces, queries, padding, highlightIndex, hovered } = props;
  const { cellPx, seqLen } = layout;
  const keys = range(seqLen);
  const isQueryRows = layout.orientation === 'rowsAreQueries';
  const [rowTokens, columnTokens] = isQueryRows ? [queries, keys] : [keys, queries];
  const bandOf = (tokens: readonly number[]) =>
    scaleBand<number>()
      .domain(tokens)
      .range([0, tokens.length * cellPx]);
  // The highlighted token and the hovered cell's row and column are added on top, so the
  // other labels stay put while the pointer moves.
  const ticksOf = (tokens: readonly number[], extra: number | undefined): number[] => [
    ...new Set([
      ...axisLabels(tokens, pieces, layout.labelEvery),
      ...[highlightIndex, extra].flatMap((t) => (t != null && tokens.includes(t) ? [t] : [])),
    ]),
  ];
  const label = (i: number): string => truncate(pieces[i] ?? `#${i}`);
  const left = select(leftGroup).call(
    axisLeft(bandOf(rowTokens))
      .tickValues(ticksOf(rowTokens, hovered?.row))
      .tickFormat(label)
      .tickSizeOuter(0),
  );
  const top = select(topGroup).call(
    axisTop(bandOf(columnTokens))
      .tickValues(ticksOf(columnTokens, hovered?.column))
      .tickFormat(label)
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
  for (const axis of [left, top]) {
    axis
      .selectAll<SVGGElement, number>('.tick')
      .classed('is-padding', (i) => isPadding(padding, i))
      .classed('is-highlight', (i) => i === highlightIndex);
  }
  left.selectAll<SVGGElement, number>('.tick').classed('is-hovered', (i) => i === hovered?.row);
  top.selectAll<SVGGElement, number>('.tick').classed('is-hovered', (i) => i === hovered?.column);
}
