// A BERT masked-language model (Devlin et al. 2019; Hugging Face modeling_bert.py), read top to
// bottom: embeddings → N post-LN layers → MLM head. Tokens are flattened to rows, [B*T, D],
// except inside attention, which works per head on [B, H, T, T].
import * as tf from '@tensorflow/tfjs-core';
import type { Checkpoint, DenseTensor } from '../checkpoint/types';
import type { EncoderConfig } from './config';
import { EncoderError } from './encoderError';
import type { EncoderOps } from './layers';
import { planMask } from './maskPlan';
import type { MaskPlan } from './maskPlan';
import { opsFor } from './ops';
import { selfAttention } from './selfAttention';
import { isTaintedAt, taintPadding } from './paddingTaint';
import { readParts, stacked, tensorsOf } from './readback';
import type { Parts } from './readback';
import { attentionSpecsOf } from './encoderIo';
import type { EncoderInput, EncoderOutput, ForwardOptions } from './encoderIo';
import { resolveLogitRows, validateInput } from './validate';
import { loadWeights } from './weights';
import type { EncoderWeights, LayerWeights } from './weights';

/** A masked-LM encoder whose weights live on the active tfjs backend. */
export interface Encoder {
  readonly config: EncoderConfig;
  /** Runs one batch; every tensor it makes is freed before the promise resolves. */
  forward(input: EncoderInput, options?: ForwardOptions): Promise<EncoderOutput>;
  /** Frees the weights; forward throws afterwards. */
  dispose(): void;
}

/** What a forward computes with: the weights, the config and the backend's building blocks. */
interface Model {
  readonly w: EncoderWeights;
  readonly config: EncoderConfig;
  readonly ops: EncoderOps;
}

type OutputKey = 'logits' | 'hiddenStates' | 'attention' | 'scores';

/** Word + position + token-type embeddings, then LayerNorm: [B*T, D]. */
function embed(input: EncoderInput, { w, config, ops }: Model): tf.Tensor2D {
  const tables = {
    words: w.wordEmbeddings,
    positions: w.positionEmbeddings,
    types: w.tokenTypeEmbeddings,
    norm: w.embeddingNorm,
  };
  const typeIds = input.tokenTypeIds ?? new Int32Array(input.ids.length);
  const indices = { ids: input.ids, positionIds: input.positionIds, typeIds };
  return ops.embed(tables, indices, config.layerNormEps);
}

/** One post-LN layer: attention → add & norm → feed-forward → add & norm. */
function encoderLayer(
  x: tf.Tensor2D,
  layer: LayerWeights,
  mask: MaskPlan,
  { config, ops }: Model,
): { hidden: tf.Tensor2D; scores: tf.Tensor4D; probs: tf.Tensor4D } {
  const eps = config.layerNormEps;
  const attention = selfAttention(x, layer, mask, config.numHeads, ops);
  const a = ops.addLayerNorm(attention.output, x, layer.attentionNorm, eps); // [B*T, D]
  const inner = ops.activate(ops.dense(a, layer.intermediate), config.hiddenAct); // [B*T, FF]
  const ff = ops.dense(inner, layer.output); // [B*T, D]
  const hidden = ops.addLayerNorm(ff, a, layer.outputNorm, eps);
  return { hidden, scores: attention.scores, probs: attention.probs };
}

/** MLM head on the requested rows only: transform → act → LayerNorm → tied decoder, [N, V]. */
function mlmLogits(
  hidden: tf.Tensor2D,
  rows: readonly number[] | 'all',
  { w, config, ops }: Model,
): tf.Tensor2D {
  if (rows !== 'all' && rows.length === 0) {
    return tf.zeros([0, config.vocabSize]);
  }
  // Gather the rows first: the [N, V] decoder product is the most expensive matmul here.
  const picked = rows === 'all' ? hidden : tf.gather(hidden, tf.tensor1d([...rows], 'int32')); // [N, D]
  const transformed = ops.activate(ops.dense(picked, w.transform), config.hiddenAct);
  const normed = ops.layerNorm(transformed, w.transformNorm, config.layerNormEps);
  return ops.dense(normed, { kernel: w.decoder, bias: w.decoderBias }); // [N, V]
}

