// Rounding float32 tensors to fp16 or bf16 (IEEE 754 round to nearest, ties to even), for an
// attention computed as if stored in those formats. tfjs has no fp16 dtype and no bitcast, so
// the rounding is arithmetic: x = k·2^(e-p) with e = floor(log2|x|) and p mantissa bits; k is
// rounded half to even by tf.round (banker's rounding on every backend). Every op used here
// (Abs, Log, Floor, Pow, Less, GreaterEqual, Equal, Maximum, Multiply, Round, IsFinite,
// Select) has a wasm kernel.
import * as tf from '@tensorflow/tfjs-core';
import type { Precision } from '../masks/numerics';
import { FLOAT16_MAX, BFLOAT16_MIN } from '../masks/numerics';

/** The grid of a binary floating-point format, as seen from float32. */
interface FloatFormat {
  /** Stored mantissa bits (the leading 1 is implicit). */
  readonly mantissaBits: number;
  /** Exponent of the smallest normal number; below it the step stays 2^(minExponent - p). */
  readonly minExponent: number;
  /** The largest finite value; rounding above it gives ±Infinity. */
  readonly maxFinite: number;
}

/** fp16: 10-bit mantissa, normals from 2^-14, max 65504 (65520 and up round to infinity). */
const FLOAT16: FloatFormat = { mantissaBits: 10, minExponent: -14, maxFinite: FLOAT16_MAX };
/** bf16: 7-bit mantissa with float32's exponent range, max (2 - 2^-7)·2^127. */
const BFLOAT16: FloatFormat = { mantissaBits: 7, minExponent: -126, maxFinite: -BFLOAT16_MIN };

/**
 * x rounded to the nearest value of `precision` (ties to even; subnormals kept; overflow to
 * ±Infinity; ±Infinity and ±0 unchanged; a negative x that underflows gives -0), still as
 * float32, bit for bit as numpy's float16 and torch.bfloat16 casts. The exception is NaN: it
 * stays NaN, but its sign and payload are not theirs (torch's bf16 cast writes one canonical
 * NaN, 0xFFFF on its vectorised path; tfjs's cpu backend sets the quiet bit). fp32 returns x.
 */
export function roundTo<T extends tf.Tensor>(x: T, precision: Precision): T {
  switch (precision) {
    case 'fp32':
      return x;
    case 'fp16':
      return roundToFormat(x, FLOAT16);
    case 'bf16':
      return roundToFormat(x, BFLOAT16);
    default: {
      const unknown: never = precision;
      throw new Error(`unknown precision ${JSON.stringify(unknown)}`);
    }
  }
}

function roundToFormat<T extends tf.Tensor>(x: T, format: FloatFormat): T {
  return tf.tidy(() => {
    const magnitude = tf.abs(x);
    // log2 in float32 can land one off near a power of two: correct the guess both ways.
    const guess = tf.floor(tf.div(tf.log(magnitude), Math.LN2));
    const power = tf.pow(2, guess);
    const tooHigh = tf.cast(tf.less(magnitude, power), 'float32');
    const tooLow = tf.cast(tf.greaterEqual(magnitude, tf.mul(power, 2)), 'float32');
    const exponent = tf.maximum(tf.add(tf.sub(guess, tooHigh), tooLow), format.minExponent);
    // The spacing of the format's values around x: 2^(exponent - p); x / step is exact.
    const shift = tf.sub(exponent, format.mantissaBits);
    const unsigned = hasSubnormalStep(format)
      ? roundInTwoSteps(x, shift)
      : roundInOneStep(x, shift);
    // A negative x that rounds to zero is -0 (numpy, torch); tf.round on cpu gives +0 for -0.5.
    const rounded = tf.where(tf.equal(unsigned, 0), tf.mul(x, 0), unsigned);
    const overflowed = tf.where(
      tf.greater(tf.abs(rounded), format.maxFinite),
      tf.mul(tf.sign(x), Infinity),
      rounded,
    );
    // NaN and ±Infinity pass through (the arithmetic above would turn ±Infinity into NaN).
    return tf.where(tf.isFinite(x), overflowed, x) as T;
  });
}

/** True when the smallest step, 2^(minExponent - p), is a float32 subnormal (bf16: 2^-133). */
function hasSubnormalStep(format: FloatFormat): boolean {
  return format.minExponent - format.mantissaBits < -126;
}

/** round(x / 2^shift)·2^shift, for steps that are normal float32 numbers (fp16: ≥ 2^-24). */
function roundInOneStep(x: tf.Tensor, shift: tf.Tensor): tf.Tensor {
  const step = tf.pow(2, shift);
  return tf.mul(tf.round(tf.div(x, step)), step);
}

/**
 * round(x / 2^shift)·2^shift with 2^shift applied as two normal powers of two: GPUs flush
 * float32 subnormals to 0 (x / 0 = NaN), and each product or quotient by a power of two is exact.
 */
function roundInTwoSteps(x: tf.Tensor, shift: tf.Tensor): tf.Tensor {
  const half = tf.floor(tf.div(shift, 2));
  const [stepA, stepB] = [tf.pow(2, half), tf.pow(2, tf.sub(shift, half))];
  const units = tf.round(tf.div(tf.div(x, stepA), stepB));
  return tf.mul(tf.mul(units, stepA), stepB);
}

/** `values` rounded to `precision` on the active backend, as plain data (for checks and tools). */
export async function roundValues(
  values: Float32Array,
  precision: Precision,
): Promise<Float32Array> {
  const rounded = tf.tidy(() => roundTo(tf.tensor1d(values, 'float32'), precision));
  try {
    return Float32Array.from(await rounded.data());
  } finally {
    rounded.dispose();
  }
}
