// Which reader a file goes to (by its first bytes, not its name), and the JSON and safetensors
// readers: the values, shapes, kinds and labels they return, and the messages naming what a
// file does wrong.
import { describe, expect, it } from 'vitest';
import { MAX_ELEMENTS } from '../../src/dump/arrays';
import { MAX_JSON_BYTES, parseJsonArrays, parseJsonDump } from '../../src/dump/jsonArrays';
import { readDump, SUPPORTED_FORMATS } from '../../src/dump/readDump';
import { npyBytes } from './helpers/npyWriter';
import {
  f32Bytes,
  i64Bytes,
  rawSafetensors,
  u16Bytes,
  writeSafetensors,
} from './helpers/safetensorsWriter';
import { npyEntry, zipOf } from './helpers/zipWriter';
import { refusalOf } from './helpers/dumpRefusal';

const utf8 = (text: string) => new TextEncoder().encode(text);

const NOT_A_FORMAT = (file: string) =>
  `${file}: not a format maskscope reads; save the weights as ${SUPPORTED_FORMATS}.`;

describe('recognising the format', () => {
  it('names an .npy array after its file, without folders or the extension', () => {
    const npy = npyBytes(Float32Array.from([1]), [1]);
    expect(readDump(npy, 'runs/7/attn_probs.npy').arrays[0]?.name).toBe('attn_probs');
    expect(readDump(npy, 'C:\\dumps\\Layer0.NPY').arrays[0]?.name).toBe('Layer0');
    expect(readDump(npy, 'dump.bin').arrays[0]?.name).toBe('dump.bin');
    expect(readDump(npy, 'x.npy.npy').arrays[0]?.name).toBe('x.npy');
    expect(readDump(npy, 'attn.npy.bak').arrays[0]?.name).toBe('attn.npy.bak');
    expect(readDump(npy, 'dir/.npy').arrays[0]?.name).toBe('array');
    expect(readDump(npy, 'a.npy').fileName).toBe('a.npy');
  });

  it.each(['model.pt', 'model.pth', 'MODEL.PT', 'pytorch_model.bin', 'last.ckpt'])(
    'refuses the zip of torch.save (%s) as a pickle, with the line that saves it readably',
    (fileName) => {
      const zip = zipOf([npyEntry('attn', Float32Array.from([1]), [1])]);
      const message = refusalOf(() => readDump(zip, fileName));
      expect(message).toContain(`${fileName}: a pickled PyTorch file`);
      expect(message).toContain(
        "np.save('attn.npy', attn.detach().float().cpu().numpy()) or safetensors",
      );
    },
  );

  it('reads the same zip as an .npz under any other name', () => {
    const zip = zipOf([npyEntry('attn', Float32Array.from([1]), [1])]);
    expect(readDump(zip, 'model.pt.npz').arrays.map((a) => a.name)).toEqual(['attn']);
    expect(readDump(zip, 'ptdump').arrays.map((a) => a.name)).toEqual(['attn']);
  });

  it('refuses a bare pickle, whatever its name', () => {
    expect(refusalOf(() => readDump(Uint8Array.from([0x80, 4, 0x95]), 'attn.npy'))).toContain(
      'attn.npy: a pickled PyTorch file',
    );
  });

  it('only reads a file starting PK\\x03\\x04 as a zip', () => {
    for (let i = 0; i < 4; i++) {
      const bytes = zipOf([npyEntry('attn', Float32Array.from([1]), [1])]);
      bytes[i] = 0x41;
      expect(refusalOf(() => readDump(bytes, 'z.npz'))).toBe(NOT_A_FORMAT('z.npz'));
    }
  });

  it('refuses anything else with the formats it reads', () => {
    expect(refusalOf(() => readDump(utf8('hello'), 'x.txt'))).toBe(NOT_A_FORMAT('x.txt'));
    expect(SUPPORTED_FORMATS).toContain('.safetensors');
    expect(refusalOf(() => readDump(new Uint8Array(0), 'e.npy'))).toBe('e.npy: the file is empty.');
  });

  it('reads JSON after blanks and a byte order mark, within its first 64 bytes', () => {
    for (const blank of [' ', '\t', '\n', '\r', '\ufeff']) {
      const bytes = utf8(`${blank}[0.5, 0.5]`);
      expect(Array.from(readDump(bytes, 'b.json').arrays[0]?.data ?? [])).toEqual([0.5, 0.5]);
    }
    expect(readDump(utf8(`${' '.repeat(63)}[1]`), 'b.json').arrays[0]?.shape).toEqual([1]);
    expect(refusalOf(() => readDump(utf8(`${' '.repeat(64)}[1]`), 'b.json'))).toBe(
      NOT_A_FORMAT('b.json'),
    );
    expect(refusalOf(() => readDump(utf8('  x[1]'), 'b.json'))).toBe(NOT_A_FORMAT('b.json'));
    expect(refusalOf(() => readDump(utf8('   '), 'b.json'))).toBe(NOT_A_FORMAT('b.json'));
  });

  it('tells safetensors from other bytes by its zero high length bytes and its "{"', () => {
    const file = writeSafetensors([{ name: 'a', dtype: 'F32', shape: [1], bytes: f32Bytes([1]) }]);
    expect(readDump(file, 'a.bin').arrays[0]?.name).toBe('a');
    const tabbed = rawSafetensors(
      '\t\r\n {"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}',
      f32Bytes([2]),
    );
    expect(Array.from(readDump(tabbed, 'a.bin').arrays[0]?.data ?? [])).toEqual([2]);
    for (const i of [4, 5, 6, 7]) {
      const high = file.slice();
      high[i] = 1;
      expect(refusalOf(() => readDump(high, 'h.bin'))).toBe(NOT_A_FORMAT('h.bin'));
    }
    expect(refusalOf(() => readDump(new Uint8Array(8), 'z.bin'))).toBe(NOT_A_FORMAT('z.bin'));
    const noBrace = file.slice();
    noBrace[8] = 0x5b;
    expect(refusalOf(() => readDump(noBrace, 'b.bin'))).toBe(NOT_A_FORMAT('b.bin'));
  });
});

