/**
 * The head grids as one PNG: every head of each pane painted through paintCells (the same
 * colours as the screen, pooled like the screen when T exceeds the square), scaled up without
 * smoothing, with the pane titles and L/H labels drawn as text. Heads of cross-attention,
 * decoding steps and pooling are [Tq, Tk] rectangles (headRect).
 */
import { headMatrix } from '../../src/analysis/attentionMaps';
import { GRID_TITLE_PX, gridFigureLayout, headRect } from '../../src/export/gridFigure';
import type { Orientation } from '../../src/viz/layout';
import { paintCells } from '../../src/viz/paintCells';
import { poolCells, poolFactor } from '../../src/viz/poolCells';
import type { DrawnAttention } from '../store/heatmapSelectors';
import { canvasToPng } from './download';

/** One pane to draw and its title ("A: Correct key mask"). */
export interface GridPanePicture {
  readonly title: string;
  readonly drawn: DrawnAttention;
}

const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('no 2D canvas to draw the grid on.');
  return ctx;
}

/** Paints one head's matrix at one pixel per (pooled) cell onto `scratch`, resized to fit. */
function paintHead(
  scratch: HTMLCanvasElement,
  drawn: DrawnAttention,
  layer: number,
  head: number,
  orientation: Orientation,
  pixels: number,
): void {
  const [, , queries, seqLen] = drawn.attention.shape;
  const factor = poolFactor(Math.max(queries, seqLen), pixels);
  const pooled = poolCells(headMatrix(drawn.attention, layer, head), seqLen, factor, queries);
  const isQueryRows = orientation === 'rowsAreQueries';
  scratch.width = isQueryRows ? pooled.size : pooled.rows;
  scratch.height = isQueryRows ? pooled.rows : pooled.size;
  const options = { orientation, queries: pooled.rows };
  paintCells(context(scratch), pooled.matrix, pooled.size, options, drawn.scale);
}

/** The line under the title: sizes, axes and colours. */
function captionOf(drawn: DrawnAttention, orientation: Orientation): string {
  const [layers, heads, queries, seqLen] = drawn.attention.shape;
  const cells = queries === seqLen ? `T = ${seqLen}` : `${queries} queries × ${seqLen} keys`;
  const axes =
    orientation === 'rowsAreQueries'
      ? 'rows = queries, columns = keys'
      : 'rows = keys, columns = queries';
  return `${layers} layers × ${heads} heads, ${cells}; ${axes}; ${drawn.scale.kind} colour scale; grey = exactly 0, magenta = NaN`;
}

/** Draws the grids; `title` goes on top ("maskscope · model · 32 pads right"). */
export function gridCanvas(
  panes: readonly GridPanePicture[],
  title: string,
  orientation: Orientation,
  pixelRatio = 2,
): HTMLCanvasElement {
  const first = panes[0];
  if (first === undefined) throw new Error('there is no grid to export yet.');
  const [layers, heads, queries, seqLen] = first.drawn.attention.shape;
  const layout = gridFigureLayout({ layers, heads, seqLen, panes: panes.length });
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(layout.widthPx * pixelRatio);
  canvas.height = Math.round(layout.heightPx * pixelRatio);
  const ctx = context(canvas);
  ctx.scale(pixelRatio, pixelRatio);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.widthPx, layout.heightPx);
  ctx.fillStyle = '#111111';
  ctx.font = `600 15px ${FONT}`;
  ctx.fillText(title, 16, 24);
  ctx.font = `11px ${FONT}`;
  ctx.fillStyle = '#555555';
  ctx.fillText(captionOf(first.drawn, orientation), 16, GRID_TITLE_PX - 14);
  const scratch = document.createElement('canvas');
  ctx.imageSmoothingEnabled = false;
  panes.forEach((pane, p) => {
    const x = layout.paneX[p] ?? 0;
    ctx.fillStyle = '#111111';
    ctx.font = `600 13px ${FONT}`;
    ctx.fillText(pane.title, x, GRID_TITLE_PX + 14);
    ctx.font = `11px ${FONT}`;
    for (let head = 0; head < heads; head++) {
      const square = layout.square(p, 0, head);
      ctx.fillText(`H${head}`, square.x + square.size / 2 - 8, layout.gridTopPx - 4);
    }
    for (let layer = 0; layer < layers; layer++) {
      const square = layout.square(p, layer, 0);
      ctx.fillText(`L${layer}`, x, square.y + square.size / 2 + 4);
      for (let head = 0; head < heads; head++) {
        const square = layout.square(p, layer, head);
        paintHead(scratch, pane.drawn, layer, head, orientation, square.size * pixelRatio);
        const rect = headRect(square, queries, seqLen, orientation);
        ctx.drawImage(scratch, rect.x, rect.y, rect.width, rect.height);
      }
    }
  });
  return canvas;
}

/** The grids as PNG bytes. */
export function gridPng(
  panes: readonly GridPanePicture[],
  title: string,
  orientation: Orientation,
): Promise<Blob> {
  return canvasToPng(gridCanvas(panes, title, orientation));
}
