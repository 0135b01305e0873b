// Value → colour-table index. Conventions that the pixel probes rely on:
//  - exact zero, and only exact zero, paints the palette's zero colour: any positive weight
//    (even 1e-30) gets at least the next index, so a "zero" pixel really means weight 0;
//  - NaN paints the palette's NaN entry (magenta), never a real colour; so does a negative value
//    on the sequential (probability) scale, since no attention weight can be negative;
//  - the log scale spans [1e-6, max] (decades), so a 1e-5 leak sits well above the zero colour.
import { formatWeight } from '../diagnostics/format';
import { createPalette, type Palette, type PaletteKind } from './colormaps';

/** Linear or logarithmic mapping of magnitudes onto the table. */
export type ScaleKind = 'linear' | 'log';

/** Smallest magnitude the log scale resolves; smaller positive values get the first colour. */
export const LOG_FLOOR = 1e-6;

/** What to build a colour scale from. */
export interface ColorScaleSpec {
  readonly palette: PaletteKind;
  readonly kind: ScaleKind;
  /** Top of the domain: [0, max] for sequential, [-max, max] for diverging. Default 1. */
  readonly max?: number;
}

/** A built colour scale: the table and the value → index function over it. */
export interface ColorScale {
  readonly palette: Palette;
  readonly kind: ScaleKind;
  /** Top of the domain (> 0). */
  readonly max: number;
  /** Table index of a value: zeroIndex for ±0, nanIndex for NaN (and negatives on the sequential scale), clamped to the domain. */
  readonly indexOf: (value: number) => number;
  /**
   * indexOf precomputed for every float32 by its top 16 bits (sign, exponent, 7 mantissa bits),
   * at the middle of each bucket: a painter looks colours up without any arithmetic. Values are
   * thereby rounded by at most 0.4 %, under one colour step; 0 and NaN must be checked before.
   */
  readonly indexByBits: Uint16Array;
}

/** One labelled tick of a colour bar; `fraction` runs from 0 (bottom) to 1 (top). */
export interface ColorBarTick {
  readonly fraction: number;
  readonly label: string;
}

/** Builds the table and the index function for a spec. */
export function createColorScale(spec: ColorScaleSpec): ColorScale {
  const palette = createPalette(spec.palette);
  const max = spec.max !== undefined && spec.max > 0 && Number.isFinite(spec.max) ? spec.max : 1;
  // Magnitude → number of steps away from the zero entry, in [1, steps] for |v| > 0.
  const steps = spec.palette === 'sequential' ? palette.size - 1 : palette.zeroIndex;
  const magnitude = spec.kind === 'linear' ? linearSteps(max, steps) : logSteps(max, steps);
  const { zeroIndex, nanIndex } = palette;
  const indexOf =
    spec.palette === 'sequential'
      ? (value: number): number =>
          value > 0 ? magnitude(value) : value === 0 ? zeroIndex : nanIndex
      : (value: number): number =>
          value !== value
            ? nanIndex
            : value === 0
              ? zeroIndex
              : value > 0
                ? zeroIndex + magnitude(value)
                : zeroIndex - magnitude(-value);
  return { palette, kind: spec.kind, max, indexOf, indexByBits: tabulateByBits(indexOf) };
}

/** Bit pattern of +Infinity in float32; a larger magnitude is NaN. */
const FLOAT32_INFINITY_BITS = 0x7f800000;

/**
 * The one value → colour-index lookup every painter uses (canvas and exports alike), keyed by a
 * float32's bit pattern: exact zero (±0) and NaN decided on the bits, every other value through
 * `indexByBits`, so a figure never differs from the screen by a rounding step.
 */
export function cellIndexer(scale: ColorScale): (word: number) => number {
  const { indexByBits } = scale;
  const { zeroIndex, nanIndex } = scale.palette;
  return (word) => {
    const magnitude = word & 0x7fffffff;
    if (magnitude === 0) return zeroIndex;
    if (magnitude > FLOAT32_INFINITY_BITS) return nanIndex;
    return indexByBits[word >>> 16] ?? nanIndex;
  };
}

