// Pure geometry for the heatmaps, in CSS pixels. Each heatmap canvas holds one pixel per cell
// (T × T) and is scaled up by CSS; these functions decide how big a cell is on screen, where
// the labels go and where each of the L × H small multiples sits.

/** Which attention axis runs down the rows of a drawn matrix. */
export type Orientation = 'rowsAreQueries' | 'rowsAreKeys';

/** The attention axis of a matrix dimension. */
export type AttentionAxis = 'query' | 'key';

/** Inputs of the overview grid's layout. */
export interface GridLayoutSpec {
  readonly layers: number;
  readonly heads: number;
  /** Keys per head (T). */
  readonly seqLen: number;
  /** Query rows per head (Tq); T (a square) unless given. */
  readonly queries?: number;
  /** Which axis runs down: decides whether a rectangle is wide or tall. */
  readonly orientation?: Orientation;
  /** Width available to the whole grid (labels included). */
  readonly widthPx: number;
  readonly gapPx?: number;
  readonly minHeadPx?: number;
  readonly maxHeadPx?: number;
  /** Height of the caption line (leak score) under each head. */
  readonly captionPx?: number;
  /** Width of the layer labels on the left. */
  readonly rowLabelPx?: number;
  /** Height of the head labels on top. */
  readonly columnLabelPx?: number;
}

/** Where one head's heatmap square sits (top-left corner). */
export interface HeadBox {
  readonly layer: number;
  readonly head: number;
  readonly x: number;
  readonly y: number;
}

/**
 * The overview grid: one box per head (a `headPx` square for self-attention), caption below,
 * labels on the left and top.
 */
export interface GridLayout {
  /** Length of each head's key axis; equals cellPx × seqLen. */
  readonly headPx: number;
  /** Length of each head's query axis: cellPx × Tq, or MIN_QUERY_PX for a thin strip. */
  readonly queryPx: number;
  /** Each head's box as drawn (key and query axes in the layout's orientation). */
  readonly boxWidthPx: number;
  readonly boxHeightPx: number;
  /** On-screen size of one cell; below 1 the canvas is downsampled. */
  readonly cellPx: number;
  readonly gapPx: number;
  readonly captionPx: number;
  readonly rowLabelPx: number;
  readonly columnLabelPx: number;
  readonly width: number;
  readonly height: number;
  /** Boxes in layer-major order: index = layer × heads + head. */
  readonly boxes: readonly HeadBox[];
}

/** The least height (or width) of a head with few query rows: a pooling strip stays visible. */
export const MIN_QUERY_PX = 12;

/**
 * Lays out L × H small multiples; heads shrink to fit `widthPx` but never below `minHeadPx`.
 * The longer of a head's two axes gets the size a square would.
 */
export function computeLayout(spec: GridLayoutSpec): GridLayout {
  const { layers, heads, seqLen } = spec;
  const queries = spec.queries ?? seqLen;
  const gapPx = spec.gapPx ?? 8;
  const captionPx = spec.captionPx ?? 14;
  const rowLabelPx = spec.rowLabelPx ?? 28;
  const columnLabelPx = spec.columnLabelPx ?? 16;
  const fitPx = Math.floor((spec.widthPx - rowLabelPx - gapPx * (heads - 1)) / heads);
  const targetPx = Math.max(1, clamp(fitPx, spec.minHeadPx ?? 40, spec.maxHeadPx ?? 160));
  const span = Math.max(seqLen, queries);
  // Whole pixels per cell when cells are at least a pixel: crisp, equal cells.
  const cellPx = targetPx >= span ? Math.floor(targetPx / span) : targetPx / span;
  // Below a pixel a cell, the longer axis is exactly the target (no rounding past it).
  const headPx = targetPx < span && seqLen === span ? targetPx : cellPx * seqLen;
  const queryPx = queries === seqLen ? headPx : Math.max(cellPx * queries, MIN_QUERY_PX);
  const isQueryRows = (spec.orientation ?? 'rowsAreQueries') === 'rowsAreQueries';
  const boxWidthPx = isQueryRows ? headPx : queryPx;
  const boxHeightPx = isQueryRows ? queryPx : headPx;
  const strideX = boxWidthPx + gapPx;
  const strideY = boxHeightPx + captionPx + gapPx;
  const boxes: HeadBox[] = [];
  for (let layer = 0; layer < layers; layer += 1) {
    for (let head = 0; head < heads; head += 1) {
      boxes.push({
        layer,
        head,
        x: rowLabelPx + head * strideX,
        y: columnLabelPx + layer * strideY,
      });
    }
  }
  return {
    ...{ headPx, queryPx, boxWidthPx, boxHeightPx, cellPx, gapPx, captionPx },
    ...{ rowLabelPx, columnLabelPx, boxes },
    width: rowLabelPx + heads * strideX - gapPx,
    height: columnLabelPx + layers * strideY - gapPx,
  };
}

