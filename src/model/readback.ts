// Everything a forward returns comes back from the device in ONE transfer: the parts are
// flattened and concatenated on the device, read with a single `await data()`, then sliced.
import * as tf from '@tensorflow/tfjs-core';
import type { DenseTensor } from '../checkpoint/types';

/** Where each named part lies in the packed vector: its shape, in packing order. */
export type PackLayout<K extends string> = readonly (readonly [key: K, shape: readonly number[]])[];

/** One 1-D device tensor holding every part, with the layout to slice it back. */
export interface Packed<K extends string> {
  readonly packed: tf.Tensor1D;
  readonly layout: PackLayout<K>;
}

/** Flattens and concatenates the parts into one 1-D tensor on the device (call inside tidy). */
export function packParts<K extends string>(
  parts: Readonly<Partial<Record<K, tf.Tensor>>>,
): Packed<K> {
  const entries = (Object.keys(parts) as K[]).flatMap((key) => {
    const part = parts[key];
    return part === undefined ? [] : [[key, part] as const];
  });
  const flat = entries
    .map(([, part]) => part)
    .filter((part) => part.size > 0) // reshape of an empty tensor to [-1] is ambiguous
    .map((part) => tf.reshape<tf.Rank.R1>(part, [part.size]));
  return {
    packed: flat.length === 0 ? tf.tensor1d([], 'float32') : tf.concat1d(flat),
    layout: entries.map(([key, part]) => [key, part.shape] as const),
  };
}

/**
 * Reads the packed tensor with one `await data()`, disposing it whatever happens, and slices
 * it back into plain DenseTensors (copies, so each owns its buffer).
 */
export async function readPacked<K extends string>({
  packed,
  layout,
}: Packed<K>): Promise<Partial<Record<K, DenseTensor>>> {
  let flat: Float32Array;
  try {
    flat = await packed.data<'float32'>();
  } finally {
    packed.dispose();
  }
  const result: Partial<Record<K, DenseTensor>> = {};
  let offset = 0;
  for (const [key, shape] of layout) {
    const size = shape.reduce((a, b) => a * b, 1);
    result[key] = { shape, data: flat.slice(offset, offset + size) };
    offset += size;
  }
  return result;
}
