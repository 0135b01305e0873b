// `npm run fuzz`: the typed-mask parser and the convention check on FUZZ_RUNS (default 10,000)
// mutated masks. Every case must read and check, or be refused with ConventionError (a refused
// dtype or shape is a verdict, not a throw); anything else is a failure.
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_CONVENTIONS } from '../../src/conventions/apis';
import { checkConvention } from '../../src/conventions/checkConvention';
import { ConventionError } from '../../src/conventions/conventionError';
import { parseTypedMask } from '../../src/conventions/parseMask';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEEDS = [
  '1 1 1 0 0',
  '[[True, True, True, False, False]]',
  "torch.tensor([[0.0, 0.0, 0.0, float('-inf'), -np.inf]], dtype=torch.float32)",
  '[[[1], [1], [1], [0], [0]]]',
  '1 1 1 0 0\n0 1 1 1 1',
  '[0., "-1e9", -1e4, torch.finfo(torch.float16).min, nan]',
];

const mutations = fc.oneof(
  ...SEEDS.map((seed) =>
    fc.oneof(
      fc
        .tuple(fc.nat({ max: seed.length }), fc.string({ maxLength: 4 }))
        .map(([at, extra]) => seed.slice(0, at) + extra + seed.slice(at)),
      fc
        .tuple(fc.nat({ max: seed.length }), fc.nat({ max: 6 }))
        .map(([at, length]) => seed.slice(0, at) + seed.slice(at + length)),
    ),
  ),
  fc.string({ maxLength: 40 }),
);

/** Structure-aware masks: brackets nested up to 5,000 deep, masks up to 70,000 values, T = 1. */
const hostile = fc.oneof(
  fc
    .tuple(
      fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(5000)),
      fc.constantFrom('1', '0', 'True'),
    )
    .map(([depth, value]) => ({ text: `${'['.repeat(depth)}${value}${']'.repeat(depth)}`, T: 1 })),
  fc
    .tuple(fc.oneof(fc.integer({ min: 1, max: 256 }), fc.constant(70_000)), fc.nat())
    .map(([T, real]) => ({
      text: Array.from({ length: T }, (_, i) => (i < (real % T) + 1 ? '1' : '0')).join(' '),
      T,
    })),
  fc.constantFrom('1', '0', '[[True]]', '-inf', '[[[0.0]]]').map((text) => ({ text, T: 1 })),
);

/** Runs the check on each case; counts read, refused, and anything else as a failure. */
function fuzzChecks(label: string, cases: fc.Arbitrary<{ text: string; T: number }>): void {
  let read = 0;
  let refused = 0;
  const failures: string[] = [];
  fc.assert(
    fc.property(cases, fc.constantFrom(...API_CONVENTIONS), ({ text, T }, api) => {
      const real = Int32Array.from({ length: T }, (_, t) => (t < Math.max(1, T - 2) ? 1 : 0));
      const start = performance.now();
      try {
        checkConvention(api.id, parseTypedMask(text), real);
        read++;
      } catch (error) {
        if (error instanceof ConventionError) refused++;
        else
          failures.push(`${String(error).slice(0, 200)} on ${JSON.stringify(text).slice(0, 200)}`);
      }
      const ms = performance.now() - start;
      if (ms > 2000) failures.push(`${Math.round(ms)} ms on ${JSON.stringify(text).slice(0, 100)}`);
    }),
    { numRuns: RUNS },
  );
  console.log(
    `${label}: ${RUNS} cases, ${read} reached a verdict, ${refused} refused, ${failures.length} failures`,
  );
  expect(failures).toEqual([]);
}

describe(`fuzzing the convention checker, ${RUNS} cases`, () => {
  it('reads and checks mutated masks, or refuses with ConventionError, for every API', () => {
    fuzzChecks(
      'typed mask + check (mutated)',
      mutations.map((text) => ({ text, T: 5 })),
    );
  });

  it('refuses deep brackets and over-long masks by name, and checks T = 1', () => {
    fuzzChecks('typed mask + check (structure-aware)', hostile);
  });
});
