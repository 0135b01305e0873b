import { describe, expect, it } from 'vitest';
import { NAN_RGBA, SEQUENTIAL_ZERO_RGBA, type Rgba } from '../../src/viz/colormaps';
import { createColorScale } from '../../src/viz/colorScale';
import {
  paintCells,
  paintColorRamp,
  type CellContext,
  type PixelImage,
} from '../../src/viz/paintCells';

/** A 2D context stand-in that keeps the last image put, like a T×T canvas. */
class FakeContext implements CellContext {
  put: PixelImage | null = null;
  created = 0;
  createImageData(width: number, height: number): PixelImage {
    this.created += 1;
    return { width, height, data: new Uint8ClampedArray(width * height * 4) };
  }
  putImageData(image: PixelImage): void {
    this.put = image;
  }
  pixel(x: number, y: number): Rgba {
    const image = this.put!;
    const at = (y * image.width + x) * 4;
    const d = image.data;
    return [d[at]!, d[at + 1]!, d[at + 2]!, d[at + 3]!];
  }
}

/** Softmax rows over T = 4 with the last key padding; correct mask = 0 there, no mask leaks. */
function attentionWithPaddingKey(isMasked: boolean): Float32Array {
  const seqLen = 4;
  const matrix = new Float32Array(seqLen * seqLen);
  for (let query = 0; query < seqLen; query += 1) {
    const weights = isMasked ? [0.5, 0.3, 0.2, 0] : [0.4, 0.3, 0.2, 0.1];
    matrix.set(weights, query * seqLen);
  }
  return matrix;
}

const linear = createColorScale({ palette: 'sequential', kind: 'linear' });
const PAD = 3;

describe('paintCells', () => {
  it('paints only the drawn query rows (padding queries hidden) in both orientations', () => {
    // Two real queries over three keys, the last key padding (exactly 0).
    const matrix = Float32Array.from([0.5, 0.5, 0, 0.2, 0.8, 0]);
    const ctx = new FakeContext();
    paintCells(ctx, matrix, 3, { orientation: 'rowsAreQueries', queries: 2 }, linear);
    expect([ctx.put?.width, ctx.put?.height]).toEqual([3, 2]);
    expect(ctx.pixel(2, 1)).toEqual(SEQUENTIAL_ZERO_RGBA);
    expect(ctx.pixel(1, 1)).not.toEqual(SEQUENTIAL_ZERO_RGBA);
    paintCells(ctx, matrix, 3, { orientation: 'rowsAreKeys', queries: 2 }, linear);
    expect([ctx.put?.width, ctx.put?.height]).toEqual([2, 3]);
    expect(ctx.pixel(1, 2)).toEqual(SEQUENTIAL_ZERO_RGBA);
    expect(ctx.pixel(1, 1)).not.toEqual(SEQUENTIAL_ZERO_RGBA);
    expect(() =>
      paintCells(ctx, matrix, 3, { orientation: 'rowsAreQueries', queries: 3 }, linear),
    ).toThrow(/3×3 matrix, got 6 values/);
  });

  it('paints one pixel per cell with rows = queries and columns = keys', () => {
    const ctx = new FakeContext();
    const matrix = Float32Array.from([0, 1, 0.5, 0]);
    paintCells(ctx, matrix, 2, { orientation: 'rowsAreQueries' }, linear);
    expect(ctx.put!.width).toBe(2);
    expect(ctx.put!.height).toBe(2);
    expect(ctx.pixel(0, 0)).toEqual(SEQUENTIAL_ZERO_RGBA);
    expect(ctx.pixel(1, 0)).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect(ctx.pixel(0, 1)).not.toEqual(SEQUENTIAL_ZERO_RGBA);
    expect(ctx.pixel(1, 1)).toEqual(SEQUENTIAL_ZERO_RGBA);
  });

  it('under a correct mask the padding column of every real row is exactly the zero colour', () => {
    const ctx = new FakeContext();
    paintCells(ctx, attentionWithPaddingKey(true), 4, { orientation: 'rowsAreQueries' }, linear);
    for (let row = 0; row < PAD; row += 1) {
      expect(ctx.pixel(PAD, row)).toEqual(SEQUENTIAL_ZERO_RGBA);
      for (let column = 0; column < PAD; column += 1) {
        expect(ctx.pixel(column, row)).not.toEqual(SEQUENTIAL_ZERO_RGBA);
      }
    }
  });

  it('without a mask the padding column is not the zero colour', () => {
    const ctx = new FakeContext();
    paintCells(ctx, attentionWithPaddingKey(false), 4, { orientation: 'rowsAreQueries' }, linear);
    for (let row = 0; row < PAD; row += 1) {
      expect(ctx.pixel(PAD, row)).not.toEqual(SEQUENTIAL_ZERO_RGBA);
    }
  });

  it('transposing moves the zero padding column to a zero padding row', () => {
    const ctx = new FakeContext();
    paintCells(ctx, attentionWithPaddingKey(true), 4, { orientation: 'rowsAreKeys' }, linear);
    for (let column = 0; column < PAD; column += 1) {
      expect(ctx.pixel(column, PAD)).toEqual(SEQUENTIAL_ZERO_RGBA);
      expect(ctx.pixel(PAD, column)).not.toEqual(SEQUENTIAL_ZERO_RGBA);
    }
  });

  it('transposition swaps every cell across the diagonal', () => {
    const seqLen = 5;
    const matrix = Float32Array.from({ length: seqLen * seqLen }, (_, i) => i / 24);
    const normal = new FakeContext();
    const transposed = new FakeContext();
    paintCells(normal, matrix, seqLen, { orientation: 'rowsAreQueries' }, linear);
    paintCells(transposed, matrix, seqLen, { orientation: 'rowsAreKeys' }, linear);
    for (let y = 0; y < seqLen; y += 1) {
      for (let x = 0; x < seqLen; x += 1)
        expect(transposed.pixel(x, y)).toEqual(normal.pixel(y, x));
    }
  });

  it('NaN cells are magenta so a NaN row is never hidden', () => {
    const ctx = new FakeContext();
    paintCells(
      ctx,
      Float32Array.from([NaN, NaN, 0.5, 0.5]),
      2,
      { orientation: 'rowsAreQueries' },
      linear,
    );
    expect(ctx.pixel(0, 0)).toEqual(NAN_RGBA);
    expect(ctx.pixel(1, 0)).toEqual(NAN_RGBA);
    expect(ctx.pixel(0, 1)).not.toEqual(NAN_RGBA);
  });

  it('reuses the image it is given when the size matches', () => {
    const ctx = new FakeContext();
    const first = paintCells(
      ctx,
      new Float32Array(9),
      3,
      { orientation: 'rowsAreQueries' },
      linear,
    );
    const second = paintCells(
      ctx,
      new Float32Array(9).fill(1),
      3,
      { orientation: 'rowsAreQueries', image: first },
      linear,
    );
    expect(second).toBe(first);
    expect(ctx.created).toBe(1);
    expect(ctx.pixel(2, 2)).toEqual([0xfd, 0xe7, 0x25, 255]);
  });

  it('refuses a matrix shorter than T × T', () => {
    const ctx = new FakeContext();
    expect(() =>
      paintCells(ctx, new Float32Array(8), 3, { orientation: 'rowsAreQueries' }, linear),
    ).toThrow(RangeError);
  });
});

