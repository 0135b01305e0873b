/**
 * safetensors dtypes: their sizes, which ones are weights, and decoding them to float32.
 * Data is little-endian (safetensors format spec).
 */
import { bfloat16BitsToFloat32Bits, float16BitsToFloat32Bits } from './float16';

/** Floating-point dtypes, converted to float32 on load. */
export type FloatDtype = 'F64' | 'F32' | 'F16' | 'BF16';

/** Integer and boolean dtypes (e.g. `bert.embeddings.position_ids`), skipped on load. */
export type SkippedDtype = 'I64' | 'I32' | 'I16' | 'I8' | 'U64' | 'U32' | 'U16' | 'U8' | 'BOOL';

/** Every dtype the reader understands. */
export type KnownDtype = FloatDtype | SkippedDtype;

const BYTES_PER_ELEMENT: ReadonlyMap<string, number> = new Map<KnownDtype, number>([
  ['F64', 8],
  ['F32', 4],
  ['F16', 2],
  ['BF16', 2],
  ['I64', 8],
  ['I32', 4],
  ['I16', 2],
  ['I8', 1],
  ['U64', 8],
  ['U32', 4],
  ['U16', 2],
  ['U8', 1],
  ['BOOL', 1],
]);

/** Bytes per element of a known dtype, or undefined for anything else (F8_E4M3, typos, …). */
export function bytesPerElement(dtype: string): number | undefined {
  return BYTES_PER_ELEMENT.get(dtype);
}

/** Whether a dtype is one of the converted floating-point types. */
export function isFloatDtype(dtype: string): dtype is FloatDtype {
  return dtype === 'F64' || dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
}

function isLittleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

function decodeF32(bytes: Uint8Array, count: number): Float32Array {
  if (isLittleEndianHost()) {
    // slice() copies into a fresh, aligned buffer: the offset in the file may be unaligned.
    return new Float32Array(bytes.slice().buffer, 0, count);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: count }, (_, i) =>
    view.getFloat32(i * Float32Array.BYTES_PER_ELEMENT, true),
  );
}

function decodeWidened(
  bytes: Uint8Array,
  count: number,
  widen: (bits: number) => number,
): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < count; i += 1) {
    outBits[i] = widen(view.getUint16(i * Uint16Array.BYTES_PER_ELEMENT, true));
  }
  return out;
}

/**
 * Decodes `count` little-endian elements of `dtype` from `bytes` (exactly count × size bytes,
 * any alignment) into a new Float32Array. F16 and BF16 are exact; F64 is rounded to nearest.
 */
export function decodeToFloat32(bytes: Uint8Array, count: number, dtype: FloatDtype): Float32Array {
  switch (dtype) {
    case 'F32':
      return decodeF32(bytes, count);
    case 'F16':
      return decodeWidened(bytes, count, float16BitsToFloat32Bits);
    case 'BF16':
      return decodeWidened(bytes, count, bfloat16BitsToFloat32Bits);
    case 'F64': {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return Float32Array.from({ length: count }, (_, i) =>
        view.getFloat64(i * Float64Array.BYTES_PER_ELEMENT, true),
      );
    }
  }
}