/** Inputs of the single-head detail view's layout. */
export interface DetailLayoutSpec {
  readonly seqLen: number;
  /** Query positions drawn: fewer than T when padding queries are hidden, any Tq for cross-attention; T by default. */
  readonly queries?: number;
  readonly orientation: Orientation;
  /** Largest side of the matrix itself. */
  readonly maxPlotPx?: number;
  /** Width available to the whole layout (labels, matrix and sums); the matrix shrinks to fit. */
  readonly maxWidthPx?: number;
  /** Longest token label, in characters (labels are monospace). */
  readonly labelChars?: number;
  readonly fontPx?: number;
  /** Depth of the strip that shows the query sums. */
  readonly sumsPx?: number;
}

/** An axis-aligned rectangle in CSS pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The detail view: token labels left and top, the matrix, and the query-sum strip. */
export interface DetailLayout {
  readonly seqLen: number;
  /** Query positions drawn (T, fewer when padding queries are hidden, or Tq). */
  readonly queries: number;
  readonly orientation: Orientation;
  readonly rowAxis: AttentionAxis;
  readonly columnAxis: AttentionAxis;
  readonly cellPx: number;
  readonly plot: Box;
  /** Query sums: right of the rows when rows are queries, under the columns when transposed. */
  readonly sums: Box;
  /** Label every n-th token so labels never overlap. */
  readonly labelEvery: number;
  readonly fontPx: number;
  readonly width: number;
  readonly height: number;
}

const MAX_CELL_PX = 32;
const MAX_LABEL_CHARS = 16;
/** Advance of one monospace character relative to the font size. */
const MONO_ADVANCE = 0.62;
const SUMS_GAP_PX = 6;
/** The matrix never shrinks below this side to fit a narrow width (the page scrolls instead). */
const MIN_PLOT_PX = 120;

/** Lays out one head: square cells, margins wide enough for the longest token label. */
export function computeDetailLayout(spec: DetailLayoutSpec): DetailLayout {
  const { seqLen, orientation } = spec;
  const maxPlotPx = spec.maxPlotPx ?? 640;
  const fontPx = spec.fontPx ?? 11;
  const sumsPx = spec.sumsPx ?? 56;
  const chars = clamp(spec.labelChars ?? 8, 1, MAX_LABEL_CHARS);
  const labelPx = Math.ceil(chars * fontPx * MONO_ADVANCE) + 2 * fontPx;
  const rowsAreQueries = orientation === 'rowsAreQueries';
  // Beside the rows, the sums strip takes width; under the columns it takes height.
  const besidePx = labelPx + (rowsAreQueries ? SUMS_GAP_PX + sumsPx : 0);
  const sidePx =
    spec.maxWidthPx === undefined
      ? maxPlotPx
      : Math.min(maxPlotPx, Math.max(MIN_PLOT_PX, spec.maxWidthPx - besidePx));
  const queries = Math.max(1, spec.queries ?? seqLen);
  // The longer axis fits the side: the keys, or the queries of a tall cross-attention.
  const span = Math.max(seqLen, queries);
  const fits = Math.floor(sidePx / span);
  const cellPx = fits >= 1 ? Math.min(fits, MAX_CELL_PX) : sidePx / span;
  const plotPx = cellPx * seqLen;
  const queryPx = cellPx * queries;
  const plot: Box = rowsAreQueries
    ? { x: labelPx, y: labelPx, width: plotPx, height: queryPx }
    : { x: labelPx, y: labelPx, width: queryPx, height: plotPx };
  const sums: Box = rowsAreQueries
    ? { x: plot.x + plot.width + SUMS_GAP_PX, y: plot.y, width: sumsPx, height: plot.height }
    : { x: plot.x, y: plot.y + plot.height + SUMS_GAP_PX, width: plot.width, height: sumsPx };
  return {
    seqLen,
    queries,
    orientation,
    rowAxis: rowsAreQueries ? 'query' : 'key',
    columnAxis: rowsAreQueries ? 'key' : 'query',
    cellPx,
    plot,
    sums,
    labelEvery: Math.max(1, Math.ceil((fontPx + 2) / cellPx)),
    fontPx,
    width: sums.x + sums.width,
    height: sums.y + sums.height,
  };
}

/** A matrix cell by its query and key indices. */
export interface QueryKey {
  readonly query: number;
  readonly key: number;
}

/**
 * The cell under a point (CSS px relative to the layout's origin), or null outside the plot. Its
 * query is a drawn position: with padding queries hidden, the index into the shown queries.
 */
export function cellAt(layout: DetailLayout, x: number, y: number): QueryKey | null {
  const column = Math.floor((x - layout.plot.x) / layout.cellPx);
  const row = Math.floor((y - layout.plot.y) / layout.cellPx);
  const isQueryRows = layout.orientation === 'rowsAreQueries';
  const rows = isQueryRows ? layout.queries : layout.seqLen;
  const columns = isQueryRows ? layout.seqLen : layout.queries;
  if (row < 0 || column < 0 || row >= rows || column >= columns) return null;
  return layout.orientation === 'rowsAreQueries'
    ? { query: row, key: column }
    : { query: column, key: row };
}

/** Where the drawn row and column of a cell are, given the orientation. */
export function displayPosition(
  orientation: Orientation,
  cell: QueryKey,
): { readonly row: number; readonly column: number } {
  return orientation === 'rowsAreQueries'
    ? { row: cell.query, column: cell.key }
    : { row: cell.key, column: cell.query };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
