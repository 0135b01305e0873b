import type { EncoderConfig } from '../model/config';

/** A dense float32 tensor as plain data, row-major. */
export interface DenseTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * A loaded checkpoint: config, vocabulary and weights keyed by the Hugging Face
 * `BertForMaskedLM` state_dict names (`bert.embeddings.word_embeddings.weight`, …,
 * `cls.predictions.bias`), already normalised (prefix added, legacy gamma/beta renamed,
 * tied decoder filled in).
 */
export interface Checkpoint {
  /** Where it came from, for messages ("public/models/maskscope-brown", "my-model.safetensors"). */
  readonly source: string;
  readonly config: EncoderConfig;
  /** One token per line of vocab.txt; the index is the id. */
  readonly vocab: readonly string[];
  readonly weights: ReadonlyMap<string, DenseTensor>;
  /** Raw names of float tensors in the file that the model does not use (pooler, NSP head, extras), sorted. */
  readonly ignoredKeys?: readonly string[];
}
