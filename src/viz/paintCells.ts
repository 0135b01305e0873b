// The only code that writes heatmap cells to a canvas: one pixel per cell into an ImageData via
// a uint32 view, colours looked up in precomputed tables (as tensorflow/playground's heatmap
// does), then a single putImageData; CSS scales the canvas up. The lookup is keyed by each
// float's top 16 bits (ColorScale.indexByBits), so the loop does no arithmetic per cell. Padding
// is marked outside the cells (see paddingRuns), so a cell's colour depends only on its value.
import { cellIndexer, float32Bits, type ColorScale } from './colorScale';
import type { Orientation } from './layout';

const NAN_BITS = 0x7fc00000;

/** The pixel buffer of an ImageData (RGBA bytes, row-major). */
export interface PixelImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** The part of CanvasRenderingContext2D the painters use (a fake in unit tests). */
export interface CellContext {
  createImageData(width: number, height: number): PixelImage;
  putImageData(image: PixelImage, dx: number, dy: number): void;
}

/** How to paint a matrix. */
export interface PaintOptions {
  /** rowsAreQueries: pixel (x = key, y = query); rowsAreKeys: pixel (x = query, y = key). */
  readonly orientation: Orientation;
  /** An image to reuse when its size matches, so repaints allocate nothing. */
  readonly image?: PixelImage | null | undefined;
  /** Query rows in the matrix when only some are drawn (padding queries hidden); default T. */
  readonly queries?: number | undefined;
}

/**
 * Paints a Q×T matrix (row-major, rows = queries, Q = T unless `options.queries` says otherwise)
 * as one pixel per cell at the canvas origin and returns the image it used (pass it back as
 * `options.image` next time). Throws if the matrix is short.
 */
export function paintCells(
  ctx: CellContext,
  matrix: Float32Array,
  seqLen: number,
  options: PaintOptions,
  scale: ColorScale,
): PixelImage {
  const queries = options.queries ?? seqLen;
  const cells = queries * seqLen;
  if (
    !Number.isInteger(seqLen) ||
    seqLen < 1 ||
    !Number.isInteger(queries) ||
    queries < 1 ||
    matrix.length < cells
  ) {
    throw new RangeError(
      `paintCells needs a ${queries}×${seqLen} matrix, got ${matrix.length} values.`,
    );
  }
  const isTransposed = options.orientation === 'rowsAreKeys';
  const image = isTransposed
    ? reusableImage(ctx, options.image, queries, seqLen)
    : reusableImage(ctx, options.image, seqLen, queries);
  const pixels = new Uint32Array(image.data.buffer, image.data.byteOffset, cells);
  // The matrix's float32 bit patterns: colour = packed[cellIndexer(top 16 bits)], with exact
  // zero (±0) and NaN decided on the bits first so they never depend on the rounding.
  const bits = float32Bits(matrix.subarray(0, cells));
  const indexOf = cellIndexer(scale);
  const { packed, nanIndex } = scale.palette;
  const nanColor = packed[nanIndex] ?? 0;
  const colorOf = (word: number): number => packed[indexOf(word)] ?? nanColor;
  if (!isTransposed) {
    for (let i = 0; i < cells; i += 1) pixels[i] = colorOf(bits[i] ?? NAN_BITS);
  } else {
    // Transposed: cell (query q, key k) goes to pixel row k, column q (rows are Q wide).
    for (let query = 0, i = 0; query < queries; query += 1) {
      for (let key = 0; key < seqLen; key += 1, i += 1) {
        pixels[key * queries + query] = colorOf(bits[i] ?? NAN_BITS);
      }
    }
  }
  ctx.putImageData(image, 0, 0);
  return image;
}

/** Which way a colour ramp runs: vertical = maximum at the top, horizontal = maximum on the right. */
export type RampDirection = 'vertical' | 'horizontal';

/** Paints the palette as a 1-pixel-thick ramp of `palette.size` pixels (no NaN entry). */
export function paintColorRamp(
  ctx: CellContext,
  scale: ColorScale,
  direction: RampDirection = 'vertical',
): void {
  const { size, packed } = scale.palette;
  const isVertical = direction === 'vertical';
  const image = isVertical ? ctx.createImageData(1, size) : ctx.createImageData(size, 1);
  const pixels = new Uint32Array(image.data.buffer, image.data.byteOffset, size);
  for (let index = 0; index < size; index += 1) {
    pixels[isVertical ? size - 1 - index : index] = packed[index] ?? 0;
  }
  ctx.putImageData(image, 0, 0);
}

function reusableImage(
  ctx: CellContext,
  previous: PixelImage | null | undefined,
  width: number,
  height: number,
): PixelImage {
  if (previous && previous.width === width && previous.height === height) return previous;
  return ctx.createImageData(width, height);
}
