/**
 * Raw bytes → float32 values for every element type a dump may use, in either byte order
 * (safetensors is little-endian; .npy says which in its descr).
 */
import { bfloat16BitsToFloat32Bits, float16BitsToFloat32Bits } from '../checkpoint/float16';
import type { ValueKind } from './arrays';

/** The element types the dump readers decode (safetensors' names; .npy maps onto them). */
export type ElementType =
  | 'F64'
  | 'F32'
  | 'F16'
  | 'BF16'
  | 'I64'
  | 'I32'
  | 'I16'
  | 'I8'
  | 'U64'
  | 'U32'
  | 'U16'
  | 'U8'
  | 'BOOL';

const SIZES: Readonly<Record<ElementType, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
};

/** True when `name` is an element type the readers decode. */
export function isElementType(name: string): name is ElementType {
  return Object.hasOwn(SIZES, name);
}

/** Bytes per element. */
export function sizeOf(type: ElementType): number {
  return SIZES[type];
}

/** Floats are attention or scores; integers and booleans are masks or lengths. */
export function kindOf(type: ElementType): ValueKind {
  if (type === 'BOOL') return 'bool';
  return type.startsWith('F') || type === 'BF16' ? 'float' : 'int';
}

const isLittleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes `count` elements of `type` from `bytes` (exactly count × size bytes, any alignment)
 * into a new Float32Array. F16 and BF16 are exact; F64 and 64-bit integers are rounded.
 */
export function decodeElements(
  bytes: Uint8Array,
  count: number,
  type: ElementType,
  isLittleEndian = true,
): Float32Array {
  if (type === 'F32' && isLittleEndian === isLittleEndianHost) {
    // slice() copies into a fresh, aligned buffer: the offset in the file may be unaligned.
    return new Float32Array(bytes.slice(0, count * 4).buffer, 0, count);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = isLittleEndian;
  const out = new Float32Array(count);
  const read = reader(view, type, le);
  for (let i = 0; i < count; i++) out[i] = read(i);
  return out;
}

function reader(view: DataView, type: ElementType, le: boolean): (i: number) => number {
  const bits = new Uint32Array(1);
  const asFloat = new Float32Array(bits.buffer);
  const widened = (widen: (half: number) => number) => (i: number) => {
    bits[0] = widen(view.getUint16(i * 2, le));
    return asFloat[0] ?? NaN;
  };
  switch (type) {
    case 'F64':
      return (i) => view.getFloat64(i * 8, le);
    case 'F32':
      return (i) => view.getFloat32(i * 4, le);
    case 'F16':
      return widened(float16BitsToFloat32Bits);
    case 'BF16':
      return widened(bfloat16BitsToFloat32Bits);
    case 'I64':
      return (i) => Number(view.getBigInt64(i * 8, le));
    case 'U64':
      return (i) => Number(view.getBigUint64(i * 8, le));
    case 'I32':
      return (i) => view.getInt32(i * 4, le);
    case 'U32':
      return (i) => view.getUint32(i * 4, le);
    case 'I16':
      return (i) => view.getInt16(i * 2, le);
    case 'U16':
      return (i) => view.getUint16(i * 2, le);
    case 'I8':
      return (i) => view.getInt8(i);
    case 'U8':
      return (i) => view.getUint8(i);
    case 'BOOL':
      return (i) => (view.getUint8(i) === 0 ? 0 : 1);
  }
}
