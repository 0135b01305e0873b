/**
 * A zip reader for hostile archives (PKWARE APPNOTE 6.3, the parts numpy's zipfile writes):
 * the central directory is read first, a member is inflated only when it is asked for, a few
 * kilobytes of compressed input at a time, and it is refused as soon as it inflates past the
 * size the directory declares, or when its CRC-32 differs. A member's first bytes can be
 * inflated alone, so an .npy header is read without inflating the data behind it.
 */
import { Inflate } from 'fflate';
import { crc32 } from './crc32';
import { DumpError } from './dumpError';

/** One member as the central directory describes it. */
export interface ZipMember {
  readonly name: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly compressedSize: number;
  /** The declared inflated size, in bytes. */
  readonly size: number;
  readonly crc32: number;
  /** Absolute offset of the member's (compressed) data. */
  readonly dataStart: number;
}

const END_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_END_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/**
 * Compressed bytes pushed per step: the first step is 256 bytes (deflate inflates at most ~1,032×,
 * so ≤ 264 KiB comes out), then as many as the ratio so far says make about 1 MiB (fflate's stream
 * costs per step, so steps are kept large for honest data and small for a bomb).
 */
const FIRST_STEP_BYTES = 256;
const MAX_STEP_BYTES = 1 << 20;
const STEP_OUTPUT_BYTES = 1 << 20;

function fail(fileName: string, why: string): never {
  throw new DumpError(`${fileName}: not a readable .npz (zip) archive: ${why}.`);
}

function endOfDirectory(view: DataView, fileName: string): number {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the end of the file.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === END_SIGNATURE) return at;
  }
  return fail(fileName, 'no end of central directory record');
}

function bigToNumber(value: bigint, fileName: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(fileName, `a zip64 field of ${value}`);
  return Number(value);
}

/** Where the central directory starts and how many entries it has (zip64 when needed). */
function directoryOf(view: DataView, fileName: string): { start: number; count: number } {
  const end = endOfDirectory(view, fileName);
  let count = view.getUint16(end + 10, true);
  let start = view.getUint32(end + 16, true);
  if (count === 0xffff || start === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) {
      fail(fileName, 'a zip64 archive without its locator');
    }
    const record = bigToNumber(view.getBigUint64(locator + 8, true), fileName);
    if (record + 56 > view.byteLength || view.getUint32(record, true) !== ZIP64_END_SIGNATURE) {
      fail(fileName, 'a zip64 end record outside the file');
    }
    count = bigToNumber(view.getBigUint64(record + 32, true), fileName);
    start = bigToNumber(view.getBigUint64(record + 48, true), fileName);
  }
  return { start, count };
}

/** Sizes and offset from a zip64 extra field, for the 32-bit fields that hold 0xffffffff. */
function zip64Fields(
  view: DataView,
  extraStart: number,
  extraEnd: number,
  wanted: readonly number[],
  fileName: string,
): number[] {
  const values = [...wanted];
  for (let at = extraStart; at + 4 <= extraEnd;) {
    const tag = view.getUint16(at, true);
    const length = view.getUint16(at + 2, true);
    if (tag === 0x0001) {
      let field = at + 4;
      for (let i = 0; i < values.length; i++) {
        if (values[i] !== 0xffffffff) continue;
        if (field + 8 > at + 4 + length) fail(fileName, 'a zip64 extra field too short');
        values[i] = bigToNumber(view.getBigUint64(field, true), fileName);
        field += 8;
      }
      return values;
    }
    at += 4 + length;
  }
  return values;
}

function readEntry(
  view: DataView,
  at: number,
  fileName: string,
): { member: ZipMember; next: number } {
  if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
    fail(fileName, `no central directory entry at byte ${at}`);
  }
  const flags = view.getUint16(at + 8, true);
  const method = view.getUint16(at + 10, true);
  const nameLength = view.getUint16(at + 28, true);
  const extraLength = view.getUint16(at + 30, true);
  const commentLength = view.getUint16(at + 32, true);
  const nameStart = at + 46;
  const extraStart = nameStart + nameLength;
  const next = extraStart + extraLength + commentLength;
  if (next > view.byteLength) fail(fileName, 'a central directory entry runs past the end');
  const bytes = new Uint8Array(view.buffer, view.byteOffset + nameStart, nameLength);
  const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(bytes);
  if (flags & 0x1) fail(fileName, `'${name}' is encrypted`);
  const [size = 0, compressedSize = 0, localHeader = 0] = zip64Fields(
    view,
    extraStart,
    extraStart + extraLength,
    [view.getUint32(at + 24, true), view.getUint32(at + 20, true), view.getUint32(at + 42, true)],
    fileName,
  );
  const dataStart = localDataStart(view, localHeader, name, fileName);
  if (dataStart + compressedSize > view.byteLength) {
    fail(fileName, `'${name}' declares ${compressedSize} compressed bytes past the end`);
  }
  const crc32 = view.getUint32(at + 16, true);
  return { member: { name, method, compressedSize, size, crc32, dataStart }, next };
}

