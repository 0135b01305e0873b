// Softmax taps go through the one measurement core and come out as the views' data: heads
// split out of [B·H, T, T], a [1, T] softmax over time as a pooling, the T×T taps stacked into
// the Analysis the grids draw.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadOrtForNode } from '../../src/cli/ortNode';
import { runLayout } from '../../src/onnx/feeds';
import { measureTap, type OutputTensor } from '../../src/onnx/measure';
import { checkModel } from '../../src/onnx/modelCheck';
import type { PaddingTestResult } from '../../src/onnx/paddingTest';
import { runViews } from '../../src/onnx/tapViews';

const T = 4;
// Right padding, 3 real positions + 1 pad.
const layout = runLayout(3, 1, 'right');

/** H heads of T×T rows; head h puts `padMass[h]` on the pad key, the rest spread on real keys. */
function heads(padMass: readonly number[]): Float32Array {
  const data = new Float32Array(padMass.length * T * T);
  padMass.forEach((mass, h) => {
    for (let q = 0; q < T; q++) {
      const row = (h * T + q) * T;
      for (let k = 0; k < 3; k++) data[row + k] = (1 - mass) / 3;
      data[row + 3] = mass;
    }
  });
  return data;
}

const tensor = (dims: number[], data: Float32Array): OutputTensor => ({ dims, data });

describe('a Softmax tap measured by the core', () => {
  it('splits an nn.MultiheadAttention [B·H, T, T] tap into heads and finds the leaking one', () => {
    const measured = measureTap(tensor([2, T, T], heads([0, 0.25])), layout);
    expect(measured.heads.map((h) => h.head)).toEqual([0, 1]);
    expect(measured.heads[0]?.leakMax).toBe(0);
    expect(measured.heads[1]?.leakMax).toBeCloseTo(0.25, 6);
    expect(measured.leak).toBeCloseTo(0.25, 6);
    expect(measured.isLeaking).toBe(true);
    expect(measured.rowSums?.min).toBeCloseTo(1, 6);
  });

  it('reads a [1, T] softmax over time as a pooling whose padding mass is its leak', () => {
    const measured = measureTap(tensor([1, T], Float32Array.of(0.3, 0.3, 0.3, 0.1)), layout);
    expect(measured.shape).toEqual({ kind: 'pooling' });
    expect(measured.leak).toBeCloseTo(0.1, 6);
    expect(measured.isLeaking).toBe(true);
    const clean = measureTap(tensor([1, T], Float32Array.of(0.5, 0.25, 0.25, 0)), layout);
    expect(clean.isLeaking).toBe(false);
  });

  it('counts NaN in a padding query row, which the leak of real rows does not see', () => {
    const data = heads([0]);
    data[3 * T] = NaN; // query 3 is the padding position
    const measured = measureTap(tensor([1, 1, T, T], data), layout);
    expect(measured.hasNaN).toBe(true);
    expect(measured.leak).toBe(0);
  });
});

describe('the views of a padded run', () => {
  const run = {
    side: 'right' as const,
    pads: 1,
    layout,
    drifts: new Map([['out', 0.5]]),
    tapValues: new Map([
      ['mha', tensor([2, T, T], heads([0, 0.25]))],
      ['pool', tensor([1, T], Float32Array.of(0.3, 0.3, 0.3, 0.1))],
      ['bert', tensor([1, 2, T, T], heads([0.5, 0]))],
    ]),
    firstNaN: null,
  };
  const result = {
    runs: [
      { ...run, taps: new Map([...run.tapValues].map(([n, v]) => [n, measureTap(v, layout)])) },
    ],
  } as unknown as PaddingTestResult;
  const taps = ['mha', 'pool', 'bert'].map((output) => ({
    output,
    input: '',
    nodeName: '',
    axis: -1,
  }));
  const [view] = runViews(result, taps, ['a', 'b', 'c']);

  it('gives each tap its layer in the grid, its heads as [H, Tq, Tk], and a pooling outside the grid', () => {
    expect(view?.taps.map((t) => [t.output, t.layer, t.kind, t.heads])).toEqual([
      ['mha', 0, 'matrices', 2],
      ['pool', null, 'pooling', 1],
      ['bert', 1, 'matrices', 2],
    ]);
    expect(view?.labels).toEqual(['a', 'b', 'c', '[PAD] 3']);
  });

  it('stacks the grid taps into the Analysis the grids draw, measured as a model run is', () => {
    const analysis = view?.analysis;
    expect(analysis?.a.attention.shape).toEqual([2, 2, T, T]);
    expect(analysis?.a.heads.leak[0]?.[1]?.max).toBeCloseTo(0.25, 6);
    expect(analysis?.a.heads.leak[1]?.[0]?.max).toBeCloseTo(0.5, 6);
    expect(analysis?.a.relativeDrift).toBe(0.5);
    expect(Array.from(analysis?.mask ?? [])).toEqual([1, 1, 1, 0]);
  });
});

describe('a fixture export seen through the views', () => {
  it('shows the inverted encoder mask as leaking heads in the grid, with the same leak as the tap', async () => {
    const bytes = readFileSync('tests/fixtures/onnx/encoder-inverted.onnx');
    const check = await checkModel(bytes, await loadOrtForNode(), { pads: [8] });
    const [view] = runViews(check.result, check.plan.taps, null);
    const analysis = view?.analysis;
    expect(analysis?.a.attention.shape[0]).toBe(2);
    const tapLeak = Math.max(...(view?.taps ?? []).map((t) => t.measure.leak));
    expect(tapLeak).toBeGreaterThan(0.01);
    expect(analysis?.a.measurements.leak.max).toBeCloseTo(tapLeak, 6);
  });
});
