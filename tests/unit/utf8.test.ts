import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalidUtf8 } from '../../src/checkpoint/utf8';

const decodes = (bytes: Uint8Array): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** Random bytes, and valid text with one byte changed. */
const byteArrays = fc.oneof(
  fc.uint8Array({ maxLength: 16 }),
  fc
    .tuple(
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.nat(),
      fc.integer({ min: 0, max: 255 }),
    )
    .map(([text, at, byte]) => {
      const bytes = new TextEncoder().encode(text);
      if (bytes.length > 0) bytes[at % bytes.length] = byte;
      return bytes;
    }),
);

describe('firstInvalidUtf8', () => {
  it('agrees with TextDecoder, and everything before the offset decodes', () => {
    fc.assert(
      fc.property(byteArrays, (bytes) => {
        const at = firstInvalidUtf8(bytes);
        expect(at === -1).toBe(decodes(bytes));
        if (at >= 0) expect(decodes(bytes.subarray(0, at))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it.each([
    ['an overlong slash', 1, [0x61, 0xc0, 0xaf]],
    ['a UTF-16 surrogate', 0, [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', 0, [0xf4, 0x90, 0x80, 0x80]],
    ['a sequence cut short', 2, [0x61, 0x62, 0xe2, 0x82]],
    ['a stray continuation byte', 0, [0x80]],
  ])('places %s at byte %i', (_name, offset, bytes) => {
    expect(decodeUtf8(Uint8Array.from(bytes))).toEqual({ invalidAt: offset });
  });
});
