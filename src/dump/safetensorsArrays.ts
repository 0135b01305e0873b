/**
 * Every tensor of a safetensors file as a dump array: floats for attention and scores, integers
 * and booleans for masks. The header is validated by the checkpoint reader before anything is
 * allocated.
 */
import { readSafetensorsHeader } from '../checkpoint/safetensorsHeader';
import { CheckpointError } from '../checkpoint/checkpointError';
import type { NamedArray } from './arrays';
import { decodeElements, isElementType, kindOf } from './decode';
import { DumpError } from './dumpError';

/** JSON whitespace: space, tab, LF, CR (the reference reader allows it around the header). */
const WHITESPACE_BYTES = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * True when the bytes could be safetensors: a u64 header length under 2^32 (the format caps it at
 * 10^8; text never has the zero bytes this needs) then '{' after optional JSON whitespace.
 */
export function looksLikeSafetensors(bytes: Uint8Array): boolean {
  // Past the end, bytes[at] is undefined: neither whitespace nor '{'.
  if (bytes.subarray(4, 8).some((byte) => byte !== 0)) return false;
  let at = 8;
  while (WHITESPACE_BYTES.has(bytes[at] ?? 0)) at++;
  return bytes[at] === 0x7b;
}

/** Parses every tensor of a safetensors file. */
export function parseSafetensorsArrays(bytes: Uint8Array, fileName: string): NamedArray[] {
  let header;
  try {
    header = readSafetensorsHeader(bytes, fileName);
  } catch (error) {
    if (error instanceof CheckpointError) throw new DumpError(error.message, { cause: error });
    throw error;
  }
  return header.entries.map((entry) => {
    if (!isElementType(entry.dtype)) {
      throw new DumpError(
        `${fileName}: tensor '${entry.name}' has dtype ${entry.dtype}, which maskscope does not read.`,
      );
    }
    const count = entry.shape.reduce((product, size) => product * size, 1);
    const raw = bytes.subarray(header.dataStart + entry.begin, header.dataStart + entry.end);
    return {
      name: entry.name,
      shape: [...entry.shape],
      dtype: entry.dtype,
      kind: kindOf(entry.dtype),
      data: decodeElements(raw, count, entry.dtype),
    };
  });
}
