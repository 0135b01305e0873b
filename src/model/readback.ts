// A forward's outputs come back to the CPU in the fewest copies the backend allows.
// - GPU backends (webgpu, webgl): every part is flattened and concatenated on the device, read
//   with ONE `await data()` (one transfer, one sync), then sliced.
// - Backends whose tensors already live in CPU memory (tfjs-wasm's heap): each tensor is copied
//   straight from its heap view into its part's array. No device-side concat, and no
//   `data()`: tfjs-wasm's read slices the heap, which took ~22 ms for 5 MB in Chromium 156.
import * as tf from '@tensorflow/tfjs-core';
import type { DenseTensor } from '../checkpoint/types';
import { activeHeap, floats, type HeapBackend } from './fused/heap';

/** One output: the tensors holding it in order (their concatenation) and its shape. */
export interface Part {
  readonly shape: readonly number[];
  readonly tensors: readonly tf.Tensor[];
}

/** Named outputs of a forward, as device tensors. */
export type Parts<K extends string> = Partial<Record<K, Part>>;

/** Tensors of the same shape read as one output: [n, ...shape]. */
export function stacked(tensors: readonly tf.Tensor[]): Part {
  return { shape: [tensors.length, ...(tensors[0]?.shape ?? [])], tensors };
}

/** Every tensor of the parts (to keep them past a tf.tidy, then dispose them). */
export function tensorsOf<K extends string>(parts: Parts<K>): tf.Tensor[] {
  return Object.values<Part | undefined>(parts).flatMap((part) => part?.tensors ?? []);
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function entriesOf<K extends string>(parts: Parts<K>): (readonly [K, Part])[] {
  return (Object.keys(parts) as K[]).flatMap((key) => {
    const part = parts[key];
    return part === undefined ? [] : [[key, part] as const];
  });
}

/** Copies each part from the heap; nothing is allocated on the device in between. */
function copyFromHeap<K extends string>(
  heap: HeapBackend,
  parts: Parts<K>,
): Partial<Record<K, DenseTensor>> {
  const result: Partial<Record<K, DenseTensor>> = {};
  for (const [key, { shape, tensors }] of entriesOf(parts)) {
    const data = new Float32Array(sizeOf(shape));
    let offset = 0;
    for (const tensor of tensors) {
      const view = floats(heap, tensor);
      if (offset + view.length > data.length) {
        throw new Error(`internal: output "${key}" does not match its shape [${shape.join(', ')}]`);
      }
      data.set(view, offset);
      offset += view.length;
    }
    result[key] = { shape, data };
  }
  return result;
}

/** Concatenates every part on the device, reads it with one `data()` and slices it back. */
async function readPacked<K extends string>(
  parts: Parts<K>,
): Promise<Partial<Record<K, DenseTensor>>> {
  const entries = entriesOf(parts);
  const packed = tf.tidy(() => {
    const flat = entries
      .flatMap(([, part]) => part.tensors)
      .filter((tensor) => tensor.size > 0) // reshape of an empty tensor to [-1] is ambiguous
      .map((tensor) => tf.reshape<tf.Rank.R1>(tensor, [tensor.size]));
    return flat.length === 0 ? tf.tensor1d([], 'float32') : tf.concat1d(flat);
  });
  let flat: Float32Array;
  try {
    flat = await packed.data<'float32'>();
  } finally {
    packed.dispose();
  }
  const result: Partial<Record<K, DenseTensor>> = {};
  let offset = 0;
  for (const [key, { shape }] of entries) {
    const size = sizeOf(shape);
    result[key] = { shape, data: flat.slice(offset, offset + size) };
    offset += size;
  }
  return result;
}

/**
 * Reads every part into plain DenseTensors (copies that own their buffers). The caller keeps
 * ownership of the parts' tensors and disposes them afterwards.
 */
export async function readParts<K extends string>(
  parts: Parts<K>,
): Promise<Partial<Record<K, DenseTensor>>> {
  const heap = activeHeap();
  return heap === null ? readPacked(parts) : copyFromHeap(heap, parts);
}
