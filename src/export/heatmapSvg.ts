/**
 * One head's heatmap as a self-contained SVG figure for a bug report: a title naming the
 * model, layer, head, mode and padding; every token label on both axes as <text>; the cells as
 * rects coloured through the same colour scale as the screen (equal neighbours in a row merged
 * into one rect), or past MAX_RECT_CELLS as one embedded PNG of a pixel a cell (a 512² head as
 * rects is 12 MB of SVG); and a colour legend with its ticks, the exact-zero grey and NaN magenta.
 */
import { cellIndexer, colorBarTicks, float32Bits, type ColorScale } from '../viz/colorScale';
import { paletteRgba, type Palette } from '../viz/colormaps';
import type { Orientation } from '../viz/layout';
import { base64Of, encodePng } from './png';
import { escapeXml } from './xml';

/** What the figure shows. */
export interface HeatmapFigure {
  /** First title line: "maskscope-brown · layer 2 · head 1". */
  readonly title: string;
  /** Second title line: the mode(s) and the padding. */
  readonly subtitle: string;
  /** The coloured rows, [queries.length × seqLen], rows = queries. */
  readonly matrix: Float32Array;
  /** The query positions of the matrix's rows (all T, the real ones, or all Tq). */
  readonly queries: readonly number[];
  readonly seqLen: number;
  /** Token label per key position [T]. */
  readonly labels: readonly string[];
  /** 1 = padding, per key position [T]. */
  readonly padding: Uint8Array;
  /** Label and padding per query position [Tq] when the queries are not the keys (cross-attention, a decoding step, pooling). */
  readonly queryLabels?: readonly string[];
  readonly queryPadding?: Uint8Array;
  readonly orientation: Orientation;
  readonly scale: ColorScale;
  /** Title of the colour legend: "weight under A", "A − B". */
  readonly legendTitle: string;
}

/** A built figure: the SVG text and its size in CSS px. */
export interface SvgFigure {
  readonly svg: string;
  readonly widthPx: number;
  readonly heightPx: number;
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
const PLOT_PX = 640;
const LEGEND_BAR_PX = 14;
/** A generous average glyph width of the sans-serif font, per px of font size (bold). */
const GLYPH_EM = 0.62;

/** About how wide `text` is at `fontPx` (SVG has no layout: the figure must leave the room). */
function textWidthPx(text: string, fontPx: number): number {
  return [...text].length * fontPx * GLYPH_EM;
}
const LEGEND_SLICES = 64;
const PAD_LABEL = '#8a8a8a';
/** Above this many cells the cells go in as one embedded PNG (one pixel a cell), not rects. */
export const MAX_RECT_CELLS = 160 * 160;

/** `#rrggbb` of a palette entry: hex, which every SVG 1.1 reader parses. */
function hexOf(palette: Palette, index: number): string {
  const [r, g, b] = paletteRgba(palette, index);
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Sizes: cells, label font and the margins the labels need (text width ≈ 0.6 em a character). */
function sizesOf(figure: HeatmapFigure, rows: number, columns: number) {
  const cellPx = Math.min(18, Math.max(2, Math.floor(PLOT_PX / Math.max(rows, columns))));
  const fontPx = Math.min(11, Math.max(4, cellPx * 0.85));
  const all = [...figure.labels, ...(figure.queryLabels ?? [])];
  const longest = Math.max(1, ...all.map((label) => [...label].length));
  const labelPx = Math.ceil(longest * 0.6 * fontPx) + 8;
  const left = 16 + labelPx;
  const top = 64 + labelPx;
  return { cellPx, fontPx, left, top };
}

const NAN_BITS = 0x7fc00000;

/**
 * The drawn grid: rows × columns and the palette index at (row, column) in the figure's
 * orientation, looked up exactly as the screen's paintCells does (cellIndexer).
 */
function gridOf(figure: HeatmapFigure) {
  const { queries, seqLen } = figure;
  const bits = float32Bits(figure.matrix);
  const indexOf = cellIndexer(figure.scale);
  const isQueryRows = figure.orientation === 'rowsAreQueries';
  const wordAt = (row: number, column: number): number =>
    (isQueryRows ? bits[row * seqLen + column] : bits[column * seqLen + row]) ?? NAN_BITS;
  return {
    rows: isQueryRows ? queries.length : seqLen,
    columns: isQueryRows ? seqLen : queries.length,
    indexAt: (row: number, column: number): number => indexOf(wordAt(row, column)),
  };
}

/** Every cell as one pixel of a PNG, stretched over the plot without smoothing. */
function cellImage(figure: HeatmapFigure, cellPx: number, left: number, top: number): string {
  const { rows, columns, indexAt } = gridOf(figure);
  const { palette } = figure.scale;
  const rgba = new Uint8Array(rows * columns * 4);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const index = indexAt(row, column);
      rgba.set(palette.rgba.subarray(index * 4, index * 4 + 4), (row * columns + column) * 4);
    }
  }
  const href = `data:image/png;base64,${base64Of(encodePng(rgba, columns, rows))}`;
  return `<image x="${left}" y="${top}" width="${columns * cellPx}" height="${rows * cellPx}" preserveAspectRatio="none" style="image-rendering:pixelated" href="${href}"/>`;
}

