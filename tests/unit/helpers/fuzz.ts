/** Shared by the fuzz tests (tests/unit/dumpFuzz.test.ts) and `npm run fuzz` (tests/fuzz/). */
import fc from 'fast-check';
import { DumpError } from '../../../src/dump/dumpError';
import { readDump } from '../../../src/dump/readDump';
import { SPECIAL_TOKENS } from '../../../src/tokenizer/vocab';

/** A real file of each dump format in tests/fixtures/dumps, the seed of its mutations. */
export const SEEDS = {
  npy: 'dl4j_keys_first.npy',
  npz: 'multiplicative.npz',
  safetensors: 'correct_fp16.safetensors',
  json: 'after_softmax.json',
} as const;

/** A mutation of a valid file: overwritten bytes, a cut, or an insertion. */
export function mutated(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
  const edit = fc.record({
    at: fc.nat({ max: seed.length - 1 }),
    byte: fc.integer({ min: 0, max: 255 }),
  });
  return fc.oneof(
    fc.array(edit, { minLength: 1, maxLength: 8 }).map((edits) => {
      const out = seed.slice();
      for (const { at, byte } of edits) out[at] = byte;
      return out;
    }),
    fc.nat({ max: seed.length }).map((cut) => seed.slice(0, cut)),
    fc
      .tuple(fc.nat({ max: seed.length }), fc.uint8Array({ minLength: 1, maxLength: 16 }))
      .map(([at, extra]) => {
        const out = new Uint8Array(seed.length + extra.length);
        out.set(seed.subarray(0, at));
        out.set(extra, at);
        out.set(seed.subarray(at), at + extra.length);
        return out;
      }),
  );
}

/** Reads `bytes`; true when it read, false when it refused with a DumpError; throws otherwise. */
export function readsOrRefuses(bytes: Uint8Array, name: string): boolean {
  try {
    // An .npz member's data is inflated on first use: use every array's.
    for (const array of readDump(bytes, name).arrays) void array.data;
    return true;
  } catch (error) {
    if (error instanceof DumpError && error.message.startsWith(name)) return false;
    throw error;
  }
}

/** Arbitrary text: any code points, printable graphemes, or raw UTF-16 units (lone surrogates). */
export const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
    maxLength: 60,
  }),
  fc
    .array(
      fc.constantFrom(...Object.values(SPECIAL_TOKENS), ' ', 'a', 'É', '\u535A', '[', '\u0301'),
    )
    .map((parts) => parts.join('')),
);
