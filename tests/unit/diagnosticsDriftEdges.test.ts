// Drift, divergence, taint and pooling at their edges: refused inputs, a drift of exactly the
// tolerance, NaN in a real row, and attention pooling over scores too large for a plain exp.
import { describe, expect, it } from 'vitest';
import { findDivergence } from '../../src/diagnostics/divergence';
import { drift, rowDrift } from '../../src/diagnostics/drift';
import { firstDivergingState, stateDrifts } from '../../src/diagnostics/layerDrift';
import { attentionPoolingWeights, POOLING_KINDS, poolHidden } from '../../src/diagnostics/pooling';
import { taintChange } from '../../src/diagnostics/taintChange';
import { TOLERANCES } from '../../src/diagnostics/tolerances';

const f32 = (values: readonly number[]) => Float32Array.from(values);
const i32 = (values: readonly number[]) => Int32Array.from(values);

describe('drift and divergence at their edges', () => {
  const hidden = (values: readonly number[], shape: readonly number[]) => ({
    data: f32(values),
    shape,
  });
  // [L+1 = 1, B = 2, T = 2, D = 1]
  const runA = hidden([1, 2, 3, 4], [1, 2, 2, 1]);

  it('refuses runs of different widths or batch indices outside the batch', () => {
    const wide = hidden([1, 2, 3, 4], [1, 1, 2, 2]);
    expect(() => drift(runA, i32([0]), wide, i32([0]))).toThrow(/differ in layers or width/);
    expect(() => drift(runA, i32([0]), runA, i32([0]), { batchA: 2 })).toThrow(/batchA 2/);
    expect(() => drift(runA, i32([0]), runA, i32([0]), { batchB: 2 })).toThrow(/batchB 2/);
    expect(drift(runA, i32([0, 1]), runA, i32([0, 1]), { batchB: 1 })).toBe(2);
  });

  it('refuses runs with different numbers of layers, naming both shapes', () => {
    const deeper = hidden([1, 2, 3, 4, 1, 2, 3, 4], [2, 2, 2, 1]);
    expect(() => drift(runA, i32([0]), deeper, i32([0]))).toThrow(
      'hidden states differ in layers or width: [1, 2, 2, 1] vs [2, 2, 2, 1].',
    );
  });

  it('refuses token positions past the sequence, and token lists of different lengths', () => {
    const rows = { rows: f32([1, 2, 3, 4]), positions: i32([0, 1]) };
    expect(() =>
      rowDrift({ ...rows, positions: i32([2]) }, { ...rows, positions: i32([0]) }, 2),
    ).toThrow('realPositionsA[0] 2 is out of range [0, 2).');
    expect(() => rowDrift(rows, { ...rows, positions: i32([0]) }, 2)).toThrow(
      'runs have 2 and 1 real tokens; they must match.',
    );
  });

  it('finds no leaking head when every head is at exactly the leak tolerance', () => {
    expect(findDivergence([], [[TOLERANCES.leak, 0]]).head).toBeNull();
    expect(findDivergence([], [[0], [0, 2 * TOLERANCES.leak]]).head).toEqual({ layer: 1, head: 1 });
  });

  it('fails a taint run whose real hidden states hold NaN even when the logits are clean', () => {
    const change = taintChange(
      {
        cleanHidden: f32([1, 2]),
        taintedHidden: f32([1, NaN]),
        cleanLogits: f32([0.5]),
        taintedLogits: f32([0.5]),
        realPositions: i32([0]),
      },
      2,
    );
    expect(change.hidden).toBeNaN();
    expect(change.max).toBeNaN();
    expect(change.isPassed).toBe(false);
  });
});

describe('per-state drift at its edges', () => {
  // Two states of T = 2, width 1; the run moves its second state by exactly the drift tolerance.
  const reference = { data: f32([1, 2, 1, 2]), seqLen: 2, positions: i32([0, 1]) };

  it('gives one drift per state and refuses stacks with a different number of states', () => {
    const run = { ...reference, data: f32([1, 2, 3, 2]) };
    expect(stateDrifts(run, reference, 1)).toEqual([
      { abs: 0, rel: 0 },
      { abs: 2, rel: 2 },
    ]);
    const oneState = { ...reference, data: f32([1, 2]) };
    expect(() => stateDrifts(oneState, reference, 1)).toThrow(/same states, width and real tokens/);
  });

  it('does not call a state diverged at exactly the drift tolerance', () => {
    expect(firstDivergingState([{ abs: TOLERANCES.drift, rel: 0 }])).toBeNull();
    expect(
      firstDivergingState([
        { abs: 0, rel: 0 },
        { abs: 2 * TOLERANCES.drift, rel: 0 },
      ]),
    ).toBe(1);
  });
});

describe('pooling at its edges', () => {
  it('covers the five poolings the auditor compares', () => {
    expect([...POOLING_KINDS].sort()).toEqual(['attention', 'cls', 'last', 'max', 'mean']);
  });

  it('weights dim k of attention pooling by cos(k + 1) / sqrt(d)', () => {
    const w = attentionPoolingWeights(3);
    expect(Array.from(w)).toEqual([1, 2, 3].map((k) => Math.cos(k) / Math.sqrt(3)));
  });

  it('keeps attention pooling finite for scores far beyond what exp can hold', () => {
    // Width 1, w = cos(1): scores ±1080; softmax gives the first row all the weight.
    const pooled = poolHidden('attention', f32([2000, -2000]), 1, null);
    expect(Array.from(pooled.weights)).toEqual([1, 0]);
    expect(pooled.vector[0]).toBe(2000);
  });

  it('refuses a width that is not a positive whole number', () => {
    expect(() => poolHidden('mean', f32([1, 2, 3]), 1.5, null)).toThrow(/whole number of rows/);
    expect(() => poolHidden('mean', f32([1, 2, 3]), -1, null)).toThrow(/whole number of rows/);
  });

  it('credits the first of tied rows in max pooling, as torch.max returns the first index', () => {
    // Width 1: rows 1 and 2 tie for the maximum 5.
    const pooled = poolHidden('max', f32([1, 5, 5]), 1, null);
    expect(pooled.vector[0]).toBe(5);
    expect(Array.from(pooled.weights)).toEqual([0, 1, 0]);
  });
});
