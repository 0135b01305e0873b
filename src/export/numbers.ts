/**
 * Numbers as exports write them: rounded to a fixed count of significant digits, so a file is
 * a third the size of full float32 precision while every attention weight keeps its decade
 * (a 1e-9 leak stays 1e-9; exact zeros stay 0).
 */

/** Significant digits kept in exported values (float32 has about 7). */
export const EXPORT_DIGITS = 6;

/** `value` rounded to EXPORT_DIGITS significant digits, as a finite number or NaN/±Infinity. */
export function roundSignificant(value: number): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(EXPORT_DIGITS)) : value;
}

/** Text of a value for a CSV cell: rounded, with NaN and ±Infinity spelt out. */
export function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return String(roundSignificant(value));
}

/**
 * JSON text of a value: rounded; NaN is null and ±Infinity "Infinity"/"-Infinity" (as the
 * importer reads them). toPrecision's text with its trailing zeros cut, which is valid JSON and
 * twice as fast as formatting the rounded number again (this runs once per attention weight).
 */
export function jsonNumber(value: number): string {
  if (value === 0) return '0';
  if (Number.isNaN(value)) return 'null';
  if (!Number.isFinite(value)) return value > 0 ? '"Infinity"' : '"-Infinity"';
  const text = value.toPrecision(EXPORT_DIGITS);
  const exponent = text.indexOf('e');
  const mantissa = exponent < 0 ? text : text.slice(0, exponent);
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return exponent < 0 ? trimmed : `${trimmed}${text.slice(exponent)}`;
}
