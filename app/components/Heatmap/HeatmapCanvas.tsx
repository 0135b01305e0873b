import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import type { QueryKind } from '../../../src/analysis/attentionMaps';
import type { PaddingRun } from '../../../src/viz/headViews';
import type { ColorScale } from '../../../src/viz/colorScale';
import type { Orientation } from '../../../src/viz/layout';
import { paintCells, type PixelImage } from '../../../src/viz/paintCells';
import { poolCells, poolFactor } from '../../../src/viz/poolCells';
import { useDevicePixelRatio } from './useDevicePixelRatio';
import './HeatmapCanvas.css';

/**
 * Props of one heatmap: a Q×T matrix (a T×T square for self-attention) drawn one canvas pixel
 * per cell, scaled by CSS (or, when T exceeds the key axis's device pixels, one pixel per block
 * of cells: see poolCells).
 */
export interface HeatmapCanvasProps {
  /** The matrix [Q*T], row-major, rows = queries (a `sliceHead` view is fine); Q = T by default. */
  readonly matrix: Float32Array;
  readonly seqLen: number;
  /**
   * The positions of the matrix's Q rows: the keys' when not all T are drawn (padding queries
   * hidden), or the query axis's own (see `queryKind`).
   */
  readonly queries?: readonly number[];
  /**
   * Set when the queries are not the keys' positions (cross-attention, a decoding step, pooling
   * weights): only the key axis gets padding marks, and pooling strips hatch their padded frames.
   */
  readonly queryKind?: QueryKind | null;
  readonly orientation: Orientation;
  /** Built with `createColorScale`; keep it memoised, a new scale repaints. */
  readonly scale: ColorScale;
  /** Side of the square on screen (the length of the key axis), in CSS pixels. */
  readonly sizePx: number;
  /** Length of the query axis on screen; a cell's size × Q unless given (a thin strip drawn taller). */
  readonly queryPx?: number;
  /** Padding keys, marked by stripes just outside the key edge (and the query edge for self-attention). */
  readonly paddingRuns?: readonly PaddingRun[];
  /** Token whose row and column get an outline. */
  readonly highlightIndex?: number | null;
  readonly testId?: string;
  readonly ariaLabel?: string;
}

/**
 * Owns the canvas and repaints it only when the matrix, size T, orientation or scale change;
 * canvas pixel (x, y) is cell (row y, column x) in the drawn orientation (block (y, x) when
 * pooled, `data-pool` > 1), so tests can probe it.
 */
export const HeatmapCanvas = memo(function HeatmapCanvas(props: HeatmapCanvasProps) {
  const { matrix, seqLen, orientation, scale, sizePx, queries } = props;
  const queryCount = queries?.length ?? seqLen;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const imageRef = useRef<PixelImage | null>(null);
  const dpr = useDevicePixelRatio();
  // A long sequence in a small square is drawn at its on-screen resolution, not cell by cell.
  const factor = poolFactor(seqLen, sizePx * dpr);
  const pooled = useMemo(
    () => poolCells(matrix, seqLen, factor, queryCount),
    [matrix, seqLen, factor, queryCount],
  );

  useLayoutEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (!ctx) return;
    imageRef.current = paintCells(
      ctx,
      pooled.matrix,
      pooled.size,
      { orientation, image: imageRef.current, queries: pooled.rows },
      scale,
    );
  }, [pooled, orientation, scale]);

  // Upscaled cells stay crisp squares; a downscaled grid (cells < 1 device pixel) is smoothed.
  const isUpscaled = sizePx * dpr >= pooled.size;
  const cellPx = sizePx / seqLen;
  const isQueryRows = orientation === 'rowsAreQueries';
  const queryPx = props.queryPx ?? cellPx * queryCount;
  const box = isQueryRows ? { width: sizePx, height: queryPx } : { width: queryPx, height: sizePx };
  const highlight = props.highlightIndex ?? null;
  const queryKind = props.queryKind ?? null;
  const queryAt = queryRowOf(highlight, queries, queryKind);
  const marks = { cellPx, isQueryRows, queryKind };
  return (
    <div className="ms-heatmap" style={box}>
      <canvas
        ref={canvasRef}
        className={isUpscaled ? 'ms-heatmap__canvas is-pixelated' : 'ms-heatmap__canvas'}
        width={isQueryRows ? pooled.size : pooled.rows}
        height={isQueryRows ? pooled.rows : pooled.size}
        style={box}
        data-testid={props.testId}
        data-orientation={orientation}
        data-seq-len={seqLen}
        data-queries={queryCount}
        data-pool={factor}
        data-query-kind={queryKind ?? 'self'}
        role="img"
        aria-label={props.ariaLabel}
      />
      {props.paddingRuns?.map((run) => (
        <PaddingStripes key={run.start} run={run} {...marks} />
      ))}
      {highlight !== null && (
        <Highlight
          row={isQueryRows ? queryAt : highlight}
          column={isQueryRows ? highlight : queryAt}
          cellPx={cellPx}
        />
      )}
    </div>
  );
});

/**
 * The drawn query row of the highlighted token (-1: none): padding queries may be hidden, and a
 * query axis of its own has no token positions to highlight.
 */
function queryRowOf(
  highlight: number | null,
  queries: readonly number[] | undefined,
  queryKind: QueryKind | null,
): number {
  if (highlight === null || queryKind !== null) return -1;
  return queries ? queries.indexOf(highlight) : highlight;
}

/**
 * One run of padding keys: a stripe outside the key edge, and outside the query edge when the
 * queries are the same positions (self-attention); pooling strips also hatch the padded frames.
 */
function PaddingStripes(props: {
  readonly run: PaddingRun;
  readonly cellPx: number;
  readonly isQueryRows: boolean;
  readonly queryKind: QueryKind | null;
}) {
  const { run, cellPx, isQueryRows, queryKind } = props;
  const offset = run.start * cellPx;
  const length = Math.max(1, (run.end - run.start) * cellPx);
  const columns = { left: offset, width: length };
  const rows = { top: offset, height: length };
  const isSelf = queryKind === null;
  return (
    <>
      {(isSelf || isQueryRows) && (
        <div className="ms-heatmap__pad ms-heatmap__pad--columns" style={columns} />
      )}
      {(isSelf || !isQueryRows) && (
        <div className="ms-heatmap__pad ms-heatmap__pad--rows" style={rows} />
      )}
      {queryKind === 'pooling' && (
        <div
          className="ms-heatmap__hatch"
          style={isQueryRows ? { ...columns, top: 0, bottom: 0 } : { ...rows, left: 0, right: 0 }}
          data-testid="padding-hatch"
        />
      )}
    </>
  );
}

/** Outlines drawn row `row` and column `column` (-1: not drawn). */
function Highlight({ row, column, cellPx }: { row: number; column: number; cellPx: number }) {
  const thickness = Math.max(1, cellPx);
  return (
    <>
      {row >= 0 && (
        <div
          className="ms-heatmap__highlight"
          style={{ top: row * cellPx, height: thickness, left: 0, right: 0 }}
        />
      )}
      {column >= 0 && (
        <div
          className="ms-heatmap__highlight"
          style={{ left: column * cellPx, width: thickness, top: 0, bottom: 0 }}
        />
      )}
    </>
  );
}
