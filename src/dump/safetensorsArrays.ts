/**
 * Every tensor of a safetensors file as a dump array: floats for attention and scores, integers
 * and booleans for masks. The header is validated by the checkpoint reader before anything is
 * allocated.
 */
import { readSafetensorsHeader } from '../checkpoint/safetensorsHeader';
import { CheckpointError } from '../checkpoint/errors';
import type { NamedArray } from './arrays';
import { decodeElements, isElementType, kindOf } from './decode';
import { DumpError } from './errors';

/** True when the bytes could be safetensors: a u64 header length then '{'. */
export function looksLikeSafetensors(bytes: Uint8Array): boolean {
  return bytes.length > 8 && bytes[8] === 0x7b;
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
