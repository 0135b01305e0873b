// The sweep's small multiples: which panels and series, and where the [MASK]'s top-1 changes.
import { describe, expect, it } from 'vitest';
import type { SweepResult, SweepSide } from '../../src/analysis/sweep';
import { sweepPanels } from '../../src/viz/sweepSeries';

function side(leak: number, rel: number, top: { id: number; token: string } | null): SweepSide {
  return {
    leakPerLayer: [leak, leak / 2],
    headLeakMax: [[leak], [leak]],
    drifts: [
      { abs: 0, rel: 0 },
      { abs: rel * 10, rel },
    ],
    divergence: { state: null, drift: null, head: null, headLeak: null },
    maskTop: [top === null ? null : { ...top, probability: 0.5 }],
    pooled: [],
  };
}

const cat = { id: 7, token: 'cat' };
const dog = { id: 9, token: 'dog' };
const stepsOf = (b: readonly SweepSide[]): SweepResult => ({
  steps: b.map((bSide, i) => {
    const a = side(0, 0, cat);
    return { pads: i * 4, a, b: bSide, forwardMs: 1 };
  }),
  layers: 2,
  heads: 1,
  realTokens: 6,
  totalMs: 3,
});

describe('sweepPanels', () => {
  const result = stepsOf([
    side(0, 0, cat),
    side(0.2, 0.1, dog),
    side(0.3, 0.2, dog),
    side(0.4, 0.3, null),
  ]);
  const panels = sweepPanels(result, ['[MASK] 1'], true);

  it('draws leak per layer, relative and absolute drift and the [MASK] top-1, per mode', () => {
    expect(panels.map((p) => p.id)).toEqual(['leak', 'driftRel', 'driftAbs', 'maskTop']);
    const leak = panels[0];
    expect(leak?.series.map((s) => s.label)).toEqual(['A L0', 'A L1', 'B L0', 'B L1']);
    expect(leak?.series[3]?.values).toEqual([0, 0.1, 0.15, 0.2]);
    expect(panels[1]?.series[1]?.values).toEqual([0, 0.1, 0.2, 0.3]); // the final state's rel
    expect(panels[2]?.series[1]?.values).toEqual([0, 1, 2, 3]);
  });

  it('marks each padding where the top-1 token differs from the padding before, NaN included', () => {
    const b = panels[3]?.series.find((s) => s.slot === 'b');
    expect(b?.marks).toEqual([
      { index: 1, label: 'dog' },
      { index: 3, label: 'NaN' },
    ]);
    expect(b?.values[3]).toBeNaN();
    expect(panels[3]?.series.find((s) => s.slot === 'a')?.marks).toEqual([]);
  });

  it('draws mode A only when A and B are the same, and no [MASK] panel without a [MASK]', () => {
    const only = sweepPanels(result, [], false);
    expect(only.map((p) => p.id)).toEqual(['leak', 'driftRel', 'driftAbs']);
    expect(only.flatMap((p) => p.series).every((s) => s.slot === 'a')).toBe(true);
  });
});
