import { describe, expect, it } from 'vitest';
import { expectedWeights } from '../../src/checkpoint/bertKeys';
import type { EncoderConfig } from '../../src/model/config';
import { canonicalKey } from '../../src/checkpoint/normaliseWeights';

const ONE_LAYER: EncoderConfig = {
  vocabSize: 10,
  hiddenSize: 4,
  numLayers: 1,
  numHeads: 2,
  intermediateSize: 6,
  maxPositions: 7,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenAct: 'gelu',
  padTokenId: 0,
};

describe('expectedWeights', () => {
  it("lists Hugging Face BertForMaskedLM's state_dict names with [out, in] shapes", () => {
    const listed = expectedWeights(ONE_LAYER).map(
      ({ key, shape }) => `${key} [${shape.join(', ')}]`,
    );
    expect(listed).toEqual([
      'bert.embeddings.word_embeddings.weight [10, 4]',
      'bert.embeddings.position_embeddings.weight [7, 4]',
      'bert.embeddings.token_type_embeddings.weight [2, 4]',
      'bert.embeddings.LayerNorm.weight [4]',
      'bert.embeddings.LayerNorm.bias [4]',
      'bert.encoder.layer.0.attention.self.query.weight [4, 4]',
      'bert.encoder.layer.0.attention.self.query.bias [4]',
      'bert.encoder.layer.0.attention.self.key.weight [4, 4]',
      'bert.encoder.layer.0.attention.self.key.bias [4]',
      'bert.encoder.layer.0.attention.self.value.weight [4, 4]',
      'bert.encoder.layer.0.attention.self.value.bias [4]',
      'bert.encoder.layer.0.attention.output.dense.weight [4, 4]',
      'bert.encoder.layer.0.attention.output.dense.bias [4]',
      'bert.encoder.layer.0.attention.output.LayerNorm.weight [4]',
      'bert.encoder.layer.0.attention.output.LayerNorm.bias [4]',
      'bert.encoder.layer.0.intermediate.dense.weight [6, 4]',
      'bert.encoder.layer.0.intermediate.dense.bias [6]',
      'bert.encoder.layer.0.output.dense.weight [4, 6]',
      'bert.encoder.layer.0.output.dense.bias [4]',
      'bert.encoder.layer.0.output.LayerNorm.weight [4]',
      'bert.encoder.layer.0.output.LayerNorm.bias [4]',
      'cls.predictions.transform.dense.weight [4, 4]',
      'cls.predictions.transform.dense.bias [4]',
      'cls.predictions.transform.LayerNorm.weight [4]',
      'cls.predictions.transform.LayerNorm.bias [4]',
      'cls.predictions.decoder.weight [10, 4]',
      'cls.predictions.bias [10]',
    ]);
  });

  it('adds 16 weights per layer, named by the layer index', () => {
    const keys = expectedWeights({ ...ONE_LAYER, numLayers: 3 }).map(({ key }) => key);
    expect(keys).toHaveLength(27 + 2 * 16);
    const layerTwo = keys.filter((key) => key.startsWith('bert.encoder.layer.2.'));
    expect(layerTwo).toHaveLength(16);
    expect(layerTwo.slice(0, 6)).toEqual(
      ['query', 'key', 'value'].flatMap((name) =>
        ['weight', 'bias'].map((kind) => `bert.encoder.layer.2.attention.self.${name}.${kind}`),
      ),
    );
  });
});

describe('canonicalKey', () => {
  it.each([
    ['bert.embeddings.word_embeddings.weight', 'bert.embeddings.word_embeddings.weight'],
    ['embeddings.word_embeddings.weight', 'bert.embeddings.word_embeddings.weight'],
    ['encoder.layer.3.output.dense.bias', 'bert.encoder.layer.3.output.dense.bias'],
    ['pooler.dense.weight', 'bert.pooler.dense.weight'],
    ['bert.encoder.layer.0.output.LayerNorm.gamma', 'bert.encoder.layer.0.output.LayerNorm.weight'],
    ['embeddings.LayerNorm.beta', 'bert.embeddings.LayerNorm.bias'],
    ['cls.predictions.transform.LayerNorm.gamma', 'cls.predictions.transform.LayerNorm.weight'],
    ['cls.predictions.bias', 'cls.predictions.bias'],
    ['roberta.embeddings.word_embeddings.weight', 'roberta.embeddings.word_embeddings.weight'],
  ])('maps %s to %s', (raw, canonical) => {
    expect(canonicalKey(raw)).toBe(canonical);
  });
});