function localDataStart(view: DataView, at: number, name: string, fileName: string): number {
  if (at + 30 > view.byteLength || view.getUint32(at, true) !== LOCAL_SIGNATURE) {
    fail(fileName, `no local header for '${name}'`);
  }
  return at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
}

/**
 * The members the central directory lists, in its order, without inflating anything. Throws a
 * DumpError for a broken directory or more than `maxEntries` entries.
 */
export function listZipMembers(
  bytes: Uint8Array,
  fileName: string,
  maxEntries: number,
): ZipMember[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { start, count } = directoryOf(view, fileName);
  if (count > maxEntries) {
    throw new DumpError(`${fileName}: more than ${maxEntries} entries in the archive.`);
  }
  const members: ZipMember[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    const { member, next } = readEntry(view, at, fileName);
    members.push(member);
    at = next;
  }
  return members;
}

/**
 * Inflates `member` a step at a time, handing each piece to `take`, which returns false to stop.
 * Throws once more than the declared size comes out: such a member is corrupt (or a bomb).
 */
function inflateSteps(
  bytes: Uint8Array,
  member: ZipMember,
  fileName: string,
  take: (piece: Uint8Array) => boolean,
): void {
  const compressed = bytes.subarray(member.dataStart, member.dataStart + member.compressedSize);
  if (member.method === 0) {
    if (member.compressedSize !== member.size) {
      fail(
        fileName,
        `stored '${member.name}' holds ${member.compressedSize} bytes, declares ${member.size}`,
      );
    }
    take(compressed);
    return;
  }
  if (member.method !== 8)
    fail(fileName, `'${member.name}' uses compression method ${member.method}`);
  let inflated = 0;
  let isDone = false;
  const inflater = new Inflate((piece) => {
    if (isDone) return;
    inflated += piece.length;
    if (inflated > member.size) {
      fail(fileName, `'${member.name}' inflates past its declared ${member.size} bytes (corrupt)`);
    }
    isDone = !take(piece);
  });
  try {
    let step = FIRST_STEP_BYTES;
    for (let at = 0; !isDone && at < compressed.length;) {
      const end = Math.min(at + step, compressed.length);
      inflater.push(compressed.subarray(at, end), end === compressed.length);
      at = end;
      const ratio = at / Math.max(1, inflated);
      step = Math.max(
        FIRST_STEP_BYTES,
        Math.min(MAX_STEP_BYTES, Math.round(ratio * STEP_OUTPUT_BYTES)),
      );
    }
  } catch (error) {
    if (error instanceof DumpError) throw error;
    fail(fileName, `'${member.name}': ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The first `length` inflated bytes of `member` (fewer if it is shorter); the rest stays packed. */
export function inflatePrefix(
  bytes: Uint8Array,
  member: ZipMember,
  length: number,
  fileName: string,
): Uint8Array {
  const out = new Uint8Array(Math.min(length, member.size));
  let filled = 0;
  inflateSteps(bytes, member, fileName, (piece) => {
    const part = piece.subarray(0, out.length - filled);
    out.set(part, filled);
    filled += part.length;
    return filled < out.length;
  });
  return out.subarray(0, filled);
}

/** Every inflated byte of `member`, checked against its declared size and CRC-32. */
export function inflateMember(bytes: Uint8Array, member: ZipMember, fileName: string): Uint8Array {
  const out = new Uint8Array(member.size);
  let filled = 0;
  inflateSteps(bytes, member, fileName, (piece) => {
    out.set(piece, filled);
    filled += piece.length;
    return true;
  });
  if (filled !== member.size) {
    fail(
      fileName,
      `'${member.name}' inflates to ${filled} bytes, declares ${member.size} (corrupt)`,
    );
  }
  const crc = crc32(out);
  if (crc !== member.crc32) {
    fail(
      fileName,
      `'${member.name}' has CRC-32 ${hex(crc)}, the archive says ${hex(member.crc32)} (corrupt; numpy refuses it too)`,
    );
  }
  return out;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
