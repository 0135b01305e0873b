import { crc32, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heatmapSvg, MAX_RECT_CELLS } from '../../src/export/heatmapSvg';
import { base64Of, encodePng } from '../../src/export/png';
import { createColorScale } from '../../src/viz/colorScale';
import { SEQUENTIAL_ZERO_RGBA } from '../../src/viz/colormaps';

/** Reads an RGBA PNG with Node's own zlib and CRC: size, and the pixels after undoing filter 0. */
function readPng(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  const data: Uint8Array[] = [];
  const types: string[] = [];
  while (at < bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length)).toBe(crc32(bytes.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      expect([...body.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') data.push(body);
    types.push(type);
    at += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types[types.length - 1]).toBe('IEND');
  const raw = inflateSync(Buffer.concat(data));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (1 + width * 4)]).toBe(0);
    rgba.set(raw.subarray(y * (1 + width * 4) + 1, (y + 1) * (1 + width * 4)), y * width * 4);
  }
  return { width, height, rgba };
}

describe('PNG encoding', () => {
  it('writes any RGBA image that an independent reader decodes to the same pixels', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer(),
        (w, h, seed) => {
          const rgba = Uint8Array.from({ length: w * h * 4 }, (_, i) => (seed * 31 + i * 7) & 0xff);
          const png = readPng(encodePng(rgba, w, h));
          expect([png.width, png.height]).toEqual([w, h]);
          expect([...png.rgba]).toEqual([...rgba]);
        },
      ),
      { numRuns: 100 },
    );
    expect(() => encodePng(new Uint8Array(3), 1, 1)).toThrow(/1×1×4 bytes/);
  });

  it('base64 matches Node for any bytes, past the chunk size too', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 13) & 0xff);
    expect(base64Of(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('a long head as SVG', () => {
  it('embeds its cells as one pixel each in a PNG instead of rects, labels still as text', () => {
    const seqLen = 200;
    expect(seqLen * seqLen).toBeGreaterThan(MAX_RECT_CELLS);
    const matrix = new Float32Array(seqLen * seqLen).fill(1 / 150);
    for (let q = 0; q < seqLen; q++) for (let k = 150; k < seqLen; k++) matrix[q * seqLen + k] = 0;
    const { svg } = heatmapSvg({
      title: 't',
      subtitle: 's',
      matrix,
      queries: Array.from({ length: seqLen }, (_, t) => t),
      seqLen,
      labels: Array.from({ length: seqLen }, (_, t) => (t < 150 ? `w${t}` : '[PAD]')),
      padding: Uint8Array.from({ length: seqLen }, (_, t) => (t < 150 ? 0 : 1)),
      orientation: 'rowsAreQueries',
      scale: createColorScale({ palette: 'sequential', kind: 'linear' }),
      legendTitle: 'w',
    });
    expect(svg).not.toMatch(/<g class="cells"[^>]*><rect/);
    const href = /<image [^>]*href="data:image\/png;base64,([^"]+)"/.exec(svg)?.[1] ?? '';
    const png = readPng(new Uint8Array(Buffer.from(href, 'base64')));
    expect([png.width, png.height]).toEqual([seqLen, seqLen]);
    const pixel = (x: number, y: number) => [
      ...png.rgba.subarray((y * seqLen + x) * 4, (y * seqLen + x) * 4 + 4),
    ];
    expect(pixel(199, 0)).toEqual([...SEQUENTIAL_ZERO_RGBA]);
    expect(pixel(0, 0)).not.toEqual([...SEQUENTIAL_ZERO_RGBA]);
    expect(svg).toContain('>w149</text>');
    expect(svg.length).toBeLessThan(400_000);
  });
});
