// Which paddings a sweep runs, and how a bad range is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sweepPads } from '../../src/analysis/sweepPlan';

describe('sweepPads', () => {
  it.each([
    [
      { stepPads: 8, maxPads: null },
      12,
      128,
      [0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 116],
    ],
    [{ stepPads: 8, maxPads: 96 }, 12, 128, [0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96]],
    [{ stepPads: 5, maxPads: 13 }, 8, 64, [0, 5, 10, 13]],
    [{ stepPads: 4, maxPads: 0 }, 8, 64, [0]],
    [{ stepPads: 4, maxPads: 30 }, 64, 64, [0]],
  ])('runs %o for %i tokens and %i positions', (range, tokens, positions, expected) => {
    expect(sweepPads(range, tokens, positions)).toEqual(expected);
  });

  it.each([
    [{ stepPads: 0, maxPads: 8 }, 'step must be a whole number of pads ≥ 1; got 0'],
    [{ stepPads: 1.5, maxPads: 8 }, 'got 1.5'],
    [{ stepPads: 2, maxPads: -1 }, 'last padding must be a whole number ≥ 0; got -1'],
  ])('refuses %o saying why', (range, message) => {
    expect(() => sweepPads(range, 8, 64)).toThrow(message);
  });

  it('refuses a sentence longer than the model takes', () => {
    expect(() => sweepPads({ stepPads: 1, maxPads: null }, 70, 64)).toThrow(
      'The sentence has 70 tokens but the model takes at most 64.',
    );
  });

  it('starts at 0, ends at the limit, and steps by exactly `step` except the last step', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.option(fc.integer({ min: 0, max: 200 })),
        fc.integer({ min: 1, max: 128 }),
        fc.integer({ min: 0, max: 128 }),
        (step, maxPads, tokens, extra) => {
          const positions = tokens + extra;
          const pads = sweepPads({ stepPads: step, maxPads }, tokens, positions);
          const limit = Math.min(maxPads ?? extra, extra);
          expect(pads[0]).toBe(0);
          expect(pads.at(-1)).toBe(limit);
          const gaps = pads.slice(1).map((n, i) => n - (pads[i] ?? 0));
          expect(gaps.every((gap) => gap > 0 && gap <= step)).toBe(true);
          expect(gaps.slice(0, -1).every((gap) => gap === step)).toBe(true);
        },
      ),
    );
  });
});
