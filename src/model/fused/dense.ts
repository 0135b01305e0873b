// y = x·K + b on the wasm backend as ONE kernel launch: tfjs-wasm's own _FusedMatMul (XNNPACK),
// called on 2-D views. `tf.fused.matMul` reshapes x and K to 3-D and the result back (three
// Reshape launches per Linear, 54 of a forward's 110) and wraps the call for gradients.
import * as tf from '@tensorflow/tfjs-core';
import { input, type KernelArgs } from './heap';

/** A 2-D tensor seen as [1, rows, cols], the batch-1 shape _FusedMatMul reads (no copy). */
function asBatchOfOne(info: tf.TensorInfo): tf.TensorInfo {
  return { dataId: info.dataId, shape: [1, ...info.shape], dtype: info.dtype };
}

/** x [N, in], kernel [in, out], bias [out] → [N, out]: the same arithmetic as tf.fused.matMul. */
export function dense(args: KernelArgs): tf.TensorInfo {
  const matMul = tf.getKernel(tf._FusedMatMul, 'wasm');
  if (matMul === undefined) throw new Error('fused kernel: wasm has no _FusedMatMul');
  const x = input(args, 'x');
  const kernel = input(args, 'kernel');
  const out = matMul.kernelFunc({
    inputs: { a: asBatchOfOne(x), b: asBatchOfOne(kernel), bias: input(args, 'bias') },
    attrs: { transposeA: false, transposeB: false, activation: 'linear', leakyreluAlpha: 0 },
    backend: args.backend as tf.KernelBackend,
  }) as tf.TensorInfo;
  // As tfjs-wasm's Reshape does: the same data under the 2-D shape.
  return { dataId: out.dataId, shape: [x.shape[0] ?? 0, kernel.shape[1] ?? 0], dtype: out.dtype };
}
