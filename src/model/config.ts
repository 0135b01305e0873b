/**
 * The encoder's hyper-parameters, read from a Hugging Face BERT `config.json`.
 * Field names are camelCase versions of Hugging Face's (`hidden_size` → `hiddenSize`).
 */
export interface EncoderConfig {
  /** Rows of the word-embedding matrix. */
  readonly vocabSize: number;
  /** Model width D. */
  readonly hiddenSize: number;
  /** Number of encoder layers L. */
  readonly numLayers: number;
  /** Attention heads per layer H; hiddenSize must be divisible by it. */
  readonly numHeads: number;
  /** Width of the feed-forward block. */
  readonly intermediateSize: number;
  /** Rows of the position-embedding matrix: the longest sequence the model takes. */
  readonly maxPositions: number;
  /** Rows of the token-type (segment) embedding matrix. */
  readonly typeVocabSize: number;
  /** Epsilon of every LayerNorm. */
  readonly layerNormEps: number;
  /** Feed-forward and MLM-transform activation. */
  readonly hiddenAct: HiddenAct;
  /** Id of `[PAD]` (Hugging Face's `pad_token_id`, 0 by default). */
  readonly padTokenId: number;
}

/** Activations the encoder implements; `gelu` is the exact erf form, the others the tanh form / ReLU. */
export type HiddenAct = 'gelu' | 'gelu_new' | 'gelu_pytorch_tanh' | 'relu';
