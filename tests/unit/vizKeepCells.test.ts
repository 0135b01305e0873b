// The keep-matrix painter: one pixel per cell, masked grey, attend teal, NaN magenta, and the
// cells that differ from the intended matrix in the leak / blocked colours.
import { describe, expect, it } from 'vitest';
import { KEEP_COLORS, paintKeepCells } from '../../src/viz/keepCells';
import type { CellContext, PixelImage } from '../../src/viz/paintCells';

function fakeContext(): CellContext & { put: PixelImage | null } {
  return {
    put: null,
    createImageData: (width, height) => ({
      width,
      height,
      data: new Uint8ClampedArray(width * height * 4),
    }),
    putImageData(image) {
      this.put = image;
    },
  };
}

const pixel = (image: PixelImage, x: number, y: number) =>
  Array.from(image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 3));

describe('paintKeepCells', () => {
  it('paints attend, masked and NaN cells in their colours, rows = queries', () => {
    const ctx = fakeContext();
    paintKeepCells(ctx, Float32Array.from([1, 0, NaN, NaN]), 2);
    const image = ctx.put as PixelImage;
    expect(pixel(image, 0, 0)).toEqual([...KEEP_COLORS.attend]);
    expect(pixel(image, 1, 0)).toEqual([...KEEP_COLORS.masked]);
    expect(pixel(image, 0, 1)).toEqual([...KEEP_COLORS.nan]);
  });

  it('marks cells that attend or are masked against the intended matrix', () => {
    const ctx = fakeContext();
    // Inverted: keeps key 1 (padding) and masks key 0 (real).
    paintKeepCells(ctx, Float32Array.from([0, 1, 0, 1]), 2, Float32Array.from([1, 0, 1, 0]));
    const image = ctx.put as PixelImage;
    expect(pixel(image, 0, 0)).toEqual([...KEEP_COLORS.blocked]);
    expect(pixel(image, 1, 0)).toEqual([...KEEP_COLORS.leaks]);
  });

  it('refuses a short matrix', () => {
    expect(() => paintKeepCells(fakeContext(), new Float32Array(3), 2)).toThrow(RangeError);
  });
});
