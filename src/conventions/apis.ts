/**
 * The mask conventions of the attention APIs people call, as data: which argument, which dtypes,
 * which value means attend, which axis, and what the library does with the array. Each entry
 * links the documentation (or source) it was checked against, read 2026-12; mask-bugs.md row 18
 * lists the public reports of people mixing them up.
 */

import type { Polarity } from '../masks/polarity';

/** The APIs the checker knows. */
export type ApiId =
  | 'hf-attention-mask'
  | 'hf-attention-mask-legacy'
  | 'torch-mha-key-padding'
  | 'torch-sdpa-attn-mask'
  | 'keras-mha-attention-mask'
  | 'flax-mha-mask'
  | 'onnx-attention-attn-mask'
  | 'onnx-contrib-mask-index'
  | 'dl4j-mha-mask';

/**
 * What an API does with one value of the array, per dtype:
 *   true-attends  cast to bool, True (non-zero) = the key takes part, False = masked
 *   true-ignores  cast to bool, True (non-zero) = the key is ignored
 *   added         added to the scores as it is (0 keeps, a large negative number masks)
 *   minus-one-1e9 (value − 1)·1e9 added to the scores (DL4J: 1 keeps, 0 masks)
 *   one-keeps     1 keeps, any other value is masked (Hugging Face before masking_utils)
 *   refused       the API raises an error for this dtype
 */
export type ValueRule = Polarity | 'added' | 'minus-one-1e9' | 'one-keeps' | 'refused';

/**
 * How the array's axes meet the scores [B, H, Tq, Tk]:
 *   key-rows   [Tk] or [B, Tk]: one value per key (a padding mask)
 *   broadcast  NumPy broadcasting, right-aligned, against [B, H, Tq, Tk]
 *   keras      [B, Tk] or [B, Tq, Tk]; axes are added before Tq (Keras's mask_expansion_axis)
 *   ort-index  [B, Tk] raw 0/1 or [B, Tq, Tk]; a 1-D mask_index means key lengths instead
 */
export type ShapeRule = 'key-rows' | 'broadcast' | 'keras' | 'ort-index';

/** One API's convention. */
export interface ApiConvention {
  readonly id: ApiId;
  /** The call, as the user writes it. */
  readonly call: string;
  /** The argument's name. */
  readonly argument: string;
  readonly dtypes: string;
  readonly attend: string;
  readonly ignore: string;
  readonly shape: string;
  /** What the library does with the array, in words. */
  readonly effect: string;
  readonly rules: Readonly<Record<'bool' | 'int' | 'float', ValueRule>>;
  /** Why a refused dtype is refused, in the library's words. */
  readonly refusal: string;
  /** The score a masked key gets: -Infinity (a fully masked row is NaN) or a finite constant. */
  readonly maskedBias: number;
  readonly shapeRule: ShapeRule;
  /** The array this API wants for a padding mask, as a line of Python. */
  readonly correctLine: string;
  readonly docUrl: string;
}

const FLOAT32_MIN = -3.4028234663852886e38;

