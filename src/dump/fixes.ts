/**
 * The fix for each family as a line of code in the user's framework, and the public reports of
 * the bug, taken from the mask catalogue.
 */
import { findMaskEntry } from '../masks/catalogue';
import type { Family } from './fingerprint';

/** The APIs a fix can be written for. */
export type Framework = 'pytorch' | 'torch-mha' | 'hf' | 'keras' | 'flax' | 'dl4j';

/** Display names, for the picker and the report. */
export const FRAMEWORK_NAMES: Readonly<Record<Framework, string>> = {
  pytorch: 'PyTorch (hand-written attention)',
  'torch-mha': 'PyTorch nn.MultiheadAttention',
  hf: 'Hugging Face transformers',
  keras: 'Keras MultiHeadAttention',
  flax: 'Flax / JAX',
  dl4j: 'DL4J / SameDiff',
};

type FixTable = Readonly<Record<Framework, string>>;

const KEY_MASK: FixTable = {
  pytorch:
    'scores = scores.masked_fill(attention_mask[:, None, None, :] == 0, torch.finfo(scores.dtype).min)  # before softmax, on the KEY axis',
  'torch-mha': 'out, w = mha(x, x, x, key_padding_mask=(attention_mask == 0))  # True = padding',
  hf: 'out = model(input_ids, attention_mask=attention_mask)  # 1 = real token; pass it to every call',
  keras: 'out = mha(x, x, attention_mask=mask[:, None, :])  # [B, 1, Tk], 1 = attend',
  flax: 'mask = nn.make_attention_mask(tokens != pad_id, tokens != pad_id); out = attn(x, mask=mask)',
  dl4j: 'sd.nn().multiHeadDotProductAttention(q, k, v, wq, wk, wv, wo, featureMask, true)  // [B, T], 1 = real',
};

const FIXES: Readonly<Record<Exclude<Family, 'correct' | 'unknown'>, FixTable>> = {
  'missing-key-mask': KEY_MASK,
  inverted: {
    pytorch:
      'scores = scores.masked_fill(attention_mask[:, None, None, :] == 0, min)  # mask where the mask is 0 (padding), not 1',
    'torch-mha':
      'key_padding_mask = attention_mask == 0  # not attention_mask.bool(): True means IGNORE here',
    hf: 'attention_mask = (input_ids != tokenizer.pad_token_id).long()  # 1 = real token, not 1 = padding',
    keras: 'attention_mask = tf.cast(tokens != pad_id, tf.bool)  # True = attend',
    flax: 'mask = nn.make_attention_mask(tokens != pad_id, tokens != pad_id)  # True = keep',
    dl4j: 'featureMask: 1 for real tokens, 0 for padding',
  },
  'after-softmax': {
    pytorch:
      'scores = scores.masked_fill(mask[:, None, None, :] == 0, min); probs = scores.softmax(-1)  # mask BEFORE softmax (or renormalise: probs / probs.sum(-1, keepdim=True))',
    'torch-mha':
      'pass key_padding_mask=(attention_mask == 0) instead of multiplying the weights afterwards',
    hf: 'pass attention_mask to the model instead of zeroing the returned attentions',
    keras: 'pass attention_mask to the layer instead of multiplying its scores output',
    flax: 'pass mask= to dot_product_attention instead of multiplying the weights',
    dl4j: 'pass the feature mask to the attention op instead of multiplying its output',
  },
  multiplicative: {
    pytorch:
      'scores = scores.masked_fill(mask[:, None, None, :] == 0, min)  # not scores * mask: a 0 score still gets e^0',
    'torch-mha':
      'pass key_padding_mask=(attention_mask == 0) instead of multiplying the inputs or scores',
    hf: 'pass attention_mask to the model instead of multiplying embeddings or scores by it',
    keras: 'pass attention_mask to the layer instead of multiplying the scores',
    flax: 'pass mask= (or bias = jnp.where(mask, 0, -inf-like min)) instead of multiplying the logits',
    dl4j: 'pass the feature mask to the attention op instead of multiplying the scores',
  },
  'float-add': {
    pytorch:
      'scores = scores + (1.0 - mask[:, None, None, :]) * torch.finfo(scores.dtype).min  # not scores + mask',
    'torch-mha':
      'attn_mask must be bool (True = ignore) or additive with -inf/min for padding, not the 0/1 mask as float',
    hf: 'let the model build the additive mask from attention_mask; do not add the 0/1 mask yourself',
    keras: 'pass a boolean attention_mask; do not add the 0/1 mask to the scores',
    flax: 'bias = jnp.where(mask, 0.0, jnp.finfo(dtype).min)  # not the 0/1 mask as a bias',
    dl4j: 'mask the scores with a large negative constant where the mask is 0',
  },
  nan: {
    pytorch:
      'use a finite constant: scores.masked_fill(pad, torch.finfo(scores.dtype).min), and mask keys only (padding query rows are thrown away)',
    'torch-mha':
      'make sure no row is fully masked (mask keys only), or upgrade to PyTorch ≥ 2.5 where SDPA returns 0 for such rows',
    hf: "use the model's own mask (it uses finfo.min, not -inf); do not add -inf masks on both axes",
    keras: 'mask keys only; use a large finite negative constant, not -inf',
    flax: 'use jnp.finfo(dtype).min, not -jnp.inf, and mask keys only',
    dl4j: 'mask keys only, with a finite constant',
  },
};

/** The catalogue entries each family covers (for the public reports). */
const ENTRIES: Readonly<Record<Family, readonly string[]>> = {
  correct: [],
  'missing-key-mask': ['no-mask', 'query-axis', 'weak-constant'],
  inverted: ['inverted-polarity'],
  'after-softmax': ['after-softmax', 'key-renormalised'],
  multiplicative: ['multiplicative'],
  'float-add': ['float-add'],
  nan: ['neg-inf-fully-masked'],
  unknown: [],
};

/** The fix for `family` in `framework`, or null for correct and unknown dumps. */
export function fixFor(family: Family, framework: Framework): string | null {
  return family === 'correct' || family === 'unknown' ? null : FIXES[family][framework];
}

/** Public reports of the bug family, from the catalogue. */
export function reportsFor(family: Family): string[] {
  return ENTRIES[family].flatMap((id) => findMaskEntry(id)?.seenIn ?? []);
}

/** True when `value` names a framework. */
export function isFramework(value: string): value is Framework {
  return Object.hasOwn(FRAMEWORK_NAMES, value);
}
