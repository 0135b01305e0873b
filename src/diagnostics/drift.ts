/**
 * Drift: how much the real tokens' hidden states change when only the padding changes. A
 * correct mask keeps it within ~1e-5 in float32 (pytorch/text `test_padded_input_inference`).
 */
import type { DenseTensor } from '../checkpoint/types';
import { checkIndex, hiddenDims } from './dims';

/** Which batch item of each run and which hidden state to compare. */
export interface DriftOptions {
  /** Batch item of run A (default 0). */
  readonly batchA?: number;
  /** Batch item of run B (default 0). */
  readonly batchB?: number;
  /** Index into the L+1 states: 0 = embeddings; default the last (final layer output). */
  readonly state?: number;
}

/**
 * Max |a - b| over the real tokens' hidden states of two runs [L+1, B, T, D]; realPositions*
 * give token k's index t in each run (from padSequence/buildBatch). NaN if either run has NaN there.
 */
export function drift(
  hiddenA: DenseTensor,
  realPositionsA: Int32Array,
  hiddenB: DenseTensor,
  realPositionsB: Int32Array,
  options: DriftOptions = {},
): number {
  const a = hiddenDims(hiddenA.shape, hiddenA.data.length);
  const b = hiddenDims(hiddenB.shape, hiddenB.data.length);
  if (a.states !== b.states || a.width !== b.width) {
    throw new RangeError(
      `hidden states differ in layers or width: [${hiddenA.shape.join(', ')}] vs [${hiddenB.shape.join(', ')}].`,
    );
  }
  if (realPositionsA.length !== realPositionsB.length) {
    throw new RangeError(
      `runs have ${realPositionsA.length} and ${realPositionsB.length} real tokens; they must match.`,
    );
  }
  const { batchA = 0, batchB = 0, state = a.states - 1 } = options;
  checkIndex(batchA, a.batch, 'batchA');
  checkIndex(batchB, b.batch, 'batchB');
  checkIndex(state, a.states, 'state');
  const rowsOf = (hidden: DenseTensor, dims: typeof a, item: number): Float32Array => {
    const size = dims.seqLen * dims.width;
    const start = (state * dims.batch + item) * size;
    return hidden.data.subarray(start, start + size);
  };
  return rowDrift(
    { rows: rowsOf(hiddenA, a, batchA), positions: realPositionsA },
    { rows: rowsOf(hiddenB, b, batchB), positions: realPositionsB },
    a.width,
  );
}

/** Hidden states of one sequence [T, D] and the row t of each real token k in it. */
export interface TokenRows {
  readonly rows: Float32Array;
  readonly positions: Int32Array;
}

/**
 * Max |a - b| over real tokens k between two sequences' hidden states [T, D] (token k is row
 * `a.positions[k]` of `a` and row `b.positions[k]` of `b`). NaN if either has NaN there.
 */
export function rowDrift(a: TokenRows, b: TokenRows, width: number): number {
  if (a.positions.length !== b.positions.length) {
    throw new RangeError(
      `runs have ${a.positions.length} and ${b.positions.length} real tokens; they must match.`,
    );
  }
  const seqLenA = a.rows.length / width;
  const seqLenB = b.rows.length / width;
  let worst = 0;
  for (let k = 0; k < a.positions.length; k++) {
    const tA = a.positions[k] ?? -1;
    const tB = b.positions[k] ?? -1;
    checkIndex(tA, seqLenA, `realPositionsA[${k}]`);
    checkIndex(tB, seqLenB, `realPositionsB[${k}]`);
    for (let d = 0; d < width; d++) {
      const diff = Math.abs((a.rows[tA * width + d] ?? NaN) - (b.rows[tB * width + d] ?? NaN));
      if (Number.isNaN(diff)) return NaN;
      worst = Math.max(worst, diff);
    }
  }
  return worst;
}
