// The encoder's building blocks on the wasm backend: one fused kernel each (kernels.ts) where
// the op chain of layers.ts would launch several.
import * as tf from '@tensorflow/tfjs-core';
import type { EncoderOps } from '../layers';
import { referenceOps } from '../layers';
import {
  ACTIVATE,
  ADD_NORM,
  DENSE,
  EMBED_NORM,
  HEADS_MATMUL,
  runFused,
  SPLIT_HEADS,
} from './kernels';

/** The fused set; call registerFusedKernels first (opsFor does). */
export const fusedOps: EncoderOps = {
  dense: (x, { kernel, bias }) => runFused(DENSE, { x, kernel, bias }, {}),
  embed: (tables, indices, eps) =>
    runFused(
      EMBED_NORM,
      {
        words: tables.words,
        positions: tables.positions,
        types: tables.types,
        ids: tf.tensor1d(indices.ids, 'int32'),
        positionIds: tf.tensor1d(indices.positionIds, 'int32'),
        typeIds: tf.tensor1d(indices.typeIds, 'int32'),
        gamma: tables.norm.gamma,
        beta: tables.norm.beta,
      },
      { eps },
    ),
  layerNorm: (x, { gamma, beta }, eps) => runFused(ADD_NORM, { x, gamma, beta }, { eps }),
  addLayerNorm: (x, residual, { gamma, beta }, eps) =>
    runFused(ADD_NORM, { x, residual, gamma, beta }, { eps }),
  // relu is one kernel already.
  activate: (x, act) =>
    act === 'relu'
      ? referenceOps.activate(x, act)
      : runFused(ACTIVATE, { x }, { act: act === 'gelu' ? 'gelu' : 'gelu_tanh' }),
  splitHeads: (qkv, batch, heads) => {
    const [q, kT, v] = runFused<tf.Tensor4D[]>(SPLIT_HEADS, { qkv }, { batch, heads });
    if (q === undefined || kT === undefined || v === undefined)
      throw new Error('internal: q, k, v');
    return [q, kT, v];
  },
  headsProduct: (a, b) => runFused(HEADS_MATMUL, { a, b }, { merge: 0 }),
  mergedHeadsProduct: (a, b) => runFused(HEADS_MATMUL, { a, b }, { merge: 1 }),
  // tfjs-wasm's softmax gives a NaN row for a NaN or an all -Infinity row, as PyTorch.
  softmax: referenceOps.softmax,
};
