import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DIVERGING_SIZE,
  DIVERGING_ZERO_RGBA,
  NAN_RGBA,
  SEQUENTIAL_SIZE,
  SEQUENTIAL_ZERO_RGBA,
  createPalette,
  paletteRgba,
  zeroRgba,
} from '../../src/viz/colormaps';
import { colorBarTicks, createColorScale, niceMaxAbs } from '../../src/viz/colorScale';

describe('colour tables', () => {
  it('sequential table runs from viridis purple just above zero to viridis yellow at the top', () => {
    const palette = createPalette('sequential');
    expect(palette.size).toBe(SEQUENTIAL_SIZE);
    expect(paletteRgba(palette, 1)).toEqual([0x44, 0x01, 0x54, 255]);
    expect(paletteRgba(palette, SEQUENTIAL_SIZE - 1)).toEqual([0xfd, 0xe7, 0x25, 255]);
    expect(paletteRgba(palette, palette.zeroIndex)).toEqual(SEQUENTIAL_ZERO_RGBA);
  });

  it('exact zero looks nothing like the log floor: its colour is far from every viridis entry', () => {
    const palette = createPalette('sequential');
    const log = createColorScale({ palette: 'sequential', kind: 'log' });
    const zero = paletteRgba(palette, palette.zeroIndex);
    const distance = (i: number): number =>
      paletteRgba(palette, i).reduce(
        (sum, channel, c) => sum + Math.abs(channel - (zero[c] ?? 0)),
        0,
      );
    expect(distance(log.indexOf(1e-6))).toBeGreaterThan(250);
    for (let i = 1; i < palette.size; i += 1) expect(distance(i)).toBeGreaterThan(60);
  });

  it('sequential table gets brighter from the first viridis entry to the top', () => {
    const palette = createPalette('sequential');
    const luma = (i: number): number => {
      const [r, g, b] = paletteRgba(palette, i);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    // Channels are rounded to integers, so neighbours may dip by a fraction of a luma unit.
    for (let i = 2; i < palette.size; i += 1) {
      expect(luma(i)).toBeGreaterThanOrEqual(luma(i - 1) - 0.5);
    }
  });

  it('diverging table is blue below, near-white in the middle and red above', () => {
    const palette = createPalette('diverging');
    expect(palette.size).toBe(DIVERGING_SIZE);
    expect(paletteRgba(palette, 0)).toEqual([0x05, 0x30, 0x61, 255]);
    expect(paletteRgba(palette, palette.zeroIndex)).toEqual(DIVERGING_ZERO_RGBA);
    expect(paletteRgba(palette, DIVERGING_SIZE - 1)).toEqual([0x67, 0x00, 0x1f, 255]);
    expect(zeroRgba('diverging')).toEqual([0xf7, 0xf7, 0xf7, 255]);
  });

  it('both tables keep magenta for NaN in the entry after the last colour', () => {
    for (const kind of ['sequential', 'diverging'] as const) {
      const palette = createPalette(kind);
      expect(palette.nanIndex).toBe(palette.size);
      expect(paletteRgba(palette, palette.nanIndex)).toEqual(NAN_RGBA);
      for (let i = 0; i < palette.size; i += 1) {
        expect(paletteRgba(palette, i)).not.toEqual(NAN_RGBA);
      }
    }
  });

  it('packed entries hold the same bytes as the rgba table', () => {
    const palette = createPalette('sequential');
    const bytes = new Uint8Array(palette.packed.buffer, palette.packed.byteOffset, 4);
    expect([...bytes]).toEqual([...paletteRgba(palette, 0)]);
  });
});

describe('colour scales', () => {
  const linear = createColorScale({ palette: 'sequential', kind: 'linear' });
  const log = createColorScale({ palette: 'sequential', kind: 'log' });

  it('linear scale maps 0 to the zero colour and 1 to the top colour', () => {
    expect(linear.indexOf(0)).toBe(0);
    expect(linear.indexOf(1)).toBe(SEQUENTIAL_SIZE - 1);
    expect(linear.indexOf(0.5)).toBe(128);
    expect(linear.indexOf(7)).toBe(SEQUENTIAL_SIZE - 1);
  });

  it('only exact zero paints the zero colour: tiny positive weights get the next entry', () => {
    expect(linear.indexOf(1e-30)).toBe(1);
    expect(log.indexOf(1e-30)).toBe(1);
    expect(linear.indexOf(-0)).toBe(0);
  });

  it('log scale puts a 1e-5 leak well above the zero colour', () => {
    expect(log.indexOf(0)).toBe(0);
    expect(log.indexOf(1e-6)).toBe(1);
    expect(log.indexOf(1e-5)).toBeGreaterThan(40);
    expect(log.indexOf(1)).toBe(SEQUENTIAL_SIZE - 1);
    expect(log.indexOf(1e-3)).toBeGreaterThan(log.indexOf(1e-5));
  });

  it('a negative weight is not a probability: the sequential scale paints it like NaN', () => {
    expect(linear.indexOf(-0.2)).toBe(linear.palette.nanIndex);
    expect(log.indexOf(-1e-9)).toBe(log.palette.nanIndex);
  });

  it('NaN maps to the NaN entry on every scale', () => {
    for (const palette of ['sequential', 'diverging'] as const) {
      for (const kind of ['linear', 'log'] as const) {
        const scale = createColorScale({ palette, kind });
        expect(scale.indexOf(NaN)).toBe(scale.palette.nanIndex);
      }
    }
  });

  it('diverging scale is symmetric about the zero entry', () => {
    for (const kind of ['linear', 'log'] as const) {
      const scale = createColorScale({ palette: 'diverging', kind, max: 0.5 });
      const zero = scale.palette.zeroIndex;
      expect(scale.indexOf(0)).toBe(zero);
      for (const v of [1e-7, 1e-5, 0.01, 0.3, 0.5, 2]) {
        expect(scale.indexOf(v) - zero).toBe(zero - scale.indexOf(-v));
        expect(scale.indexOf(v)).toBeGreaterThan(zero);
      }
      expect(scale.indexOf(0.5)).toBe(DIVERGING_SIZE - 1);
      expect(scale.indexOf(-0.5)).toBe(0);
    }
  });

  it('colour bar ticks start at zero, end at the domain top and never crowd each other', () => {
    const ticks = colorBarTicks(log);
    expect(ticks[0]).toEqual({ fraction: 0, label: '0' });
    expect(ticks.at(-1)).toEqual({ fraction: 1, label: '1' });
    expect(ticks.map((t) => t.label)).toEqual(['0', '1e-4', '0.01', '1']);
    const diverging = colorBarTicks(createColorScale({ palette: 'diverging', kind: 'linear' }));
    expect(diverging.map((t) => t.label)).toEqual(['−1', '−0.5', '0', '0.5', '1']);
    expect(diverging[2]?.fraction).toBe(0.5);
    const divergingLog = colorBarTicks(createColorScale({ palette: 'diverging', kind: 'log' }));
    expect(divergingLog.map((t) => t.label)).toEqual(['−1', '−0.001', '0', '0.001', '1']);
    for (const scale of [log, linear]) {
      const fractions = colorBarTicks(scale).map((t) => t.fraction);
      for (let i = 1; i < fractions.length; i += 1) {
        expect(fractions[i]! - fractions[i - 1]!).toBeGreaterThanOrEqual(0.08);
      }
    }
  });

  it('nice symmetric bound rounds the largest magnitude up to 1, 2 or 5 × 10^k', () => {
    expect(niceMaxAbs(Float32Array.from([0.1, -0.37, 0.2]))).toBeCloseTo(0.5, 12);
    expect(niceMaxAbs(Float32Array.from([3e-6, NaN]))).toBeCloseTo(5e-6, 18);
    expect(niceMaxAbs(Float32Array.from([0, 0]))).toBe(1);
    expect(niceMaxAbs(Float32Array.from([-1]))).toBe(1);
  });
});

describe('colour lookup by float32 bits', () => {
  const bitsOf = (value: number): number => new Uint32Array(Float32Array.of(value).buffer)[0]!;
  const scales = (['sequential', 'diverging'] as const).flatMap((palette) =>
    (['linear', 'log'] as const).map((kind) => createColorScale({ palette, kind, max: 0.5 })),
  );

  it('agrees with indexOf to within one colour step for any finite non-zero float', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.nat(3), (value, which) => {
        fc.pre(value !== 0);
        const scale = scales[which]!;
        const byBits = scale.indexByBits[bitsOf(value) >>> 16]!;
        if (scale.palette.kind === 'sequential' && value < 0) {
          expect(byBits).toBe(scale.palette.nanIndex);
        } else {
          expect(Math.abs(byBits - scale.indexOf(value))).toBeLessThanOrEqual(1);
          expect(byBits).not.toBe(scale.palette.zeroIndex);
        }
      }),
    );
  });

  it('keeps the sign on the diverging scale and the top entry for 1 on the linear scale', () => {
    const diverging = createColorScale({ palette: 'diverging', kind: 'linear' });
    const zero = diverging.palette.zeroIndex;
    expect(diverging.indexByBits[bitsOf(1e-30) >>> 16]).toBeGreaterThan(zero);
    expect(diverging.indexByBits[bitsOf(-1e-30) >>> 16]).toBeLessThan(zero);
    const linear = createColorScale({ palette: 'sequential', kind: 'linear' });
    expect(linear.indexByBits[bitsOf(1) >>> 16]).toBe(SEQUENTIAL_SIZE - 1);
    expect(linear.indexByBits[bitsOf(0.5) >>> 16]).toBe(linear.indexOf(0.5));
  });
});