describe('paintColorRamp', () => {
  it('paints the table top to bottom, maximum first and zero colour last', () => {
    const ctx = new FakeContext();
    paintColorRamp(ctx, linear);
    expect(ctx.put!.height).toBe(linear.palette.size);
    expect(ctx.pixel(0, 0)).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect(ctx.pixel(0, linear.palette.size - 1)).toEqual(SEQUENTIAL_ZERO_RGBA);
  });
});

describe('horizontal colour ramp', () => {
  it('runs from the zero colour on the left to the maximum on the right', () => {
    const ctx = new FakeContext();
    paintColorRamp(ctx, linear, 'horizontal');
    expect(ctx.put!.width).toBe(linear.palette.size);
    expect(ctx.pixel(0, 0)).toEqual(SEQUENTIAL_ZERO_RGBA);
    expect(ctx.pixel(linear.palette.size - 1, 0)).toEqual([0xfd, 0xe7, 0x25, 255]);
  });
});

describe('paintCells edge values', () => {
  it('paints negative zero as zero, infinity as the top colour and every NaN pattern as magenta', () => {
    const ctx = new FakeContext();
    const matrix = new Float32Array(4);
    const words = new Uint32Array(matrix.buffer);
    matrix[0] = -0;
    matrix[1] = Infinity;
    words[2] = 0x7f800001; // a NaN whose payload sits in the low bits only
    words[3] = 0xffc00000; // negative quiet NaN, as GPUs produce
    paintCells(ctx, matrix, 2, { orientation: 'rowsAreQueries' }, linear);
    expect(ctx.pixel(0, 0)).toEqual(SEQUENTIAL_ZERO_RGBA);
    expect(ctx.pixel(1, 0)).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect(ctx.pixel(0, 1)).toEqual(NAN_RGBA);
    expect(ctx.pixel(1, 1)).toEqual(NAN_RGBA);
  });

  it('paints a head view that starts part-way into a larger attention buffer', () => {
    const ctx = new FakeContext();
    const buffer = Float32Array.from([1, 1, 1, 1, 0, 1, 0, 1]);
    paintCells(ctx, buffer.subarray(4), 2, { orientation: 'rowsAreQueries' }, linear);
    expect(ctx.pixel(0, 0)).toEqual(SEQUENTIAL_ZERO_RGBA);
    expect(ctx.pixel(1, 0)).toEqual([0xfd, 0xe7, 0x25, 255]);
  });
});
