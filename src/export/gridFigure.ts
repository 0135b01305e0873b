/**
 * Where everything goes in the exported picture of the head grids: a title, then each pane (A,
 * B or A − B) as layers × heads squares with "L0"… row and "H0"… column labels above its own
 * title. A head that is not square (cross-attention [Tq, Tk], a decoding step or pooling
 * [1, T]) is drawn as a rectangle in the top-left of its square. Pure arithmetic in CSS px; the
 * app paints it.
 */
import { MIN_QUERY_PX, type Orientation } from '../viz/layout';

/** What the grid picture holds. */
export interface GridFigureSpec {
  readonly layers: number;
  readonly heads: number;
  readonly seqLen: number;
  /** Number of panes side by side (1 or 2). */
  readonly panes: number;
}

/** A square in the picture, CSS px. */
export interface Square {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/** The computed picture: its size, each pane's origin, and the head squares of pane 0. */
export interface GridFigureLayout {
  readonly widthPx: number;
  readonly heightPx: number;
  /** Side of one head's square. */
  readonly headPx: number;
  /** Left edge of each pane (its row labels start there). */
  readonly paneX: readonly number[];
  /** Top of the squares (pane titles and column labels sit above it). */
  readonly gridTopPx: number;
  /** The square of (layer, head) in pane `pane`. */
  readonly square: (pane: number, layer: number, head: number) => Square;
}

/** Height of the picture's title band (title and caption lines), CSS px. */
export const GRID_TITLE_PX = 56;
const PANE_TITLE_PX = 22;
const COLUMN_LABEL_PX = 16;
const ROW_LABEL_PX = 30;
const GAP_PX = 6;
const PANE_GAP_PX = 28;
const MARGIN_PX = 16;

/** Lays out the picture: heads 2 to 4 px per token, between 64 and 160 px a side. */
export function gridFigureLayout(spec: GridFigureSpec): GridFigureLayout {
  const { layers, heads, seqLen, panes } = spec;
  const headPx = Math.min(160, Math.max(64, seqLen * 3));
  const paneWidth = ROW_LABEL_PX + heads * (headPx + GAP_PX) - GAP_PX;
  const paneX = Array.from({ length: panes }, (_, p) => MARGIN_PX + p * (paneWidth + PANE_GAP_PX));
  const gridTopPx = GRID_TITLE_PX + PANE_TITLE_PX + COLUMN_LABEL_PX;
  const widthPx = MARGIN_PX * 2 + panes * paneWidth + (panes - 1) * PANE_GAP_PX;
  const heightPx = gridTopPx + layers * (headPx + GAP_PX) - GAP_PX + MARGIN_PX;
  return {
    widthPx,
    heightPx,
    headPx,
    paneX,
    gridTopPx,
    square: (pane, layer, head) => ({
      x: (paneX[pane] ?? 0) + ROW_LABEL_PX + head * (headPx + GAP_PX),
      y: gridTopPx + layer * (headPx + GAP_PX),
      size: headPx,
    }),
  };
}

/** A rectangle in the picture, CSS px. */
export interface HeadRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Where a head of `queries` × `keys` cells goes in `square`: the longer axis fills the side, the
 * shorter keeps square cells (at least MIN_QUERY_PX, so a one-row strip stays visible); keys run
 * across when rows are queries, down when transposed.
 */
export function headRect(
  square: Square,
  queries: number,
  keys: number,
  orientation: Orientation,
): HeadRect {
  const cellPx = square.size / Math.max(queries, keys);
  const keyPx = cellPx * keys;
  const queryPx =
    queries === keys ? keyPx : Math.min(square.size, Math.max(cellPx * queries, MIN_QUERY_PX));
  const isQueryRows = orientation === 'rowsAreQueries';
  return {
    x: square.x,
    y: square.y,
    width: isQueryRows ? keyPx : queryPx,
    height: isQueryRows ? queryPx : keyPx,
  };
}