describe('safetensors dumps', () => {
  it('reads each tensor from its own offsets, with its dtype and kind', () => {
    const file = writeSafetensors([
      { name: 'attn', dtype: 'F16', shape: [2, 2], bytes: u16Bytes([0x3800, 0x3800, 0x3c00, 0]) },
      { name: 'lengths', dtype: 'I64', shape: [2], bytes: i64Bytes([2, 1]) },
      { name: 'mask', dtype: 'BOOL', shape: [1, 2], bytes: Uint8Array.from([1, 0]) },
    ]);
    const arrays = readDump(file, 's.safetensors').arrays;
    expect(arrays.map((a) => [a.name, a.shape, a.dtype, a.kind, Array.from(a.data)])).toEqual([
      ['attn', [2, 2], 'F16', 'float', [0.5, 0.5, 1, 0]],
      ['lengths', [2], 'I64', 'int', [2, 1]],
      ['mask', [1, 2], 'BOOL', 'bool', [1, 0]],
    ]);
  });

  it('refuses a broken header as a DumpError with the checkpoint reader\u2019s reason', () => {
    const bad = rawSafetensors(
      { a: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } },
      new Uint8Array(1),
    );
    const message = refusalOf(() => readDump(bad, 'f8.safetensors'));
    expect(message).toMatch(/^f8\.safetensors.*unsupported dtype "F8_E4M3"/);
    const error = (() => {
      try {
        readDump(bad, 'f8.safetensors');
      } catch (caught) {
        return caught as Error;
      }
      return null;
    })();
    expect((error?.cause as Error | undefined)?.message).toBe(message);
  });
});

