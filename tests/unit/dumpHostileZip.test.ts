// .npz archives that lie (issue 22, items 1, 2 and 5): sizes the data does not match, a CRC-32
// that differs, members whose data turns to garbage after the header. Each is refused with a
// named reason from what it takes to read the header, and what the check does not use is never
// inflated.
import { describe, expect, it } from 'vitest';
import { checkDump } from '../../src/dump/checkDump';
import { crc32 } from '../../src/dump/crc32';
import { readDump } from '../../src/dump/readDump';
import { npyBytes } from './helpers/npyWriter';
import { headThenGarbage, honestEntry, npyEntry, zipOf, type ZipEntry } from './helpers/zipWriter';

/** Attention [1, 1, 4, 4] that ignores the last key, as a correct key mask makes it. */
function correctAttention(): Float32Array {
  return Float32Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? 0 : 1 / 3));
}
const MASK = Float32Array.from([1, 1, 1, 0]);

/** A member named `name` whose bytes are `npy` up to the header, then garbage. */
function garbageAfterHeader(name: string, npy: Uint8Array, declaredSize = npy.length): ZipEntry {
  const headerEnd = 10 + new DataView(npy.buffer).getUint16(8, true);
  return {
    name: `${name}.npy`,
    payload: headThenGarbage(npy.subarray(0, headerEnd)),
    method: 8,
    size: declaredSize,
    crc: 0,
  };
}

describe('zips that lie about their sizes', () => {
  it('refuses a member that inflates past its declared size as corrupt, rather than truncating it', () => {
    const npy = npyBytes(Float32Array.from([0.5, 0.5, 0.25, 0.75]), [4]);
    const padded = new Uint8Array(npy.length + 1_000_000);
    padded.set(npy);
    const entry = { ...honestEntry('attentions.npy', padded), size: npy.length };
    expect(() => readDump(zipOf([entry]), 'lying.npz').arrays[0]?.data).toThrow(
      /lying\.npz.*'attentions\.npy' inflates past its declared/,
    );
  });

  it('refuses a too-large array from its header, never inflating the data behind it', () => {
    const text = "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }\n";
    const header = new Uint8Array(10 + text.length);
    header.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length, 0]);
    header.set(new TextEncoder().encode(text), 10);
    const entry = garbageAfterHeader('attentions', header, 4096);
    expect(() => readDump(zipOf([entry]), 'bomb.npz')).toThrow(
      /bomb\.npz: array 'attentions': shape \(65536, 65536\) is larger than maskscope reads/,
    );
  });

  it('refuses a member whose header needs more bytes than the archive declares', () => {
    const npy = npyBytes(new Float32Array(1024), [1024]);
    const entry = garbageAfterHeader('attentions', npy, 200);
    expect(() => readDump(zipOf([entry]), 'short.npz')).toThrow(
      /short\.npz: array 'attentions': its header needs 4224 bytes, the archive declares 200/,
    );
  });
});

describe('inflating only what the check uses', () => {
  it('reaches a verdict when an unused member is corrupt after its header', () => {
    const extra = garbageAfterHeader('notes', npyBytes(new Float32Array(64), [8, 8]));
    const zip = zipOf([
      npyEntry('attentions', correctAttention(), [1, 1, 4, 4]),
      npyEntry('attention_mask', MASK, [1, 4]),
      extra,
    ]);
    const report = checkDump([readDump(zip, 'extra.npz')]);
    expect(report.family).toBe('correct');
  });

  it('reports a missing mask before inflating the attention', () => {
    const attention = npyBytes(correctAttention(), [1, 1, 4, 4]);
    const zip = zipOf([garbageAfterHeader('attentions', attention)]);
    expect(() => checkDump([readDump(zip, 'nomask.npz')])).toThrow(/no padding mask found/);
  });
});

describe('CRC-32 of .npz members', () => {
  it('computes the check value of the CRC-32 catalogue ("123456789" → 0xcbf43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('refuses a member whose CRC-32 differs from the archive, as numpy does', () => {
    const honest = npyEntry('attentions', correctAttention(), [1, 1, 4, 4]);
    const zip = zipOf([
      { ...honest, crc: (honest.crc ^ 1) >>> 0 },
      npyEntry('attention_mask', MASK, [1, 4]),
    ]);
    expect(() => checkDump([readDump(zip, 'crc.npz')])).toThrow(
      /crc\.npz.*'attentions\.npy' has CRC-32 0x[0-9a-f]{8}, the archive says/,
    );
  });

  it('reads a stored member with the right CRC-32 and refuses it with a wrong one', () => {
    const stored = honestEntry('attention_mask.npy', npyBytes(MASK, [1, 4]), 0);
    expect(readDump(zipOf([stored]), 'ok.npz').arrays[0]?.data).toEqual(MASK);
    const [bad] = readDump(zipOf([{ ...stored, crc: 1 }]), 'bad.npz').arrays;
    expect(() => bad?.data).toThrow(/has CRC-32/);
  });
});