/** The float32 bit patterns of `values` (a view, no copy). */
export function float32Bits(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

/** Bits below the 16 that select a bucket; a bucket's middle sets the highest of them. */
const BUCKET_SHIFT = 16;
const BUCKET_MIDDLE = 1 << (BUCKET_SHIFT - 1);
/** The bucket of +Infinity (sign clear, exponent all ones, mantissa bits zero). */
const INFINITY_BUCKET = 0x7f80;

function tabulateByBits(indexOf: (value: number) => number): Uint16Array {
  const buckets = 1 << (32 - BUCKET_SHIFT);
  const table = new Uint16Array(buckets);
  const word = new Uint32Array(1);
  const asFloat = new Float32Array(word.buffer);
  for (let bucket = 0; bucket < buckets; bucket += 1) {
    // The ±Infinity buckets' middles are NaN bit patterns; NaNs are caught before the lookup.
    const isInfinity = (bucket & 0x7fff) === INFINITY_BUCKET;
    word[0] = ((bucket << BUCKET_SHIFT) | (isInfinity ? 0 : BUCKET_MIDDLE)) >>> 0;
    table[bucket] = indexOf(asFloat[0] ?? NaN);
  }
  return table;
}

/** Labels closer than this (as a fraction of the bar) would overlap; the less important goes. */
const MIN_TICK_GAP = 0.08;

/** Ticks for a colour bar of this scale, bottom to top; 0 and the domain ends always stay. */
export function colorBarTicks(scale: ColorScale): ColorBarTick[] {
  const top = scale.palette.size - 1;
  const isSequential = scale.palette.kind === 'sequential';
  // A diverging bar labels both halves, so each half gets fewer ticks.
  const perHalf = isSequential ? 4 : scale.kind === 'linear' ? 2 : 3;
  const magnitudes =
    scale.kind === 'linear' ? linearTicks(scale.max, perHalf) : logTicks(scale.max, perHalf);
  const ends = isSequential ? [0, scale.max] : [-scale.max, 0, scale.max];
  const candidates = [...ends, ...magnitudes, ...(isSequential ? [] : magnitudes.map((m) => -m))];
  const kept: ColorBarTick[] = [];
  for (const value of candidates) {
    const fraction = scale.indexOf(value) / top;
    if (kept.every((tick) => Math.abs(tick.fraction - fraction) >= MIN_TICK_GAP)) {
      kept.push({ fraction, label: value < 0 ? `−${formatWeight(-value)}` : formatWeight(value) });
    }
  }
  return kept.sort((x, y) => x.fraction - y.fraction);
}

/**
 * A symmetric domain bound for differences: max |v| over finite values, rounded up to 1, 2 or
 * 5 × 10^k so colour bars get round labels; 1 when every value is 0 (or none is finite).
 */
export function niceMaxAbs(values: Float32Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i += 1) {
    const magnitude = Math.abs(values[i] ?? 0);
    if (magnitude > largest && magnitude !== Infinity) largest = magnitude;
  }
  if (largest === 0) return 1;
  const decade = 10 ** Math.floor(Math.log10(largest));
  const nice = [1, 2, 5, 10].find((m) => m * decade >= largest * (1 - 1e-9)) ?? 10;
  return nice * decade;
}

function linearSteps(max: number, steps: number): (magnitude: number) => number {
  const perUnit = steps / max;
  return (magnitude) => {
    const step = Math.round(magnitude * perUnit);
    return step < 1 ? 1 : step > steps ? steps : step;
  };
}

function logSteps(max: number, steps: number): (magnitude: number) => number {
  const logFloor = Math.log10(Math.min(LOG_FLOOR, max / 10));
  const perDecade = (steps - 1) / (Math.log10(max) - logFloor);
  return (magnitude) => {
    const step = 1 + Math.round((Math.log10(magnitude) - logFloor) * perDecade);
    return step < 1 ? 1 : step > steps ? steps : step;
  };
}

function linearTicks(max: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => ((i + 1) / count) * max);
}

/** Decades from the floor up to max, at most about `count` of them, always ending at max. */
function logTicks(max: number, count: number): number[] {
  const top = Math.floor(Math.log10(max));
  const bottom = Math.ceil(Math.log10(Math.min(LOG_FLOOR, max / 10)));
  const stride = Math.max(1, Math.ceil((top - bottom) / (count - 1)));
  const ticks: number[] = [];
  for (let exponent = top; exponent >= bottom; exponent -= stride) ticks.unshift(10 ** exponent);
  if (ticks[ticks.length - 1] !== max) ticks.push(max);
  return ticks;
}
