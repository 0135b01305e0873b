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
  let worst = 0;
  for (let k = 0; k < realPositionsA.length; k++) {
    const tA = realPositionsA[k] ?? -1;
    const tB = realPositionsB[k] ?? -1;
    checkIndex(tA, a.seqLen, `realPositionsA[${k}]`);
    checkIndex(tB, b.seqLen, `realPositionsB[${k}]`);
    const startA = ((state * a.batch + batchA) * a.seqLen + tA) * a.width;
    const startB = ((state * b.batch + batchB) * b.seqLen + tB) * b.width;
    for (let d = 0; d < a.width; d++) {
      const diff = Math.abs((hiddenA.data[startA + d] ?? NaN) - (hiddenB.data[startB + d] ?? NaN));
      if (Number.isNaN(diff)) return NaN;
      worst = Math.max(worst, diff);
    }
  }
  return worst;
}
