/**
 * How the attention around the mask is computed: the number format it is stored in (fp32, or
 * fp16 / bf16 emulated), a causal (decoder-style) mask, and a scale on the scores. The defaults
 * (fp32, bidirectional, ×1) are what the encoder was trained with. Plain data, framework-free.
 */

/** The format attention scores, mask constants, their sums and probabilities are rounded to. */
export type Precision = 'fp32' | 'fp16' | 'bf16';

/** Every precision, widest first. */
export const PRECISIONS: readonly Precision[] = ['fp32', 'fp16', 'bf16'];

/** The largest finite fp16 value; values from 65520 on round to infinity. */
export const FLOAT16_MAX = 65504;
/** `torch.finfo(torch.float16).min`. */
export const FLOAT16_MIN = -65504;
/** `torch.finfo(torch.bfloat16).min`: (2 - 2^-7)·2^127. */
export const BFLOAT16_MIN = -3.3895313892515355e38;

/**
 * The numerics of one forward's attention. `scoreScale` multiplies S = QKᵀ/√d before the mask,
 * exactly as scaling the query projection (weight and bias) by it would.
 */
export interface AttentionNumerics {
  readonly precision: Precision;
  /** Key j > query i masked too (a decoder-style experiment on an encoder's weights). */
  readonly isCausal: boolean;
  /** A positive, finite factor on the scores (1 = as trained). */
  readonly scoreScale: number;
}

/** fp32, bidirectional, scores as computed: the encoder as trained. */
export const DEFAULT_NUMERICS: AttentionNumerics = {
  precision: 'fp32',
  isCausal: false,
  scoreScale: 1,
};

/** The score scales the app offers: as trained, then large enough to cross -1e4 and -1e5. */
export const SCORE_SCALES: readonly number[] = [1, 1e3, 1e4, 1e5];

/**
 * The additive constant of the causal plane for mask kinds without one of their own (none,
 * multiplicative, after-softmax, 0/1 float): BERT's -1e4, finite in every precision.
 */
export const CAUSAL_DEFAULT_CONSTANT = -1e4;

/** True when `value` names a Precision. */
export function isPrecision(value: unknown): value is Precision {
  return typeof value === 'string' && (PRECISIONS as readonly string[]).includes(value);
}

/** True when the numerics are the defaults (fp32, not causal, ×1). */
export function isDefaultNumerics(numerics: AttentionNumerics): boolean {
  return sameNumerics(numerics, DEFAULT_NUMERICS);
}

/** True when both describe the same computation. */
export function sameNumerics(a: AttentionNumerics, b: AttentionNumerics): boolean {
  return a.precision === b.precision && a.isCausal === b.isCausal && a.scoreScale === b.scoreScale;
}

/** A stable text key, e.g. "fp16/causal/x1". */
export function numericsKey(numerics: AttentionNumerics): string {
  return `${numerics.precision}/${numerics.isCausal ? 'causal' : 'bidirectional'}/x${numerics.scoreScale}`;
}

/** A short label for a score scale: "×1", "×1e5". */
export function formatScale(scale: number): string {
  if (scale >= 1e3) return `×1e${Math.round(Math.log10(scale))}`;
  return `×${scale}`;
}

/** Throws a RangeError naming the bad field unless the numerics can run. */
export function checkNumerics(numerics: AttentionNumerics, where: string): void {
  if (!isPrecision(numerics.precision)) {
    throw new RangeError(
      `${where}.precision is ${JSON.stringify(numerics.precision)}; expected one of ${PRECISIONS.join(', ')}.`,
    );
  }
  if (typeof numerics.isCausal !== 'boolean') {
    throw new RangeError(`${where}.isCausal must be true or false.`);
  }
  const scale = numerics.scoreScale;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new RangeError(`${where}.scoreScale is ${scale}; expected a finite number above 0.`);
  }
}
