/**
 * The weights of a Hugging Face `BertForMaskedLM`, by their `state_dict` names, with the
 * shapes a config implies. Linear weights are PyTorch's [out, in]. The model and the loader
 * both take names from here, so there is one list.
 */
import type { EncoderConfig } from '../model/config';

/** Embedding weights: word [V, D], position [P, D], token type [TV, D], LayerNorm [D]. */
export const EMBEDDING_KEYS = {
  word: 'bert.embeddings.word_embeddings.weight',
  position: 'bert.embeddings.position_embeddings.weight',
  tokenType: 'bert.embeddings.token_type_embeddings.weight',
  layerNormWeight: 'bert.embeddings.LayerNorm.weight',
  layerNormBias: 'bert.embeddings.LayerNorm.bias',
} as const;

/** MLM head: transform dense [D, D] + LayerNorm [D], decoder [V, D] (tied to word) + bias [V]. */
export const MLM_HEAD_KEYS = {
  transformWeight: 'cls.predictions.transform.dense.weight',
  transformBias: 'cls.predictions.transform.dense.bias',
  layerNormWeight: 'cls.predictions.transform.LayerNorm.weight',
  layerNormBias: 'cls.predictions.transform.LayerNorm.bias',
  decoderWeight: 'cls.predictions.decoder.weight',
  decoderBias: 'cls.predictions.bias',
} as const;

/** Weight names of one encoder layer. */
export interface LayerKeys {
  readonly queryWeight: string;
  readonly queryBias: string;
  readonly keyWeight: string;
  readonly keyBias: string;
  readonly valueWeight: string;
  readonly valueBias: string;
  readonly attentionOutputWeight: string;
  readonly attentionOutputBias: string;
  readonly attentionLayerNormWeight: string;
  readonly attentionLayerNormBias: string;
  readonly intermediateWeight: string;
  readonly intermediateBias: string;
  readonly outputWeight: string;
  readonly outputBias: string;
  readonly outputLayerNormWeight: string;
  readonly outputLayerNormBias: string;
}

/** Names of layer `layer`'s weights (`bert.encoder.layer.<layer>.…`). */
export function layerKeys(layer: number): LayerKeys {
  const p = `bert.encoder.layer.${layer}`;
  return {
    queryWeight: `${p}.attention.self.query.weight`,
    queryBias: `${p}.attention.self.query.bias`,
    keyWeight: `${p}.attention.self.key.weight`,
    keyBias: `${p}.attention.self.key.bias`,
    valueWeight: `${p}.attention.self.value.weight`,
    valueBias: `${p}.attention.self.value.bias`,
    attentionOutputWeight: `${p}.attention.output.dense.weight`,
    attentionOutputBias: `${p}.attention.output.dense.bias`,
    attentionLayerNormWeight: `${p}.attention.output.LayerNorm.weight`,
    attentionLayerNormBias: `${p}.attention.output.LayerNorm.bias`,
    intermediateWeight: `${p}.intermediate.dense.weight`,
    intermediateBias: `${p}.intermediate.dense.bias`,
    outputWeight: `${p}.output.dense.weight`,
    outputBias: `${p}.output.dense.bias`,
    outputLayerNormWeight: `${p}.output.LayerNorm.weight`,
    outputLayerNormBias: `${p}.output.LayerNorm.bias`,
  };
}

/** A weight the model needs and the shape the config gives it. */
export interface ExpectedWeight {
  readonly key: string;
  readonly shape: readonly number[];
}

function layerWeights(layer: number, d: number, ffn: number): ExpectedWeight[] {
  const k = layerKeys(layer);
  return [
    { key: k.queryWeight, shape: [d, d] },
    { key: k.queryBias, shape: [d] },
    { key: k.keyWeight, shape: [d, d] },
    { key: k.keyBias, shape: [d] },
    { key: k.valueWeight, shape: [d, d] },
    { key: k.valueBias, shape: [d] },
    { key: k.attentionOutputWeight, shape: [d, d] },
    { key: k.attentionOutputBias, shape: [d] },
    { key: k.attentionLayerNormWeight, shape: [d] },
    { key: k.attentionLayerNormBias, shape: [d] },
    { key: k.intermediateWeight, shape: [ffn, d] },
    { key: k.intermediateBias, shape: [ffn] },
    { key: k.outputWeight, shape: [d, ffn] },
    { key: k.outputBias, shape: [d] },
    { key: k.outputLayerNormWeight, shape: [d] },
    { key: k.outputLayerNormBias, shape: [d] },
  ];
}

/** Every weight of a `BertForMaskedLM` with this config, embeddings → layers → MLM head. */
export function expectedWeights(config: EncoderConfig): ExpectedWeight[] {
  const d = config.hiddenSize;
  const v = config.vocabSize;
  const layers = Array.from({ length: config.numLayers }, (_, layer) =>
    layerWeights(layer, d, config.intermediateSize),
  );
  return [
    { key: EMBEDDING_KEYS.word, shape: [v, d] },
    { key: EMBEDDING_KEYS.position, shape: [config.maxPositions, d] },
    { key: EMBEDDING_KEYS.tokenType, shape: [config.typeVocabSize, d] },
    { key: EMBEDDING_KEYS.layerNormWeight, shape: [d] },
    { key: EMBEDDING_KEYS.layerNormBias, shape: [d] },
    ...layers.flat(),
    { key: MLM_HEAD_KEYS.transformWeight, shape: [d, d] },
    { key: MLM_HEAD_KEYS.transformBias, shape: [d] },
    { key: MLM_HEAD_KEYS.layerNormWeight, shape: [d] },
    { key: MLM_HEAD_KEYS.layerNormBias, shape: [d] },
    { key: MLM_HEAD_KEYS.decoderWeight, shape: [v, d] },
    { key: MLM_HEAD_KEYS.decoderBias, shape: [v] },
  ];
}
