// Writes zip archives for tests, honest or lying: each member's payload, method, declared size
// and CRC-32 are given separately, so an archive can claim what its bytes do not hold (PKWARE
// APPNOTE 6.3: local headers, the central directory, the end record; no zip64).
import { deflateSync } from 'fflate';
import { crc32 } from '../../../src/dump/crc32';
import { npyBytes } from './npyWriter';

/** One member as written: `payload` is stored or raw-deflate bytes. */
export interface ZipEntry {
  readonly name: string;
  readonly payload: Uint8Array;
  readonly method: 0 | 8;
  /** Declared inflated size. */
  readonly size: number;
  readonly crc: number;
}

/** An honest member holding `bytes`, deflated (or stored with `method` 0). */
export function honestEntry(name: string, bytes: Uint8Array, method: 0 | 8 = 8): ZipEntry {
  const payload = method === 8 ? deflateSync(bytes) : bytes;
  return { name, payload, method, size: bytes.length, crc: crc32(bytes) };
}

/** A .npy member of float32 `data` with `shape`, honest. */
export function npyEntry(name: string, data: Float32Array, shape: readonly number[]): ZipEntry {
  return honestEntry(`${name}.npy`, npyBytes(data, shape));
}

/**
 * Raw deflate that inflates to `head` then `zeros` zero bytes, then turns invalid: a reader that
 * inflates past `head` fails with fflate's "invalid block type"; one that stops after it does not.
 */
export function headThenGarbage(head: Uint8Array, zeros = 65_535): Uint8Array {
  const block = (bytes: Uint8Array) => {
    const out = new Uint8Array(5 + bytes.length);
    const view = new DataView(out.buffer);
    out[0] = 0x00; // BFINAL 0, BTYPE 00: a stored block
    view.setUint16(1, bytes.length, true);
    view.setUint16(3, ~bytes.length & 0xffff, true);
    out.set(bytes, 5);
    return out;
  };
  const parts = [block(head), block(new Uint8Array(zeros)), Uint8Array.from([0xff, 0xff, 0xff])];
  return concat(parts);
}

/** The parts one after another, in one array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The zip archive of `entries`, in order. */
export function zipOf(entries: readonly ZipEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, entry.method, true);
    lv.setUint32(14, entry.crc, true);
    lv.setUint32(18, entry.payload.length, true);
    lv.setUint32(22, entry.size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, entry.method, true);
    cv.setUint32(16, entry.crc, true);
    cv.setUint32(20, entry.payload.length, true);
    cv.setUint32(24, entry.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, entry.payload);
    centrals.push(central);
    offset += local.length + entry.payload.length;
  }
  const directory = concat(centrals);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, directory.length, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, directory, end]);
}