/** The cell rects of every drawn row, runs of one colour merged. */
function cellRects(figure: HeatmapFigure, cellPx: number, left: number, top: number): string[] {
  const { palette } = figure.scale;
  const { rows, columns, indexAt } = gridOf(figure);
  const rects: string[] = [];
  for (let row = 0; row < rows; row++) {
    let start = 0;
    let color = hexOf(palette, indexAt(row, 0));
    for (let column = 1; column <= columns; column++) {
      const next = column < columns ? hexOf(palette, indexAt(row, column)) : '';
      if (next === color) continue;
      rects.push(
        `<rect x="${left + start * cellPx}" y="${top + row * cellPx}" width="${(column - start) * cellPx}" height="${cellPx}" fill="${color}"/>`,
      );
      start = column;
      color = next;
    }
  }
  return rects;
}

/** The positions along one axis with their labels and padding flags. */
interface LabelledAxis {
  readonly positions: readonly number[];
  readonly labels: readonly string[];
  readonly padding: Uint8Array;
}

/** The rows' and the columns' labelled axes in the figure's orientation. */
function labelledAxes(figure: HeatmapFigure): { rows: LabelledAxis; columns: LabelledAxis } {
  const keys: LabelledAxis = {
    positions: Array.from({ length: figure.seqLen }, (_, t) => t),
    labels: figure.labels,
    padding: figure.padding,
  };
  const queries: LabelledAxis = {
    positions: figure.queries,
    labels: figure.queryLabels ?? figure.labels,
    padding: figure.queryPadding ?? figure.padding,
  };
  return figure.orientation === 'rowsAreQueries'
    ? { rows: queries, columns: keys }
    : { rows: keys, columns: queries };
}

/** Row labels right-aligned left of the plot, column labels rotated to read upwards above it. */
function axisLabels(figure: HeatmapFigure, sizes: ReturnType<typeof sizesOf>): string[] {
  const { cellPx, fontPx, left, top } = sizes;
  const { rows, columns } = labelledAxes(figure);
  const attributes = (axis: LabelledAxis, t: number) =>
    `${axis.padding[t] === 1 ? ` fill="${PAD_LABEL}" font-style="italic"` : ' fill="#222"'}>${escapeXml(axis.labels[t] ?? String(t))}`;
  const rowTexts = rows.positions.map(
    (t, i) =>
      `<text class="row-label" x="${left - 4}" y="${top + (i + 0.5) * cellPx}" font-size="${fontPx}" text-anchor="end" dominant-baseline="central"${attributes(rows, t)}</text>`,
  );
  const columnTexts = columns.positions.map(
    (t, i) =>
      `<text class="column-label" transform="translate(${left + (i + 0.5) * cellPx} ${top - 4}) rotate(-90)" font-size="${fontPx}" dominant-baseline="central"${attributes(columns, t)}</text>`,
  );
  return [...rowTexts, ...columnTexts];
}

