/**
 * Fixes for attention beyond self-attention, in the user's framework: pooling over time (mask
 * the padded frames before the softmax over time, or a masked mean), cross-attention (the
 * encoder's padding on the keys) and decoding steps (the cache's padding at every step).
 */
import type { AttentionKind } from './attentionKind';
import type { Family } from './fingerprint';
import type { Framework } from './fixes';

type FixTable = Readonly<Partial<Record<Framework, string>>>;

const MASKED_MEAN =
  "or, for mean pooling, sentence-transformers' masked mean: emb = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)";

const POOLING_KEY_MASK: FixTable = {
  pytorch: `scores = scores.masked_fill(frame_mask == 0, torch.finfo(scores.dtype).min); w = scores.softmax(dim=-1)  # [B, T]: mask padded frames BEFORE the softmax over time; ${MASKED_MEAN}`,
  'torch-mha': `scores = scores.masked_fill(frame_mask == 0, torch.finfo(scores.dtype).min); w = scores.softmax(dim=-1)  # before the softmax over time; ${MASKED_MEAN}`,
  hf: `use sentence-transformers' masked mean (models.Pooling(dim, pooling_mode='mean') takes attention_mask): emb = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9); for attention pooling, scores.masked_fill(mask == 0, torch.finfo(scores.dtype).min) before the softmax over time`,
  keras:
    'scores = tf.where(frame_mask, scores, scores.dtype.min); w = tf.nn.softmax(scores, axis=-1)  # mask padded frames before the softmax over time',
  flax: 'scores = jnp.where(frame_mask, scores, jnp.finfo(scores.dtype).min); w = jax.nn.softmax(scores, axis=-1)',
  dl4j: 'add (1 - frameMask) * -1e9 to the pooling scores before the softmax over time',
};

const POOLING: Readonly<Partial<Record<Family, FixTable>>> = {
  'missing-key-mask': POOLING_KEY_MASK,
  multiplicative: POOLING_KEY_MASK,
  'float-add': POOLING_KEY_MASK,
  inverted: {
    pytorch:
      'scores = scores.masked_fill(frame_mask == 0, torch.finfo(scores.dtype).min)  # mask where the frame is padding (0), not where it is real',
  },
  'after-softmax': {
    pytorch:
      'mask before the softmax over time: scores.masked_fill(frame_mask == 0, min).softmax(-1), or renormalise: w = w / w.sum(-1, keepdim=True)',
  },
  nan: {
    pytorch:
      'use torch.finfo(scores.dtype).min, not -inf: an item with no real frame then gets even weights, not NaN (and give it a real frame or drop it)',
  },
};

const CROSS: Readonly<Partial<Record<Family, FixTable>>> = {
  'missing-key-mask': {
    pytorch:
      "scores = scores.masked_fill(src_mask[:, None, None, :] == 0, torch.finfo(scores.dtype).min)  # the ENCODER's padding, on the keys",
    'torch-mha':
      "out, w = mha(dec, memory, memory, key_padding_mask=(src_mask == 0))  # the ENCODER's padding, True = ignore",
    hf: "out = model(input_ids, attention_mask=src_mask, decoder_input_ids=dec_ids)  # the encoder's mask also masks cross_attentions' keys",
  },
};

const STEP: Readonly<Partial<Record<Family, FixTable>>> = {
  'missing-key-mask': {
    pytorch:
      "scores = scores.masked_fill(cache_mask[:, None, None, :] == 0, torch.finfo(scores.dtype).min)  # the cache's padding, at EVERY step",
    'torch-mha':
      'pass key_padding_mask=(cache_mask == 0) over the whole cache (past + new) at every step',
    hf: 'model.generate(input_ids, attention_mask=attention_mask)  # left padding: the mask grows with the cache; pass it (past + new) to every forward',
  },
};

const TABLES: Readonly<Record<AttentionKind, Readonly<Partial<Record<Family, FixTable>>>>> = {
  self: {},
  cross: CROSS,
  step: STEP,
  pooling: POOLING,
};

/** The fix for `family` on attention of `kind` in `framework`; null where the general fix holds. */
export function shapeFixFor(
  kind: AttentionKind,
  family: Family,
  framework: Framework,
): string | null {
  const table = TABLES[kind][family];
  if (table === undefined) return null;
  return table[framework] ?? table.pytorch ?? null;
}
