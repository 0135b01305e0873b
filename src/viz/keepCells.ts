// Paints a keep-matrix (rows = queries, columns = keys; 1 = the key keeps its weight, 0 =
// masked, NaN = a NaN row) one pixel per cell, like paintCells, with the cells that differ from
// the intended matrix in warning colours, so the difference shows without a second legend.
import type { CellContext, PixelImage } from './paintCells';

/** RGB colours of the keep heatmaps, shared with the legend. */
export const KEEP_COLORS = {
  attend: [31, 111, 139],
  masked: [232, 232, 232],
  nan: [208, 0, 111],
  /** Attends where it should be masked. */
  leaks: [242, 142, 43],
  /** Masked where it should attend. */
  blocked: [192, 57, 43],
} as const satisfies Record<string, readonly [number, number, number]>;

/** The CSS colour of a legend entry. */
export function keepColorCss(name: keyof typeof KEEP_COLORS): string {
  return `rgb(${KEEP_COLORS[name].join(', ')})`;
}

/**
 * Paints `weight` [T × T] at the canvas origin. With `intended` (1 = should attend), cells whose
 * attend/masked state differs are painted `leaks` or `blocked`. Returns the image used.
 */
export function paintKeepCells(
  ctx: CellContext,
  weight: Float32Array,
  seqLen: number,
  intended?: Float32Array,
): PixelImage {
  const cells = seqLen * seqLen;
  if (!Number.isInteger(seqLen) || seqLen < 1 || weight.length < cells) {
    throw new RangeError(
      `paintKeepCells needs a ${seqLen}×${seqLen} matrix, got ${weight.length}.`,
    );
  }
  const image = ctx.createImageData(seqLen, seqLen);
  for (let i = 0; i < cells; i++) {
    const rgb = colorOf(weight[i] ?? NaN, intended?.[i]);
    const [r = 0, g = 0, b = 0] = rgb;
    image.data.set([r, g, b, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
  return image;
}

/** The colour of one cell: NaN, a differing cell, or a blend from masked (0) to attend (1). */
export function colorOf(w: number, intended?: number): readonly number[] {
  if (Number.isNaN(w)) return KEEP_COLORS.nan;
  if (intended !== undefined) {
    if (intended === 0 && w > 0.01) return KEEP_COLORS.leaks;
    if (intended === 1 && w < 0.99) return KEEP_COLORS.blocked;
  }
  const t = Math.min(1, Math.max(0, w));
  return KEEP_COLORS.masked.map((m, c) => Math.round(m + ((KEEP_COLORS.attend[c] ?? 0) - m) * t));
}
