// The dump readers on files numpy and PyTorch wrote (tests/fixtures/dumps), on hand-made edge
// cases, and on hostile input: every failure is a DumpError naming the file, before any large
// allocation.
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { permute } from '../../src/dump/arrays';
import { DumpError } from '../../src/dump/dumpError';
import { parseJsonArrays } from '../../src/dump/jsonArrays';
import { parseNpy } from '../../src/dump/npy';
import { readDump } from '../../src/dump/readDump';
import { labelsFor } from '../../src/dump/view';
import { npyBytes } from './helpers/npyWriter';
import { f32Bytes, rawSafetensors } from './helpers/safetensorsWriter';

const fixture = (name: string) =>
  readDump(new Uint8Array(readFileSync(`tests/fixtures/dumps/${name}`)), name);

function npyWithHeader(header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const text = new TextEncoder().encode(header);
  const out = new Uint8Array(10 + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, text.length, true);
  out.set(text, 10);
  out.set(data, 10 + text.length);
  return out;
}

describe('reading what numpy and PyTorch wrote', () => {
  it('reads .npy float32, with its name from the file', () => {
    const [array] = fixture('dl4j_keys_first.npy').arrays;
    expect(array?.name).toBe('dl4j_keys_first');
    expect(array?.shape).toEqual([2, 2, 10, 10]);
    expect(array?.kind).toBe('float');
  });

  it('reads a Fortran-ordered .npy back in C order', () => {
    const c = fixture('dl4j_keys_first.npy').arrays[0];
    const f = fixture('nnlib_keys_first.npy').arrays[0];
    if (c === undefined || f === undefined) throw new Error('missing fixture');
    expect(f.shape).toEqual([10, 10, 2, 2]);
    // nnlib = correct.permute(3, 2, 1, 0) and dl4j = correct.transpose(-1, -2) (B, H, K, Q).
    const back = permute(f.data, f.shape, [3, 2, 0, 1]); // (B, H, K, Q)
    expect(back.shape).toEqual(c.shape);
    expect(Array.from(back.data)).toEqual(Array.from(c.data));
  });

  it('reads .npz members (stored and deflated), bool and int64 masks', () => {
    const kpm = fixture('mha_key_padding_mask.npz').arrays;
    expect(kpm.map((a) => [a.name, a.kind])).toEqual([
      ['attn_weights', 'float'],
      ['key_padding_mask', 'bool'],
    ]);
    const compressed = fixture('multiplicative.npz').arrays.map((a) => [a.name, a.shape]);
    expect(compressed).toEqual([
      ['probs', [2, 2, 10, 10]],
      ['attention_mask', [2, 10]],
    ]);
  });

  it('reads safetensors tensors of every kind, float16 included', () => {
    const arrays = fixture('correct_fp16.safetensors').arrays;
    expect(arrays.map((a) => [a.name, a.dtype, a.kind])).toEqual([
      ['attn', 'F16', 'float'],
      ['lengths', 'I64', 'int'],
    ]);
    expect(Array.from(arrays[1]?.data ?? [])).toEqual([10, 6]);
  });

  it('reads safetensors whose header starts with whitespace, as the reference reader does', () => {
    const header = { attentions: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
    const bytes = rawSafetensors(`\n  ${JSON.stringify(header)}`, f32Bytes([0.25, 0.75]));
    const [array] = readDump(bytes, 'padded.safetensors').arrays;
    expect(array?.shape).toEqual([2]);
    expect(Array.from(array?.data ?? [])).toEqual([0.25, 0.75]);
  });

  it('still reads JSON indented by eight spaces as JSON, not as a safetensors header', () => {
    const bytes = new TextEncoder().encode(`        {"attentions": [0.5, 0.5]}`);
    expect(readDump(bytes, 'indented.json').arrays[0]?.dtype).toBe('json');
  });

  it('reads JSON nested lists into arrays', () => {
    const arrays = fixture('after_softmax.json').arrays;
    expect(arrays.map((a) => [a.name, a.shape, a.kind])).toEqual([
      ['attentions', [2, 2, 10, 10], 'float'],
      ['attention_mask', [2, 10], 'int'],
    ]);
  });
});

describe('edge cases', () => {
  it('round-trips what an independent writer wrote, big-endian and 1-D included', () => {
    const data = Float32Array.from([1, -2.5, NaN, Infinity]);
    const array = parseNpy(npyBytes(data, [2, 2]), 'x.npy');
    expect(Array.from(array.data)).toEqual([1, -2.5, NaN, Infinity]);
    const big = npyWithHeader(
      "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }",
      new Uint8Array([0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0]),
    );
    expect(Array.from(parseNpy(big, 'big.npy').data)).toEqual([1, -2]);
  });

  it('gives the line and column of a JSON syntax error and the byte of invalid UTF-8', () => {
    const json = new TextEncoder().encode('{"attentions": [[0.5, 0.5],\n [0.5 0.5]]}');
    expect(() => readDump(json, 'a.json')).toThrow(/^a\.json: not valid JSON at line 2, column 7/);
    const latin1 = Uint8Array.from([...'[[0.5, 1]] '].map((c) => c.charCodeAt(0)));
    latin1[10] = 0xe9;
    expect(() => readDump(latin1, 'b.json')).toThrow(/^b\.json: not valid UTF-8 at byte 10/);
  });

  it('gives the byte of invalid UTF-8 in a version 3 .npy header', () => {
    const bytes = npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }");
    bytes[6] = 3;
    const v3 = new Uint8Array(bytes.length + 2);
    v3.set(bytes.subarray(0, 8));
    new DataView(v3.buffer).setUint32(8, bytes.length - 10, true);
    v3.set(bytes.subarray(10), 12);
    v3[20] = 0xff;
    expect(() => readDump(v3, 'v3.npy')).toThrow(
      /^v3\.npy: array 'v3': the header is not valid UTF-8 at byte 20/,
    );
  });

  it('reads JSON NaN spellings and refuses ragged or non-numeric arrays by name', () => {
    const bytes = new TextEncoder().encode('{"attn": [[0.5, null], ["NaN", "-Infinity"]]}');
    expect(Array.from(parseJsonArrays(bytes, 'a.json')[0]?.data ?? [])).toEqual([
      0.5,
      NaN,
      NaN,
      -Infinity,
    ]);
    const ragged = new TextEncoder().encode('{"attn": [[1, 2], [3]]}');
    expect(() => parseJsonArrays(ragged, 'a.json')).toThrow(
      /a\.json: array 'attn': not rectangular/,
    );
    const text = new TextEncoder().encode('[[1, "x"]]');
    expect(() => parseJsonArrays(text, 'b.json')).toThrow(/b\.json.*value 1 is "x"/);
  });
});

