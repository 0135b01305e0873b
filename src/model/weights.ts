// Turns a Checkpoint (plain Float32Arrays keyed by Hugging Face BertForMaskedLM names) into
// device tensors once, checking every key and shape, like nanoGPT's from_pretrained.
//
// Linear weights are stored transposed, as [in, out] kernels: PyTorch keeps [out, in], and
// x·Wᵀ with a transposed operand takes tfjs-wasm's scalar loop (2–3 GFLOP/s here) where x·K takes
// XNNPACK (about 23 GFLOP/s). The transpose is done once, on the CPU, before the upload.
import * as tf from '@tensorflow/tfjs-core';
import { EMBEDDING_KEYS, layerKeys, MLM_HEAD_KEYS } from '../checkpoint/bertKeys';
import type { Checkpoint } from '../checkpoint/types';
import type { EncoderConfig } from './config';
import { EncoderError } from './encoderError';

/** A Linear layer y = x·kernel + bias: kernel [in, out] (PyTorch's weight transposed), bias [out]. */
export interface DenseWeights {
  readonly kernel: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
}

/** A LayerNorm's scale and shift, both [D]. */
export interface NormWeights {
  readonly gamma: tf.Tensor1D;
  readonly beta: tf.Tensor1D;
}

/** One post-LN transformer layer. */
export interface LayerWeights {
  /** Query, key and value in one kernel [D, 3D] (columns q | k | v), the query's 1/√d_head in it. */
  readonly qkv: DenseWeights;
  readonly attentionOutput: DenseWeights;
  readonly attentionNorm: NormWeights;
  readonly intermediate: DenseWeights;
  readonly output: DenseWeights;
  readonly outputNorm: NormWeights;
}

/** Every tensor of a BertForMaskedLM, on the active tfjs backend. */
export interface EncoderWeights {
  /** [V, D] */
  readonly wordEmbeddings: tf.Tensor2D;
  /** [maxPositions, D] */
  readonly positionEmbeddings: tf.Tensor2D;
  /** [typeVocabSize, D] */
  readonly tokenTypeEmbeddings: tf.Tensor2D;
  readonly embeddingNorm: NormWeights;
  readonly layers: readonly LayerWeights[];
  /** MLM head transform: dense [D, D] then LayerNorm. */
  readonly transform: DenseWeights;
  readonly transformNorm: NormWeights;
  /**
   * MLM decoder as a kernel [D, V]. A tied decoder is a transposed copy of the word embeddings
   * (V·D more floats on the device, paid once for a fast product on every forward).
   */
  readonly decoder: tf.Tensor2D;
  /** MLM output bias [V]. */
  readonly decoderBias: tf.Tensor1D;
}

/** Creates tensors from named checkpoint entries, checking shapes; remembers what it made. */
class TensorMaker {
  readonly made: tf.Tensor[] = [];
  constructor(private readonly checkpoint: Checkpoint) {}

  /** True when `key` is absent or holds the very same data as `tiedTo` (a tied decoder). */
  isTied(key: string, tiedTo: string): boolean {
    const entry = this.checkpoint.weights.get(key);
    return entry === undefined || entry.data === this.checkpoint.weights.get(tiedTo)?.data;
  }

  matrix(key: string, rows: number, cols: number): tf.Tensor2D {
    return this.track(tf.tensor2d(this.checked(key, [rows, cols]), [rows, cols], 'float32'));
  }

  /** The [rows, cols] entry `key` uploaded transposed, as [cols, rows], its values times `scale`. */
  transposed(key: string, rows: number, cols: number, scale = 1): tf.Tensor2D {
    return this.track(
      tf.tensor2d(this.transposedData(key, rows, cols, scale), [cols, rows], 'float32'),
    );
  }

  /**
   * Square Linear layers [size, size] side by side as one kernel [size, n·size] (each transposed
   * and times its scale) with their biases concatenated: n projections in one product.
   */
  stacked(
    parts: readonly { weight: string; bias: string; scale: number }[],
    size: number,
  ): DenseWeights {
    const width = parts.length * size;
    const kernel = new Float32Array(size * width);
    const bias = new Float32Array(width);
    parts.forEach(({ weight, bias: biasKey, scale }, p) => {
      const part = this.transposedData(weight, size, size, scale); // [in, out]
      for (let row = 0; row < size; row++) {
        kernel.set(part.subarray(row * size, (row + 1) * size), row * width + p * size);
      }
      bias.set(this.scaledData(biasKey, size, scale), p * size);
    });
    return {
      kernel: this.track(tf.tensor2d(kernel, [size, width], 'float32')),
      bias: this.track(tf.tensor1d(bias, 'float32')),
    };
  }

  vector(key: string, size: number, scale = 1): tf.Tensor1D {
    return this.track(tf.tensor1d(this.scaledData(key, size, scale), 'float32'));
  }

