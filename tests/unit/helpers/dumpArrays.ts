// Small dumps built by hand for the dump tests: deterministic scores, softmax rows and named
// arrays, so the expected answer follows from how the array was made.
import type { NamedArray } from '../../../src/dump/arrays';

/** A deterministic stream of numbers in [-2, 2). */
export function scoresStream(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 31) * 4 - 2;
  };
}

/** One row's softmax, the largest score subtracted first (a -1e9 key comes out 0). */
export function softmax(scores: readonly number[]): number[] {
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const total = exps.reduce((a, v) => a + v, 0);
  return exps.map((e) => e / total);
}

/** A named array as the readers return it: float32 ('<f4'), or a bool mask ('|b1'). */
export function dumpArray(
  name: string,
  shape: number[],
  data: Float32Array,
  kind: NamedArray['kind'] = 'float',
): NamedArray {
  return { name, shape, dtype: kind === 'float' ? '<f4' : '|b1', kind, data };
}