describe('hostile files', () => {
  const refuses = (bytes: Uint8Array, pattern: RegExp) => {
    expect(() => readDump(bytes, 'evil.npy')).toThrow(DumpError);
    expect(() => readDump(bytes, 'evil.npy')).toThrow(pattern);
  };

  it('refuses a header claiming a huge shape before allocating', () => {
    refuses(
      npyWithHeader(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }",
      ),
      /larger than maskscope reads/,
    );
    refuses(
      npyWithHeader(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 4), }",
        new Uint8Array(8),
      ),
      /needs 64 data bytes, the file has 8/,
    );
  });

  it('never evaluates the header: only the three keys by a strict grammar', () => {
    // Each message names the grammar rule that refused it: /header/ alone would match any.
    refuses(
      npyWithHeader(
        "{'descr': __import__('os').system('x'), 'fortran_order': False, 'shape': (1,), }",
      ),
      /the header has something unexpected at character 1 /,
    );
    refuses(
      npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1, }"),
      /the header has something unexpected at character 55 /,
    );
    refuses(
      npyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 'y', }"),
      /the header has keys other than descr, fortran_order and shape/,
    );
    refuses(
      npyWithHeader("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"),
      /repeats the key 'descr'/,
    );
    refuses(
      npyWithHeader("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new Uint8Array(8)),
      /dtype '<c8'/,
    );
  });

  it('refuses a zip bomb from its directory, without inflating it', () => {
    const huge = npyBytes(new Float32Array(2 ** 20), [2 ** 20]);
    const zip = zipSync({ 'a.npy': [huge, { level: 9 }] });
    // Claim 4 GiB of inflated data in the central directory's "uncompressed size" field.
    const view = new DataView(zip.buffer);
    let central = zip.length - 4;
    while (central > 0 && view.getUint32(central, true) !== 0x02014b50) central--;
    view.setUint32(central + 24, 0xfffffff0, true);
    expect(() => readDump(zip, 'bomb.npz')).toThrow(/inflates to more than/);
  });

  it('refuses pickles with the line that saves the tensor readably', () => {
    expect(() => readDump(Uint8Array.from([0x80, 2, 0x7d]), 'attn.pt')).toThrow(/np\.save/);
    expect(() => readDump(new Uint8Array(0), 'empty.npy')).toThrow(/empty/);
  });

  it('refuses JSON nested deeper than any attention', () => {
    const deep = new TextEncoder().encode(`${'['.repeat(5000)}1${']'.repeat(5000)}`);
    expect(() => readDump(deep, 'deep.json')).toThrow(/nested deeper than 8 levels/);
  });

  it('names a value nested 5,000 levels deep after a shallow first row', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const bytes = new TextEncoder().encode(`[[1], [${deep}]]`);
    expect(() => readDump(bytes, 'deep.json')).toThrow(DumpError);
    expect(() => readDump(bytes, 'deep.json')).toThrow(/deep\.json.*value 1 is \[\[\[/);
  });
});

describe('position labels', () => {
  it('puts one token per real position on the real positions, whichever side the padding is', () => {
    const left = Int32Array.from([0, 0, 1, 1, 1]);
    expect(labelsFor(left, ['a', 'b', 'c'])).toEqual(['[PAD] 0', '[PAD] 1', 'a', 'b', 'c']);
    expect(labelsFor(left, ['p', 'q', 'a', 'b', 'c'])).toEqual(['p', 'q', 'a', 'b', 'c']);
    expect(labelsFor(left, null)).toEqual(['[PAD] 0', '[PAD] 1', '2', '3', '4']);
  });
});
