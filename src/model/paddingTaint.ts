// Taint: overwrite the padding rows of a hidden state with a poison value, to test that nothing
// flows from padding into real tokens (a correct mask keeps their outputs unchanged).
import * as tf from '@tensorflow/tfjs-core';
import type { Taint } from './encoderIo';

/** True when `taint` asks for the input of layer `layer` (0 = the embeddings' output) to be poisoned. */
export function isTaintedAt(taint: Taint | undefined, layer: number): boolean {
  if (taint === undefined) return false;
  switch (taint.at) {
    case 'embeddings':
      return layer === 0;
    case 'everyLayer':
      return true;
    default: {
      const unknown: never = taint.at;
      throw new Error(`unknown taint site ${String(unknown)}`);
    }
  }
}

/** x [B*T, D] with every padding row (keep[b, t] = 0) set to `value`: where(pad, value, x). */
export function taintPadding(x: tf.Tensor2D, keep: tf.Tensor2D, value: number): tf.Tensor2D {
  const [rows, width] = x.shape;
  const isPad = tf.broadcastTo(tf.reshape(tf.equal(keep, 0), [rows, 1]), [rows, width]); // [B*T, D]
  return tf.where(isPad, tf.fill([rows, width], value), x);
}
