// The zip and .npz readers on archives built field by field (PKWARE APPNOTE 6.3): comments,
// zip64 records and extra fields, UTF-8 names, local extra fields, and each broken or lying
// structure, refused with a message that names the file, the member and what is wrong.
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readDump } from '../../src/dump/readDump';
import { listZipMembers } from '../../src/dump/zip';
import { npyBytes } from './helpers/npyWriter';
import { concat, honestEntry, npyEntry, zipOf, type ZipEntry } from './helpers/zipWriter';
import { refusalOf } from './helpers/dumpRefusal';

const ROW = Float32Array.from([0.25, 0.75]);

/** Every array of the archive, its data inflated. */
function readAll(bytes: Uint8Array, fileName = 'a.npz') {
  return readDump(bytes, fileName).arrays.map((array) => ({
    name: array.name,
    shape: array.shape,
    data: Array.from(array.data),
  }));
}

/** Offset of the end record of an archive zipOf wrote (no comment). */
const endOf = (zip: Uint8Array) => zip.length - 22;
/** Offset of the central directory of an archive zipOf wrote. */
const directoryOf = (zip: Uint8Array) => new DataView(zip.buffer).getUint32(endOf(zip) + 16, true);

/** The archive with `length` bytes of comment after its end record. */
function withComment(zip: Uint8Array, length: number): Uint8Array {
  const out = concat([zip, new Uint8Array(length).fill(0x20)]);
  new DataView(out.buffer).setUint16(endOf(zip) + 20, length, true);
  return out;
}

/** A copy of `zip` with `edit` applied to a DataView of it. */
function edited(zip: Uint8Array, edit: (view: DataView) => void): Uint8Array {
  const out = zip.slice();
  edit(new DataView(out.buffer));
  return out;
}

interface Zip64Options {
  /** Which 32-bit fields of the central entry hold 0xffffffff, their values in the extra field. */
  readonly fields?: readonly ('size' | 'compressed' | 'offset')[];
  /** Extra field records before the zip64 one (tag, length). */
  readonly otherExtra?: Uint8Array;
  /** The end record's count is 0xffff (the zip64 record has it). */
  readonly count64?: boolean;
  /** The end record's directory offset is 0xffffffff (the zip64 record has it). */
  readonly start64?: boolean;
  /** Bytes of the zip64 extra field to drop from its end (a field too short). */
  readonly shortBy?: number;
}

/** One stored member in an archive using zip64 where `options` says, as Python's zipfile does. */
function zip64Of(entry: ZipEntry, options: Zip64Options = {}): Uint8Array {
  const name = new TextEncoder().encode(entry.name);
  const local = new Uint8Array(30 + name.length);
  const lv = new DataView(local.buffer);
  lv.setUint32(0, 0x04034b50, true);
  lv.setUint16(8, entry.method, true);
  lv.setUint16(26, name.length, true);
  local.set(name, 30);
  const fields = options.fields ?? [];
  const values = { size: entry.size, compressed: entry.payload.length, offset: 0 };
  const order = (['size', 'compressed', 'offset'] as const).filter((f) => fields.includes(f));
  const zip64Length = 8 * order.length - (options.shortBy ?? 0);
  const extra = new Uint8Array(order.length > 0 ? 4 + zip64Length : 0);
  if (order.length > 0) {
    const xv = new DataView(extra.buffer);
    xv.setUint16(0, 0x0001, true);
    xv.setUint16(2, zip64Length, true);
    order.forEach((field, i) => {
      if (8 * i + 8 <= zip64Length) xv.setBigUint64(4 + 8 * i, BigInt(values[field]), true);
    });
  }
  const extras = concat([options.otherExtra ?? new Uint8Array(0), extra]);
  const central = new Uint8Array(46 + name.length + extras.length);
  const cv = new DataView(central.buffer);
  const field32 = (field: 'size' | 'compressed' | 'offset') =>
    fields.includes(field) ? 0xffffffff : values[field];
  cv.setUint32(0, 0x02014b50, true);
  cv.setUint16(10, entry.method, true);
  cv.setUint32(16, entry.crc, true);
  cv.setUint32(20, field32('compressed'), true);
  cv.setUint32(24, field32('size'), true);
  cv.setUint16(28, name.length, true);
  cv.setUint16(30, extras.length, true);
  cv.setUint32(42, field32('offset'), true);
  central.set(name, 46);
  central.set(extras, 46 + name.length);
  const start = local.length + entry.payload.length;
  const record = new Uint8Array(56);
  const rv = new DataView(record.buffer);
  rv.setUint32(0, 0x06064b50, true);
  rv.setBigUint64(4, 44n, true);
  rv.setBigUint64(24, 1n, true);
  rv.setBigUint64(32, 1n, true);
  rv.setBigUint64(40, BigInt(central.length), true);
  rv.setBigUint64(48, BigInt(start), true);
  const locator = new Uint8Array(20);
  const lov = new DataView(locator.buffer);
  lov.setUint32(0, 0x07064b50, true);
  lov.setBigUint64(8, BigInt(start + central.length), true);
  lov.setUint32(16, 1, true);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, options.count64 === true ? 0xffff : 1, true);
  ev.setUint16(10, options.count64 === true ? 0xffff : 1, true);
  ev.setUint32(12, central.length, true);
  ev.setUint32(16, options.start64 === true ? 0xffffffff : start, true);
  return concat([local, entry.payload, central, record, locator, end]);
}

