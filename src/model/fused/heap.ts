// What the fused kernels share: the view of tfjs-wasm's heap and the kernel arguments.
import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-wasm's BackendWasm these kernels use. */
export interface HeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** What tfjs hands a kernel function. */
export interface KernelArgs {
  readonly inputs: tf.NamedTensorInfoMap;
  readonly attrs?: tf.NamedAttrMap;
  readonly backend: unknown;
}

/** The active backend when its tensors live in a heap these views can read (tfjs-wasm), or null. */
export function activeHeap(): HeapBackend | null {
  const backend = tf.backend() as Partial<HeapBackend>;
  return typeof backend.typedArrayFromHeap === 'function' ? (backend as HeapBackend) : null;
}

/** The backend of a kernel call, as a heap (the kernels are registered for wasm only). */
export function heapOf(args: KernelArgs): HeapBackend {
  return args.backend as HeapBackend;
}

/** A float32 tensor's values, viewed in place on the heap. Make outputs first: growing the heap detaches earlier views. */
export function floats(backend: HeapBackend, info: tf.TensorInfo): Float32Array {
  const values = backend.typedArrayFromHeap(info);
  if (!(values instanceof Float32Array)) {
    throw new Error(`${String(info.dtype)} where float32 was expected`);
  }
  return values;
}

/** An int32 tensor's values, viewed in place on the heap. */
export function ints(backend: HeapBackend, info: tf.TensorInfo): Int32Array {
  const values = backend.typedArrayFromHeap(info);
  if (!(values instanceof Int32Array)) {
    throw new Error(`${String(info.dtype)} where int32 was expected`);
  }
  return values;
}

/** The named input; throws when the caller left it out. */
export function input(args: KernelArgs, name: string): tf.TensorInfo {
  const info = args.inputs[name];
  if (info === undefined) throw new Error(`fused kernel: input "${name}" is missing`);
  return info;
}

/** A numeric attribute. */
export function numberAttr(args: KernelArgs, name: string): number {
  const value = args.attrs?.[name];
  if (typeof value !== 'number')
    throw new Error(`fused kernel: attribute "${name}" is not a number`);
  return value;
}
