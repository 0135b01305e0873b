import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import type { PaddingRun } from '../../../src/viz/headViews';
import type { ColorScale } from '../../../src/viz/colorScale';
import type { Orientation } from '../../../src/viz/layout';
import { paintCells, type PixelImage } from '../../../src/viz/paintCells';
import { poolCells, poolFactor } from '../../../src/viz/poolCells';
import { useDevicePixelRatio } from './useDevicePixelRatio';
import './HeatmapCanvas.css';

/**
 * Props of one heatmap square: a T×T matrix drawn one canvas pixel per cell, scaled by CSS (or,
 * when T exceeds the square's device pixels, one pixel per block of cells: see poolCells).
 */
export interface HeatmapCanvasProps {
  /** The matrix [Q*T], row-major, rows = queries (a `sliceHead` view is fine); Q = T by default. */
  readonly matrix: Float32Array;
  readonly seqLen: number;
  /** The token positions of the matrix's Q rows when not all T are drawn (padding queries hidden). */
  readonly queries?: readonly number[];
  readonly orientation: Orientation;
  /** Built with `createColorScale`; keep it memoised, a new scale repaints. */
  readonly scale: ColorScale;
  /** Side of the square on screen (the length of the key axis), in CSS pixels. */
  readonly sizePx: number;
  /** Padding positions, marked by stripes just outside the top and left edges (cells untouched). */
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
  const queryPx = cellPx * queryCount;
  const box = isQueryRows ? { width: sizePx, height: queryPx } : { width: queryPx, height: sizePx };
  const highlight = props.highlightIndex ?? null;
  // The highlighted token's query row, when it is drawn (padding queries may be hidden).
  const queryAt = highlight === null ? -1 : queries ? queries.indexOf(highlight) : highlight;
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
        role="img"
        aria-label={props.ariaLabel}
      />
      {props.paddingRuns?.map((run) => (
        <PaddingStripes key={run.start} run={run} cellPx={cellPx} />
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

function PaddingStripes({ run, cellPx }: { run: PaddingRun; cellPx: number }) {
  const offset = run.start * cellPx;
  const length = Math.max(1, (run.end - run.start) * cellPx);
  return (
    <>
      <div
        className="ms-heatmap__pad ms-heatmap__pad--columns"
        style={{ left: offset, width: length }}
      />
      <div
        className="ms-heatmap__pad ms-heatmap__pad--rows"
        style={{ top: offset, height: length }}
      />
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
