import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMBEDDING_KEYS, MLM_HEAD_KEYS } from '../../src/checkpoint/bertKeys';
import { CheckpointError } from '../../src/checkpoint/checkpointError';
import { loadCheckpointFromFiles } from '../../src/checkpoint/load';
import { f32Tensor, i64Bytes } from './helpers/safetensorsWriter';
import {
  EMBEDDING_WEIGHTS,
  MLM_HEAD_WEIGHTS,
  TINY_CONFIG_JSON,
  TINY_VOCAB_TEXT,
  WEIGHTS_PER_LAYER,
  tinyFiles,
  tinySafetensors,
} from './helpers/tinyCheckpoint';

const ALL_WEIGHTS =
  EMBEDDING_WEIGHTS + TINY_CONFIG_JSON.num_hidden_layers * WEIGHTS_PER_LAYER + MLM_HEAD_WEIGHTS;

const dropDecoder = (key: string): string | undefined =>
  key === MLM_HEAD_KEYS.decoderWeight ? undefined : key;

describe('loading a checkpoint from files', () => {
  it('loads every weight of a BertForMaskedLM checkpoint under its canonical name', async () => {
    const checkpoint = await loadCheckpointFromFiles(tinyFiles());
    expect(checkpoint.weights.size).toBe(ALL_WEIGHTS);
    expect(checkpoint.source).toBe('model.safetensors');
    expect(checkpoint.config.numLayers).toBe(2);
    expect(checkpoint.vocab).toEqual([
      '[PAD]',
      '[UNK]',
      '[CLS]',
      '[SEP]',
      '[MASK]',
      'the',
      'cat',
      '##s',
    ]);
    expect(checkpoint.weights.get('bert.encoder.layer.1.intermediate.dense.weight')?.shape).toEqual(
      [6, 4],
    );
    expect(checkpoint.ignoredKeys).toEqual([]);
  });

  it('ties the decoder to the word embeddings when the decoder weight is absent', async () => {
    const checkpoint = await loadCheckpointFromFiles(tinyFiles(tinySafetensors(dropDecoder)));
    const word = checkpoint.weights.get(EMBEDDING_KEYS.word);
    expect(word).toBeDefined();
    expect(checkpoint.weights.get(MLM_HEAD_KEYS.decoderWeight)).toBe(word);
  });

  it('keeps an untied decoder weight distinct from the word embeddings', async () => {
    const checkpoint = await loadCheckpointFromFiles(tinyFiles());
    const decoder = checkpoint.weights.get(MLM_HEAD_KEYS.decoderWeight);
    expect(decoder?.data).not.toEqual(checkpoint.weights.get(EMBEDDING_KEYS.word)?.data);
  });

  it('adds the bert. prefix to the keys of a bare BertModel', async () => {
    const bare = (key: string): string => key.replace(/^bert\./, '');
    const canonical = await loadCheckpointFromFiles(tinyFiles());
    const checkpoint = await loadCheckpointFromFiles(tinyFiles(tinySafetensors(bare)));
    expect([...checkpoint.weights.keys()]).toEqual([...canonical.weights.keys()]);
    expect(checkpoint.weights.get(EMBEDDING_KEYS.position)).toEqual(
      canonical.weights.get(EMBEDDING_KEYS.position),
    );
  });

  it('renames legacy LayerNorm gamma and beta to weight and bias', async () => {
    const legacy = (key: string): string =>
      key
        .replace(/LayerNorm\.weight$/, 'LayerNorm.gamma')
        .replace(/LayerNorm\.bias$/, 'LayerNorm.beta');
    const canonical = await loadCheckpointFromFiles(tinyFiles());
    const checkpoint = await loadCheckpointFromFiles(tinyFiles(tinySafetensors(legacy)));
    const key = 'bert.encoder.layer.0.output.LayerNorm.bias';
    expect(checkpoint.weights.get(key)).toEqual(canonical.weights.get(key));
  });

  it('takes the MLM bias from cls.predictions.decoder.bias when that is where it was saved', async () => {
    const moved = (key: string): string =>
      key === MLM_HEAD_KEYS.decoderBias ? 'cls.predictions.decoder.bias' : key;
    const canonical = await loadCheckpointFromFiles(tinyFiles());
    const checkpoint = await loadCheckpointFromFiles(tinyFiles(tinySafetensors(moved)));
    expect(checkpoint.weights.get(MLM_HEAD_KEYS.decoderBias)).toEqual(
      canonical.weights.get(MLM_HEAD_KEYS.decoderBias),
    );
  });

  it('skips position_ids and reports pooler and next-sentence tensors as ignored', async () => {
    const extras = [
      {
        name: 'bert.embeddings.position_ids',
        dtype: 'I64',
        shape: [1, 5],
        bytes: i64Bytes([0, 1, 2, 3, 4]),
      },
      f32Tensor('bert.pooler.dense.bias', [4], [0, 0, 0, 0]),
      f32Tensor('cls.seq_relationship.bias', [2], [0, 0]),
    ];
    const checkpoint = await loadCheckpointFromFiles(tinyFiles(tinySafetensors(undefined, extras)));
    expect(checkpoint.weights.size).toBe(ALL_WEIGHTS);
    expect(checkpoint.ignoredKeys).toEqual(['bert.pooler.dense.bias', 'cls.seq_relationship.bias']);
  });
});

