// A seeded random BertForMaskedLM checkpoint, built in memory: for benchmarks of model sizes
// we do not ship and for tests that need a model without files. Not a trained model.
import { expectedWeights, MLM_HEAD_KEYS } from '../checkpoint/bertKeys';
import { mulberry32 } from './prng';
import type { Checkpoint, DenseTensor } from '../checkpoint/types';
import type { EncoderConfig } from './config';

/** BERT-mini's shape (Turc et al. 2019: L=4, H=256) with an 8k vocabulary, for benchmarks. */
export const BERT_MINI_CONFIG: EncoderConfig = {
  vocabSize: 8000,
  hiddenSize: 256,
  numLayers: 4,
  numHeads: 4,
  intermediateSize: 1024,
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenAct: 'gelu',
  padTokenId: 0,
};

// BERT's initializer_range: weights ~ N(0, 0.02²).
const WEIGHT_STD = 0.02;

function normalTensor(shape: readonly number[], std: number, uniform: () => number): DenseTensor {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) {
    // Box–Muller; 1 - u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    data[i] = std * radius * Math.cos(2 * Math.PI * uniform());
  }
  return { shape, data };
}

function constantTensor(shape: readonly number[], value: number): DenseTensor {
  return { shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value) };
}

/**
 * A random checkpoint with BERT's initialisation: matrices N(0, 0.02²), biases 0, LayerNorm
 * weight 1 and bias 0. The same seed gives the same weights. Vocabulary: [PAD], [UNK], [CLS],
 * [SEP], [MASK], then `tok5`, `tok6`, ….
 */
export function randomCheckpoint(config: EncoderConfig, seed: number): Checkpoint {
  const uniform = mulberry32(seed);
  const weights = new Map<string, DenseTensor>();
  // The decoder is tied to the word embeddings, so it is left out as in a tied HF export.
  for (const { key: name, shape } of expectedWeights(config)) {
    if (name === MLM_HEAD_KEYS.decoderWeight) continue;
    const isNormWeight = name.endsWith('LayerNorm.weight');
    const tensor =
      shape.length === 2
        ? normalTensor(shape, WEIGHT_STD, uniform)
        : constantTensor(shape, isNormWeight ? 1 : 0);
    weights.set(name, tensor);
  }
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const vocab = Array.from({ length: config.vocabSize }, (_, i) => specials[i] ?? `tok${i}`);
  return { source: `random BERT (seed ${seed})`, config, vocab, weights };
}
