/**
 * Strict UTF-8 decoding that says where it fails: TextDecoder's fatal mode only says that it
 * does. Well-formed sequences are those of the Unicode standard, table 3-7 (no overlongs, no
 * surrogates, nothing past U+10FFFF), the same set TextDecoder accepts.
 */

/** [length, lowest and highest second byte] of a sequence by its lead byte; undefined if none. */
function sequenceOf(lead: number): readonly [number, number, number] | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return undefined;
}

/** The byte offset of the first ill-formed sequence in `bytes`, or -1 when all is well-formed. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at] ?? 0;
    if (lead < 0x80) {
      at++;
      continue;
    }
    const sequence = sequenceOf(lead);
    const second = bytes[at + 1] ?? -1;
    if (sequence === undefined || second < sequence[1] || second > sequence[2]) return at;
    for (let next = at + 2; next < at + sequence[0]; next++) {
      const byte = bytes[next] ?? -1;
      if (byte < 0x80 || byte > 0xbf) return at;
    }
    at += sequence[0];
  }
  return -1;
}

/** Decodes strict UTF-8; on failure returns the offset of the first ill-formed byte instead. */
export function decodeUtf8(bytes: Uint8Array): string | { readonly invalidAt: number } {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { invalidAt: Math.max(0, firstInvalidUtf8(bytes)) };
  }
}
