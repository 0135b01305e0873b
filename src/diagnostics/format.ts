/** Number formatting for diagnostic sentences. */

/** A fraction as a percentage: one decimal ("23.4%"), two significant digits below 0.1%. */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  if (!Number.isFinite(percent)) return `${percent}%`;
  if (percent === 0 || Math.abs(percent) >= 0.1) return `${percent.toFixed(1)}%`;
  return `${formatSignificant(percent)}%`;
}

/** Two significant digits, exponent form without "+" when large or tiny: "0.83", "0.05", "3.2e-7", "2e-7". */
export function formatSignificant(value: number, digits = 2): string {
  if (!Number.isFinite(value) || value === 0) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e4) return String(Number(value.toPrecision(digits)));
  const [mantissa = '', exponent = ''] = value.toExponential(digits - 1).split('e');
  return `${Number(mantissa)}e${exponent.replace('+', '')}`;
}

/** The power of ten at or above a small non-negative value, as a bound: 3.2e-7 → "1e-6". */
export function formatDecadeBound(value: number): string {
  if (value <= 0) return '0';
  return `1e${Math.ceil(Math.log10(value))}`;
}

/** A sum near 1 with enough digits to show how far from 1 it is: "0.71", "0.99998". */
export function formatNearOne(value: number): string {
  const gap = Math.abs(1 - value);
  if (!Number.isFinite(value) || gap === 0) return String(value);
  const digits = Math.min(7, Math.max(2, Math.ceil(-Math.log10(gap))));
  return String(Number(value.toFixed(digits)));
}