/** Raw deflate of `bytes` as two stored blocks, the first of `first` bytes (RFC 1951, 3.2.4). */
function storedBlocks(bytes: Uint8Array, first: number): Uint8Array {
  const block = (part: Uint8Array, isFinal: boolean) => {
    const out = new Uint8Array(5 + part.length);
    const view = new DataView(out.buffer);
    out[0] = isFinal ? 1 : 0;
    view.setUint16(1, part.length, true);
    view.setUint16(3, ~part.length & 0xffff, true);
    out.set(part, 5);
    return out;
  };
  return concat([block(bytes.subarray(0, first), false), block(bytes.subarray(first), true)]);
}

const storedRow = () => honestEntry('attn.npy', npyBytes(ROW, [2]), 0);

describe('finding the central directory', () => {
  it('finds the end record behind a comment, the longest zip allows included', () => {
    const zip = zipOf([npyEntry('attn', ROW, [2])]);
    for (const length of [1, 1000, 65_535]) {
      expect(readAll(withComment(zip, length))).toEqual([
        { name: 'attn', shape: [2], data: [0.25, 0.75] },
      ]);
    }
  });

  it('says there is no end record in a file that only starts like a zip', () => {
    const start = Uint8Array.from([0x50, 0x4b, 0x03, 0x04]);
    for (const bytes of [start, concat([start, new Uint8Array(40)])]) {
      expect(refusalOf(() => readDump(bytes, 'cut.npz'))).toBe(
        'cut.npz: not a readable .npz (zip) archive: no end of central directory record.',
      );
    }
  });

  it('reads the directory count and offset from the zip64 end record when either overflows', () => {
    const expected = [{ name: 'attn', shape: [2], data: [0.25, 0.75] }];
    expect(readAll(zip64Of(storedRow(), { start64: true }))).toEqual(expected);
    expect(readAll(zip64Of(storedRow(), { count64: true }))).toEqual(expected);
    expect(readAll(zip64Of(storedRow(), { count64: true, start64: true }))).toEqual(expected);
  });

  it('refuses a zip64 end record that is missing, outside the file or too large to address', () => {
    const zip = zip64Of(storedRow(), { start64: true });
    const locator = zip.length - 22 - 20;
    const noLocator = edited(zip, (view) => view.setUint32(locator, 0, true));
    expect(refusalOf(() => readDump(noLocator, 'z.npz'))).toContain(
      'z.npz: not a readable .npz (zip) archive: a zip64 archive without its locator.',
    );
    const outside = edited(zip, (view) =>
      view.setBigUint64(locator + 8, BigInt(zip.length - 55), true),
    );
    expect(refusalOf(() => readDump(outside, 'z.npz'))).toContain(
      'a zip64 end record outside the file',
    );
    const notRecord = edited(zip, (view) => view.setBigUint64(locator + 8, 0n, true));
    expect(refusalOf(() => readDump(notRecord, 'z.npz'))).toContain(
      'a zip64 end record outside the file',
    );
    const last = edited(zip, (view) =>
      view.setBigUint64(locator + 8, BigInt(zip.length - 2), true),
    );
    expect(refusalOf(() => readDump(last, 'z.npz'))).toContain(
      'a zip64 end record outside the file',
    );
    const largestSafe = edited(zip, (view) =>
      view.setBigUint64(locator + 8, BigInt(Number.MAX_SAFE_INTEGER), true),
    );
    expect(refusalOf(() => readDump(largestSafe, 'z.npz'))).toContain(
      'a zip64 end record outside the file',
    );
    const huge = edited(zip, (view) => view.setBigUint64(locator + 8, 2n ** 53n, true));
    expect(refusalOf(() => readDump(huge, 'z.npz'))).toContain(`a zip64 field of ${2 ** 53}.`);
  });

  it('refuses a zip64 locator in an archive too short to hold one', () => {
    // An end record alone, claiming a zip64 directory offset: nothing before it to hold a locator.
    const end = new Uint8Array(22);
    const view = new DataView(end.buffer);
    view.setUint32(0, 0x06054b50, true);
    view.setUint32(16, 0xffffffff, true);
    expect(refusalOf(() => listZipMembers(end, 'e.npz', 10))).toContain(
      'a zip64 archive without its locator',
    );
  });
});

