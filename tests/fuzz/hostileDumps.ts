// Structure-aware dump generators for `npm run fuzz`: valid containers (.npz, .npy, safetensors,
// JSON) holding attention and masks of every shape from T = 1, with hostile contents a parser
// must refuse by name (zips that lie about sizes, bad CRC-32s, data that turns to garbage after
// the header, floats and 2^64 in safetensors shapes, brackets nested deep).
import fc from 'fast-check';
import type { CheckOptions } from '../../src/dump/checkDump';
import { npyBytes } from '../unit/helpers/npyWriter';
import { f32Bytes, rawSafetensors } from '../unit/helpers/safetensorsWriter';
import { headThenGarbage, honestEntry, zipOf, type ZipEntry } from '../unit/helpers/zipWriter';

/** One generated case: the files a user would drop, and the options they would set. */
export interface DumpCase {
  readonly files: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  readonly options: CheckOptions;
}

/** Attention [B, H, T, T] and the real-token count of each item, as plain data. */
interface Tensors {
  readonly shape: readonly [number, number, number, number];
  readonly attention: Float32Array;
  readonly mask: Float32Array; // [B, T], 1 = real token
  readonly lengths: readonly number[];
}

const PATTERNS = ['correct', 'no-mask', 'inverted', 'uniform', 'random', 'zeros', 'nan'] as const;

/** A small deterministic generator, so a case is reproduced from its seed alone. */
function lcg(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function rowOf(pattern: (typeof PATTERNS)[number], T: number, real: number, next: () => number) {
  const keeps = (k: number) =>
    pattern === 'correct' ? k < real : pattern === 'inverted' ? k >= real : true;
  const raw = Array.from({ length: T }, (_, k) => {
    if (pattern === 'zeros') return 0;
    if (pattern === 'nan') return k === 0 ? NaN : 1;
    if (pattern === 'random') return next() * 4 - 1;
    return keeps(k) ? (pattern === 'uniform' ? 1 : 0.2 + next()) : 0;
  });
  const sum = raw.reduce((a, b) => a + b, 0);
  return pattern === 'random' || pattern === 'zeros' || sum === 0 ? raw : raw.map((v) => v / sum);
}

const tensors: fc.Arbitrary<Tensors> = fc
  .record({
    B: fc.integer({ min: 1, max: 2 }),
    H: fc.integer({ min: 1, max: 2 }),
    T: fc.integer({ min: 1, max: 8 }),
    pattern: fc.constantFrom(...PATTERNS),
    seed: fc.integer(),
  })
  .map(({ B, H, T, pattern, seed }) => {
    const next = lcg(seed);
    const lengths = Array.from({ length: B }, () => 1 + Math.floor(next() * T));
    const attention = new Float32Array(B * H * T * T);
    for (let b = 0; b < B; b++) {
      for (let row = 0; row < H * T; row++) {
        attention.set(rowOf(pattern, T, lengths[b] ?? T, next), (b * H * T + row) * T);
      }
    }
    const mask = Float32Array.from({ length: B * T }, (_, i) =>
      i % T < (lengths[Math.floor(i / T)] ?? T) ? 1 : 0,
    );
    return { shape: [B, H, T, T] as const, attention, mask, lengths };
  });

const ZIP_LIES = ['none', 'smaller', 'larger', 'crc', 'garbage', 'extra', 'stored'] as const;

function lie(entry: ZipEntry, bytes: Uint8Array, how: (typeof ZIP_LIES)[number]): ZipEntry[] {
  const headerEnd = 10 + new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true);
  switch (how) {
    case 'none':
      return [entry];
    case 'smaller':
      return [{ ...entry, size: Math.max(0, entry.size - 1 - (entry.size >> 1)) }];
    case 'larger':
      return [{ ...entry, size: entry.size * 2 + 1 }];
    case 'crc':
      return [{ ...entry, crc: (entry.crc ^ 0x10) >>> 0 }];
    case 'garbage':
      return [{ ...entry, payload: headThenGarbage(bytes.subarray(0, headerEnd), 64) }];
    case 'extra': {
      const extra = npyBytes(new Float32Array(16), [4, 4]);
      return [entry, { ...honestEntry('unused.npy', extra), crc: 0 }];
    }
    case 'stored':
      return [honestEntry(entry.name, bytes, 0)];
  }
}

