// Colour tables for the heatmaps, built once from a few control points so that painting is a
// table lookup (no d3 at paint time). Sequential: viridis (matplotlib, van der Walt & Smith),
// 17 control points sampled from d3-scale-chromatic's 256-entry ramp, above a grey entry for
// exact zero. Diverging: ColorBrewer RdBu (11 classes), blue for negative, white-ish at zero,
// red for positive.

/** An sRGB colour with alpha, each channel 0–255. */
export type Rgba = readonly [r: number, g: number, b: number, a: number];

/** Which table: sequential for probabilities, diverging for differences A − B. */
export type PaletteKind = 'sequential' | 'diverging';

/**
 * A precomputed colour table: `size` colours plus one extra entry (at `nanIndex` = size) for NaN.
 * `rgba` holds the bytes [(size + 1) * 4]; `packed` views the same bytes as one uint32 per colour,
 * so a painter can write whole pixels into a Uint32Array view of ImageData (any endianness).
 */
export interface Palette {
  readonly kind: PaletteKind;
  /** Number of real colours (excluding the NaN entry). */
  readonly size: number;
  /** The index that exact zero maps to: 0 for sequential, the middle for diverging. */
  readonly zeroIndex: number;
  /** The index of the NaN colour (= size). */
  readonly nanIndex: number;
  readonly rgba: Uint8ClampedArray;
  readonly packed: Uint32Array;
}

const VIRIDIS_STOPS: readonly string[] = [
  '440154', '48186a', '472d7b', '424086', '3b528b', '33638d', '2c728e', '26828e', '21918c',
  '1f9f88', '27ad81', '3dbc74', '5cc863', '81d34d', 'aadc32', 'd5e21a', 'fde725',
]; // prettier-ignore

/** Negative → positive: RdBu reversed so that A > B is red. The middle stop is the zero colour. */
const DIVERGING_STOPS: readonly string[] = [
  '053061', '2166ac', '4393c3', '92c5de', 'd1e5f0', 'f7f7f7', 'fddbc7', 'f4a582', 'd6604d',
  'b2182b', '67001f',
]; // prettier-ignore

/** 256 sequential colours: index 0 is exact zero (grey), 1 … 255 viridis. */
export const SEQUENTIAL_SIZE = 256;
/** 255 diverging colours: an odd count so that zero has its own middle entry (127). */
export const DIVERGING_SIZE = 255;

/** The colour that NaN paints in every palette: magenta, which neither palette contains. */
export const NAN_RGBA: Rgba = [255, 0, 255, 255];

/**
 * The colour of exact zero on the sequential palette: a light grey that viridis never reaches.
 * Viridis starts at a dark purple (#440154) that the log scale's floor (1e-6) already paints, so a
 * zero drawn in it would look like a tiny leak, the very thing a mask bug produces.
 */
export const SEQUENTIAL_ZERO_RGBA: Rgba = hexToRgba('cfcfcf');

/** The colour of exact zero (A = B) on the diverging palette (#f7f7f7). */
export const DIVERGING_ZERO_RGBA: Rgba = hexToRgba(
  DIVERGING_STOPS[(DIVERGING_STOPS.length - 1) / 2] ?? 'ffffff',
);

/** The zero colour of a palette kind; pixel probes compare canvas pixels with it. */
export function zeroRgba(kind: PaletteKind): Rgba {
  return kind === 'sequential' ? SEQUENTIAL_ZERO_RGBA : DIVERGING_ZERO_RGBA;
}

/** Builds the colour table of a palette kind (a fresh table each call; callers memoise). */
export function createPalette(kind: PaletteKind): Palette {
  const isSequential = kind === 'sequential';
  const size = isSequential ? SEQUENTIAL_SIZE : DIVERGING_SIZE;
  const stops = (isSequential ? VIRIDIS_STOPS : DIVERGING_STOPS).map(hexToRgba);
  const rgba = new Uint8ClampedArray((size + 1) * 4);
  if (isSequential) {
    // Entry 0 is exact zero; viridis runs over entries 1 … size - 1.
    rgba.set(SEQUENTIAL_ZERO_RGBA, 0);
    for (let i = 1; i < size; i += 1)
      rgba.set(interpolateStops(stops, (i - 1) / (size - 2)), i * 4);
  } else {
    for (let i = 0; i < size; i += 1) rgba.set(interpolateStops(stops, i / (size - 1)), i * 4);
  }
  rgba.set(NAN_RGBA, size * 4);
  return {
    kind,
    size,
    zeroIndex: isSequential ? 0 : (size - 1) / 2,
    nanIndex: size,
    rgba,
    packed: new Uint32Array(rgba.buffer, rgba.byteOffset, size + 1),
  };
}

/** The colour of one table entry. */
export function paletteRgba(palette: Palette, index: number): Rgba {
  const at = index * 4;
  const { rgba } = palette;
  return [rgba[at] ?? 0, rgba[at + 1] ?? 0, rgba[at + 2] ?? 0, rgba[at + 3] ?? 0];
}

/** CSS `rgb()` string of a colour. */
export function cssColor(color: Rgba): string {
  return `rgb(${color[0]} ${color[1]} ${color[2]})`;
}

/** Piecewise-linear interpolation in sRGB between evenly spaced stops, t in [0, 1]. */
function interpolateStops(stops: readonly Rgba[], t: number): Rgba {
  const segments = stops.length - 1;
  const position = Math.min(Math.max(t, 0), 1) * segments;
  const lower = Math.min(Math.floor(position), segments - 1);
  const fraction = position - lower;
  const from = stops[lower] ?? NAN_RGBA;
  const to = stops[lower + 1] ?? from;
  const mix = (a: number, b: number): number => Math.round(a + (b - a) * fraction);
  return [mix(from[0], to[0]), mix(from[1], to[1]), mix(from[2], to[2]), 255];
}

function hexToRgba(hex: string): Rgba {
  const channel = (start: number): number => parseInt(hex.slice(start, start + 2), 16);
  return [channel(0), channel(2), channel(4), 255];
}
