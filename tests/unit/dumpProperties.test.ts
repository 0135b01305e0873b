// Properties of the layout detection and the fingerprint: every layout and permutation of a
// correct dump is read as correct with the right letters, and every bug family survives a
// change of layout. Dumps are built in maskscope's order [L, B, H, T, T] from random scores,
// then moved to the layout under test and written as .npy by an independent writer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { permute } from '../../src/dump/arrays';
import { mulberry32 } from '../../src/model/prng';
import { checkDump } from '../../src/dump/checkDump';
import { readDump } from '../../src/dump/readDump';
import { npyBytes } from './helpers/npyWriter';

type Bug = 'correct' | 'missing-key-mask' | 'inverted' | 'after-softmax' | 'multiplicative' | 'nan';

/** Layouts by letters; each is a permutation of the canonical LBHQK axes that are present. */
const LAYOUTS = [
  'QK',
  'KQ',
  'HQK',
  'HKQ',
  'BQK',
  'BKQ',
  'BHQK',
  'BHKQ',
  'LBHQK',
  'LBHKQ',
  'KQHB',
] as const;

interface Spec {
  readonly layers: number;
  readonly batch: number;
  readonly heads: number;
  readonly seqLen: number;
  readonly lengths: readonly number[];
  readonly scores: readonly number[];
}

/** Probabilities [L, B, H, T, T] of `bug` applied to scores, with the key mask from lengths. */
function attention(spec: Spec, bug: Bug): Float32Array {
  const { layers, batch, heads, seqLen: t } = spec;
  const out = new Float32Array(layers * batch * heads * t * t);
  for (let matrix = 0; matrix < layers * batch * heads; matrix++) {
    const b = Math.floor(matrix / heads) % batch;
    const length = spec.lengths[b] ?? t;
    for (let q = 0; q < t; q++) {
      const row = Array.from({ length: t }, (_, k) => spec.scores[(matrix * t + q) * t + k] ?? 0);
      const isPad = (i: number) => i >= length;
      const biased = row.map((s, k) => {
        if (bug === 'correct' || bug === 'after-softmax')
          return bug === 'correct' && isPad(k) ? s - 1e4 : s;
        if (bug === 'inverted') return isPad(k) ? s : s - 1e4;
        if (bug === 'multiplicative') return isPad(k) ? 0 : s;
        if (bug === 'nan') return isPad(k) || isPad(q) ? -Infinity : s;
        return s;
      });
      const max = Math.max(...biased);
      const exp = biased.map((s) => Math.exp(s - max));
      const total = exp.reduce((a, v) => a + v, 0);
      exp.forEach((v, k) => {
        const p = bug === 'after-softmax' && isPad(k) ? 0 : v / total;
        out[(matrix * t + q) * t + k] = p;
      });
    }
  }
  return out;
}

/** Moves canonical data [L, B, H, T, T] to `letters` (dropping size-1 axes not in it). */
function toLayout(
  data: Float32Array,
  spec: Spec,
  letters: string,
): { data: Float32Array; shape: number[] } {
  const sizes: Record<string, number> = {
    L: spec.layers,
    B: spec.batch,
    H: spec.heads,
    Q: spec.seqLen,
    K: spec.seqLen,
  };
  const canonical = ['L', 'B', 'H', 'Q', 'K'];
  const perm = [...letters].map((letter) => canonical.indexOf(letter));
  const missing = canonical.filter((letter) => !letters.includes(letter));
  if (missing.some((letter) => sizes[letter] !== 1))
    throw new Error('absent axes must have size 1');
  const present = canonical.filter((letter) => letters.includes(letter));
  const squeezed = present.map((letter) => sizes[letter] ?? 1);
  const order = perm.map((axis) => present.indexOf(canonical[axis] ?? ''));
  return permute(data, squeezed, order);
}

const specArbitrary = (letters: string) =>
  fc
    .record({
      layers: fc.integer({ min: 1, max: letters.includes('L') ? 2 : 1 }),
      batch: fc.integer({ min: letters.includes('B') ? 2 : 1, max: letters.includes('B') ? 3 : 1 }),
      heads: fc.integer({ min: letters.includes('H') ? 2 : 1, max: letters.includes('H') ? 3 : 1 }),
      seqLen: fc.integer({ min: 5, max: 9 }),
    })
    .chain((dims) =>
      fc
        .record({
          // Every item padded by 2 or more, so each family shows in every item.
          lengths: fc.array(fc.integer({ min: 2, max: dims.seqLen - 2 }), {
            minLength: dims.batch,
            maxLength: dims.batch,
          }),
          // Scores from a seed: random enough that no row is uniform (an all-equal score row is
          // doubly stochastic, and no layout or bug can be told from it).
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        })
        .map(({ lengths, seed }): Spec => {
          const uniform = mulberry32(seed);
          const count = dims.layers * dims.batch * dims.heads * dims.seqLen ** 2;
          const scores = Array.from({ length: count }, () => 8 * uniform() - 4);
          return { ...dims, lengths, scores };
        }),
    );

function check(spec: Spec, bug: Bug, letters: string) {
  const moved = toLayout(attention(spec, bug), spec, letters);
  const file = readDump(npyBytes(moved.data, moved.shape), 'dump.npy');
  return checkDump([file], { mask: { kind: 'lengths', lengths: spec.lengths, side: 'right' } });
}

describe('layout detection', () => {
  it.each(LAYOUTS)('reads a correct dump in %s as correct, with those letters', (letters) => {
    fc.assert(
      fc.property(specArbitrary(letters), (spec) => {
        const report = check(spec, 'correct', letters);
        expect(report.layout.letters).toBe(letters);
        expect(report.family).toBe('correct');
      }),
      { numRuns: 25 },
    );
  });
});

describe('bug families', () => {
  const bugs: Bug[] = ['missing-key-mask', 'inverted', 'after-softmax', 'multiplicative', 'nan'];
  it.each(bugs)('%s is named the same in every layout', (bug) => {
    fc.assert(
      fc.property(
        specArbitrary('LBHQK'),
        fc.constantFrom(...LAYOUTS.filter((l) => l.length === 5 || l === 'KQHB')),
        (spec, letters) => {
          const fitted = letters === 'KQHB' ? { ...spec, layers: 1 } : spec;
          const scores = fitted.scores.slice(
            0,
            fitted.layers * fitted.batch * fitted.heads * fitted.seqLen ** 2,
          );
          const report = check({ ...fitted, scores }, bug, letters);
          expect(report.family).toBe(bug);
          expect(report.layout.letters).toBe(letters);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('all-zero lines', () => {
  // Found by the property above: after softmax, with most keys masked and batch and head of equal
  // size, no axis sums to 1, and the batch-head pair looked as much like [T, T] as the real one.
  // Only the query axis has all-zero lines (one per masked key); a batch-head pair has them on
  // both sides.
  it('find the key axis of an after-softmax dump whose batch and head have the same size', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const uniform = mulberry32(seed);
      const dims = { layers: 1, batch: 2, heads: 2, seqLen: 5, lengths: [2, 2] };
      const scores = Array.from({ length: 2 * 2 * 25 }, () => 8 * uniform() - 4);
      const report = check({ ...dims, scores }, 'after-softmax', 'LBHQK');
      expect(report.layout.letters).toBe('LBHQK');
      expect(report.layout.reason).toContain('all zero (masked keys)');
      expect(report.family).toBe('after-softmax');
    }
  });
});
