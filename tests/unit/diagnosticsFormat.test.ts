// The one formatting module at its thresholds: where a value switches between plain and exponent
// form, between ms and s, and how NaN, ±∞ and absent values print. Each expectation follows from
// the doc comment of the function (its stated switch points and examples).
import { describe, expect, it } from 'vitest';
import { formatRelativeDrift } from '../../src/diagnostics/divergence';
import {
  dataValue,
  formatMs,
  formatPercent,
  formatSignificant,
  formatWeight,
  headCaption,
} from '../../src/diagnostics/format';
import type { SumRange } from '../../src/diagnostics/rowSums';
import { TOLERANCES, tolerancesFor } from '../../src/diagnostics/tolerances';

describe('formatPercent', () => {
  it('prints NaN as NaN and an infinite fraction as an infinite percentage', () => {
    expect(formatPercent(NaN)).toBe('NaN');
    expect(formatPercent(Infinity)).toBe('Infinity%');
    expect(formatPercent(-Infinity)).toBe('-Infinity%');
  });

  it('keeps one decimal from 0.1% up and two significant digits below', () => {
    expect(formatPercent(0.5)).toBe('50.0%');
    expect(formatPercent(-0.5)).toBe('-50.0%');
    expect(formatPercent(0.00123)).toBe('0.1%');
    expect(formatPercent(0.000123)).toBe('0.012%');
  });
});

describe('formatSignificant', () => {
  it('switches to exponent form below 1e-4 and from 1e4, not at the bounds themselves', () => {
    expect(formatSignificant(1e-4)).toBe('0.0001');
    expect(formatSignificant(9.9e-5)).toBe('9.9e-5');
    expect(formatSignificant(9900)).toBe('9900');
    expect(formatSignificant(1e4)).toBe('1e4');
    expect(formatSignificant(-2.5e6)).toBe('-2.5e6');
  });
});

describe('formatWeight', () => {
  it('keeps three significant digits from 1e-3 up to 1e4 and two in exponent form outside', () => {
    expect(formatWeight(1e-3)).toBe('0.001');
    expect(formatWeight(0.0123456)).toBe('0.0123');
    // Below 1e-3 it falls back to formatSignificant's two digits.
    expect(formatWeight(1.2345e-4)).toBe('0.00012');
    expect(formatWeight(9876.5)).toBe('9880');
    expect(formatWeight(1e4)).toBe('1e4');
    expect(formatWeight(12345)).toBe('1.2e4');
    expect(formatWeight(-0.25)).toBe('-0.25');
  });
});

describe('formatMs', () => {
  it('prints a dash for a time that is not a number', () => {
    expect(formatMs(NaN)).toBe('–');
    expect(formatMs(Infinity)).toBe('–');
  });

  it('keeps a decimal below 100 ms, whole ms up to 10 s, and seconds from 10 s', () => {
    expect(formatMs(8.44)).toBe('8.4 ms');
    expect(formatMs(99.94)).toBe('99.9 ms');
    expect(formatMs(100)).toBe('100 ms');
    expect(formatMs(412.3)).toBe('412 ms');
    expect(formatMs(9_999)).toBe('9999 ms');
    expect(formatMs(10_000)).toBe('10.0 s');
    expect(formatMs(23_200)).toBe('23.2 s');
  });
});

describe('dataValue', () => {
  it('writes numbers as text, NaN included, and an absent value as the empty string', () => {
    expect(dataValue(null)).toBe('');
    expect(dataValue(undefined)).toBe('');
    expect(dataValue(0)).toBe('0');
    expect(dataValue(NaN)).toBe('NaN');
    expect(dataValue(0.5)).toBe('0.5');
  });
});

describe('formatRelativeDrift', () => {
  it('gives a relative drift as a share of the hidden-state norm, or NaN', () => {
    expect(formatRelativeDrift(0.032)).toBe('3.2% of ‖h‖');
    expect(formatRelativeDrift(NaN)).toBe('NaN');
  });
});

describe('headCaption', () => {
  const unit: SumRange = { min: 1, max: 1, tolerances: TOLERANCES };
  const clean = { mean: 0, max: 0 };
  const leaking = { mean: 0.1, max: 0.25 };

  it('prints a dash and no alarm for a head with no measurements on either side', () => {
    expect(headCaption({ leak: undefined, sums: undefined }, null)).toEqual({
      caption: '–',
      isLeaking: false,
      isSumOff: false,
    });
    const both = headCaption(
      { leak: undefined, sums: undefined },
      { leak: undefined, sums: undefined },
    );
    expect(both).toEqual({ caption: '–|–', isLeaking: false, isSumOff: false });
  });

  it('flags a leaking head even when its sums are unknown', () => {
    const caption = headCaption({ leak: leaking, sums: undefined }, null);
    expect(caption).toEqual({ caption: '10.0%·25.0%', isLeaking: true, isSumOff: false });
  });

  it('flags a comparison when either side leaks, not only when both do', () => {
    const shownLeaks = headCaption({ leak: leaking, sums: unit }, { leak: clean, sums: unit });
    expect(shownLeaks).toMatchObject({ caption: '25.0%|0%', isLeaking: true });
    const otherLeaks = headCaption({ leak: clean, sums: unit }, { leak: leaking, sums: unit });
    expect(otherLeaks).toMatchObject({ caption: '0%|25.0%', isLeaking: true });
    const neither = headCaption({ leak: clean, sums: unit }, { leak: clean, sums: unit });
    expect(neither.isLeaking).toBe(false);
  });

  it('judges a half-precision head by the half row: a 1e-3 short sum is still 1', () => {
    const half = tolerancesFor('fp16');
    const caption = headCaption(
      { leak: clean, sums: { min: 0.999, max: 1, tolerances: half } },
      null,
    );
    expect(caption).toEqual({ caption: '0%·0%', isLeaking: false, isSumOff: false });
  });

  it('shows the smaller sum when both sides of a comparison miss 1', () => {
    const caption = headCaption(
      { leak: clean, sums: { min: 0.5, max: 0.5, tolerances: TOLERANCES } },
      { leak: clean, sums: { min: 0.25, max: 0.75, tolerances: TOLERANCES } },
    );
    expect(caption.caption).toBe('Σ0.25 0%|0%');
    expect(caption.isSumOff).toBe(true);
  });
});
