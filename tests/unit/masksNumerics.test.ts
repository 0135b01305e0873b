// The attention numerics: the limits of fp16 and bf16, the score scales on offer, their labels and
// keys, and what checkNumerics refuses.
import { describe, expect, it } from 'vitest';
import { modeKey } from '../../src/masks/modeSpec';
import type { AttentionNumerics } from '../../src/masks/numerics';
import {
  BFLOAT16_MIN,
  CAUSAL_DEFAULT_CONSTANT,
  checkNumerics,
  DEFAULT_NUMERICS,
  FLOAT16_MAX,
  FLOAT16_MIN,
  formatScale,
  isPrecision,
  numericsKey,
  PRECISIONS,
  sameNumerics,
  SCORE_SCALES,
} from '../../src/masks/numerics';

describe('numeric limits', () => {
  it('puts the fp16 and bf16 minimums at minus their largest finite values', () => {
    // Largest finite: (2 - 2^-mantissaBits) · 2^maxExponent (fp16: 10 bits, 15; bf16: 7 bits, 127).
    expect(FLOAT16_MIN).toBe(-(2 - 2 ** -10) * 2 ** 15);
    expect(FLOAT16_MIN).toBe(-FLOAT16_MAX);
    expect(BFLOAT16_MIN).toBe(-(2 - 2 ** -7) * 2 ** 127);
  });

  it('gives the causal plane a negative constant that masks in float32 and stays finite in fp16', () => {
    expect(CAUSAL_DEFAULT_CONSTANT).toBeLessThan(0);
    expect(Math.fround(Math.exp(CAUSAL_DEFAULT_CONSTANT))).toBe(0);
    expect(Math.abs(CAUSAL_DEFAULT_CONSTANT)).toBeLessThanOrEqual(FLOAT16_MAX);
  });

  it('offers the trained scale first, then scales large enough to cross -1e4 and -1e5', () => {
    expect(SCORE_SCALES[0]).toBe(DEFAULT_NUMERICS.scoreScale);
    for (let i = 1; i < SCORE_SCALES.length; i++) {
      expect(SCORE_SCALES[i]).toBeGreaterThan(SCORE_SCALES[i - 1] ?? Infinity);
    }
    expect(Math.max(...SCORE_SCALES)).toBeGreaterThanOrEqual(1e5);
  });
});

describe('formatScale', () => {
  it.each([
    [1, '×1'],
    [999, '×999'],
    [1e3, '×1e3'],
    [1e5, '×1e5'],
  ])('labels the scale %d as %s', (scale, label) => {
    expect(formatScale(scale)).toBe(label);
  });
});

describe('numerics identity', () => {
  const variants: readonly AttentionNumerics[] = [
    DEFAULT_NUMERICS,
    { ...DEFAULT_NUMERICS, precision: 'fp16' },
    { ...DEFAULT_NUMERICS, isCausal: true },
    { ...DEFAULT_NUMERICS, scoreScale: 1e4 },
  ];

  it('tells numerics apart that differ in any one setting', () => {
    for (const a of variants) {
      for (const b of variants) expect(sameNumerics(a, b)).toBe(a === b);
      expect(sameNumerics(a, { ...a })).toBe(true);
    }
  });

  it('keys numerics with the precision, the words causal or bidirectional, and the scale', () => {
    const keys = variants.map(numericsKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(numericsKey({ precision: 'bf16', isCausal: true, scoreScale: 1e3 })).toBe(
      'bf16/causal/x1000',
    );
    expect(numericsKey(DEFAULT_NUMERICS)).toBe('fp32/bidirectional/x1');
  });

  it('keys a mode spec by its attention and its position scheme', () => {
    const mode = { kind: 'keyAdditive', constant: -1e4 } as const;
    const cumsum = modeKey({ mode, positions: 'cumsum' });
    expect(cumsum).toMatch(/\/cumsum$/);
    expect(modeKey({ mode, positions: 'arange' })).not.toBe(cumsum);
    expect(modeKey({ mode, positions: 'cumsum', numerics: DEFAULT_NUMERICS })).toBe(cumsum);
    const causal = { ...DEFAULT_NUMERICS, isCausal: true };
    expect(modeKey({ mode, positions: 'cumsum', numerics: causal })).not.toBe(cumsum);
  });
});

describe('checkNumerics', () => {
  it('accepts every precision and refuses other names, naming the field', () => {
    for (const precision of PRECISIONS) expect(isPrecision(precision)).toBe(true);
    expect(isPrecision('fp8')).toBe(false);
    expect(isPrecision(['fp16'])).toBe(false);
    const fp64 = { ...DEFAULT_NUMERICS, precision: 'fp64' } as unknown as AttentionNumerics;
    expect(() => checkNumerics(fp64, 'run')).toThrow(/run\.precision is "fp64"; expected one of/);
  });

  it('lists the precisions a refused one could have been, one by one', () => {
    const fp8 = { ...DEFAULT_NUMERICS, precision: 'fp8' } as unknown as AttentionNumerics;
    let message = '';
    try {
      checkNumerics(fp8, 'run');
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    const listed = /expected one of (.*)\.$/.exec(message)?.[1] ?? '';
    expect(listed.split(', ')).toEqual(PRECISIONS);
  });

  it.each([0, -1, NaN, Infinity, '2'])('refuses the score scale %s', (scoreScale) => {
    const bad = { ...DEFAULT_NUMERICS, scoreScale } as unknown as AttentionNumerics;
    expect(() => checkNumerics(bad, 'run')).toThrow(/run\.scoreScale is .*finite number above 0/);
  });

  it('accepts a small positive score scale', () => {
    expect(() => checkNumerics({ ...DEFAULT_NUMERICS, scoreScale: 1e-3 }, 'run')).not.toThrow();
  });
});
