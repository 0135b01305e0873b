import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EMBEDDING_KEYS, MLM_HEAD_KEYS } from '../../src/checkpoint/bertKeys';
import { loadCheckpointFromFiles } from '../../src/checkpoint/load';

const TINY_DIR = fileURLToPath(new URL('../golden/tiny/', import.meta.url));
const FILE_NAMES = ['config.json', 'vocab.txt', 'model.safetensors'];

/** The tiny golden checkpoint's files, read from disk as browser `File`s. */
function tinyGoldenFiles(): File[] {
  return FILE_NAMES.map((name) => new File([readFileSync(TINY_DIR + name)], name));
}

describe('the tiny golden checkpoint (tests/golden/tiny)', () => {
  it('loads with every BertForMaskedLM weight at the shape its config gives', async () => {
    const checkpoint = await loadCheckpointFromFiles(tinyGoldenFiles());
    const { vocabSize, hiddenSize, numLayers, intermediateSize, maxPositions } = checkpoint.config;
    expect([vocabSize, hiddenSize, numLayers, intermediateSize, maxPositions]).toEqual([
      104, 32, 2, 64, 64,
    ]);
    // 5 embedding tensors, 16 per layer, 6 in the MLM head (decoder tied).
    expect(checkpoint.weights.size).toBe(5 + 16 * numLayers + 6);
    expect(checkpoint.vocab).toHaveLength(vocabSize);
    const shapeOf = (key: string): readonly number[] | undefined =>
      checkpoint.weights.get(key)?.shape;
    expect(shapeOf(EMBEDDING_KEYS.word)).toEqual([vocabSize, hiddenSize]);
    expect(shapeOf(EMBEDDING_KEYS.position)).toEqual([maxPositions, hiddenSize]);
    expect(shapeOf('bert.encoder.layer.1.attention.self.key.weight')).toEqual([
      hiddenSize,
      hiddenSize,
    ]);
    expect(shapeOf('bert.encoder.layer.1.intermediate.dense.weight')).toEqual([
      intermediateSize,
      hiddenSize,
    ]);
    expect(shapeOf('bert.encoder.layer.1.output.dense.weight')).toEqual([
      hiddenSize,
      intermediateSize,
    ]);
    expect(shapeOf(MLM_HEAD_KEYS.decoderBias)).toEqual([vocabSize]);
    for (const tensor of checkpoint.weights.values()) {
      expect(tensor.data).toHaveLength(tensor.shape.reduce((product, dim) => product * dim, 1));
      expect(tensor.data.every(Number.isFinite)).toBe(true);
    }
  });

  it('ties the decoder to the word embeddings and leaves no float tensor unused', async () => {
    const checkpoint = await loadCheckpointFromFiles(tinyGoldenFiles());
    expect(checkpoint.weights.get(MLM_HEAD_KEYS.decoderWeight)).toBe(
      checkpoint.weights.get(EMBEDDING_KEYS.word),
    );
    expect(checkpoint.ignoredKeys).toEqual([]);
  });
});