describe('JSON dumps', () => {
  it('reads a bare nested list as "attentions", leaves left to right', () => {
    const [array] = parseJsonArrays(utf8('[[1, 2, 3], [4, 5, 6]]'), 'a.json');
    expect(array).toMatchObject({ name: 'attentions', shape: [2, 3], dtype: 'json', kind: 'int' });
    expect(Array.from(array?.data ?? [])).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives the kind of what the lists hold: int, float, or bool', () => {
    const kind = (text: string) => parseJsonArrays(utf8(text), 'k.json')[0]?.kind;
    expect(kind('[[1, 0], [0, 1]]')).toBe('int');
    expect(kind('[[1, 0.5]]')).toBe('float');
    expect(kind('[[true, false]]')).toBe('bool');
    expect(kind('[[true, 0.5]]')).toBe('float');
    expect(kind('[[0.5, true]]')).toBe('float');
    expect(Array.from(parseJsonArrays(utf8('[true, false]'), 'k.json')[0]?.data ?? [])).toEqual([
      1, 0,
    ]);
  });

  it('reads the empty list and lists of empty lists', () => {
    expect(parseJsonArrays(utf8('[]'), 'e.json')[0]?.shape).toEqual([0]);
    expect(parseJsonArrays(utf8('[[], []]'), 'e.json')[0]?.shape).toEqual([2, 0]);
  });

  it('reads the strings standing for values JSON cannot write, and refuses other strings', () => {
    const [array] = parseJsonArrays(utf8('[null, "NaN", "Infinity", "-Infinity", 2]'), 'n.json');
    expect(Array.from(array?.data ?? [])).toEqual([NaN, NaN, Infinity, -Infinity, 2]);
    expect(array?.kind).toBe('float');
    for (const word of ['constructor', 'inf', 'nan']) {
      expect(refusalOf(() => parseJsonArrays(utf8(`[1, 2, "${word}"]`), 'n.json'))).toBe(
        `n.json: array 'attentions': value 2 is "${word}", not a number (use null or "NaN" for NaN).`,
      );
    }
  });

  it('refuses a list where a number should be, even one holding "NaN"', () => {
    expect(refusalOf(() => parseJsonArrays(utf8('[0.5, ["NaN"]]'), 'n.json'))).toContain(
      "n.json: array 'attentions': value 1 is [",
    );
  });

  it('names the depth and the expected length of a ragged row', () => {
    expect(refusalOf(() => parseJsonArrays(utf8('[[1, 2], [3]]'), 'r.json'))).toBe(
      "r.json: array 'attentions': not rectangular: expected 2 entries at depth 2 (shape [2, 2]).",
    );
    expect(refusalOf(() => parseJsonArrays(utf8('[[1, 2], 3]'), 'r.json'))).toContain(
      'expected 2 entries at depth 2',
    );
    expect(refusalOf(() => parseJsonArrays(utf8('[[[1]], [[1], [2]]]'), 'r.json'))).toContain(
      'expected 1 entries at depth 2 (shape [2, 1, 1])',
    );
  });

  it('reads eight levels of nesting and refuses nine', () => {
    const nested = (depth: number) => utf8(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
    expect(parseJsonArrays(nested(8), 'd.json')[0]?.shape).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(refusalOf(() => parseJsonArrays(nested(9), 'd.json'))).toBe(
      "d.json: array 'attentions': nested deeper than 8 levels.",
    );
  });

  it('refuses a shape over the element limit from its first rows, before allocating it', () => {
    // Eight levels of 12 entries claim 12^8 values in a few hundred bytes.
    let text = '0';
    for (let level = 0; level < 8; level++) text = `[${text}${', 0'.repeat(11)}]`;
    expect(refusalOf(() => parseJsonArrays(utf8(text), 'big.json'))).toBe(
      `big.json: array 'attentions': more than ${MAX_ELEMENTS} values.`,
    );
  });

  it('reads the arrays and numbers of an object, skipping strings, objects and the labels', () => {
    const text = JSON.stringify({
      attentions: [[0.5, 0.5]],
      note: 'from layer 3',
      config: { heads: 2 },
      tokens: ['[CLS]', 'hi'],
      temperature: 2,
      attention_mask: [1, 1],
    });
    const dump = parseJsonDump(utf8(text), 'o.json');
    expect(dump.arrays.map((a) => [a.name, a.shape])).toEqual([
      ['attentions', [1, 2]],
      ['temperature', []],
      ['attention_mask', [2]],
    ]);
    expect(Array.from(dump.arrays[1]?.data ?? [])).toEqual([2]);
    expect(dump.labels).toEqual(['[CLS]', 'hi']);
    expect(readDump(utf8(text), 'o.json').labels).toEqual(['[CLS]', 'hi']);
  });

  it.each(['tokens', 'labels', 'input_tokens', 'pieces'])('reads "%s" as the labels', (key) => {
    const dump = parseJsonDump(utf8(JSON.stringify({ attn: [1, 0], [key]: ['a', 'b'] })), 'l.json');
    expect(dump.labels).toEqual(['a', 'b']);
    expect(dump.arrays.map((a) => a.name)).toEqual(['attn']);
  });

  it('reads a list that is not all strings, or is empty, as an array rather than labels', () => {
    const numeric = parseJsonDump(utf8(JSON.stringify({ tokens: [101, 102] })), 'l.json');
    expect(numeric.labels).toBeUndefined();
    expect(numeric.arrays.map((a) => [a.name, Array.from(a.data)])).toEqual([
      ['tokens', [101, 102]],
    ]);
    const mixed = utf8(JSON.stringify({ attn: [1], tokens: ['a', 1] }));
    expect(refusalOf(() => parseJsonDump(mixed, 'l.json'))).toContain(
      'l.json: array \'tokens\': value 0 is "a", not a number',
    );
    const empty = parseJsonDump(utf8(JSON.stringify({ attn: [1], tokens: [] })), 'l.json');
    expect(empty.labels).toBeUndefined();
    expect(empty.arrays.map((a) => a.name)).toEqual(['attn', 'tokens']);
  });

  it('refuses JSON that holds no arrays, or is not a list or object', () => {
    expect(refusalOf(() => parseJsonDump(utf8('{"note": "x", "tokens": ["a"]}'), 'n.json'))).toBe(
      'n.json: the object holds no arrays.',
    );
    expect(refusalOf(() => parseJsonDump(utf8('0.5'), 'n.json'))).toBe(
      'n.json: expected a nested array or an object of nested arrays.',
    );
    expect(refusalOf(() => parseJsonDump(utf8('null'), 'n.json'))).toContain(
      'expected a nested array',
    );
  });

  it('reads JSON up to 64 MiB and refuses more before decoding it', () => {
    const limit = new Uint8Array(MAX_JSON_BYTES).fill(0x20);
    limit.set(utf8('[1]'));
    expect(parseJsonArrays(limit, 'big.json')[0]?.shape).toEqual([1]);
    const over = new Uint8Array(MAX_JSON_BYTES + 1).fill(0xff);
    expect(refusalOf(() => parseJsonArrays(over, 'big.json'))).toBe(
      `big.json: ${MAX_JSON_BYTES + 1} bytes of JSON is more than ${MAX_JSON_BYTES}; save big dumps as .npy, .npz or safetensors.`,
    );
  });
});
