// Per-state drift (absolute and relative) and where a run first departs from the unpadded one.
import { describe, expect, it } from 'vitest';
import { describeDivergence, findDivergence } from '../../src/diagnostics/divergence';
import { firstDivergingState, stateDrifts } from '../../src/diagnostics/layerDrift';

// Two states (S = 2), width 2. The run has one pad in front (T = 3), the reference none (T = 2).
const reference = {
  data: Float32Array.from([3, 4, 1, 0, 3, 4, 1, 0]),
  seqLen: 2,
  positions: Int32Array.from([0, 1]),
};

describe('stateDrifts', () => {
  it('gives max |Δh| and max ‖Δh‖/‖h_ref‖ per state, reading each token at its own row', () => {
    const run = {
      data: Float32Array.from([9, 9, 3, 4, 1, 0, /* state 1 */ 9, 9, 3, 4.5, 1, 0.2]),
      seqLen: 3,
      positions: Int32Array.from([1, 2]),
    };
    const [s0, s1] = stateDrifts(run, reference, 2);
    expect(s0).toEqual({ abs: 0, rel: 0 });
    expect(s1?.abs).toBeCloseTo(0.5, 6);
    expect(s1?.rel).toBeCloseTo(0.2, 6); // token 1: ‖(0, 0.2)‖ / ‖(1, 0)‖ beats 0.5 / 5
  });

  it('makes NaN in a compared row a NaN drift, which counts as diverged', () => {
    const run = { ...reference, data: Float32Array.from([3, 4, 1, 0, 3, NaN, 1, 0]) };
    const drifts = stateDrifts(run, reference, 2);
    expect(drifts[1]?.abs).toBeNaN();
    expect(firstDivergingState(drifts)).toBe(1);
  });

  it('refuses stacks with a different number of real tokens', () => {
    const run = { ...reference, positions: Int32Array.from([0]) };
    expect(() => stateDrifts(run, reference, 2)).toThrow('same states, width and real tokens');
  });
});

describe('findDivergence', () => {
  const noise = { abs: 1e-7, rel: 1e-8 };
  it('names the first state beyond 1e-5 and the first head beyond 1e-6, in layer then head order', () => {
    const found = findDivergence(
      [noise, noise, { abs: 0.4, rel: 0.03 }, { abs: 2, rel: 0.5 }],
      [
        [0, 1e-7],
        [0, 0.125],
        [0.5, 0],
      ],
    );
    expect(found).toEqual({
      state: 2,
      drift: { abs: 0.4, rel: 0.03 },
      head: { layer: 1, head: 1 },
      headLeak: 0.125,
    });
    expect(describeDivergence(found)).toBe(
      "first diverges at layer L1's output (max ‖Δh‖/‖h‖ = 3.0% of ‖h‖, max |Δh| = 0.4); first leaking head: L1 H1 (12.5% of a real row on padding)",
    );
  });

  it('says so when nothing diverges or leaks', () => {
    const found = findDivergence([noise, noise], [[0, 1e-7]]);
    expect(found).toEqual({ state: null, drift: null, head: null, headLeak: null });
    expect(describeDivergence(found)).toBe(
      'no layer diverges (max |Δh| ≤ 1e-5); no head leaks onto padding',
    );
  });

  it('counts a head as leaking from the leak tolerance 1e-6, not the drift tolerance 1e-5', () => {
    const found = findDivergence([noise], [[1e-7, 5e-6, 0.5]]);
    expect(found.head).toEqual({ layer: 0, head: 1 });
    expect(found.headLeak).toBe(5e-6);
  });

  it('counts a NaN head as leaking, before any later head', () => {
    const found = findDivergence(
      [noise],
      [
        [0, NaN],
        [0.5, 0],
      ],
    );
    expect(found.head).toEqual({ layer: 0, head: 1 });
    expect(found.headLeak).toBeNaN();
  });

  it('calls state 0 the embeddings', () => {
    expect(describeDivergence(findDivergence([{ abs: 1, rel: 0.1 }], []))).toMatch(
      /^first diverges at the embeddings/,
    );
  });
});