  private transposedData(key: string, rows: number, cols: number, scale: number): Float32Array {
    const data = this.checked(key, [rows, cols]);
    const out = new Float32Array(data.length);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[c * rows + r] = (data[r * cols + c] ?? 0) * scale;
    }
    return out;
  }

  private scaledData(key: string, size: number, scale: number): Float32Array {
    const data = this.checked(key, [size]);
    return scale === 1 ? data : data.map((v) => v * scale);
  }

  private track<T extends tf.Tensor>(tensor: T): T {
    this.made.push(tensor);
    return tensor;
  }

  /** The entry's data after checking it exists and has exactly `shape`. */
  private checked(key: string, shape: readonly number[]): Float32Array {
    const entry = this.checkpoint.weights.get(key);
    const where = `${this.checkpoint.source}: weight "${key}"`;
    if (entry === undefined) {
      throw new EncoderError(`${where} is missing (expected shape [${shape.join(', ')}])`);
    }
    const sameShape =
      entry.shape.length === shape.length && entry.shape.every((size, i) => size === shape[i]);
    if (!sameShape) {
      throw new EncoderError(
        `${where} has shape [${entry.shape.join(', ')}], expected [${shape.join(', ')}]`,
      );
    }
    if (entry.data.length !== shape.reduce((a, b) => a * b, 1)) {
      throw new EncoderError(`${where} holds ${entry.data.length} values for its shape`);
    }
    return entry.data;
  }
}

/** A Linear layer from its PyTorch weight [out, in] and bias, both times `scale`. */
function dense(
  make: TensorMaker,
  weight: string,
  bias: string,
  outSize: number,
  inSize: number,
  scale = 1,
): DenseWeights {
  return {
    kernel: make.transposed(weight, outSize, inSize, scale),
    bias: make.vector(bias, outSize, scale),
  };
}

function norm(make: TensorMaker, weight: string, bias: string, size: number): NormWeights {
  return { gamma: make.vector(weight, size), beta: make.vector(bias, size) };
}

function layer(make: TensorMaker, index: number, config: EncoderConfig): LayerWeights {
  const k = layerKeys(index);
  const d = config.hiddenSize;
  const ffn = config.intermediateSize;
  // The scores' 1/√d_head is folded into the query projection: (q/√d)·kᵀ = q·kᵀ/√d, one op less
  // on [B, H, T, T] per layer.
  const queryScale = 1 / Math.sqrt(d / config.numHeads);
  return {
    qkv: make.stacked(
      [
        { weight: k.queryWeight, bias: k.queryBias, scale: queryScale },
        { weight: k.keyWeight, bias: k.keyBias, scale: 1 },
        { weight: k.valueWeight, bias: k.valueBias, scale: 1 },
      ],
      d,
    ),
    attentionOutput: dense(make, k.attentionOutputWeight, k.attentionOutputBias, d, d),
    attentionNorm: norm(make, k.attentionLayerNormWeight, k.attentionLayerNormBias, d),
    intermediate: dense(make, k.intermediateWeight, k.intermediateBias, ffn, d),
    output: dense(make, k.outputWeight, k.outputBias, d, ffn),
    outputNorm: norm(make, k.outputLayerNormWeight, k.outputLayerNormBias, d),
  };
}

function buildWeights(make: TensorMaker, config: EncoderConfig): EncoderWeights {
  const d = config.hiddenSize;
  const v = config.vocabSize;
  const e = EMBEDDING_KEYS;
  const h = MLM_HEAD_KEYS;
  const wordEmbeddings = make.matrix(e.word, v, d);
  return {
    wordEmbeddings,
    positionEmbeddings: make.matrix(e.position, config.maxPositions, d),
    tokenTypeEmbeddings: make.matrix(e.tokenType, config.typeVocabSize, d),
    embeddingNorm: norm(make, e.layerNormWeight, e.layerNormBias, d),
    layers: Array.from({ length: config.numLayers }, (_, i) => layer(make, i, config)),
    transform: dense(make, h.transformWeight, h.transformBias, d, d),
    transformNorm: norm(make, h.layerNormWeight, h.layerNormBias, d),
    decoder: make.transposed(make.isTied(h.decoderWeight, e.word) ? e.word : h.decoderWeight, v, d),
    decoderBias: make.vector(h.decoderBias, v),
  };
}

/**
 * Uploads every weight the encoder needs, checked key by key and shape by shape; keys it
 * does not use (pooler, NSP head) are ignored. Returns the weights and a function freeing them.
 */
export function loadWeights(checkpoint: Checkpoint): {
  weights: EncoderWeights;
  dispose: () => void;
} {
  const config = checkpoint.config;
  if (config.hiddenSize % config.numHeads !== 0) {
    throw new EncoderError(
      `${checkpoint.source}: hidden size ${config.hiddenSize} is not divisible by ${config.numHeads} heads`,
    );
  }
  const make = new TensorMaker(checkpoint);
  try {
    const weights = buildWeights(make, config);
    return { weights, dispose: () => tf.dispose(make.made) };
  } catch (error) {
    tf.dispose(make.made);
    throw error;
  }
}