/** Each layer's query rows' probability on padding keys: [B, H, T, 1] each (NaN rows stay NaN). */
function paddingMass(probs: readonly tf.Tensor4D[], keep: tf.Tensor2D): tf.Tensor[] {
  const [batch = 0, seqLen = 0] = keep.shape;
  const padKeys = tf.reshape(tf.sub(1, keep), [batch, 1, 1, seqLen]); // K(1-m)
  return probs.map((p) => tf.sum(tf.mul(p, padKeys), -1, true));
}

/** The whole graph for one batch; call inside tf.tidy. */
function runGraph(
  input: EncoderInput,
  rows: readonly number[] | 'all',
  options: ForwardOptions,
  model: Model,
): Parts<OutputKey> {
  const { batch, seqLen } = input;
  const { w, config } = model;
  const mask = planMask(input.attentionMask, seqLen, attentionSpecsOf(input), model.ops.softmax);
  const { taint } = options;
  // Padding rows of layer i's input poisoned when a taint asks for it (i = 0: the embeddings).
  const poison = (h: tf.Tensor2D, i: number): tf.Tensor2D =>
    taint !== undefined && isTaintedAt(taint, i) ? taintPadding(h, mask.keep, taint.value) : h;
  let x = poison(embed(input, model), 0); // [B*T, D]
  const isAllHidden = options.hiddenStates !== 'last';
  const hidden = isAllHidden ? [x] : [];
  const probs: tf.Tensor4D[] = [];
  const scores: tf.Tensor4D[] = [];
  for (const [i, layer] of w.layers.entries()) {
    if (i > 0) x = poison(x, i); // after the previous output was kept in `hidden`
    const out = encoderLayer(x, layer, mask, model);
    x = out.hidden;
    if (isAllHidden) hidden.push(x);
    probs.push(out.probs);
    scores.push(out.scores);
  }
  const width = config.hiddenSize;
  const logits = mlmLogits(x, rows, model); // [N, V]
  const parts: Parts<OutputKey> = {
    logits: { shape: logits.shape, tensors: [logits] },
    // [L+1, B*T, D] read as [L+1, B, T, D], or the last only: [1, B, T, D]
    hiddenStates: {
      shape: [isAllHidden ? hidden.length : 1, batch, seqLen, width],
      tensors: isAllHidden ? hidden : [x],
    },
    attention: stacked(options.attention === 'paddingMass' ? paddingMass(probs, mask.keep) : probs), // [L, B, H, T, 1] or [L, B, H, T, T]
  };
  return options.includeScores === true ? { ...parts, scores: stacked(scores) } : parts; // [L, B, H, T, T]
}

/** Validates, runs the graph in tf.tidy and reads everything back (readback.ts). */
async function forward(
  input: EncoderInput,
  options: ForwardOptions,
  model: Model,
): Promise<EncoderOutput> {
  validateInput(input, model.config);
  const rows = resolveLogitRows(options.logitRows, input.batch * input.seqLen);
  const startMs = performance.now();
  let parts: Parts<OutputKey> = {};
  tf.tidy(() => {
    parts = runGraph(input, rows, options, model);
    for (const tensor of tensorsOf(parts)) tf.keep(tensor); // everything else is freed
  });
  let out: Partial<Record<OutputKey, DenseTensor>>;
  try {
    out = await readParts(parts);
  } finally {
    tf.dispose(tensorsOf(parts));
  }
  const latencyMs = performance.now() - startMs;
  const { logits, hiddenStates, attention, scores } = out;
  if (logits === undefined || hiddenStates === undefined || attention === undefined) {
    throw new EncoderError('internal: a forward output is missing from the read-back');
  }
  return scores === undefined
    ? { logits, hiddenStates, attention, latencyMs }
    : { logits, hiddenStates, attention, scores, latencyMs };
}

/**
 * Uploads a checkpoint's weights to the active tfjs backend (call initBackend first) and
 * returns an encoder. Throws EncoderError naming a missing or misshapen weight.
 */
export async function createEncoder(checkpoint: Checkpoint): Promise<Encoder> {
  await tf.ready();
  const config = checkpoint.config;
  const ops = opsFor(tf.getBackend()); // chosen once: the weights live on this backend
  const { weights, dispose } = loadWeights(checkpoint);
  const model: Model = { w: weights, config, ops };
  let isDisposed = false;
  return {
    config,
    forward: (input, options = {}) => {
      if (isDisposed) {
        return Promise.reject(new EncoderError('forward called on a disposed encoder'));
      }
      return forward(input, options, model);
    },
    dispose: () => {
      if (!isDisposed) {
        isDisposed = true;
        dispose();
      }
    },
  };
}
