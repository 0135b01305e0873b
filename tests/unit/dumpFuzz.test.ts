// Fuzzing the dump readers: mutated real files and random bytes either read or fail with a
// DumpError naming the file; nothing else escapes, nothing hangs. 1,000 cases per format here;
// `npm run fuzz` runs more.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEEDS, mutated, readsOrRefuses } from './helpers/fuzz';

describe('fuzzed dump files', () => {
  it.each(Object.entries(SEEDS))('%s: mutations read or fail with a DumpError', (_format, file) => {
    const seed = new Uint8Array(readFileSync(`tests/fixtures/dumps/${file}`));
    fc.assert(
      fc.property(mutated(seed), (bytes) => {
        readsOrRefuses(bytes, file);
      }),
      { numRuns: 1000 },
    );
  });

  it('random bytes read or fail with a DumpError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        readsOrRefuses(bytes, 'random.bin');
      }),
      { numRuns: 1000 },
    );
    expect(readsOrRefuses(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]), 'x.npy')).toBe(
      false,
    );
  });
});
