/**
 * Exact widening of 16-bit floats to float32 bit patterns. Every half-precision and bfloat16
 * value is representable in float32, so both conversions are exact, NaN payloads included.
 */

const HALF_SIGN = 0x8000;
const HALF_EXPONENT_SHIFT = 10;
const HALF_EXPONENT_MAX = 0x1f;
const HALF_MANTISSA_MASK = 0x3ff;
/** The implicit leading bit of a normal half mantissa. */
const HALF_HIDDEN_BIT = 0x400;
const FLOAT_EXPONENT_SHIFT = 23;
/** float32 bits of the all-ones exponent (infinity and NaN). */
const FLOAT_EXPONENT_ALL_ONES = 0x7f800000;
/** Re-biasing a half exponent (bias 15) to float32 (bias 127). */
const EXPONENT_REBIAS = 127 - 15;
/** Shift from a 10-bit half mantissa to a 23-bit float32 mantissa. */
const MANTISSA_SHIFT = FLOAT_EXPONENT_SHIFT - HALF_EXPONENT_SHIFT;
/** Shift from a 16-bit sign (or bfloat16 value) to the top of 32 bits. */
const HIGH_HALF_SHIFT = 16;

/** float32 bits (as an unsigned integer) of the IEEE 754 binary16 value with bits `half`. */
export function float16BitsToFloat32Bits(half: number): number {
  const sign = (half & HALF_SIGN) << HIGH_HALF_SHIFT;
  const exponent = (half >> HALF_EXPONENT_SHIFT) & HALF_EXPONENT_MAX;
  let mantissa = half & HALF_MANTISSA_MASK;
  if (exponent === HALF_EXPONENT_MAX) {
    // Infinity (mantissa 0) or NaN (payload kept).
    return (sign | FLOAT_EXPONENT_ALL_ONES | (mantissa << MANTISSA_SHIFT)) >>> 0;
  }
  if (exponent !== 0) {
    const biased = exponent + EXPONENT_REBIAS;
    return (sign | (biased << FLOAT_EXPONENT_SHIFT) | (mantissa << MANTISSA_SHIFT)) >>> 0;
  }
  if (mantissa === 0) {
    return sign >>> 0;
  }
  // Subnormal half (mantissa · 2^-24): normal in float32 once the leading 1 is shifted up.
  let biased = 1 + EXPONENT_REBIAS;
  while ((mantissa & HALF_HIDDEN_BIT) === 0) {
    mantissa <<= 1;
    biased -= 1;
  }
  mantissa &= HALF_MANTISSA_MASK;
  return (sign | (biased << FLOAT_EXPONENT_SHIFT) | (mantissa << MANTISSA_SHIFT)) >>> 0;
}

/** float32 bits of the bfloat16 value with bits `bf16`: bfloat16 is the top half of a float32. */
export function bfloat16BitsToFloat32Bits(bf16: number): number {
  return (bf16 << HIGH_HALF_SHIFT) >>> 0;
}
