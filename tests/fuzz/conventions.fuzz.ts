// `npm run fuzz`: the typed-mask parser and the convention check on FUZZ_RUNS (default 10,000)
// mutated masks. Every case must read and check, or be refused with ConventionError (a refused
// dtype or shape is a verdict, not a throw); anything else is a failure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_CONVENTIONS } from '../../src/conventions/apis';
import { checkConvention } from '../../src/conventions/checkConvention';
import { ConventionError } from '../../src/conventions/errors';
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

describe(`fuzzing the convention checker, ${RUNS} cases`, () => {
  it('reads and checks, or refuses with ConventionError, for every API', () => {
    const real = Int32Array.from([1, 1, 1, 0, 0]);
    let read = 0;
    let refused = 0;
    const failures: string[] = [];
    fc.assert(
      fc.property(mutations, fc.constantFrom(...API_CONVENTIONS), (text, api) => {
        try {
          checkConvention(api.id, parseTypedMask(text), real);
          read++;
        } catch (error) {
          if (error instanceof ConventionError) refused++;
          else failures.push(`${String(error).slice(0, 200)} on ${JSON.stringify(text)}`);
        }
      }),
      { numRuns: RUNS },
    );
    console.log(`typed mask + check: ${RUNS} cases, ${read} read, ${refused} refused`);
    expect(failures).toEqual([]);
  });
});
