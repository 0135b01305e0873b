// Fused kernels for the wasm backend: the encoder's small elementwise and per-row steps, each
// one kernel instead of a chain of ops. A forward of the default model at T = 64 was ~340
// kernel launches; the engine's bookkeeping per launch (tensor tracking, the reshapes that
// `fused.matMul` and `moments` add) cost as much as the arithmetic. The kernels are
// JavaScript over the wasm heap, as tfjs-wasm writes some of its own (Cast, Concat).
//
// Each kernel has an op-chain twin in layers.ts, used on every other backend (ops.ts picks one
// set per encoder); tests/unit/fusedKernels.test.ts checks the kernels against references.
import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activation';
import { dense } from './dense';
import type { KernelArgs } from './heap';
import { headsMatMul, splitHeads } from './heads';
import { addNorm, embedNorm } from './norm';

export const EMBED_NORM = 'MaskscopeEmbedNorm';
export const ADD_NORM = 'MaskscopeAddNorm';
export const ACTIVATE = 'MaskscopeActivate';
export const SPLIT_HEADS = 'MaskscopeSplitHeads';
export const HEADS_MATMUL = 'MaskscopeHeadsMatMul';
export const DENSE = 'MaskscopeDense';

const KERNELS: readonly (readonly [
  string,
  (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[],
])[] = [
  [EMBED_NORM, embedNorm],
  [ADD_NORM, addNorm],
  [ACTIVATE, activate],
  [SPLIT_HEADS, splitHeads],
  [HEADS_MATMUL, headsMatMul],
  [DENSE, dense],
];

/** Registers the kernels for tfjs-wasm; safe to call again (createEncoder calls it). */
export function registerFusedKernels(): void {
  for (const [kernelName, kernelFunc] of KERNELS) {
    if (tf.getKernel(kernelName, 'wasm') === undefined) {
      tf.registerKernel({
        kernelName,
        backendName: 'wasm',
        kernelFunc: kernelFunc,
      });
    }
  }
}

/** True when the active backend runs the fused kernel `name`. */
export function hasFused(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/** Runs a fused kernel by name; call inside tf.tidy, like any op. */
export function runFused<T extends tf.Tensor | tf.Tensor[]>(
  name: string,
  inputs: Record<string, tf.Tensor>,
  attrs: Record<string, number | string>,
): T {
  return tf.engine().runKernel(name, inputs, attrs) as unknown as T;
}