describe('checkpoint validation errors', () => {
  const noHead = (key: string): string | undefined => (key.startsWith('cls.') ? undefined : key);
  const config = (fields: object): object => ({ ...TINY_CONFIG_JSON, ...fields });

  it.each([
    [
      'a checkpoint without an MLM head',
      tinyFiles(tinySafetensors(noHead)),
      'model.safetensors: this checkpoint has no masked-LM head (cls.predictions.*)',
    ],
    [
      'a missing tensor, with the count',
      tinyFiles(tinySafetensors((k) => (k.includes('layer.1.') ? undefined : k))),
      'model.safetensors: tensor "bert.encoder.layer.1.attention.self.query.weight" (expected shape [4, 4]) is missing (16 tensors missing in all)',
    ],
    [
      'a config with more layers than the weights',
      tinyFiles(undefined, undefined, config({ num_hidden_layers: 3 })),
      'tensor "bert.encoder.layer.2.attention.self.query.weight" (expected shape [4, 4]) is missing',
    ],
    [
      'a wrong shape',
      tinyFiles(undefined, undefined, config({ intermediate_size: 8 })),
      'model.safetensors: tensor "bert.encoder.layer.0.intermediate.dense.weight": expected shape [8, 4] from the config, found [6, 4]',
    ],
    [
      'two names for one tensor',
      tinyFiles(
        tinySafetensors(undefined, [f32Tensor('embeddings.LayerNorm.gamma', [4], [1, 1, 1, 1])]),
      ),
      'model.safetensors: tensors "bert.embeddings.LayerNorm.weight" and "embeddings.LayerNorm.gamma" are both "bert.embeddings.LayerNorm.weight"',
    ],
    [
      'a vocabulary shorter than vocab_size',
      tinyFiles(undefined, TINY_VOCAB_TEXT.replace('##s\n', '')),
      'vocab.txt: 7 tokens, but config.json has vocab_size 8',
    ],
    [
      '[PAD] at another id than pad_token_id',
      tinyFiles(undefined, TINY_VOCAB_TEXT.replace('[PAD]\n[UNK]', '[UNK]\n[PAD]')),
      'vocab.txt: [PAD] is id 1, but config.json has pad_token_id 0',
    ],
    [
      'a vocabulary without [MASK]',
      tinyFiles(undefined, TINY_VOCAB_TEXT.replace('[MASK]', 'dog')),
      'vocab.txt: missing required special token(s) [MASK]',
    ],
    [
      'a bad config',
      tinyFiles(undefined, undefined, config({ hidden_act: 'silu' })),
      'config.json: field "hidden_act" is "silu"',
    ],
    [
      'a corrupt safetensors file',
      tinyFiles(new Uint8Array(4)),
      'model.safetensors: the file is 4 bytes',
    ],
  ])('rejects %s with a CheckpointError', async (_name, files, message) => {
    const loading = loadCheckpointFromFiles(files);
    await expect(loading).rejects.toThrow(CheckpointError);
    await expect(loadCheckpointFromFiles(files)).rejects.toThrow(message);
  });
});

describe('a hostile config.json beside the real vocabulary and weights', () => {
  const folder = 'public/models/maskscope-brown';
  const realFiles = async (config: object): Promise<File[]> => [
    new File([JSON.stringify(config)], 'config.json'),
    new File([await readFile(join(folder, 'vocab.txt'))], 'vocab.txt'),
    new File([await readFile(join(folder, 'model.safetensors'))], 'model.safetensors'),
  ];

  it('refuses num_hidden_layers 1,000,000 at once, naming the bound', async () => {
    const real = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as object;
    const files = await realFiles({ ...real, num_hidden_layers: 1_000_000 });
    const started = performance.now();
    await expect(loadCheckpointFromFiles(files)).rejects.toThrow(
      'config.json: field "num_hidden_layers" is 1000000, expected a positive integer up to 1,000',
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses num_hidden_layers 2 against 4 layers of weights, naming the unused layers', async () => {
    const real = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8')) as object;
    const files = await realFiles({ ...real, num_hidden_layers: 2 });
    await expect(loadCheckpointFromFiles(files)).rejects.toThrow(CheckpointError);
    await expect(loadCheckpointFromFiles(files)).rejects.toThrow(
      'model.safetensors: encoder layers 2, 3 (32 tensors, the first "bert.encoder.layer.2.attention.output.LayerNorm.bias") are not used: the config has num_hidden_layers 2',
    );
  });
});

describe('picking the files', () => {
  const [configFile, vocabFile, weightsFile] = tinyFiles();

  it('finds the three files in any order and with extra files around', async () => {
    const extra = new File(['x'], 'README.md');
    const files = [weightsFile, extra, vocabFile, configFile].filter((f) => f !== undefined);
    await expect(loadCheckpointFromFiles(files)).resolves.toMatchObject({
      source: 'model.safetensors',
    });
  });

  it('accepts any *.safetensors name', async () => {
    const renamed = new File(
      [await (weightsFile ?? new File([], '')).arrayBuffer()],
      'my-model.safetensors',
    );
    const files = [configFile, vocabFile, renamed].filter((f) => f !== undefined);
    await expect(loadCheckpointFromFiles(files)).resolves.toMatchObject({
      source: 'my-model.safetensors',
    });
  });

  it('lists what is missing and what was given', async () => {
    const files = [new File(['x'], 'notes.txt'), vocabFile].filter((f) => f !== undefined);
    await expect(loadCheckpointFromFiles(files)).rejects.toThrow(
      'missing config.json, a *.safetensors file: choose config.json, vocab.txt and one *.safetensors file (got notes.txt, vocab.txt)',
    );
  });

  it('refuses two safetensors files', async () => {
    const shard = new File([new Uint8Array(8)], 'model-00002-of-00002.safetensors');
    const files = [configFile, vocabFile, weightsFile, shard].filter((f) => f !== undefined);
    await expect(loadCheckpointFromFiles(files)).rejects.toThrow(
      'sharded checkpoints are not supported',
    );
  });
});
