import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/checkpoint/checkpointError';
import { parseSafetensors } from '../../src/checkpoint/safetensors';
import {
  f32Bytes,
  f32Tensor,
  f64Bytes,
  i64Bytes,
  rawSafetensors,
  u16Bytes,
  writeSafetensors,
} from './helpers/safetensorsWriter';
import { float16Reference } from './helpers/float16Reference';

const FILE = 'model.safetensors';

/** Parsing `file` throws a CheckpointError whose message contains (or matches) `message`. */
function expectRefused(file: Uint8Array, message: string | RegExp): void {
  expect(() => parseSafetensors(file, FILE)).toThrow(CheckpointError);
  expect(() => parseSafetensors(file, FILE)).toThrow(message);
}

function decodeOne(dtype: string, bits: number): number | undefined {
  const file = writeSafetensors([{ name: 'x', dtype, shape: [1], bytes: u16Bytes([bits]) }]);
  return parseSafetensors(file, FILE).get('x')?.data[0];
}

describe('parseSafetensors on valid files', () => {
  it('reads float32 tensors with their shapes and values', () => {
    const file = writeSafetensors([
      f32Tensor('a', [2, 3], [1, 2, 3, 4, 5, 6]),
      f32Tensor('b', [], [-0.5]),
    ]);
    const tensors = parseSafetensors(file, FILE);
    expect([...tensors.keys()]).toEqual(['a', 'b']);
    expect(tensors.get('a')?.shape).toEqual([2, 3]);
    expect(Array.from(tensors.get('a')?.data ?? [])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(tensors.get('b')?.shape).toEqual([]);
    expect(Array.from(tensors.get('b')?.data ?? [])).toEqual([-0.5]);
  });

  it('skips integer tensors such as position_ids', () => {
    const file = writeSafetensors([
      {
        name: 'bert.embeddings.position_ids',
        dtype: 'I64',
        shape: [1, 3],
        bytes: i64Bytes([0, 1, 2]),
      },
      f32Tensor('w', [1], [7]),
    ]);
    expect([...parseSafetensors(file, FILE).keys()]).toEqual(['w']);
  });

  it('reads tensors at unaligned offsets', () => {
    const values = [1.5, -2.25, Math.fround(3e-8), 65504];
    for (const headerPadding of [0, 1, 2, 3]) {
      const file = writeSafetensors([f32Tensor('w', [4], values)], { headerPadding });
      expect(Array.from(parseSafetensors(file, FILE).get('w')?.data ?? [])).toEqual(values);
    }
  });

  it('copies the data instead of aliasing the input bytes', () => {
    const file = writeSafetensors([f32Tensor('w', [1], [1])]);
    const tensor = parseSafetensors(file, FILE).get('w');
    file.fill(0xff);
    expect(tensor?.data[0]).toBe(1);
  });

  it('accepts an empty tensor, an empty file and __metadata__', () => {
    const file = writeSafetensors([f32Tensor('empty', [0, 4], [])], { metadata: { format: 'pt' } });
    expect(parseSafetensors(file, FILE).get('empty')?.data).toHaveLength(0);
    expect(parseSafetensors(rawSafetensors({}), FILE).size).toBe(0);
  });

  it('rounds float64 to the nearest float32', () => {
    const file = writeSafetensors([
      { name: 'x', dtype: 'F64', shape: [2], bytes: f64Bytes([0.1, -1e300]) },
    ]);
    expect(Array.from(parseSafetensors(file, FILE).get('x')?.data ?? [])).toEqual([
      Math.fround(0.1),
      -Infinity,
    ]);
  });
});

describe('16-bit float conversion', () => {
  it.each([
    ['1.0', 0x3c00, 1],
    ['-2.5', 0xc100, -2.5],
    ['the largest half, 65504', 0x7bff, 65504],
    ['the smallest subnormal, 2^-24', 0x0001, 2 ** -24],
    ['the largest subnormal', 0x03ff, 1023 * 2 ** -24],
    ['the smallest normal, 2^-14', 0x0400, 2 ** -14],
    ['infinity', 0x7c00, Infinity],
    ['minus infinity', 0xfc00, -Infinity],
    ['minus zero', 0x8000, -0],
    ['NaN', 0x7e00, NaN],
  ])('decodes F16 %s exactly', (_name, bits, value) => {
    expect(Object.is(decodeOne('F16', bits), value)).toBe(true);
  });

  it('decodes all 65,536 F16 bit patterns like the arithmetic reference', () => {
    const bits = Array.from({ length: 0x10000 }, (_, i) => i);
    const file = writeSafetensors([
      { name: 'x', dtype: 'F16', shape: [bits.length], bytes: u16Bytes(bits) },
    ]);
    const data = parseSafetensors(file, FILE).get('x')?.data ?? new Float32Array(0);
    const wrong = bits.filter((b) => !Object.is(data[b], float16Reference(b)));
    expect(wrong).toEqual([]);
  });

  it('keeps the payload of an F16 NaN', () => {
    const file = writeSafetensors([
      { name: 'x', dtype: 'F16', shape: [1], bytes: u16Bytes([0x7d01]) },
    ]);
    const data = parseSafetensors(file, FILE).get('x')?.data ?? new Float32Array(1);
    expect(new Uint32Array(data.buffer)[0]).toBe(0x7fa02000);
  });

  it.each([
    ['1.0', 0x3f80, 1],
    ['-2.5', 0xc020, -2.5],
    ['a float32 subnormal, 2^-133', 0x0001, 2 ** -133],
    ['infinity', 0x7f80, Infinity],
    ['NaN', 0x7fc0, NaN],
  ])('decodes BF16 %s exactly', (_name, bits, value) => {
    expect(Object.is(decodeOne('BF16', bits), value)).toBe(true);
  });
});

describe('parseSafetensors on malformed files', () => {
  const data64 = new Uint8Array(64);
  const entry = (fields: object) => ({
    'bert.pooler.dense.weight': { dtype: 'F32', shape: [4], data_offsets: [0, 16], ...fields },
  });

  it.each([
    [
      'a file shorter than the length prefix',
      new Uint8Array(5),
      'model.safetensors: the file is 5 bytes, too short for the 8-byte header length',
    ],
    [
      'a header longer than the file',
      rawSafetensors({}, data64, 100n),
      'model.safetensors: header longer than the file (header length 100 bytes, 66 bytes after the length)',
    ],
    [
      'a hostile 2^60 header length',
      rawSafetensors({}, data64, 2n ** 60n),
      'the header is 1152921504606846976 bytes, more than the 100,000,000 the reference safetensors reader accepts',
    ],
    [
      'a header that is not JSON',
      rawSafetensors('{"a": ', data64),
      'model.safetensors: the header is not valid JSON at byte 14 of the file (line 1, column 7 of the header)',
    ],
    [
      'a header that is not UTF-8',
      (() => {
        const f = rawSafetensors('{"a":1}');
        f[9] = 0xff;
        return f;
      })(),
      'model.safetensors: the header is not valid UTF-8 at byte 9 of the file',
    ],
    [
      'a header that is an array',
      rawSafetensors('[1, 2]'),
      'model.safetensors: the header must be a JSON object, got [1,2]',
    ],
    [
      'an entry that is not an object',
      rawSafetensors({ w: 3 }),
      'model.safetensors: tensor "w": expected an object with dtype, shape and data_offsets',
    ],
    [
      'an unknown dtype',
      rawSafetensors(entry({ dtype: 'F8_E4M3' }), data64),
      'tensor "bert.pooler.dense.weight": unsupported dtype "F8_E4M3" (expected F32, F16, BF16, F64 or an integer type)',
    ],
    [
      'a dtype that is not a string',
      rawSafetensors(entry({ dtype: 4 }), data64),
      'unsupported dtype 4',
    ],
    [
      'a dtype named like an Object property',
      rawSafetensors(entry({ dtype: 'constructor' }), data64),
      'unsupported dtype "constructor"',
    ],
    [
      'a negative dimension',
      rawSafetensors(entry({ shape: [-4] }), data64),
      'shape must be a list of non-negative integers, got [-4]',
    ],
    [
      'a fractional dimension',
      rawSafetensors(entry({ shape: [1.5] }), data64),
      'shape must be a list of non-negative integers, got [1.5]',
    ],
    [
      'a missing shape',
      rawSafetensors(entry({ shape: undefined }), data64),
      'shape must be a list of non-negative integers, got undefined',
    ],
    [
      'one data offset',
      rawSafetensors(entry({ data_offsets: [0] }), data64),
      'data_offsets must be two non-negative integers, got [0]',
    ],
    [
      'reversed data offsets',
      rawSafetensors(entry({ data_offsets: [16, 0] }), data64),
      'data_offsets [16, 0] are reversed',
    ],
    [
      'offsets past the data buffer',
      rawSafetensors(entry({ data_offsets: [10, 99] }), data64),
      'model.safetensors: tensor "bert.pooler.dense.weight": data_offsets [10, 99] exceed the data buffer (64 bytes)',
    ],
    [
      'a 2^60 data offset',
      rawSafetensors(entry({ data_offsets: [0, 2 ** 60] }), data64),
      `data_offsets [0, ${2 ** 60}] exceed the data buffer (64 bytes)`,
    ],
    [
      'a byte length that does not match the shape',
      rawSafetensors(entry({ shape: [2, 3] }), data64),
      'shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 16] hold 16',
    ],
    [
      'a huge shape',
      rawSafetensors(entry({ shape: [2 ** 20, 2 ** 20, 2 ** 20] }), data64),
      'needs more bytes than the file but data_offsets [0, 16] hold 16',
    ],
    [
      'overlapping tensors',
      rawSafetensors(
        {
          a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
          b: { dtype: 'F16', shape: [2], data_offsets: [12, 16] },
        },
        data64,
      ),
      'model.safetensors: tensors "a" [0, 16] and "b" [12, 16] overlap',
    ],
    [
      '__metadata__ that is not an object',
      rawSafetensors({ __metadata__: 'x' }),
      'model.safetensors: __metadata__ must be an object',
    ],
  ])('rejects %s with a CheckpointError naming the file', (_name, file, message) => {
    expectRefused(file, message);
  });

  it('accepts tensors that touch without overlapping', () => {
    const file = rawSafetensors(
      {
        a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
        b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
      },
      f32Bytes([1, 2]),
    );
    expect(parseSafetensors(file, FILE).size).toBe(2);
  });
});

describe('parse errors give their position', () => {
  it.each([
    [
      'invalid JSON, by byte of the file and line and column of the header',
      rawSafetensors('{"a": {"dtype": "F32",\n "shape": [1],}}'),
      'model.safetensors: the header is not valid JSON at byte 45 of the file (line 2, column 15 of the header)',
    ],
    [
      'invalid JSON after multi-byte characters, counting bytes',
      rawSafetensors('{"é": x}'),
      'model.safetensors: the header is not valid JSON at byte 15 of the file (line 1, column 7 of the header)',
    ],
  ])('%s', (_name, file, message) => {
    expectRefused(file, message);
  });
});

describe('strictness, as the reference Rust reader', () => {
  const a = { dtype: 'F32', shape: [1], data_offsets: [0, 4] };
  const b = { dtype: 'F32', shape: [1], data_offsets: [4, 8] };

  it.each([
    [
      'a duplicate tensor name',
      rawSafetensors(
        '{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "\\u0061": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}',
        f32Bytes([1, 2]),
      ),
      'model.safetensors: tensor "a" appears twice in the header',
    ],
    [
      'bytes between two tensors',
      rawSafetensors({ a, b: { ...b, data_offsets: [8, 12] } }, new Uint8Array(12)),
      'model.safetensors: bytes [4, 8) of the data buffer belong to no tensor (between "a" and "b")',
    ],
    [
      'bytes before the first tensor',
      rawSafetensors({ a: { ...a, data_offsets: [3, 7] } }, new Uint8Array(7)),
      'model.safetensors: bytes [0, 3) of the data buffer belong to no tensor (before "a")',
    ],
    [
      'trailing bytes after the last tensor',
      rawSafetensors({ a, b }, new Uint8Array(12)),
      'model.safetensors: bytes [8, 12) of the data buffer belong to no tensor (after "b")',
    ],
    [
      'data after an empty header',
      rawSafetensors({}, new Uint8Array(3)),
      'model.safetensors: bytes [0, 3) of the data buffer belong to no tensor (the header lists none)',
    ],
    [
      'a header over 100,000,000 bytes, before reading it',
      rawSafetensors({}, new Uint8Array(0), 100_000_001n),
      'model.safetensors: the header is 100000001 bytes, more than the 100,000,000 the reference safetensors reader accepts',
    ],
    [
      'a __metadata__ value that is not a string',
      rawSafetensors({ __metadata__: { format: 'pt', step: 3 } }),
      'model.safetensors: __metadata__ "step" is 3, expected a string (safetensors metadata holds strings only)',
    ],
  ])('refuses %s', (_name, file, message) => {
    expectRefused(file, message);
  });

  it('accepts whitespace before and after the header JSON, as writers pad it for alignment', () => {
    const file = rawSafetensors(` \t\n\r${JSON.stringify({ a })}\n  `, f32Bytes([5]));
    expect(Array.from(parseSafetensors(file, FILE).get('a')?.data ?? [])).toEqual([5]);
  });

  it('accepts a header of exactly 100,000,000 bytes', () => {
    const json = '{}';
    const file = rawSafetensors(json + ' '.repeat(100_000_000 - json.length));
    expect(parseSafetensors(file, FILE).size).toBe(0);
  });
});

it('names a shape nested 5,000 levels deep in a CheckpointError instead of overflowing the stack', () => {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  const file = rawSafetensors(`{"w": {"dtype": "F32", "shape": ${deep}, "data_offsets": [0, 0]}}`);
  expectRefused(file, /tensor "w": shape must be a list of non-negative integers, got \[\[\[\[/);
});

it('reads a tensor named "__proto__" as an ordinary tensor, not a prototype', () => {
  const tensors = parseSafetensors(writeSafetensors([f32Tensor('__proto__', [1], [2])]), 'f');
  expect([...tensors.keys()]).toEqual(['__proto__']);
  expect([...(tensors.get('__proto__')?.data ?? [])]).toEqual([2]);
});