/** The colour legend: a ramp with ticks, then the zero and NaN swatches. */
function legend(scale: ColorScale, title: string, x: number, y: number, heightPx: number): string {
  const { size } = scale.palette;
  const slicePx = heightPx / LEGEND_SLICES;
  const slices = Array.from({ length: LEGEND_SLICES }, (_, i) => {
    const index = Math.round(((i + 0.5) / LEGEND_SLICES) * (size - 1));
    const color = hexOf(scale.palette, index);
    const sliceY = y + heightPx - (i + 1) * slicePx;
    return `<rect x="${x}" y="${sliceY.toFixed(2)}" width="${LEGEND_BAR_PX}" height="${(slicePx + 0.5).toFixed(2)}" fill="${color}"/>`;
  });
  const ticks = colorBarTicks(scale).map((tick) => {
    const tickY = (y + heightPx - tick.fraction * heightPx).toFixed(1);
    return `<line x1="${x + LEGEND_BAR_PX}" x2="${x + LEGEND_BAR_PX + 4}" y1="${tickY}" y2="${tickY}" stroke="#333"/><text x="${x + LEGEND_BAR_PX + 7}" y="${tickY}" font-size="10" dominant-baseline="central" fill="#222">${escapeXml(tick.label)}</text>`;
  });
  const zero = hexOf(scale.palette, scale.palette.zeroIndex);
  const nan = hexOf(scale.palette, scale.palette.nanIndex);
  const swatchY = y + heightPx + 16;
  return [
    `<g class="legend"><text x="${x}" y="${y - 10}" font-size="11" font-weight="600" fill="#222">${escapeXml(title)}</text>`,
    ...slices,
    ...ticks,
    `<rect x="${x}" y="${swatchY}" width="${LEGEND_BAR_PX}" height="10" fill="${zero}" stroke="#999" stroke-width="0.5"/><text x="${x + LEGEND_BAR_PX + 7}" y="${swatchY + 5}" font-size="10" dominant-baseline="central" fill="#222">exactly 0</text>`,
    `<rect x="${x}" y="${swatchY + 16}" width="${LEGEND_BAR_PX}" height="10" fill="${nan}"/><text x="${x + LEGEND_BAR_PX + 7}" y="${swatchY + 21}" font-size="10" dominant-baseline="central" fill="#222">NaN</text></g>`,
  ].join('');
}

/** Builds the figure. Throws a RangeError when the matrix does not match queries × T. */
export function heatmapSvg(figure: HeatmapFigure): SvgFigure {
  const { queries, seqLen, orientation } = figure;
  if (figure.matrix.length !== queries.length * seqLen || figure.labels.length !== seqLen) {
    throw new RangeError(
      `heatmapSvg needs ${queries.length}×${seqLen} values and ${seqLen} labels; got ${figure.matrix.length} and ${figure.labels.length}.`,
    );
  }
  const isQueryRows = orientation === 'rowsAreQueries';
  const rows = isQueryRows ? queries.length : seqLen;
  const columns = isQueryRows ? seqLen : queries.length;
  const sizes = sizesOf(figure, rows, columns);
  const { cellPx, left, top } = sizes;
  const plotWidth = columns * cellPx;
  const plotHeight = rows * cellPx;
  const legendX = left + plotWidth + 24;
  const legendHeight = Math.max(120, Math.min(plotHeight, 260));
  // Wide enough for the legend's ticks and its title, and for the title lines.
  const widthPx = Math.ceil(
    Math.max(
      legendX + LEGEND_BAR_PX + 96,
      legendX + textWidthPx(figure.legendTitle, 11) + 16,
      32 + textWidthPx(figure.title, 15),
      32 + textWidthPx(figure.subtitle, 12),
    ),
  );
  const heightPx = Math.ceil(Math.max(top + plotHeight, top + legendHeight + 48) + 16);
  const corner = `${isQueryRows ? 'rows: queries ↓ · columns: keys →' : 'rows: keys ↓ · columns: queries →'}`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 ${widthPx} ${heightPx}" ${FONT}>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text class="title" x="16" y="24" font-size="15" font-weight="600" fill="#111">${escapeXml(figure.title)}</text>`,
    `<text class="subtitle" x="16" y="44" font-size="12" fill="#333">${escapeXml(figure.subtitle)}</text>`,
    `<text x="16" y="60" font-size="10" fill="#555">${escapeXml(corner)}; grey italic labels are padding</text>`,
    `<g class="cells" shape-rendering="crispEdges">${rows * columns > MAX_RECT_CELLS ? cellImage(figure, cellPx, left, top) : cellRects(figure, cellPx, left, top).join('')}</g>`,
    `<rect x="${left}" y="${top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333" stroke-width="0.5"/>`,
    `<g class="labels">${axisLabels(figure, sizes).join('')}</g>`,
    legend(figure.scale, figure.legendTitle, legendX, top + 8, legendHeight),
    '</svg>',
  ];
  return { svg: parts.join('\n'), widthPx, heightPx };
}
