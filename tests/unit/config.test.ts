import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig, parseConfigText } from '../../src/checkpoint/configJson';
import { CheckpointError } from '../../src/checkpoint/checkpointError';

const FILE = 'config.json';

/** bert-base-uncased's config.json. */
const BERT_BASE = {
  architectures: ['BertForMaskedLM'],
  attention_probs_dropout_prob: 0.1,
  gradient_checkpointing: false,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0.1,
  hidden_size: 768,
  initializer_range: 0.02,
  intermediate_size: 3072,
  layer_norm_eps: 1e-12,
  max_position_embeddings: 512,
  model_type: 'bert',
  num_attention_heads: 12,
  num_hidden_layers: 12,
  pad_token_id: 0,
  position_embedding_type: 'absolute',
  transformers_version: '4.6.0.dev0',
  type_vocab_size: 2,
  use_cache: true,
  vocab_size: 30522,
};

const REQUIRED = {
  vocab_size: 100,
  hidden_size: 8,
  num_hidden_layers: 2,
  num_attention_heads: 2,
  intermediate_size: 16,
  max_position_embeddings: 32,
};

describe('parseConfig', () => {
  it("reads bert-base-uncased's config", () => {
    expect(parseConfig(BERT_BASE, FILE)).toEqual({
      vocabSize: 30522,
      hiddenSize: 768,
      numLayers: 12,
      numHeads: 12,
      intermediateSize: 3072,
      maxPositions: 512,
      typeVocabSize: 2,
      layerNormEps: 1e-12,
      hiddenAct: 'gelu',
      padTokenId: 0,
    });
  });

  it("fills Hugging Face's defaults for optional fields", () => {
    expect(parseConfig(REQUIRED, FILE)).toMatchObject({
      typeVocabSize: 2,
      layerNormEps: 1e-12,
      hiddenAct: 'gelu',
      padTokenId: 0,
    });
  });

  it('treats a null pad_token_id as the default 0', () => {
    expect(parseConfig({ ...REQUIRED, pad_token_id: null }, FILE).padTokenId).toBe(0);
  });

  it.each(['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'relu'])('accepts hidden_act %s', (act) => {
    expect(parseConfig({ ...REQUIRED, hidden_act: act }, FILE).hiddenAct).toBe(act);
  });

  it.each([
    ['a non-object', [1, 2], 'config.json: expected a JSON object, got [1,2]'],
    [
      'a missing field',
      { ...REQUIRED, hidden_size: undefined },
      'config.json: field "hidden_size" is missing, expected a positive integer',
    ],
    [
      'a string number',
      { ...REQUIRED, vocab_size: '100' },
      'config.json: field "vocab_size" is "100", expected a positive integer',
    ],
    [
      'a zero',
      { ...REQUIRED, num_hidden_layers: 0 },
      'field "num_hidden_layers" is 0, expected a positive integer',
    ],
    [
      'a fraction',
      { ...REQUIRED, intermediate_size: 16.5 },
      'field "intermediate_size" is 16.5, expected a positive integer',
    ],
    [
      'a null required field',
      { ...REQUIRED, max_position_embeddings: null },
      'field "max_position_embeddings" is null, expected a positive integer',
    ],
    [
      'heads that do not divide the width',
      { ...REQUIRED, num_attention_heads: 3 },
      'field "num_attention_heads" is 3, expected a divisor of hidden_size (8 is not divisible by 3)',
    ],
    [
      'an unknown activation',
      { ...REQUIRED, hidden_act: 'swish' },
      'field "hidden_act" is "swish", expected one of gelu, gelu_new, gelu_pytorch_tanh, relu',
    ],
    [
      'a negative epsilon',
      { ...REQUIRED, layer_norm_eps: -1 },
      'field "layer_norm_eps" is -1, expected a positive number',
    ],
    [
      'a pad id outside the vocabulary',
      { ...REQUIRED, pad_token_id: 100 },
      'field "pad_token_id" is 100, expected an integer in [0, vocab_size = 100)',
    ],
    [
      'another model type',
      { ...REQUIRED, model_type: 'roberta' },
      'field "model_type" is "roberta", expected "bert" (the only kind maskscope runs)',
    ],
    [
      'relative position embeddings',
      { ...REQUIRED, position_embedding_type: 'relative_key' },
      'field "position_embedding_type" is "relative_key", expected "absolute"',
    ],
  ])('rejects %s, naming the field and value', (_name, json, message) => {
    expect(() => parseConfig(json, FILE)).toThrow(CheckpointError);
    expect(() => parseConfig(json, FILE)).toThrow(message);
  });

  it('ignores fields inherited from Object.prototype', () => {
    const json = Object.create({ hidden_act: 'swish' }) as Record<string, unknown>;
    Object.assign(json, REQUIRED);
    expect(parseConfig(json, FILE).hiddenAct).toBe('gelu');
  });

  it('gives the line and column where the text stops being JSON', () => {
    const text = '{\n  "vocab_size": 30522,\n  "hidden_size": tru\n}';
    expect(() => parseConfigText(text, FILE)).toThrow(
      'config.json: not valid JSON at line 3, column 18',
    );
  });

  it('names the file when the text is not JSON', () => {
    expect(() => parseConfigText('{"vocab_size": ', 'models/x/config.json')).toThrow(
      'models/x/config.json: not valid JSON',
    );
  });
});

