/**
 * Mask arrays made from a padding pattern (1 = real token, 0 = padding, [T]): in the polarity
 * the user says their code uses, and the array each API wants (its correct input).
 */
import type { NamedArray, ValueKind } from '../dump/arrays';
import type { ApiId } from './apis';

/** How the user's code writes a padding mask. */
export type PaddingPolarity =
  | 'bool-true-real'
  | 'bool-true-pad'
  | 'int-one-real'
  | 'int-one-pad'
  | 'float-one-real'
  | 'additive-neg-inf'
  | 'additive-float-min'
  | 'additive-neg-1e4';

/** Picker labels. */
export const POLARITY_WORDS: Readonly<Record<PaddingPolarity, string>> = {
  'bool-true-real': 'bool, True = real token (attention_mask.bool())',
  'bool-true-pad': 'bool, True = padding (attention_mask == 0)',
  'int-one-real': 'int, 1 = real token (a tokenizer attention_mask)',
  'int-one-pad': 'int, 1 = padding',
  'float-one-real': 'float, 1.0 = real token, 0.0 = padding',
  'additive-neg-inf': 'additive float, 0 = real, -inf = padding',
  'additive-float-min': 'additive float, 0 = real, finfo(float32).min = padding',
  'additive-neg-1e4': 'additive float, 0 = real, -1e4 = padding',
};

const VALUES: Readonly<Record<PaddingPolarity, { kind: ValueKind; real: number; pad: number }>> = {
  'bool-true-real': { kind: 'bool', real: 1, pad: 0 },
  'bool-true-pad': { kind: 'bool', real: 0, pad: 1 },
  'int-one-real': { kind: 'int', real: 1, pad: 0 },
  'int-one-pad': { kind: 'int', real: 0, pad: 1 },
  'float-one-real': { kind: 'float', real: 1, pad: 0 },
  'additive-neg-inf': { kind: 'float', real: 0, pad: -Infinity },
  'additive-float-min': { kind: 'float', real: 0, pad: -3.4028234663852886e38 },
  'additive-neg-1e4': { kind: 'float', real: 0, pad: -1e4 },
};

/** `real` [T] written in `polarity`, with `shape` (default [1, T]). */
export function maskFromPadding(
  real: Int32Array,
  polarity: PaddingPolarity,
  shape: readonly number[] = [1, real.length],
): NamedArray {
  const { kind, real: realValue, pad } = VALUES[polarity];
  const data = Float32Array.from(real, (r) => (r === 1 ? realValue : pad));
  return { name: 'current padding', shape, dtype: kind, kind, data };
}

/** The array `api` wants for the padding `real` [T], in the shape its docs show. */
export function correctArrayFor(api: ApiId, real: Int32Array): NamedArray {
  const T = real.length;
  switch (api) {
    case 'hf-attention-mask':
    case 'hf-attention-mask-legacy':
    case 'onnx-contrib-mask-index':
      return maskFromPadding(real, 'int-one-real');
    case 'torch-mha-key-padding':
      return maskFromPadding(real, 'bool-true-pad');
    case 'torch-sdpa-attn-mask':
    case 'flax-mha-mask':
    case 'onnx-attention-attn-mask':
      return maskFromPadding(real, 'bool-true-real', [1, 1, 1, T]);
    case 'keras-mha-attention-mask':
      return maskFromPadding(real, 'bool-true-real', [1, 1, T]);
    case 'dl4j-mha-mask':
      return maskFromPadding(real, 'float-one-real');
  }
}