describe('central directory entries', () => {
  it('reads sizes and offsets from a zip64 extra field, after other extra fields', () => {
    const all = ['size', 'compressed', 'offset'] as const;
    const timestamp = Uint8Array.from([0x55, 0x54, 5, 0, 1, 2, 3, 4, 5]);
    const expected = [{ name: 'attn', shape: [2], data: [0.25, 0.75] }];
    expect(readAll(zip64Of(storedRow(), { fields: all }))).toEqual(expected);
    expect(readAll(zip64Of(storedRow(), { fields: all, otherExtra: timestamp }))).toEqual(expected);
    // Only the fields that overflow are in the extra field, in the order size, compressed, offset.
    expect(readAll(zip64Of(storedRow(), { fields: ['offset'] }))).toEqual(expected);
    expect(readAll(zip64Of(storedRow(), { fields: ['compressed', 'offset'] }))).toEqual(expected);
    const [member] = listZipMembers(zip64Of(storedRow(), { fields: ['size'] }), 'z.npz', 10);
    expect(member).toMatchObject({ size: storedRow().size, compressedSize: storedRow().size });
  });

  it('refuses a zip64 extra field shorter than the fields it must hold', () => {
    const zip = zip64Of(storedRow(), { fields: ['size', 'compressed', 'offset'], shortBy: 1 });
    expect(refusalOf(() => readDump(zip, 'z.npz'))).toBe(
      'z.npz: not a readable .npz (zip) archive: a zip64 extra field too short.',
    );
  });

  it('refuses an empty zip64 extra field where the sizes should be', () => {
    const zip = zip64Of(storedRow(), { fields: ['size', 'compressed', 'offset'], shortBy: 24 });
    expect(refusalOf(() => readDump(zip, 'z.npz'))).toContain('a zip64 extra field too short');
  });

  it('reads UTF-8 member names when flagged, latin-1 ones otherwise', () => {
    const entry = honestEntry('attn_\u00e9.npy', npyBytes(ROW, [2]), 0);
    const zip = zipOf([entry]);
    const central = directoryOf(zip);
    expect(readDump(zip, 'n.npz').arrays[0]?.name).toBe('attn_\u00c3\u00a9');
    const flagged = edited(zip, (view) => view.setUint16(central + 8, 0x800, true));
    expect(readDump(flagged, 'n.npz').arrays[0]?.name).toBe('attn_\u00e9');
  });

  it('refuses an encrypted member by name', () => {
    const zip = zipOf([npyEntry('attn', ROW, [2])]);
    const central = directoryOf(zip);
    const encrypted = edited(zip, (view) => view.setUint16(central + 8, 0x1, true));
    expect(refusalOf(() => readDump(encrypted, 'e.npz'))).toBe(
      "e.npz: not a readable .npz (zip) archive: 'attn.npy' is encrypted.",
    );
  });

  it('refuses a directory that points at no entry or runs past the end', () => {
    const zip = zipOf([npyEntry('attn', ROW, [2])]);
    const central = directoryOf(zip);
    const elsewhere = edited(zip, (view) => view.setUint32(endOf(zip) + 16, central + 1, true));
    expect(refusalOf(() => readDump(elsewhere, 'd.npz'))).toContain(
      `no central directory entry at byte ${central + 1}`,
    );
    const atEnd = edited(zip, (view) => view.setUint32(endOf(zip) + 16, zip.length - 2, true));
    expect(refusalOf(() => readDump(atEnd, 'd.npz'))).toContain(
      `no central directory entry at byte ${zip.length - 2}`,
    );
    const twoCounted = edited(zip, (view) => view.setUint16(endOf(zip) + 10, 2, true));
    // The second entry would start where the end record is.
    expect(refusalOf(() => readDump(twoCounted, 'd.npz'))).toContain(
      `no central directory entry at byte ${endOf(zip)}`,
    );
    const longName = edited(zip, (view) => view.setUint16(central + 28, 1000, true));
    expect(refusalOf(() => readDump(longName, 'd.npz'))).toContain(
      'a central directory entry runs past the end',
    );
    const longComment = edited(zip, (view) => view.setUint16(central + 32, 1000, true));
    expect(refusalOf(() => readDump(longComment, 'd.npz'))).toContain(
      'a central directory entry runs past the end',
    );
  });

  it('steps over an entry\u2019s extra field and comment to the next entry', () => {
    const zip = zipOf([npyEntry('mask', ROW, [2]), npyEntry('attn', ROW, [2])]);
    const first = directoryOf(zip);
    const nameEnd = first + 46 + 'mask.npy'.length;
    const extra = Uint8Array.from([0x55, 0x54, 5, 0, 1, 2, 3, 4, 5]);
    const comment = new TextEncoder().encode('c');
    const out = concat([zip.subarray(0, nameEnd), extra, comment, zip.subarray(nameEnd)]);
    const view = new DataView(out.buffer);
    view.setUint16(first + 30, extra.length, true);
    view.setUint16(first + 32, comment.length, true);
    expect(readAll(out).map((array) => array.name)).toEqual(['mask', 'attn']);
  });

  it('reads zip64 sizes from the extra field only, never from the comment after it', () => {
    const entry = storedRow();
    const zip = zipOf([entry]);
    const central = directoryOf(zip);
    const nameEnd = central + 46 + entry.name.length;
    // A comment shaped like a zip64 extra field holding the true compressed size.
    const comment = new Uint8Array(12);
    new DataView(comment.buffer).setUint16(0, 0x0001, true);
    new DataView(comment.buffer).setUint16(2, 8, true);
    new DataView(comment.buffer).setBigUint64(4, BigInt(entry.payload.length), true);
    const out = concat([zip.subarray(0, nameEnd), comment, zip.subarray(nameEnd)]);
    const view = new DataView(out.buffer);
    view.setUint32(central + 20, 0xffffffff, true);
    view.setUint16(central + 32, comment.length, true);
    expect(refusalOf(() => readDump(out, 'c.npz'))).toContain(
      "'attn.npy' declares 4294967295 compressed bytes past the end",
    );
  });

  it('lists each member as the directory describes it, without inflating it', () => {
    const entry = npyEntry('attn', ROW, [2]);
    const zip = zipOf([honestEntry('notes.txt', new Uint8Array(3), 0), entry]);
    const [, member] = listZipMembers(zip, 'x.npz', 2);
    expect(member).toEqual({
      name: 'attn.npy',
      method: 8,
      compressedSize: entry.payload.length,
      size: entry.size,
      crc32: entry.crc,
      dataStart: 30 + 'notes.txt'.length + 3 + 30 + 'attn.npy'.length,
    });
  });

  it('refuses a member whose local header is missing or whose data runs past the end', () => {
    const zip = zipOf([npyEntry('attn', ROW, [2])]);
    const central = directoryOf(zip);
    const two = zipOf([npyEntry('mask', ROW, [2]), npyEntry('attn', ROW, [2])]);
    const second = new DataView(two.buffer).getUint32(
      directoryOf(two) + 46 + 'mask.npy'.length + 42,
      true,
    );
    const noLocal = edited(two, (view) => view.setUint32(second, 0, true));
    expect(refusalOf(() => readDump(noLocal, 'l.npz'))).toBe(
      "l.npz: not a readable .npz (zip) archive: no local header for 'attn.npy'.",
    );
    const pastEnd = edited(zip, (view) => view.setUint32(central + 42, zip.length - 2, true));
    expect(refusalOf(() => readDump(pastEnd, 'l.npz'))).toContain("no local header for 'attn.npy'");
    const huge = edited(zip, (view) => view.setUint32(central + 20, zip.length, true));
    expect(refusalOf(() => readDump(huge, 'l.npz'))).toContain(
      `'attn.npy' declares ${zip.length} compressed bytes past the end`,
    );
  });

  it('skips the local header\u2019s own name and extra field to find the data', () => {
    const entry = storedRow();
    const zip = zipOf([entry]);
    // Insert 6 bytes of local extra field after the local name, shifting everything after it.
    const localEnd = 30 + entry.name.length;
    const extra = Uint8Array.from([0x99, 0x99, 2, 0, 7, 7]);
    const shifted = concat([zip.subarray(0, localEnd), extra, zip.subarray(localEnd)]);
    const view = new DataView(shifted.buffer);
    view.setUint16(28, extra.length, true);
    const end = shifted.length - 22;
    view.setUint32(end + 16, view.getUint32(end + 16, true) + extra.length, true);
    expect(readAll(shifted)).toEqual([{ name: 'attn', shape: [2], data: [0.25, 0.75] }]);
  });

  it('reads up to the entry limit and refuses a directory with more', () => {
    const entries = Array.from({ length: 3 }, (_, i) =>
      honestEntry(`n${i}.txt`, new Uint8Array(1), 0),
    );
    const zip = zipOf(entries);
    expect(listZipMembers(zip, 'm.npz', 3)).toHaveLength(3);
    expect(refusalOf(() => listZipMembers(zip, 'm.npz', 2))).toBe(
      'm.npz: more than 2 entries in the archive.',
    );
  });

  it('refuses an .npz of more than 4096 entries before reading any', () => {
    const tiny = honestEntry('n.txt', new Uint8Array(0), 0);
    const zip = zipOf(Array.from({ length: 4097 }, () => tiny));
    expect(refusalOf(() => readDump(zip, 'many.npz'))).toBe(
      'many.npz: more than 4096 entries in the archive.',
    );
    const limit = zipOf(Array.from({ length: 4096 }, () => tiny));
    expect(refusalOf(() => readDump(limit, 'many.npz'))).toContain('holds no .npy arrays');
  });
});

