// The safetensors header rules of the reference Rust reader (safetensors/src/tensor.rs), both
// ways (issue 22, item 6): what it refuses is refused (a shape whose size overflows u64 even
// before a 0, floats and 2^64 in shape or data_offsets), what it reads is read
// (`"__metadata__": null`). Checked through the dump reader, which shares the header code.
import { describe, expect, it } from 'vitest';
import { readSafetensorsHeader } from '../../src/checkpoint/safetensorsHeader';
import { readDump } from '../../src/dump/readDump';
import { f32Bytes, rawSafetensors } from './helpers/safetensorsWriter';

const mask = { dtype: 'F32', shape: [1, 2], data_offsets: [0, 8] };
const data = f32Bytes([1, 0]);

/** A header written as text, so numbers keep the spelling given (`1.0`, `2e0`, 2^64). */
function headerText(shape: string, offsets = '[0, 8]'): string {
  return `{"mask": {"dtype": "F32", "shape": ${shape}, "data_offsets": ${offsets}}}`;
}

describe('safetensors dumps follow the reference reader', () => {
  it.each([
    '[4294967296, 4294967296, 0]',
    '[4611686018427387904, 4, 0]', // 2^62 × 4 elements: 2^64
  ])('refuses shape %s, whose size overflows u64 before the 0', (shape) => {
    const file = rawSafetensors(headerText(shape, '[0, 0]'));
    expect(() => readDump(file, 'overflow.safetensors')).toThrow(
      /^overflow\.safetensors: tensor "mask": shape \[.*\] of F32 overflows/,
    );
  });

  it('reads a zero-sized shape whose running product stays within u64', () => {
    const header = readSafetensorsHeader(
      rawSafetensors(headerText('[0, 4294967296, 4294967296]', '[0, 0]')),
      'f',
    );
    expect(header.entries[0]?.shape).toEqual([0, 2 ** 32, 2 ** 32]);
  });

  it.each([
    ['[1.0, 2]', '[0, 8]', 'shape holds 1.0'],
    ['[1, 2e0]', '[0, 8]', 'shape holds 2e0'],
    ['[1, 2]', '[0, 8.0]', 'data_offsets holds 8.0'],
    ['[18446744073709551616, 0]', '[0, 0]', 'shape holds 18446744073709551616'],
  ])('refuses shape %s / data_offsets %s written as no u64', (shape, offsets, why) => {
    const file = rawSafetensors(headerText(shape, offsets), data);
    expect(() => readDump(file, 'floats.safetensors')).toThrow(
      `floats.safetensors: tensor "mask": ${why}, not an unsigned 64-bit integer`,
    );
  });

  it('reads the largest u64 in a shape followed by a 0, as the reference reader does', () => {
    const file = rawSafetensors(headerText('[0, 18446744073709551615]', '[0, 0]'));
    expect(readSafetensorsHeader(file, 'f').entries).toHaveLength(1);
  });

  it('reads "__metadata__": null as no metadata, like the reference reader’s Option', () => {
    const file = rawSafetensors({ __metadata__: null, mask }, data);
    expect(readSafetensorsHeader(file, 'f').metadata).toBeNull();
    expect(readDump(file, 'null.safetensors').arrays.map((a) => a.name)).toEqual(['mask']);
  });

  it('still refuses __metadata__ holding a number written as a float', () => {
    const text = `{"__metadata__": {"step": 3.0}, "mask": ${JSON.stringify(mask)}}`;
    expect(() => readSafetensorsHeader(rawSafetensors(text, data), 'f')).toThrow(
      /__metadata__ "step"/,
    );
  });
});