/** Every API, in the order of the picker. */
export const API_CONVENTIONS: readonly ApiConvention[] = [
  {
    id: 'hf-attention-mask',
    call: 'Hugging Face model(input_ids, attention_mask=…)',
    argument: 'attention_mask',
    dtypes: 'int64 (from the tokenizer) or bool',
    attend: '1',
    ignore: '0',
    shape: '[B, T], on the keys',
    effect:
      'turned into a bool key mask (transformers ≥ 4.53 masking_utils; older versions: (1 − m)·finfo.min added), so any non-zero value attends',
    rules: { bool: 'true-attends', int: 'true-attends', float: 'true-attends' },
    refusal: '',
    maskedBias: FLOAT32_MIN,
    shapeRule: 'key-rows',
    correctLine: 'attention_mask = (input_ids != tokenizer.pad_token_id).long()',
    docUrl: 'https://huggingface.co/docs/transformers/glossary#attention-mask',
  },
  {
    id: 'hf-attention-mask-legacy',
    call: 'Hugging Face attention_mask, transformers < 4.53 (_expand_mask)',
    argument: 'attention_mask',
    dtypes: 'int64 or float',
    attend: '1',
    ignore: 'anything else (0)',
    shape: '[B, T], on the keys',
    effect:
      'inverted = 1 − m, then masked_fill(inverted.bool(), finfo.min): only exactly 1 attends, every other value gets finfo.min',
    rules: { bool: 'one-keeps', int: 'one-keeps', float: 'one-keeps' },
    refusal: '',
    maskedBias: FLOAT32_MIN,
    shapeRule: 'key-rows',
    correctLine: 'attention_mask = (input_ids != tokenizer.pad_token_id).long()',
    docUrl:
      'https://github.com/huggingface/transformers/blob/v4.40.0/src/transformers/modeling_attn_mask_utils.py',
  },
  {
    id: 'torch-mha-key-padding',
    call: 'PyTorch nn.MultiheadAttention(…)(q, k, v, key_padding_mask=…)',
    argument: 'key_padding_mask',
    dtypes: 'bool or float (an int mask raises)',
    attend: 'False (bool) / 0.0 (float)',
    ignore: 'True (bool) / -inf (float)',
    shape: '[B, S] or [S], on the keys',
    effect: 'bool: True keys are filled with -inf (ignored); float: added to the scores',
    rules: { bool: 'true-ignores', int: 'refused', float: 'added' },
    refusal: 'only bool and floating types of key_padding_mask are supported',
    maskedBias: -Infinity,
    shapeRule: 'key-rows',
    correctLine: 'key_padding_mask = attention_mask == 0  # True = padding',
    docUrl: 'https://docs.pytorch.org/docs/stable/generated/torch.nn.MultiheadAttention.html',
  },
  {
    id: 'torch-sdpa-attn-mask',
    call: 'PyTorch F.scaled_dot_product_attention(q, k, v, attn_mask=…)',
    argument: 'attn_mask',
    dtypes: 'bool or float (the query dtype)',
    attend: 'True (bool) / 0.0 (float)',
    ignore: 'False (bool) / -inf (float)',
    shape: 'broadcastable to [B, H, L, S]',
    effect: 'bool: False entries are filled with -inf; float: added to the scores',
    rules: { bool: 'true-attends', int: 'refused', float: 'added' },
    refusal: 'attn_mask must be bool or the query dtype',
    maskedBias: -Infinity,
    shapeRule: 'broadcast',
    correctLine: 'attn_mask = (attention_mask == 1)[:, None, None, :]  # True = take part',
    docUrl:
      'https://docs.pytorch.org/docs/stable/generated/torch.nn.functional.scaled_dot_product_attention.html',
  },
  {
    id: 'keras-mha-attention-mask',
    call: 'Keras MultiHeadAttention(…)(query, value, attention_mask=…)',
    argument: 'attention_mask',
    dtypes: 'any dtype, cast to bool',
    attend: '1 / True',
    ignore: '0 / False',
    shape: '[B, T, S] (a [B, S] mask is expanded before T)',
    effect:
      'cast to bool (ops.cast(attention_mask, "bool")), then masked keys get a large negative number before the softmax',
    rules: { bool: 'true-attends', int: 'true-attends', float: 'true-attends' },
    refusal: '',
    maskedBias: -1e9,
    shapeRule: 'keras',
    correctLine: 'attention_mask = (tokens != pad_id)[:, None, :]  # [B, 1, S], True = attend',
    docUrl: 'https://keras.io/api/layers/attention_layers/multi_head_attention/',
  },
  {
    id: 'flax-mha-mask',
    call: 'Flax nn.MultiHeadDotProductAttention(…)(x, mask=…)',
    argument: 'mask',
    dtypes: 'bool (nn.make_attention_mask)',
    attend: 'True',
    ignore: 'False',
    shape: 'broadcastable to [batch…, heads, q_len, kv_len]',
    effect: 'jnp.where(mask, weights, finfo.min): False entries are masked out',
    rules: { bool: 'true-attends', int: 'true-attends', float: 'true-attends' },
    refusal: '',
    maskedBias: FLOAT32_MIN,
    shapeRule: 'broadcast',
    correctLine: 'mask = nn.make_attention_mask(tokens != pad_id, tokens != pad_id)',
    docUrl: 'https://flax.readthedocs.io/en/latest/api_reference/flax.linen/layers.html',
  },
  {
    id: 'onnx-attention-attn-mask',
    call: 'ONNX Attention (opset 23) attn_mask input',
    argument: 'attn_mask',
    dtypes: 'bool or float',
    attend: 'True (bool) / 0.0 (float)',
    ignore: 'False (bool) / -inf (float)',
    shape: 'broadcastable to [B, q_heads, q_seq, total_seq]',
    effect: 'bool: True takes part in attention, False gets -inf; float: added to the scores',
    rules: { bool: 'true-attends', int: 'refused', float: 'added' },
    refusal: 'attn_mask must be bool or float (type constraint U)',
    maskedBias: -Infinity,
    shapeRule: 'broadcast',
    correctLine: 'attn_mask = (attention_mask == 1)[:, None, None, :]  # True = take part',
    docUrl: 'https://onnx.ai/onnx/operators/onnx__Attention.html',
  },
  {
    id: 'onnx-contrib-mask-index',
    call: 'ONNX Runtime com.microsoft Attention mask_index input',
    argument: 'mask_index',
    dtypes: 'int32',
    attend: '1',
    ignore: '0',
    shape: '[B, total_seq] raw mask or [B, seq, total_seq] ([B] = key lengths)',
    effect: 'masked keys get mask_filter_value (default -10000) added to the scores',
    rules: { bool: 'refused', int: 'true-attends', float: 'refused' },
    refusal: 'mask_index must be int32',
    maskedBias: -10000,
    shapeRule: 'ort-index',
    correctLine: 'mask_index = attention_mask.astype(np.int32)  # 1 = attend',
    docUrl:
      'https://github.com/microsoft/onnxruntime/blob/main/docs/ContribOperators.md#com.microsoft.Attention',
  },
  {
    id: 'dl4j-mha-mask',
    call: 'DL4J / SameDiff multiHeadDotProductAttention(…, mask, …)',
    argument: 'mask',
    dtypes: 'float (0/1)',
    attend: '1',
    ignore: '0',
    shape: '[B, T], on the keys (weights come back [B, H, keys, queries])',
    effect: '(mask − 1)·1e9 added to the scores before the softmax over the keys',
    rules: { bool: 'refused', int: 'refused', float: 'minus-one-1e9' },
    refusal: 'dot_product_attention takes float inputs only (ALL_FLOATS)',
    maskedBias: -1e9,
    shapeRule: 'key-rows',
    correctLine: 'featureMask: 1 for real tokens, 0 for padding, [B, T]',
    docUrl:
      'https://github.com/deeplearning4j/deeplearning4j/blob/master/libnd4j/include/ops/declarable/generic/nn/dot_product_attention.cpp',
  },
];

/** The entry of `id`. */
export function apiConvention(id: ApiId): ApiConvention {
  const found = API_CONVENTIONS.find((api) => api.id === id);
  if (found === undefined) throw new RangeError(`unknown API '${String(id)}'`);
  return found;
}

/** True when `value` names an API of the table. */
export function isApiId(value: string): value is ApiId {
  return API_CONVENTIONS.some((api) => api.id === value);
}
