import { describe, expect, it } from 'vitest';
import {
  formatDecadeBound,
  formatNearOne,
  formatPercent,
  formatSignificant,
} from '../../src/diagnostics/format';
import { TOLERANCES } from '../../src/diagnostics/tolerances';
import type { Measurements } from '../../src/diagnostics/verdict';
import { brokenInvariants, measure, verdict } from '../../src/diagnostics/verdict';

const clean: Measurements = {
  leak: { mean: 0, max: 0 },
  paddingKeys: 32,
  realRowSums: { min: 1 - 1e-7, max: 1 + 1e-7 },
  drift: 3.2e-7,
  nanRows: { real: 0, padding: 0 },
  tolerances: TOLERANCES,
};

describe('number formatting', () => {
  it.each([
    [0.234, '23.4%'],
    [0, '0%'],
    [1, '100.0%'],
    [0.0005, '0.05%'],
    [3.1e-5, '0.0031%'],
    [2e-9, '2e-7%'],
  ])('writes the fraction %d as %s', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });

  it.each([
    [0.8271, '0.83'],
    [12.345, '12'],
    [3.21e-7, '3.2e-7'],
    [123456, '1.2e5'],
    [0, '0'],
  ])('writes %d with two significant digits as %s', (value, text) => {
    expect(formatSignificant(value)).toBe(text);
  });

  it.each([
    [3.2e-7, '1e-6'],
    [1e-6, '1e-6'],
    [9e-6, '1e-5'],
    [0, '0'],
  ])('bounds %d by %s', (value, text) => {
    expect(formatDecadeBound(value)).toBe(text);
  });

  it.each([
    [0.7123, '0.71'],
    [0.99998, '0.99998'],
    [1, '1'],
  ])('writes the row sum %d as %s', (value, text) => {
    expect(formatNearOne(value)).toBe(text);
  });
});

describe('brokenInvariants', () => {
  it.each<[string, Partial<Measurements>, string[]]>([
    ['a clean run', {}, []],
    [
      'a watered-down leak',
      { leak: { mean: 0.2, max: 0.4 }, drift: 0.8 },
      ['paddingLeak', 'drift'],
    ],
    ['a leak just over 1e-6', { leak: { mean: 1e-7, max: 2e-6 } }, ['paddingLeak']],
    ['short rows', { realRowSums: { min: 0.3, max: 0.9 } }, ['rowSums']],
    ['a row over 1', { realRowSums: { min: 1, max: 1.001 } }, ['rowSums']],
    ['drift behind a clean heatmap', { drift: 5.3 }, ['drift']],
    ['no reference run', { drift: null }, []],
    [
      'NaN everywhere',
      {
        leak: { mean: NaN, max: NaN },
        realRowSums: { min: NaN, max: NaN },
        drift: NaN,
        nanRows: { real: 4, padding: 2 },
      },
      ['paddingLeak', 'rowSums', 'drift', 'nan'],
    ],
    ['NaN only in padding rows', { nanRows: { real: 0, padding: 5 } }, ['nan']],
  ])('finds %s breaks %j', (_name, change, broken) => {
    expect(brokenInvariants({ ...clean, ...change })).toEqual(broken);
  });
});

describe('verdict', () => {
  it.each<[string, string, Partial<Measurements>, string]>([
    ['Correct', 'clean', {}, 'Correct: no leak (max 0%), no drift (≤ 1e-6).'],
    [
      'No mask',
      'leaking',
      { leak: { mean: 0.234, max: 0.91 }, drift: 0.8271 },
      'No mask: 23.4% of real-token attention (mean over layers, heads and real query rows) lands on 32 padding keys (up to 91.0% in one row); real-token outputs drift by 0.83.',
    ],
    [
      'Mask after softmax',
      'short-rowed',
      { realRowSums: { min: 0.11, max: 0.934 }, drift: 1.86 },
      'Mask after softmax: no leak (max 0%); real rows sum to 0.11–0.93 instead of 1; real-token outputs drift by 1.9.',
    ],
    [
      '-∞ on fully masked rows',
      'NaN',
      { nanRows: { real: 26, padding: 10 }, leak: { mean: NaN, max: NaN }, drift: NaN },
      '-∞ on fully masked rows: NaN in 10 padding rows and 26 real rows; real-token outputs are NaN.',
    ],
    ['Unpadded', 'unpadded', { paddingKeys: 0, drift: null }, 'Unpadded: no padding to leak onto.'],
    [
      'Bit-identical',
      'drift-free',
      { drift: 0 },
      'Bit-identical: no leak (max 0%), no drift (exactly 0).',
    ],
    [
      'One pad',
      'single-pad',
      { paddingKeys: 1, leak: { mean: 0.5, max: 0.5 }, drift: null },
      'One pad: 50.0% of real-token attention (mean over layers, heads and real query rows) lands on 1 padding key (up to 50.0% in one row).',
    ],
  ])('sums up a %s run (%s) in one sentence', (title, _kind, change, sentence) => {
    expect(verdict(title, { ...clean, ...change })).toBe(sentence);
  });
});

describe('measure', () => {
  it('collects leak, padding keys, real row sums and NaN rows of one batch item', () => {
    // [L=1, B=1, H=1, T=3, T=3]; token 2 is padding.
    const attention = {
      shape: [1, 1, 1, 3, 3],
      data: Float32Array.from([0.5, 0.25, 0.25, 0.2, 0.6, 0, NaN, NaN, NaN]),
    };
    const m = measure(attention, Int32Array.from([1, 1, 0]), 0, 0.5);
    expect(m.leak.max).toBeCloseTo(0.25, 6);
    expect(m.leak.mean).toBeCloseTo(0.125, 6);
    expect(m.paddingKeys).toBe(1);
    expect(m.realRowSums.min).toBeCloseTo(0.8, 6);
    expect(m.realRowSums.max).toBeCloseTo(1, 6);
    expect(m.nanRows).toEqual({ real: 0, padding: 1 });
    expect(m.drift).toBe(0.5);
  });
});
