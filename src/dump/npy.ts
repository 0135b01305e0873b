/**
 * NumPy .npy files (format versions 1.0, 2.0 and 3.0, numpy/lib/format.py): the magic
 * "\x93NUMPY", a version, a little-endian header length (u16, or u32 from 2.0), then a Python
 * dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } and the raw data.
 * Written here rather than taken from npyjs because a dump is hostile input: the header is
 * parsed by a strict grammar (never evaluated), every size is checked against the file before
 * anything is allocated, Fortran order and big-endian data are read, float16 is exact, and each
 * error names the file and what was expected.
 */
import { decodeUtf8 } from '../checkpoint/utf8';
import { elementCount, MAX_RANK, permute, type NamedArray } from './arrays';
import { decodeElements, kindOf, sizeOf, type ElementType } from './decode';
import { DumpError, where } from './dumpError';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** numpy writes headers of a few hundred bytes; anything longer is refused unread. */
const MAX_HEADER_BYTES = 65_536;

/** descr type codes (after the byte-order character) → element types. */
const TYPE_CODES: Readonly<Record<string, ElementType>> = {
  f8: 'F64',
  f4: 'F32',
  f2: 'F16',
  i8: 'I64',
  i4: 'I32',
  i2: 'I16',
  i1: 'I8',
  u8: 'U64',
  u4: 'U32',
  u2: 'U16',
  u1: 'U8',
  b1: 'BOOL',
};

/** The three fields of a .npy header. */
export interface NpyHeader {
  readonly descr: string;
  readonly isFortranOrder: boolean;
  readonly shape: number[];
}

/** True when the bytes start with the .npy magic. */
export function isNpy(bytes: Uint8Array): boolean {
  return MAGIC.every((byte, i) => bytes[i] === byte);
}

/** What an .npy header says, checked: the element type, the shape and where the data starts. */
export interface NpyLayout {
  readonly header: NpyHeader;
  readonly type: ElementType;
  /** Elements the shape holds (at most MAX_ELEMENTS). */
  readonly count: number;
  /** Offset of the data after the header, in bytes; the data is count × element size bytes. */
  readonly dataStart: number;
}

/**
 * Bytes of preamble and header a .npy file starts with (capped just past the longest header
 * read), from its first 12 bytes, so a reader can fetch exactly the header and no data.
 */
export function npyHeaderEnd(start: Uint8Array): number {
  if (start.length < 12) return 12;
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  const major = start[6] ?? 0;
  const end = major === 1 ? 10 + view.getUint16(8, true) : 12 + view.getUint32(8, true);
  return Math.min(end, 12 + MAX_HEADER_BYTES); // a longer header is refused from its preamble
}

/**
 * Reads and checks the preamble and header at the start of `bytes` (the file, or only its first
 * npyHeaderEnd bytes): refuses a bad header or a shape over MAX_ELEMENTS before any data is read.
 */
