/**
 * Plain-language names and formulas for each MaskMode, in the notation of FORMULA_NOTATION:
 * S = QKᵀ/√d, m = 1 at real tokens, K(x) / Q(x) lay x along the keys (columns) / queries (rows).
 */
import type { MaskKind, MaskMode } from './maskMode';
import { BFLOAT16_MIN, FLOAT16_MIN } from './numerics';

/** The most negative finite float32, the constant today's libraries use (`finfo(float32).min`). */
export const FLOAT32_MIN = -3.4028234663852886e38;

/** A mask mode that carries an additive constant c. */
export type ConstantMaskMode = Extract<MaskMode, { readonly constant: number }>;

// A record keyed by every kind, so adding a kind to MaskMode fails to compile here.
const KIND_USES_CONSTANT: { readonly [K in MaskKind]: boolean } = {
  keyAdditive: true,
  keyRenormalised: false,
  none: false,
  queryAdditive: true,
  bothAdditive: true,
  invertedKeyAdditive: true,
  keyAfterSoftmax: false,
  multiplicative: false,
  floatAdd: false,
};

/** Every mask kind, in the order of maskMode.ts. */
export const MASK_KINDS: readonly MaskKind[] = Object.keys(KIND_USES_CONSTANT).filter(isMaskKind);

/** True when `value` names one of the MaskMode kinds. */
export function isMaskKind(value: unknown): value is MaskKind {
  return typeof value === 'string' && Object.hasOwn(KIND_USES_CONSTANT, value);
}

/** True when the kind takes an additive constant `c`. */
export function isConstantKind(kind: MaskKind): kind is ConstantMaskMode['kind'] {
  return KIND_USES_CONSTANT[kind];
}

/** True when the mode carries an additive constant `c` (and narrows it). */
export function modeUsesConstant(mode: MaskMode): mode is ConstantMaskMode {
  switch (mode.kind) {
    case 'keyAdditive':
    case 'queryAdditive':
    case 'bothAdditive':
    case 'invertedKeyAdditive':
      return true;
    case 'keyRenormalised':
    case 'none':
    case 'keyAfterSoftmax':
    case 'multiplicative':
    case 'floatAdd':
      return false;
    default:
      return assertNever(mode);
  }
}

/**
 * A short label for a mask constant: "-1e4", "-1e9", "float32 min", "fp16 min", "-1e-9", "-∞".
 */
export function formatConstant(constant: number): string {
  if (constant === FLOAT32_MIN) return 'float32 min';
  if (constant === FLOAT16_MIN) return 'fp16 min';
  if (constant === BFLOAT16_MIN) return 'bf16 min';
  if (constant === -Infinity) return '-∞';
  if (constant === Infinity) return '∞';
  if (Number.isNaN(constant) || constant === 0) return String(constant);
  const magnitude = Math.abs(constant);
  if (magnitude >= 1e-3 && magnitude < 1e4) return String(constant);
  // toExponential gives "-1e+4"; drop the "+" and trailing zeros of the mantissa.
  const [mantissa = '', exponent = ''] = constant.toExponential().split('e');
  return `${mantissa}e${exponent.replace('+', '')}`;
}

/** One sentence naming what the mode does to the scores, e.g. "Additive mask on the key axis, c = -1e4". */
export function describeMode(mode: MaskMode): string {
  switch (mode.kind) {
    case 'keyAdditive':
      return `Additive mask on the key axis, c = ${formatConstant(mode.constant)}`;
    case 'keyRenormalised':
      return 'Key mask applied after the softmax, rows renormalised';
    case 'none':
      return 'No mask: the attention mask is never applied';
    case 'queryAdditive':
      return `Additive mask on the query axis (rows), c = ${formatConstant(mode.constant)}`;
    case 'bothAdditive':
      return `Additive mask on both axes, c = ${formatConstant(mode.constant)}`;
    case 'invertedKeyAdditive':
      return `Inverted key mask: real keys masked, padding kept, c = ${formatConstant(mode.constant)}`;
    case 'keyAfterSoftmax':
      return 'Key mask applied after the softmax without renormalising';
    case 'multiplicative':
      return 'Multiplicative mask before the softmax (S ⊙ m)';
    case 'floatAdd':
      return 'The 0/1 mask added to the scores as a float (S + m)';
    default:
      return assertNever(mode);
  }
}

/** One symbol of the formulas and what it means, for the legend printed beside them. */
export interface NotationEntry {
  readonly symbol: string;
  readonly meaning: string;
}

/**
 * The notation of every formula `formulaOf` writes, the one the app, the catalogue and the
 * README share: K(·) and Q(·) lay a per-token vector along the keys or the queries, so the
 * correct mask adds K(1-m)·c (padding columns get c) and "mask on the wrong axis" is Q(1-m)·c.
 */
export const FORMULA_NOTATION: readonly NotationEntry[] = [
  { symbol: 'S', meaning: 'scores QKᵀ/√d, rows = queries, columns = keys' },
  { symbol: 'm', meaning: 'attention mask per token, 1 = real, 0 = padding' },
  { symbol: 'K(x)', meaning: 'x laid along the keys: one value per column' },
  { symbol: 'Q(x)', meaning: 'x laid along the queries: one value per row' },
  { symbol: '⊙', meaning: 'element-wise product' },
  { symbol: 'C', meaning: 'causal plane: 1 where key j > query i (causal runs only)' },
];

/** The mode as a formula in the FORMULA_NOTATION, with the constant filled in. */
export function formulaOf(mode: MaskMode): string {
  const c = 'constant' in mode ? `(${formatConstant(mode.constant)})` : '';
  switch (mode.kind) {
    case 'keyAdditive':
      return `softmax(S + K(1-m)·${c})`;
    case 'keyRenormalised':
      return 'softmax(S) ⊙ K(m), each row divided by its sum';
    case 'none':
      return 'softmax(S)';
    case 'queryAdditive':
      return `softmax(S + Q(1-m)·${c})`;
    case 'bothAdditive':
      return `softmax(S + max(K(1-m), Q(1-m))·${c})`;
    case 'invertedKeyAdditive':
      return `softmax(S + K(m)·${c})`;
    case 'keyAfterSoftmax':
      return 'softmax(S) ⊙ K(m)';
    case 'multiplicative':
      return 'softmax(S ⊙ K(m))';
    case 'floatAdd':
      return 'softmax(S + K(m))';
    default:
      return assertNever(mode);
  }
}

/** The same mode with its constant replaced; throws for kinds without a constant. */
export function replaceConstant(mode: MaskMode, constant: number): MaskMode {
  if (!modeUsesConstant(mode)) {
    throw new RangeError(`Mask kind '${mode.kind}' has no constant to set.`);
  }
  return { ...mode, constant };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled mask mode: ${JSON.stringify(value)}`);
}
