import { describe, expect, it } from 'vitest';
import { relativeChange } from '../../src/analysis/poolingAudit';
import { TAINT_TOLERANCE, taintChange } from '../../src/diagnostics/taintChange';

const WIDTH = 2;
// Two real tokens at rows 0 and 1, a pad at row 2.
const realPositions = Int32Array.from([0, 1]);
const clean = Float32Array.from([1, 2, 3, 4, 5, 6]);

describe('taintChange', () => {
  it('passes when only the padding rows changed', () => {
    const tainted = Float32Array.from([1, 2, 3, 4, NaN, 1e4]);
    const logits = Float32Array.from([0.5, -0.5]);
    const change = taintChange(
      {
        cleanHidden: clean,
        taintedHidden: tainted,
        cleanLogits: logits,
        taintedLogits: logits.slice(),
        realPositions,
      },
      WIDTH,
    );
    expect(change).toEqual({ hidden: 0, logits: 0, max: 0, isPassed: true });
  });

  it('fails with the largest change of a real hidden state or logit', () => {
    const change = taintChange(
      {
        cleanHidden: clean,
        taintedHidden: Float32Array.from([1, 2.5, 3, 4, 5, 6]),
        cleanLogits: Float32Array.from([0, 0]),
        taintedLogits: Float32Array.from([0, 0.75]),
        realPositions,
      },
      WIDTH,
    );
    expect(change.hidden).toBe(0.5);
    expect(change.logits).toBe(0.75);
    expect(change.max).toBe(0.75);
    expect(change.isPassed).toBe(false);
  });

  it('fails on NaN in a real logit, and passes a change within the tolerance', () => {
    const nan = taintChange(
      {
        cleanHidden: clean,
        taintedHidden: clean,
        cleanLogits: Float32Array.from([1]),
        taintedLogits: Float32Array.from([NaN]),
        realPositions,
      },
      WIDTH,
    );
    expect(nan.max).toBeNaN();
    expect(nan.isPassed).toBe(false);
    const tiny = Float32Array.from(clean, (x, i) => (i === 0 ? x + TAINT_TOLERANCE / 2 : x));
    const small = taintChange(
      {
        cleanHidden: clean,
        taintedHidden: tiny,
        cleanLogits: new Float32Array(0),
        taintedLogits: new Float32Array(0),
        realPositions,
      },
      WIDTH,
    );
    expect(small.isPassed).toBe(true);
  });

  it('rejects logits of different sizes', () => {
    expect(() =>
      taintChange(
        {
          cleanHidden: clean,
          taintedHidden: clean,
          cleanLogits: new Float32Array(2),
          taintedLogits: new Float32Array(3),
          realPositions,
        },
        WIDTH,
      ),
    ).toThrow(/2 vs 3/);
  });
});

describe('relativeChange', () => {
  it('is ‖a − b‖ / ‖b‖, and NaN against a zero vector', () => {
    expect(relativeChange(Float32Array.from([3, 4]), Float32Array.from([0, 0]))).toBeNaN();
    expect(relativeChange(Float32Array.from([3, 8]), Float32Array.from([3, 4]))).toBeCloseTo(
      0.8,
      12,
    );
  });
});
