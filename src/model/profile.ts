// Where a forward's time goes, from TensorFlow.js's profiler: how many kernels run, how long the
// matrix products take against everything else, and what is left for the read-back and the
// JavaScript around the kernels. For the benchmarks (bench/peer); the app does not use it.
import * as tf from '@tensorflow/tfjs-core';
import type { Encoder } from './encoder';
import { DENSE, HEADS_MATMUL } from './fused/kernels';
import type { EncoderInput, ForwardOptions } from './encoderIo';

/** One profiled forward. Kernel times are what the backend reports (wall time on wasm/cpu). */
export interface ForwardProfile {
  readonly kernels: number;
  /** Kernels by name, with their count and total time, slowest first. */
  readonly byKernel: readonly {
    readonly name: string;
    readonly count: number;
    readonly ms: number;
  }[];
  readonly matMulMs: number;
  readonly otherKernelsMs: number;
  /** The whole forward, read-back included. */
  readonly totalMs: number;
}

// On wasm the Linears and the per-head products run as fused kernels (fused/dense.ts, heads.ts).
const MATMUL_KERNELS = new Set(['BatchMatMul', '_FusedMatMul', DENSE, HEADS_MATMUL]);

/** Runs one forward of `encoder` under tf.profile. */
export async function profileForward(
  encoder: Encoder,
  input: EncoderInput,
  options: ForwardOptions = {},
): Promise<ForwardProfile> {
  const start = performance.now();
  const info = await tf.profile(async () => {
    await encoder.forward(input, options);
    return [];
  });
  const totalMs = performance.now() - start;
  const totals = new Map<string, { count: number; ms: number }>();
  // Ops that only wrap a kernel (fusedMatMul__op around _FusedMatMul) are listed too: skip them.
  const kernels = info.kernels.filter((kernel) => !kernel.name.endsWith('__op'));
  for (const kernel of kernels) {
    const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    const total = totals.get(kernel.name) ?? { count: 0, ms: 0 };
    totals.set(kernel.name, { count: total.count + 1, ms: total.ms + ms });
  }
  const byKernel = [...totals]
    .map(([name, total]) => ({ name, ...total }))
    .sort((a, b) => b.ms - a.ms);
  const sum = (isMatMul: boolean) =>
    byKernel.filter((k) => MATMUL_KERNELS.has(k.name) === isMatMul).reduce((ms, k) => ms + k.ms, 0);
  return {
    kernels: kernels.length,
    byKernel,
    matMulMs: sum(true),
    otherKernelsMs: sum(false),
    totalMs,
  };
}
