// Issue 25: the bytes of every element type a dump may use, decoded in both byte orders. Each
// expected value is written by DataView (or by hand from the IEEE bit patterns), not by the
// decoder under test.
import { describe, expect, it } from 'vitest';
import {
  decodeElements,
  isElementType,
  kindOf,
  sizeOf,
  type ElementType,
} from '../../src/dump/decode';

/** `count` elements written by `write(view, byteOffset, value, isLittleEndian)`, after `pad` bytes. */
function bytesOf(
  size: number,
  values: readonly number[],
  write: (view: DataView, at: number, value: number, le: boolean) => void,
  isLittleEndian: boolean,
  pad = 0,
): Uint8Array {
  const buffer = new Uint8Array(pad + size * values.length);
  const view = new DataView(buffer.buffer);
  values.forEach((value, i) => write(view, pad + i * size, value, isLittleEndian));
  return buffer.subarray(pad);
}

const INT_TYPES: readonly [
  ElementType,
  number,
  readonly number[],
  (view: DataView, at: number, value: number, le: boolean) => void,
][] = [
  ['I32', 4, [-5, 2 ** 31 - 1, 0], (v, at, x, le) => v.setInt32(at, x, le)],
  ['U32', 4, [2 ** 32 - 1, 7], (v, at, x, le) => v.setUint32(at, x, le)],
  ['I16', 2, [-2, 300], (v, at, x, le) => v.setInt16(at, x, le)],
  ['U16', 2, [65535, 258], (v, at, x, le) => v.setUint16(at, x, le)],
  ['I8', 1, [-1, 127], (v, at, x) => v.setInt8(at, x)],
  ['U8', 1, [255, 3], (v, at, x) => v.setUint8(at, x)],
  ['I64', 8, [-2, 2 ** 40 + 3], (v, at, x, le) => v.setBigInt64(at, BigInt(x), le)],
  ['U64', 8, [2 ** 40 + 5, 1], (v, at, x, le) => v.setBigUint64(at, BigInt(x), le)],
  ['F64', 8, [0.25, -1.5e10], (v, at, x, le) => v.setFloat64(at, x, le)],
];

describe('element types', () => {
  it('knows safetensors’ names and their sizes in bytes', () => {
    const sizes: Record<ElementType, number> = {
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
    for (const [type, size] of Object.entries(sizes)) {
      expect(isElementType(type)).toBe(true);
      expect(sizeOf(type as ElementType)).toBe(size);
    }
  });

  it('refuses other names, including an object’s inherited keys', () => {
    for (const name of ['F8', 'f32', 'float32', 'toString', 'constructor', '']) {
      expect(isElementType(name)).toBe(false);
    }
  });

  it('reads floats as attention or scores, integers as masks and booleans as bool', () => {
    for (const type of ['F64', 'F32', 'F16', 'BF16'] as const) expect(kindOf(type)).toBe('float');
    for (const type of ['I64', 'I32', 'I16', 'I8', 'U64', 'U32', 'U16', 'U8'] as const) {
      expect(kindOf(type)).toBe('int');
    }
    expect(kindOf('BOOL')).toBe('bool');
  });
});

describe('decoding elements', () => {
  it.each([true, false])('decodes float32 (little-endian %s) at an odd offset', (le) => {
    const values = [0.5, -3.25, 1e-7];
    const bytes = bytesOf(4, values, (v, at, x, l) => v.setFloat32(at, x, l), le, 1);
    expect(Array.from(decodeElements(bytes, 3, 'F32', le))).toEqual(
      Array.from(Float32Array.from(values)),
    );
  });

  it('reads only `count` float32 values of a longer buffer', () => {
    const bytes = bytesOf(4, [1, 2, 3], (v, at, x, l) => v.setFloat32(at, x, l), true);
    expect(Array.from(decodeElements(bytes, 2, 'F32'))).toEqual([1, 2]);
  });

  it('takes little-endian as the default byte order', () => {
    const bytes = bytesOf(2, [-2], (v, at, x, l) => v.setInt16(at, x, l), true);
    expect(Array.from(decodeElements(bytes, 1, 'I16'))).toEqual([-2]);
  });

  it.each(INT_TYPES)('decodes %s in both byte orders', (type, size, values, write) => {
    for (const le of [true, false]) {
      const bytes = bytesOf(size, values, write, le, 3);
      expect(Array.from(decodeElements(bytes, values.length, type, le))).toEqual(
        Array.from(Float32Array.from(values)),
      );
    }
  });

  it('widens float16 and bfloat16 bit patterns exactly, in both byte orders', () => {
    // float16: 1 = 0x3c00, -2 = 0xc000, 2^-24 = 0x0001 (subnormal); bfloat16: 1 = 0x3f80, -2 = 0xc000.
    const half = [0x3c00, 0xc000, 0x0001];
    const brain = [0x3f80, 0xc000, 0x3e80];
    for (const le of [true, false]) {
      const write = (v: DataView, at: number, x: number, l: boolean) => v.setUint16(at, x, l);
      expect(Array.from(decodeElements(bytesOf(2, half, write, le), 3, 'F16', le))).toEqual([
        1,
        -2,
        2 ** -24,
      ]);
      expect(Array.from(decodeElements(bytesOf(2, brain, write, le), 3, 'BF16', le))).toEqual([
        1, -2, 0.25,
      ]);
    }
  });

  it('reads any non-zero byte of a boolean as true', () => {
    const bytes = Uint8Array.from([0, 1, 7, 255]);
    expect(Array.from(decodeElements(bytes, 4, 'BOOL'))).toEqual([0, 1, 1, 1]);
  });
});
