// The sweep shows a collapse to NaN on every panel and does not blow float noise up to a jump.
import { describe, expect, it } from 'vitest';
import type { SweepResult, SweepSide } from '../../src/analysis/sweep';
import { layoutSweep } from '../../app/components/Sweep/sweepScales';
import { nanRuns, sweepPanels } from '../../src/viz/sweepSeries';

function side(value: number): SweepSide {
  return {
    leakPerLayer: [value],
    headLeakMax: [[value]],
    drifts: [{ abs: value, rel: value }],
    divergence: { state: null, drift: null, head: null, headLeak: null },
    maskTop: [],
    pooled: [],
  };
}

/** Mode A NaN from the second padding on (the query-axis -inf model); B drifts by 1.2e-6. */
const result: SweepResult = {
  steps: [0, 1, 2, 4].map((pads, i) => ({
    pads,
    a: side(i === 0 ? 0 : NaN),
    b: side(i === 0 ? 0 : 1.2e-6),
    forwardMs: 1,
  })),
  layers: 1,
  heads: 1,
  realTokens: 6,
  totalMs: 3,
};
const panels = sweepPanels(result, [], true);

describe('the sweep of a mode that turns NaN', () => {
  it('marks the NaN paddings of mode A on every panel, and none of B', () => {
    expect(panels.length).toBeGreaterThanOrEqual(3);
    for (const panel of panels) {
      expect(nanRuns(panel, 'a')).toEqual([{ start: 1, end: 4 }]);
      expect(nanRuns(panel, 'b')).toEqual([]);
    }
  });

  it('draws a drift of 1.2e-6 near the bottom of its panel, not as a jump filling it', () => {
    const { panels: placed } = layoutSweep(panels, 4);
    for (const id of ['driftRel', 'driftAbs']) {
      const drift = placed.find((p) => p.panel.id === id);
      if (drift === undefined) throw new Error(`no ${id} panel`);
      const [bottom = 0, top = 0] = drift.y.range();
      expect((bottom - drift.y(1.2e-6)) / (bottom - top)).toBeLessThan(0.05);
    }
  });
});