describe('size bounds', () => {
  it.each([
    ['vocab_size', 1_000_000],
    ['hidden_size', 65_536],
    ['num_hidden_layers', 1_000],
    ['num_attention_heads', 1_024],
    ['intermediate_size', 262_144],
    ['max_position_embeddings', 1_000_000],
    ['type_vocab_size', 1_000],
  ])('refuses %s over %i, naming the bound', (field, max) => {
    // Heads must divide the width; a width of 2^16 keeps every head count up to 1,024 valid.
    const atMax = { ...REQUIRED, hidden_size: 65_536, [field]: max };
    expect(parseConfig(atMax, FILE)).toBeDefined();
    const tooBig = field === 'num_attention_heads' ? 2_048 : max + 1;
    const over = { ...atMax, [field]: tooBig };
    expect(() => parseConfig(over, FILE)).toThrow(CheckpointError);
    expect(() => parseConfig(over, FILE)).toThrow(
      `field "${field}" is ${tooBig}, expected a positive integer up to ${max.toLocaleString('en-US')}`,
    );
  });
});

describe('config.json nested 5,000 levels deep', () => {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;

  it.each([
    ['as the whole file', deep, /config\.json: expected a JSON object, got \[\[\[\[/],
    [
      'in a field',
      `{"vocab_size": ${deep}}`,
      /field "vocab_size" is \[\[\[\[.*expected a positive integer/,
    ],
  ])('is a CheckpointError naming what it found %s', (_where, text, message) => {
    expect(() => parseConfigText(text, FILE)).toThrow(CheckpointError);
    expect(() => parseConfigText(text, FILE)).toThrow(message);
  });
});

describe('parseConfig on random input', () => {
  it('only ever throws CheckpointError on random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        try {
          parseConfig(json, FILE);
        } catch (error) {
          expect(error).toBeInstanceOf(CheckpointError);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('only ever throws CheckpointError when config fields hold random values', () => {
    const mutated = fc
      .record({
        field: fc.constantFrom(...Object.keys(BERT_BASE), '__proto__'),
        value: fc.jsonValue(),
      })
      .map(
        ({ field, value }) =>
          JSON.parse(JSON.stringify({ ...BERT_BASE, [field]: value })) as unknown,
      );
    fc.assert(
      fc.property(mutated, (json) => {
        try {
          const config = parseConfig(json, FILE);
          expect(config.hiddenSize % config.numHeads).toBe(0);
        } catch (error) {
          expect(error).toBeInstanceOf(CheckpointError);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
