/**
 * The arrays a dump holds, as read from any format: a name, a shape, what kind of numbers they
 * were, and the values as float32 (attention weights and scores are floats; masks and lengths
 * are small integers or booleans, exact in float32 up to 2^24).
 */

/** What the file stored: floats are attention or scores; integers and booleans are masks. */
export type ValueKind = 'float' | 'int' | 'bool';

/** One array of a dump, row-major (C order) whatever order the file used. */
export interface NamedArray {
  readonly name: string;
  readonly shape: readonly number[];
  /** The file's element type as it named it ('<f4', 'F16', 'BF16', 'bool', 'json'). */
  readonly dtype: string;
  readonly kind: ValueKind;
  readonly data: Float32Array;
}

/** Every array of one file, in file order. */
export interface DumpFile {
  readonly fileName: string;
  readonly arrays: readonly NamedArray[];
  /** Position labels [T] the file names (a JSON dump's `tokens` list), when it has them. */
  readonly labels?: readonly string[];
}

/** Largest number of elements one array may have: 2^28 float32 values are 1 GiB. */
export const MAX_ELEMENTS = 2 ** 28;
/** Largest rank read (attention dumps have 2 to 5 axes). */
export const MAX_RANK = 8;

/** Product of the sizes, or Infinity once it passes MAX_ELEMENTS (so no overflow, no alloc). */
export function elementCount(shape: readonly number[]): number {
  let count = 1;
  for (const size of shape) {
    count *= size;
    if (count > MAX_ELEMENTS) return Infinity;
  }
  return count;
}

/**
 * Reorders a row-major array of `shape` so that output axis i is input axis perm[i]
 * (numpy's `transpose(perm)`), into a new Float32Array.
 */
export function permute(
  data: Float32Array,
  shape: readonly number[],
  perm: readonly number[],
): { data: Float32Array; shape: number[] } {
  const rank = shape.length;
  const outShape = perm.map((axis) => shape[axis] ?? 0);
  const inStrides = stridesOf(shape);
  const strides = perm.map((axis) => inStrides[axis] ?? 0); // input stride per output axis
  const out = new Float32Array(data.length);
  const last = rank - 1;
  const lastSize = outShape[last] ?? 1;
  const lastStride = strides[last] ?? 0;
  const index = new Array<number>(rank).fill(0);
  let from = 0;
  for (let to = 0; to < out.length; to += lastSize) {
    for (let j = 0; j < lastSize; j++) out[to + j] = data[from + j * lastStride] ?? NaN;
    // Advance the odometer over every axis but the last.
    for (let axis = last - 1; axis >= 0; axis--) {
      index[axis] = (index[axis] ?? 0) + 1;
      from += strides[axis] ?? 0;
      if ((index[axis] ?? 0) < (outShape[axis] ?? 0)) break;
      from -= (strides[axis] ?? 0) * (outShape[axis] ?? 0);
      index[axis] = 0;
    }
  }
  return { data: out, shape: outShape };
}

/** Row-major strides of a shape, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let axis = shape.length - 2; axis >= 0; axis--) {
    strides[axis] = (strides[axis + 1] ?? 1) * (shape[axis + 1] ?? 1);
  }
  return strides;
}