describe('inflating members', () => {
  it('refuses a stored member whose sizes differ, and an unknown compression method', () => {
    const stored = storedRow();
    const lying = zipOf([{ ...stored, size: stored.size + 4 }]);
    const message = refusalOf(() => readDump(lying, 's.npz'));
    expect(message).toContain(
      `stored 'attn.npy' holds ${stored.size} bytes, declares ${stored.size + 4}`,
    );
    const bzip2 = edited(zipOf([stored]), (view) => {
      const central = view.getUint32(view.byteLength - 22 + 16, true);
      view.setUint16(central + 10, 12, true);
    });
    expect(refusalOf(() => readDump(bzip2, 's.npz'))).toBe(
      "s.npz: not a readable .npz (zip) archive: 'attn.npy' uses compression method 12.",
    );
  });

  it('names the member whose deflate stream is broken', () => {
    const entry = npyEntry('attn', ROW, [2]);
    const broken = { ...entry, payload: Uint8Array.from([0xff, 0xff, 0xff, 0xff]) };
    const message = refusalOf(() => readDump(zipOf([broken]), 'b.npz'));
    expect(message).toMatch(/^b\.npz: not a readable \.npz \(zip\) archive: 'attn\.npy': \S/);
  });

  it('refuses a member that inflates past its declared size, naming the size', () => {
    const npy = npyBytes(ROW, [2]);
    const padded = new Uint8Array(npy.length + 64);
    padded.set(npy);
    const longer = honestEntry('attn.npy', padded);
    const zip = zipOf([{ ...longer, size: npy.length }]);
    expect(refusalOf(() => readDump(zip, 'p.npz').arrays[0]?.data)).toBe(
      `p.npz: not a readable .npz (zip) archive: 'attn.npy' inflates past its declared ${npy.length} bytes (corrupt).`,
    );
  });

  it('refuses a member that inflates to fewer bytes than it declares', () => {
    const npy = npyBytes(Float32Array.from([0.1, 0.2, 0.3, 0.4]), [4]);
    const short = honestEntry('attn.npy', npy.subarray(0, npy.length - 4));
    const zip = zipOf([{ ...short, size: npy.length }]);
    const [array] = readDump(zip, 's.npz').arrays;
    expect(refusalOf(() => array?.data)).toBe(
      `s.npz: not a readable .npz (zip) archive: 'attn.npy' inflates to ${npy.length - 4} bytes, declares ${npy.length} (corrupt).`,
    );
  });

  it('gives both CRC-32s as eight hex digits', () => {
    const entry = npyEntry('attn', ROW, [2]);
    const [array] = readDump(zipOf([{ ...entry, crc: 0x1f }]), 'c.npz').arrays;
    expect(refusalOf(() => array?.data)).toMatch(
      /'attn\.npy' has CRC-32 0x[0-9a-f]{8}, the archive says 0x0000001f \(corrupt; numpy refuses it too\)\.$/,
    );
  });

  it('reads a large deflated member across many inflate steps', () => {
    // 1 MiB of float32 values that do not compress to nothing: steps grow past the first 256 bytes.
    const values = Float32Array.from({ length: 1 << 18 }, (_, i) => (i % 1009) / 1009);
    const [array] = readDump(zipOf([npyEntry('attn', values, [1 << 18])]), 'big.npz').arrays;
    const data = array?.data ?? new Float32Array(0);
    expect(data.length).toBe(values.length);
    expect(data.findIndex((value, i) => value !== values[i])).toBe(-1);
  });
});

