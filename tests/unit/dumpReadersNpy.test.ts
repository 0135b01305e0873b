// The .npy reader against numpy's format (numpy/lib/format.py) byte by byte: every dtype code,
// both byte orders, Fortran order, the three format versions, and each way a header can be
// wrong, with the message that names it. Files are built here from the documented layout.
import { describe, expect, it } from 'vitest';
import { elementCount, MAX_ELEMENTS, permute, stridesOf } from '../../src/dump/arrays';
import { npyHeaderEnd, parseNpy, readNpyLayout } from '../../src/dump/npy';
import { refusalOf } from './helpers/dumpRefusal';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** A .npy file of format `version` (1, 2 or 3) with the header text as given and `data` after it. */
function npy(header: string, data: ArrayLike<number> = [], version = 1): Uint8Array {
  const text = version === 3 ? new TextEncoder().encode(header) : latin1(header);
  const preamble = version === 1 ? 10 : 12;
  const out = new Uint8Array(preamble + text.length + data.length);
  out.set([...MAGIC, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(text, preamble);
  out.set(data, preamble + text.length);
  return out;
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

const header = (descr: string, shape: string, order = 'False') =>
  `{'descr': '${descr}', 'fortran_order': ${order}, 'shape': ${shape}, }`;

/** Bytes of `values` written by `write` at `size` bytes each. */
function bytesOf(
  values: readonly number[],
  size: number,
  write: (view: DataView, at: number, value: number) => void,
): number[] {
  const view = new DataView(new ArrayBuffer(values.length * size));
  values.forEach((value, i) => write(view, i * size, value));
  return Array.from(new Uint8Array(view.buffer));
}

describe('every dtype numpy writes', () => {
  // [descr, bytes per element, writer, values, kind]: values each type holds exactly.
  const cases: [string, number, (v: DataView, at: number, x: number) => void, number[], string][] =
    [
      ['<f8', 8, (v, at, x) => v.setFloat64(at, x, true), [0.1, -2.5], 'float'],
      ['<f4', 4, (v, at, x) => v.setFloat32(at, x, true), [0.25, -3], 'float'],
      ['<f2', 2, (v, at, x) => v.setUint16(at, x, true), [0x3c00, 0xc000], 'float'],
      ['<i8', 8, (v, at, x) => v.setBigInt64(at, BigInt(x), true), [-7, 1 << 30], 'int'],
      ['<i4', 4, (v, at, x) => v.setInt32(at, x, true), [-70000, 5], 'int'],
      ['<i2', 2, (v, at, x) => v.setInt16(at, x, true), [-300, 12], 'int'],
      ['|i1', 1, (v, at, x) => v.setInt8(at, x), [-128, 127], 'int'],
      ['<u8', 8, (v, at, x) => v.setBigUint64(at, BigInt(x), true), [2 ** 40, 3], 'int'],
      ['<u4', 4, (v, at, x) => v.setUint32(at, x, true), [4e9, 1], 'int'],
      ['<u2', 2, (v, at, x) => v.setUint16(at, x, true), [65535, 2], 'int'],
      ['|u1', 1, (v, at, x) => v.setUint8(at, x), [255, 0], 'int'],
      ['|b1', 1, (v, at, x) => v.setUint8(at, x), [1, 0], 'bool'],
    ];

  it.each(cases)('reads %s with its kind and exact values', (descr, size, write, values, kind) => {
    const array = parseNpy(npy(header(descr, '(2,)'), bytesOf(values, size, write)), 'a.npy');
    const expected = descr === '<f2' ? [1, -2] : values.map((x) => Math.fround(x));
    expect(Array.from(array.data)).toEqual(expected);
    expect(array.kind).toBe(kind);
    expect(array.dtype).toBe(descr);
    expect(array.shape).toEqual([2]);
  });

  it('reads any non-zero byte of a bool as true', () => {
    expect(Array.from(parseNpy(npy(header('|b1', '(3,)'), [0, 2, 255]), 'b.npy').data)).toEqual([
      0, 1, 1,
    ]);
  });

  it('reads big-endian integers, and "=" and "|" as the native (little-endian) order', () => {
    const big = bytesOf([258, -2], 4, (v, at, x) => v.setInt32(at, x, false));
    expect(Array.from(parseNpy(npy(header('>i4', '(2,)'), big), 'b.npy').data)).toEqual([258, -2]);
    const little = bytesOf([258, -2], 4, (v, at, x) => v.setInt32(at, x, true));
    expect(Array.from(parseNpy(npy(header('=i4', '(2,)'), little), 'n.npy').data)).toEqual([
      258, -2,
    ]);
    expect(Array.from(parseNpy(npy(header('<i4', '(2,)'), little), 'l.npy').data)).toEqual([
      258, -2,
    ]);
  });

  it.each(['<c8', '<f16', '!f4', 'f4', '<toString', '<constructor', '<V8'])(
    'refuses the dtype %s by name, pointing bfloat16 users to .float() or safetensors',
    (descr) => {
      const message = refusalOf(() => parseNpy(npy(header(descr, '(1,)'), [0, 0, 0, 0]), 'd.npy'));
      expect(message).toContain(
        `d.npy: array 'array': dtype '${descr}' is not one maskscope reads`,
      );
      expect(message).toContain('bfloat16 arrays have no numpy dtype');
    },
  );
});

describe('shapes and orders', () => {
  it('reads a Fortran-ordered matrix back in C order', () => {
    // [[1, 2, 3], [4, 5, 6]] in column-major order is 1, 4, 2, 5, 3, 6.
    const data = bytesOf([1, 4, 2, 5, 3, 6], 4, (v, at, x) => v.setFloat32(at, x, true));
    const array = parseNpy(npy(header('<f4', '(2, 3)', 'True'), data), 'f.npy', 'scores');
    expect(array.shape).toEqual([2, 3]);
    expect(Array.from(array.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(array.name).toBe('scores');
  });

  it('reads a Fortran-ordered array of three axes as numpy would index it', () => {
    // Element [i, j, k] of shape (2, 3, 4) sits at i + 2j + 6k in column-major order.
    const fortran = new Array<number>(24);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let k = 0; k < 4; k++) fortran[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
    const data = bytesOf(fortran, 4, (v, at, x) => v.setFloat32(at, x, true));
    const array = parseNpy(npy(header('<f4', '(2, 3, 4)', 'True'), data), 'f.npy');
    const c: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) c.push(100 * i + 10 * j + k);
    expect(Array.from(array.data)).toEqual(c);
  });

  it('reads the shape of a scalar, a 1-tuple and a tuple written without spaces', () => {
    const one = bytesOf([7], 4, (v, at, x) => v.setFloat32(at, x, true));
    expect(parseNpy(npy(header('<f4', '()'), one), 's.npy').shape).toEqual([]);
    expect(Array.from(parseNpy(npy(header('<f4', '()'), one), 's.npy').data)).toEqual([7]);
    expect(parseNpy(npy(header('<f4', '(1,)'), one), 's.npy').shape).toEqual([1]);
    const six = new Array<number>(6 * 4).fill(0);
    expect(parseNpy(npy(header('<f4', '(2,3)'), six), 's.npy').shape).toEqual([2, 3]);
    expect(parseNpy(npy(header('<f4', '( 3 , 2 , )'), six), 's.npy').shape).toEqual([3, 2]);
  });

  it('reads a Fortran-ordered scalar', () => {
    const seven = bytesOf([7], 4, (v, at, x) => v.setFloat32(at, x, true));
    expect(Array.from(parseNpy(npy(header('<f4', '()', 'True'), seven), 's.npy').data)).toEqual([
      7,
    ]);
  });

  it('reads an empty array', () => {
    const array = parseNpy(npy(header('<f4', '(0, 3)')), 'e.npy');
    expect(array.shape).toEqual([0, 3]);
    expect(array.data.length).toBe(0);
  });

  it('accepts the keys in any order, with or without the trailing comma and spaces', () => {
    const data = bytesOf([0.5], 4, (v, at, x) => v.setFloat32(at, x, true));
    for (const text of [
      "{'shape': (1,), 'fortran_order': False, 'descr': '<f4'}",
      "{'descr':'<f4','fortran_order':False,'shape':(1,)}",
      "  { 'descr' : '<f4' , 'fortran_order' : False , 'shape' : (1,) , }  \n",
    ]) {
      expect(Array.from(parseNpy(npy(text, data), 'k.npy').data)).toEqual([0.5]);
    }
  });

  it('refuses data that is longer or shorter than the shape, naming both sizes', () => {
    expect(
      refusalOf(() => parseNpy(npy(header('<i2', '(2, 2)'), new Array(10).fill(0)), 'x.npy')),
    ).toBe("x.npy: array 'array': shape (2, 2) of <i2 needs 8 data bytes, the file has 10.");
    expect(
      refusalOf(() => parseNpy(npy(header('<i2', '(2, 2)'), new Array(6).fill(0)), 'x.npy')),
    ).toContain('needs 8 data bytes, the file has 6');
  });
});

describe('the header grammar', () => {
  const refused = (text: string) => refusalOf(() => parseNpy(npy(text, [0, 0, 0, 0]), 'h.npy'));

  it('names the field that is missing or of the wrong type', () => {
    expect(refused("{'fortran_order': False, 'shape': (1,)}")).toContain("has no string 'descr'");
    expect(refused("{'descr': True, 'fortran_order': False, 'shape': (1,)}")).toContain(
      "has no string 'descr'",
    );
    expect(refused("{'descr': '<f4', 'shape': (1,)}")).toContain(
      "has no True/False 'fortran_order'",
    );
    expect(refused("{'descr': '<f4', 'fortran_order': '1', 'shape': (1,)}")).toContain(
      "has no True/False 'fortran_order'",
    );
    expect(refused("{'descr': '<f4', 'fortran_order': False}")).toContain("has no tuple 'shape'");
    expect(refused("{'descr': '<f4', 'fortran_order': False, 'shape': '1'}")).toContain(
      "has no tuple 'shape'",
    );
  });

  it('refuses what is not a dict, quoting the start of the header', () => {
    const message = refused("['descr', '<f4']");
    expect(message).toBe(
      `h.npy: array 'array': the header is not a Python dict (header: "['descr', '<f4']").`,
    );
    expect(refused(`x${header('<f4', '(1,)')}`)).toContain('the header is not a Python dict');
    expect(refused(`${header('<f4', '(1,)')}x`)).toContain('the header is not a Python dict');
    const long = `{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': ${'9'.repeat(200)}}`;
    const quoted = /\(header: "(.*)"\)\.$/.exec(refused(long))?.[1];
    expect(quoted).toBe(long.slice(0, 120));
  });

  it('refuses shape entries that are not whole numbers, and a rank over 8', () => {
    expect(refused(header('<f4', '(-1,)'))).toContain(
      "has the shape entry '-1', not a whole number",
    );
    expect(refused(header('<f4', '(2.5,)'))).toContain("the shape entry '2.5'");
    expect(refused(header('<f4', '(1,,1)'))).toContain("the shape entry ''");
    expect(refused(header('<f4', '(1234567890123,)'))).toContain("the shape entry '1234567890123'");
    expect(refused(header('<f4', `(${'1, '.repeat(9)})`))).toContain(
      'has a shape of rank 9 (at most 8)',
    );
    const eight = parseNpy(npy(header('<f4', `(${'1, '.repeat(8)})`), [0, 0, 0, 0]), 'h.npy');
    expect(eight.shape).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('reads a version 1 header as latin-1, where every byte is a character', () => {
    expect(refused(header('<f\u00e9', '(1,)'))).toContain("dtype '<f\u00e9'");
  });
});

describe('the preamble', () => {
  const refused = (bytes: Uint8Array) => refusalOf(() => parseNpy(bytes, 'p.npy', 'attn'));

  it('refuses a file without the magic', () => {
    const bytes = npy(header('<f4', '(1,)'), [0, 0, 0, 0]);
    bytes[5] = 0x58; // \x93NUMPX
    expect(refused(bytes)).toBe("p.npy: array 'attn': not a .npy file (no \\x93NUMPY magic).");
  });

  it('reads versions 2 and 3 (a 4-byte header length) and refuses 0 and 4', () => {
    const data = bytesOf([0.75], 4, (v, at, x) => v.setFloat32(at, x, true));
    for (const version of [2, 3]) {
      const array = parseNpy(npy(header('<f4', '(1,)'), data, version), 'v.npy');
      expect(Array.from(array.data)).toEqual([0.75]);
    }
    for (const version of [0, 4]) {
      const bytes = npy(header('<f4', '(1,)'), data, version);
      bytes[7] = 1;
      expect(refused(bytes)).toContain(`.npy format version ${version}.1 is not 1, 2 or 3.`);
    }
  });

  it('reads a version 3 header as UTF-8', () => {
    const message = refused(npy(header('<f\u00e9', '(1,)'), [0, 0, 0, 0], 3));
    expect(message).toContain("dtype '<f\u00e9'");
  });

  it('refuses a file that ends inside its preamble or its header', () => {
    expect(refused(Uint8Array.from([...MAGIC, 1, 0, 5]))).toContain(
      'the file ends inside its preamble.',
    );
    expect(refused(Uint8Array.from([...MAGIC, 2, 0, 5, 0, 0]))).toContain(
      'ends inside its preamble',
    );
    // Ten bytes of version 1 hold the whole preamble: an empty header is what is wrong.
    expect(refused(Uint8Array.from([...MAGIC, 1, 0, 0, 0]))).toContain(
      'the header is not a Python dict',
    );
    const cut = npy(header('<f4', '(1,)')).subarray(0, 30);
    expect(refused(cut)).toContain(
      `the header says ${header('<f4', '(1,)').length} bytes but the file ends first.`,
    );
  });

  it('reads a 64 KiB header and refuses a longer one unread', () => {
    const data = bytesOf([0.5], 4, (v, at, x) => v.setFloat32(at, x, true));
    const text = header('<f4', '(1,)');
    const longest = text + ' '.repeat(65_536 - text.length);
    expect(Array.from(parseNpy(npy(longest, data, 2), 'l.npy').data)).toEqual([0.5]);
    expect(refused(npy(`${longest} `, data, 2))).toContain(
      "p.npy: array 'attn': a 65537-byte header (numpy writes < 1 KiB); refused.",
    );
  });
});

describe('the layout read from the header alone', () => {
  it('says where the data starts and how many elements it holds, for each version', () => {
    const text = header('<i2', '(3, 4)');
    const v1 = readNpyLayout(npy(text), 'a.npy');
    expect(v1).toMatchObject({ type: 'I16', count: 12, dataStart: 10 + text.length });
    expect(v1.header).toEqual({ descr: '<i2', isFortranOrder: false, shape: [3, 4] });
    expect(readNpyLayout(npy(text, [], 2), 'a.npy').dataStart).toBe(12 + text.length);
  });

  it('reads a shape of exactly MAX_ELEMENTS and refuses one element more, before any data', () => {
    expect(readNpyLayout(npy(header('<f4', '(16384, 16384)')), 'big.npy').count).toBe(MAX_ELEMENTS);
    expect(refusalOf(() => readNpyLayout(npy(header('<f4', '(268435457,)')), 'big.npy'))).toBe(
      "big.npy: array 'array': shape (268435457) is larger than maskscope reads.",
    );
  });

  it('gives the bytes of preamble and header from the first twelve bytes', () => {
    const text = header('<f4', '(1,)');
    expect(npyHeaderEnd(npy(text).subarray(0, 12))).toBe(10 + text.length);
    expect(npyHeaderEnd(npy(text, [], 2).subarray(0, 12))).toBe(12 + text.length);
    expect(npyHeaderEnd(npy(text, [], 3).subarray(0, 12))).toBe(12 + text.length);
    // Too short to say: ask for the twelve bytes that do.
    expect(npyHeaderEnd(npy(text).subarray(0, 11))).toBe(12);
    const huge = npy(text, [], 2);
    new DataView(huge.buffer).setUint32(8, 0xffffffff, true);
    expect(npyHeaderEnd(huge.subarray(0, 12))).toBe(12 + 65_536);
  });
});

describe('array helpers', () => {
  it('counts elements up to MAX_ELEMENTS and gives Infinity past it, without overflowing', () => {
    expect(elementCount([2, 3, 4])).toBe(24);
    expect(elementCount([])).toBe(1);
    expect(elementCount([2 ** 14, 2 ** 14])).toBe(MAX_ELEMENTS);
    expect(elementCount([2 ** 14, 2 ** 14, 2])).toBe(Infinity);
    expect(elementCount([2 ** 30, 2 ** 30, 0])).toBe(Infinity);
  });

  it('gives row-major strides in elements', () => {
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([5])).toEqual([1]);
    expect(stridesOf([])).toEqual([]);
  });

  it("permutes axes as numpy's transpose does", () => {
    const shape = [2, 3, 4];
    const data = Float32Array.from({ length: 24 }, (_, i) => i);
    const perm = [2, 0, 1];
    const out = permute(data, shape, perm);
    expect(out.shape).toEqual([4, 2, 3]);
    // out[a, b, c] = in[b, c, a]: input index (i, j, k) = (b, c, a).
    for (let a = 0; a < 4; a++)
      for (let b = 0; b < 2; b++)
        for (let c = 0; c < 3; c++) expect(out.data[a * 6 + b * 3 + c]).toBe(b * 12 + c * 4 + a);
    expect(permute(new Float32Array(0), [0, 3], [1, 0]).shape).toEqual([3, 0]);
    expect(Array.from(permute(Float32Array.from([5]), [], []).data)).toEqual([5]);
  });
});
