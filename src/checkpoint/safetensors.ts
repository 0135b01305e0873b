/**
 * safetensors → float32 tensors. Floating-point tensors (F32, F16, BF16, F64) are converted
 * to Float32Array; integer and boolean tensors (such as `position_ids`) are skipped.
 */
import type { DenseTensor } from './types';
import { decodeToFloat32, isFloatDtype } from './dtypes';
import { readSafetensorsHeader } from './safetensorsHeader';

/**
 * Parses a whole safetensors file. Throws `CheckpointError` naming `fileName` and the tensor
 * for any malformed header, before allocating any tensor. Input bytes are never aliased.
 */
export function parseSafetensors(bytes: Uint8Array, fileName: string): Map<string, DenseTensor> {
  const header = readSafetensorsHeader(bytes, fileName);
  const tensors = new Map<string, DenseTensor>();
  for (const entry of header.entries) {
    if (!isFloatDtype(entry.dtype)) {
      continue;
    }
    const data = bytes.subarray(header.dataStart + entry.begin, header.dataStart + entry.end);
    const count = entry.shape.reduce((product, dim) => product * dim, 1);
    tensors.set(entry.name, {
      shape: entry.shape,
      data: decodeToFloat32(data, count, entry.dtype),
    });
  }
  return tensors;
}
