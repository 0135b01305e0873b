import { useMemo, useState, type MouseEvent } from 'react';
import type { HeadRef } from '../../../src/analysis/attentionMaps';
import type { PaddingMask } from '../../../src/viz/headViews';
import {
  cellAt,
  computeDetailLayout,
  displayPosition,
  type DetailLayout,
  type Orientation,
  type QueryKey,
} from '../../../src/viz/layout';
import type { DetailMatrices } from '../../store/heatmapSelectors';
import { HeatmapCanvas } from '../Heatmap/HeatmapCanvas';
import { DetailAxes } from './DetailAxes';
import { DetailTooltip } from './DetailTooltip';
import { QuerySums } from './QuerySums';

/** Props of the detail heatmap with its axes, query sums and hover tooltip. */
export interface DetailPlotProps {
  readonly detail: DetailMatrices;
  readonly head: HeadRef;
  /** Key labels [T] (including [CLS], [SEP], [PAD]); the query axis's are the detail's. */
  readonly labels: readonly string[];
  readonly padding: PaddingMask;
  readonly orientation: Orientation;
  readonly highlightIndex: number | null;
  readonly labelA: string;
  readonly labelB: string;
  readonly summedName: string;
  /** Largest side of the matrix in CSS px. */
  readonly maxPlotPx: number;
  /** Width the plot with its labels and sums may take, in CSS px. */
  readonly maxWidthPx: number;
}

/** One head, large: token-labelled axes, query sums and a hover tooltip over the canvas. */
export function DetailPlot(props: DetailPlotProps) {
  const { detail, head, labels, padding, orientation } = props;
  const { seqLen } = detail;
  const { queryLabels, queryPadding } = detail;
  const labelChars = useMemo(
    () => Math.max(1, ...[...labels, ...queryLabels].map((label) => label.length)),
    [labels, queryLabels],
  );
  const layout = useMemo(
    () =>
      computeDetailLayout({
        seqLen,
        queries: detail.queries.length,
        orientation,
        labelChars,
        maxPlotPx: props.maxPlotPx,
        maxWidthPx: props.maxWidthPx,
      }),
    [seqLen, detail.queries.length, orientation, labelChars, props.maxPlotPx, props.maxWidthPx],
  );
  const hover = useHover(detail.queries);
  const hoveredCell = useMemo(
    () => (hover.state === null ? null : displayPosition(orientation, hover.state.cell)),
    [hover.state, orientation],
  );
  return (
    <div className="ms-detail__plot" style={{ width: layout.width, height: layout.height }}>
      <div className="ms-detail__corner" style={{ width: layout.plot.x, height: layout.plot.y }}>
        <span>rows: {layout.rowAxis === 'query' ? 'queries ↓' : 'keys ↓'}</span>
        <span>columns: {layout.columnAxis === 'query' ? 'queries →' : 'keys →'}</span>
      </div>
      <div className="ms-detail__canvas" style={{ left: layout.plot.x, top: layout.plot.y }}>
        <HeatmapCanvas
          matrix={detail.drawn}
          seqLen={seqLen}
          queries={detail.queries}
          queryKind={detail.queryKind}
          orientation={orientation}
          scale={detail.scale}
          sizePx={layout.cellPx * seqLen}
          highlightIndex={props.highlightIndex}
          testId="head-detail-canvas"
          ariaLabel={`attention of layer ${head.layer} head ${head.head}`}
        />
      </div>
      <DetailAxes
        layout={layout}
        pieces={labels}
        queries={detail.queries}
        queryPieces={queryLabels}
        queryPadding={queryPadding}
        padding={padding}
        highlightIndex={props.highlightIndex}
        hovered={hoveredCell}
      />
      <QuerySums
        layout={layout}
        sums={detail.sums}
        queries={detail.queries}
        padding={queryPadding}
        range={detail.sumRange}
        modeName={props.summedName}
      />
      <div
        className="ms-detail__hit"
        style={{
          left: layout.plot.x,
          top: layout.plot.y,
          width: layout.plot.width,
          height: layout.plot.height,
        }}
        onMouseMove={(event) => hover.onMove(event, layout)}
        onMouseLeave={hover.onLeave}
      />
      {hover.state && (
        <DetailTooltip
          cell={hover.state.cell}
          seqLen={seqLen}
          pieces={labels}
          padding={padding}
          queryPieces={queryLabels}
          queryPadding={queryPadding}
          matrixA={detail.a}
          matrixB={detail.b}
          labelA={props.labelA}
          labelB={props.labelB}
          left={Math.min(hover.state.x + 14, Math.max(0, layout.width - 240))}
          top={hover.state.y + 14}
        />
      )}
    </div>
  );
}

interface HoverState {
  readonly cell: QueryKey;
  readonly x: number;
  readonly y: number;
}

/**
 * Hovered cell (token positions, the query mapped through the drawn `queries`) and pointer
 * position inside the plot area; re-renders only when the cell changes.
 */
function useHover(queries: readonly number[]) {
  const [state, setState] = useState<HoverState | null>(null);
  const onMove = (event: MouseEvent<HTMLDivElement>, layout: DetailLayout) => {
    const bounds = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - bounds.left + layout.plot.x;
    const y = event.clientY - bounds.top + layout.plot.y;
    const drawn = cellAt(layout, x, y);
    const query = drawn === null ? undefined : queries[drawn.query];
    const cell = drawn === null || query === undefined ? null : { query, key: drawn.key };
    if (cell?.query === state?.cell.query && cell?.key === state?.cell.key) return;
    setState(cell ? { cell, x, y } : null);
  };
  return { state, onMove, onLeave: () => setState(null) };
}