describe('.npz archives', () => {
  it('reads a .npy header that takes several inflate steps to come out', () => {
    // A 4 KiB header and 8 KB of data deflated at level 0 (stored blocks): the first 256
    // compressed bytes hold only part of the header, the next step all the rest.
    const text = `{'descr': '<f4', 'fortran_order': False, 'shape': (2000,), }`;
    const padded = text + ' '.repeat(4096 - 10 - text.length - 1) + '\n';
    const values = Float32Array.from({ length: 2000 }, (_, i) => i / 2000);
    const npy = new Uint8Array(4096 + values.byteLength);
    npy.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(npy.buffer).setUint16(8, padded.length, true);
    npy.set(new TextEncoder().encode(padded), 10);
    npy.set(new Uint8Array(values.buffer), 4096);
    const entry = honestEntry('attn.npy', npy);
    for (const payload of [deflateSync(npy, { level: 0 }), storedBlocks(npy, 100)]) {
      const [array] = readDump(zipOf([{ ...entry, payload }]), 's.npz').arrays;
      expect(array?.shape).toEqual([2000]);
      expect(array?.data).toEqual(values);
    }
  });

  it('reads only the .npy members, named without the extension, with their dtype and kind', () => {
    const mask = new BigInt64Array([1n, 1n, 0n]);
    const zip = zipOf([
      honestEntry('notes.txt', new TextEncoder().encode('hello')),
      npyEntry('attn', ROW, [1, 2]),
      honestEntry('attention_mask.npy', npyBytes(mask, [3]), 0),
    ]);
    const arrays = readDump(zip, 'm.npz').arrays;
    expect(arrays.map((a) => [a.name, a.shape, a.dtype, a.kind])).toEqual([
      ['attn', [1, 2], '<f4', 'float'],
      ['attention_mask', [3], '<i8', 'int'],
    ]);
    expect(Array.from(arrays[1]?.data ?? [])).toEqual([1, 1, 0]);
  });

  it('inflates an array once, on first use', () => {
    const [array] = readDump(zipOf([npyEntry('attn', ROW, [2])]), 'o.npz').arrays;
    const first = array?.data;
    expect(array?.data).toBe(first);
  });

  it('says a zip without .npy members may be a torch.save file', () => {
    const zip = zipOf([honestEntry('archive/data.pkl', new Uint8Array([0x80, 2]))]);
    expect(refusalOf(() => readDump(zip, 'model.zip'))).toBe(
      'model.zip: the archive holds no .npy arrays (a torch.save file? save the tensor with np.save or np.savez).',
    );
  });

  it('refuses an archive whose members together declare more than 1 GiB, naming where', () => {
    const entry = npyEntry('a', ROW, [2]);
    const half = 2 ** 29;
    const zip = zipOf([
      { ...entry, size: half },
      { ...entry, name: 'b.npy', size: half + 1 },
    ]);
    expect(refusalOf(() => readDump(zip, 'bomb.npz'))).toBe(
      "bomb.npz: the archive inflates to more than 1073741824 bytes (at 'b.npy'); refused.",
    );
    // Exactly 1 GiB passes the sum; the header then shows the sizes lie.
    const limit = zipOf([
      { ...entry, size: half },
      { ...entry, name: 'b.npy', size: half },
    ]);
    expect(refusalOf(() => readDump(limit, 'bomb.npz'))).toContain(
      `its header needs ${entry.size} bytes, the archive declares ${half}`,
    );
  });

  it('refuses a member too short to hold a .npy preamble', () => {
    const npy = npyBytes(ROW, [2]);
    const zip = zipOf([honestEntry('attn.npy', npy.subarray(0, 9), 0)]);
    expect(refusalOf(() => readDump(zip, 't.npz'))).toBe(
      "t.npz: array 'attn': the file ends inside its preamble.",
    );
  });
});