export function readNpyLayout(bytes: Uint8Array, fileName: string, name = 'array'): NpyLayout {
  const at = where(fileName, name);
  if (!isNpy(bytes)) throw new DumpError(`${at}: not a .npy file (no \\x93NUMPY magic).`);
  const major = bytes[6] ?? 0;
  if (major < 1 || major > 3) {
    throw new DumpError(`${at}: .npy format version ${major}.${bytes[7] ?? 0} is not 1, 2 or 3.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes)
    throw new DumpError(`${at}: the file ends inside its preamble.`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  if (headerLength > MAX_HEADER_BYTES) {
    throw new DumpError(`${at}: a ${headerLength}-byte header (numpy writes < 1 KiB); refused.`);
  }
  if (headerStart + headerLength > bytes.length) {
    throw new DumpError(`${at}: the header says ${headerLength} bytes but the file ends first.`);
  }
  const headerBytes = bytes.subarray(headerStart, headerStart + headerLength);
  const header = parseHeader(decodeHeaderText(headerBytes, major, headerStart, at), at);
  const type = elementTypeOf(header.descr, at);
  const count = elementCount(header.shape);
  if (!Number.isFinite(count)) {
    throw new DumpError(
      `${at}: shape (${header.shape.join(', ')}) is larger than maskscope reads.`,
    );
  }
  return { header, type, count, dataStart: headerStart + headerLength };
}

/** Parses one .npy file; `name` is the array's name (the file name without .npy in an .npz). */
export function parseNpy(bytes: Uint8Array, fileName: string, name = 'array'): NamedArray {
  const layout = readNpyLayout(bytes, fileName, name);
  return readData(bytes.subarray(layout.dataStart), layout, name, where(fileName, name));
}

function decodeHeaderText(bytes: Uint8Array, major: number, start: number, at: string): string {
  // Versions 1 and 2 are latin-1, which every byte is (ASCII in practice); 3 is UTF-8.
  if (major !== 3) return new TextDecoder('latin1').decode(bytes);
  const text = decodeUtf8(bytes);
  if (typeof text !== 'string') {
    throw new DumpError(`${at}: the header is not valid UTF-8 at byte ${start + text.invalidAt}.`);
  }
  return text;
}

function readData(data: Uint8Array, layout: NpyLayout, name: string, at: string): NamedArray {
  const { header, type, count } = layout;
  const needed = count * sizeOf(type);
  if (data.length !== needed) {
    throw new DumpError(
      `${at}: shape (${header.shape.join(', ')}) of ${header.descr} needs ${needed} data bytes, the file has ${data.length}.`,
    );
  }
  const isLittleEndian = header.descr[0] !== '>';
  let values = decodeElements(data, count, type, isLittleEndian);
  let shape = header.shape;
  if (header.isFortranOrder && shape.length > 1) {
    // Column-major data is the C-order array of the reversed shape, transposed back.
    const reversed = [...shape].reverse();
    values = permute(
      values,
      reversed,
      reversed.map((_, i) => reversed.length - 1 - i),
    ).data;
  }
  shape = [...shape];
  return { name, shape, dtype: header.descr, kind: kindOf(type), data: values };
}

function elementTypeOf(descr: string, at: string): ElementType {
  const order = descr[0];
  const code = descr.slice(1);
  const type = Object.hasOwn(TYPE_CODES, code) ? TYPE_CODES[code] : undefined;
  if (type === undefined || !['<', '>', '|', '='].includes(order ?? '')) {
    throw new DumpError(
      `${at}: dtype '${descr}' is not one maskscope reads (float16/32/64, int8–64, uint8–64, bool). ` +
        `bfloat16 arrays have no numpy dtype: save them with .float() or as safetensors.`,
    );
  }
  return type;
}

/**
 * The header dict, by a strict grammar: exactly the keys descr (a string), fortran_order
 * (True/False) and shape (a tuple of non-negative integers), in any order. Nothing is evaluated.
 */
function parseHeader(text: string, at: string): NpyHeader {
  const fail = (why: string): never => {
    throw new DumpError(
      `${at}: the header ${why} (header: ${JSON.stringify(text.slice(0, 120))}).`,
    );
  };
  const body = /^\s*\{(.*)\}\s*$/s.exec(text)?.[1];
  if (body === undefined) return fail('is not a Python dict');
  const fields = new Map<string, string>();
  const field = /\s*'([a-z_]+)'\s*:\s*('[^']*'|True|False|\([^)]*\))\s*(,|$)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = field.exec(body)) !== null && match[0] !== '') {
    const [, key = '', value = ''] = match;
    if (fields.has(key)) fail(`repeats the key '${key}'`);
    fields.set(key, value);
    consumed = field.lastIndex;
    if (consumed >= body.length) break;
  }
  if (body.slice(consumed).trim() !== '')
    fail(`has something unexpected at character ${consumed + 1}`);
  const descr = fields.get('descr');
  const order = fields.get('fortran_order');
  const shapeText = fields.get('shape');
  if (descr === undefined || !descr.startsWith("'")) return fail("has no string 'descr'");
  if (order !== 'True' && order !== 'False') return fail("has no True/False 'fortran_order'");
  if (shapeText === undefined || !shapeText.startsWith('(')) return fail("has no tuple 'shape'");
  if (fields.size !== 3) fail(`has keys other than descr, fortran_order and shape`);
  return {
    descr: descr.slice(1, -1),
    isFortranOrder: order === 'True',
    shape: parseShape(shapeText, fail),
  };
}

function parseShape(text: string, fail: (why: string) => never): number[] {
  const items = text
    .slice(1, -1)
    .split(',')
    .map((item) => item.trim())
    .filter((item, i, all) => item !== '' || i < all.length - 1);
  if (items.length > MAX_RANK)
    return fail(`has a shape of rank ${items.length} (at most ${MAX_RANK})`);
  return items.map((item) => {
    if (!/^\d{1,12}$/.test(item)) return fail(`has the shape entry '${item}', not a whole number`);
    return Number(item);
  });
}
