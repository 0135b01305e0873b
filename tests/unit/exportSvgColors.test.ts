// An exported SVG head shows each cell in the colour the screen paints it: both look a value up
// the same way (by its float32 bits), so a value near a colour step cannot land one step apart.
import { describe, expect, it } from 'vitest';
import { heatmapSvg } from '../../src/export/heatmapSvg';
import { createColorScale, type ColorScale } from '../../src/viz/colorScale';
import { paintCells, type CellContext, type PixelImage } from '../../src/viz/paintCells';

/** Values in (0, 1) whose exact colour step differs from the step of their 16-bit bucket. */
function valuesNearSteps(scale: ColorScale, count: number): Float32Array {
  const found: number[] = [];
  const bits = new Uint32Array(1);
  const value = new Float32Array(bits.buffer);
  for (let k = 1; k < 1_000_000 && found.length < count; k++) {
    value[0] = k / 1_000_000;
    const v = value[0] ?? 0;
    if (scale.indexOf(v) !== scale.indexByBits[(bits[0] ?? 0) >>> 16]) found.push(v);
  }
  return Float32Array.from(found);
}

/** The colour of every pixel of a one-row canvas, as "#rrggbb". */
function screenColors(matrix: Float32Array, scale: ColorScale): string[] {
  let put: PixelImage | null = null;
  const ctx: CellContext = {
    createImageData: (width, height) => ({
      width,
      height,
      data: new Uint8ClampedArray(width * height * 4),
    }),
    putImageData: (image) => (put = image),
  };
  paintCells(ctx, matrix, matrix.length, { orientation: 'rowsAreQueries', queries: 1 }, scale);
  const data = (put as PixelImage | null)?.data ?? new Uint8ClampedArray(0);
  return Array.from({ length: matrix.length }, (_, x) => {
    const rgb = [data[x * 4], data[x * 4 + 1], data[x * 4 + 2]];
    return `#${rgb.map((c) => (c ?? 0).toString(16).padStart(2, '0')).join('')}`;
  });
}

/** The fill of every cell of a one-row SVG heatmap, merged rects split back into cells. */
function svgColors(svg: string): string[] {
  const cell = /<rect x="(\d+)" y="\d+" width="(\d+)" height="(\d+)" fill="(#[0-9a-f]{6})"\/>/g;
  return [...svg.matchAll(cell)]
    .map(([, x = '', width = '', height = '', fill = '']) => ({
      x: Number(x),
      cells: Number(width) / Number(height),
      fill,
    }))
    .filter(({ cells }) => Number.isInteger(cells)) // the legend's NaN swatch is not a cell
    .sort((a, b) => a.x - b.x)
    .flatMap(({ cells, fill }) => new Array<string>(cells).fill(fill));
}

describe('SVG export colours', () => {
  it('colour every cell as the screen does, values next to a colour step included', () => {
    const scale = createColorScale({ palette: 'sequential', kind: 'linear' });
    const matrix = valuesNearSteps(scale, 40);
    expect(matrix.length).toBe(40);
    const { svg } = heatmapSvg({
      title: 't',
      subtitle: 's',
      matrix,
      queries: [0],
      seqLen: matrix.length,
      labels: Array.from(matrix, (_, t) => String(t)),
      padding: new Uint8Array(matrix.length),
      orientation: 'rowsAreQueries',
      scale,
      legendTitle: 'weight',
    });
    expect(svgColors(svg)).toEqual(screenColors(matrix, scale));
  });
});