/** .npz files of attention and mask, one of whose members may lie. */
export const npzCases: fc.Arbitrary<DumpCase> = fc
  .tuple(tensors, fc.constantFrom(...ZIP_LIES), fc.boolean())
  .map(([t, how, onMask]) => {
    const attention = npyBytes(t.attention, t.shape);
    const mask = npyBytes(t.mask, [t.shape[0], t.shape[3]]);
    const members = [
      ...(onMask ? [honestEntry('attentions.npy', attention)] : []),
      ...lie(
        honestEntry(onMask ? 'attention_mask.npy' : 'attentions.npy', onMask ? mask : attention),
        onMask ? mask : attention,
        how,
      ),
      ...(onMask ? [] : [honestEntry('attention_mask.npy', mask)]),
    ];
    return { files: [{ name: 'dump.npz', bytes: zipOf(members) }], options: {} };
  });

/** .npy attention with the lengths typed (a file truncated or its header edited at times). */
export const npyCases: fc.Arbitrary<DumpCase> = fc
  .tuple(tensors, fc.nat({ max: 3 }), fc.constantFrom('right', 'left' as const))
  .map(([t, cut, side]) => {
    const bytes = npyBytes(t.attention, t.shape);
    return {
      files: [{ name: 'attn.npy', bytes: cut === 0 ? bytes.subarray(0, bytes.length - 4) : bytes }],
      options: { mask: { kind: 'lengths', lengths: t.lengths, side } },
    };
  });

const SHAPE_SPELLINGS = ['plain', 'float', 'exponent', 'u64', 'overflow', 'metadata-null'] as const;

/** safetensors dumps whose headers spell numbers as the reference reader would or would not. */
export const safetensorsCases: fc.Arbitrary<DumpCase> = fc
  .tuple(
    tensors,
    fc.oneof(
      { arbitrary: fc.constant('plain' as const), weight: 4 },
      fc.constantFrom(...SHAPE_SPELLINGS),
    ),
  )
  .map(([t, spelling]) => {
    const attentionBytes = t.attention.length * 4;
    const [B, , , T] = t.shape;
    const shape = `[${t.shape.join(', ')}]`;
    const spelled = {
      plain: shape,
      'metadata-null': shape,
      float: shape.replace(/(\d+)\]$/, '$1.0]'),
      exponent: shape.replace(/(\d+)\]$/, '$1e0]'),
      u64: `[18446744073709551616, 0]`,
      overflow: `[4294967296, 4294967296, 0]`,
    }[spelling];
    const header =
      `{${spelling === 'metadata-null' ? '"__metadata__": null, ' : ''}` +
      `"attentions": {"dtype": "F32", "shape": ${spelled}, "data_offsets": [0, ${attentionBytes}]}, ` +
      `"attention_mask": {"dtype": "F32", "shape": [${B}, ${T}], "data_offsets": [${attentionBytes}, ${attentionBytes + B * T * 4}]}}`;
    const data = f32Bytes([...t.attention, ...t.mask]);
    return {
      files: [{ name: 'dump.safetensors', bytes: rawSafetensors(header, data) }],
      options: {},
    };
  });

/** JSON dumps: nested lists, at times wrapped in brackets far deeper than any attention. */
export const jsonCases: fc.Arbitrary<DumpCase> = fc
  .tuple(tensors, fc.constantFrom(0, 0, 0, 1, 6, 5000))
  .map(([t, wrap]) => {
    const [B, H, T] = t.shape;
    const nested = Array.from({ length: B }, (_, b) =>
      Array.from({ length: H }, (_, h) =>
        Array.from({ length: T }, (_, q) => {
          const row = t.attention.subarray(
            ((b * H + h) * T + q) * T,
            ((b * H + h) * T + q + 1) * T,
          );
          return Array.from(row, (v) => (Number.isNaN(v) ? 'NaN' : v));
        }),
      ),
    );
    const attentions = `${'['.repeat(wrap)}${JSON.stringify(nested)}${']'.repeat(wrap)}`;
    const mask = JSON.stringify(
      Array.from({ length: B }, (_, b) => Array.from(t.mask.subarray(b * T, (b + 1) * T))),
    );
    const text = `{"attentions": ${attentions}, "attention_mask": ${mask}}`;
    return { files: [{ name: 'dump.json', bytes: new TextEncoder().encode(text) }], options: {} };
  });
