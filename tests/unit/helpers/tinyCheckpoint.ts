/** A tiny BERT checkpoint built in memory, for loader tests. */
import { expectedWeights } from '../../../src/checkpoint/bertKeys';
import { parseConfig } from '../../../src/checkpoint/configJson';
import { f32Tensor, writeSafetensors, type TensorSpec } from './safetensorsWriter';

/** A Hugging Face style config.json for a 2-layer, 2-head BERT of width 4. */
export const TINY_CONFIG_JSON = {
  architectures: ['BertForMaskedLM'],
  model_type: 'bert',
  vocab_size: 8,
  hidden_size: 4,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  intermediate_size: 6,
  max_position_embeddings: 5,
  type_vocab_size: 2,
  layer_norm_eps: 1e-12,
  hidden_act: 'gelu',
  pad_token_id: 0,
} as const;

/** Its vocabulary, one token per line. */
export const TINY_VOCAB_TEXT = '[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\ncat\n##s\n';

/** Weights per layer (Q, K, V, attention output, 2 LayerNorms, intermediate, output: 16 tensors). */
export const WEIGHTS_PER_LAYER = 16;
/** Embedding tensors (word, position, token type, LayerNorm weight and bias). */
export const EMBEDDING_WEIGHTS = 5;
/** MLM head tensors (transform dense, LayerNorm, decoder weight, bias). */
export const MLM_HEAD_WEIGHTS = 6;

/** Every canonical weight of the tiny model, each filled with its own index plus a ramp. */
export function tinyWeights(): TensorSpec[] {
  return expectedWeights(parseConfig(TINY_CONFIG_JSON, 'config.json')).map(
    ({ key, shape }, index) => {
      const count = shape.reduce((product, dim) => product * dim, 1);
      return f32Tensor(
        key,
        shape,
        Array.from({ length: count }, (_, i) => index + i / 1024),
      );
    },
  );
}

/** Writes specs to a file after renaming (undefined drops a tensor) and adding extras. */
export function tinySafetensors(
  rename: (key: string) => string | undefined = (key) => key,
  extras: readonly TensorSpec[] = [],
): Uint8Array<ArrayBuffer> {
  const renamed = tinyWeights().flatMap((spec) => {
    const name = rename(spec.name);
    return name === undefined ? [] : [{ ...spec, name }];
  });
  return writeSafetensors([...renamed, ...extras]);
}

/** The three files of the tiny checkpoint as `File` objects. */
export function tinyFiles(
  weights: Uint8Array<ArrayBuffer> = tinySafetensors(),
  vocabText = TINY_VOCAB_TEXT,
  configJson: object = TINY_CONFIG_JSON,
): File[] {
  return [
    new File([JSON.stringify(configJson)], 'config.json'),
    new File([vocabText], 'vocab.txt'),
    new File([weights], 'model.safetensors'),
  ];
}
