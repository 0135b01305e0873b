/**
 * Measuring one padded run against the reference: the drift of each output over the real
 * positions (relative, as layerDrift.ts defines it), and each Softmax tap's mass on padding
 * (leak.ts) and NaN (nan.ts). No new measure: these are maskscope's own, fed ONNX tensors.
 */
import { hasNaN } from '../diagnostics/nan';
import { isLeaking, leakScores, summariseLeak } from '../diagnostics/leak';
import { stateDrifts } from '../diagnostics/layerDrift';
import { TOLERANCES } from '../diagnostics/tolerances';
import type { RunLayout } from './feeds';

/** An output or tap as read back: dims and values as float32, row-major. */
export interface OutputTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** How an output was compared: at its real positions along the sequence axis, or whole (pooled). */
export type Compared =
  { readonly kind: 'positions'; readonly axis: number } | { readonly kind: 'whole' };

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/**
 * Which axis of an output carries the sequence: the one that is T in each run with every other
 * axis equal; `whole` when both runs have the same dims and no such axis; null when incomparable.
 */
export function comparedAxis(
  reference: readonly number[],
  run: readonly number[],
  refSeqLen: number,
  runSeqLen: number,
): Compared | null {
  if (reference.length !== run.length) return null;
  for (let axis = 1; axis < run.length; axis++) {
    if (reference[axis] !== refSeqLen || run[axis] !== runSeqLen) continue;
    if (run.every((size, other) => other === axis || size === reference[other])) {
      return { kind: 'positions', axis };
    }
  }
  return run.every((size, axis) => size === reference[axis]) ? { kind: 'whole' } : null;
}

/**
 * Max over real positions (and leading axes) of ‖Δ‖₂/‖ref‖₂ along the trailing axes; 0 when the
 * values are identical, NaN when either holds NaN there.
 */
export function relativeDrift(
  reference: OutputTensor,
  refLayout: RunLayout,
  run: OutputTensor,
  runLayout: RunLayout,
  compared: Compared,
): number {
  if (compared.kind === 'whole') {
    const all = Int32Array.of(0);
    const width = reference.data.length;
    const [drift] = stateDrifts(
      { data: run.data, seqLen: 1, positions: all },
      { data: reference.data, seqLen: 1, positions: all },
      width,
    );
    return drift === undefined || drift.abs === 0 ? 0 : drift.rel;
  }
  const width = product(run.dims.slice(compared.axis + 1));
  const drifts = stateDrifts(
    { data: run.data, seqLen: runLayout.seqLen, positions: runLayout.realPositions },
    { data: reference.data, seqLen: refLayout.seqLen, positions: refLayout.realPositions },
    width,
  );
  // Identical rows (abs 0) are no drift even where the reference is all zeros (0/0).
  return drifts.reduce((worst, d) => Math.max(worst, d.abs === 0 ? 0 : d.rel), 0);
}

/** A tap read as attention: [H, T, T] matrices (rows = queries) or one pooling row [T]. */
export type TapShape =
  | { readonly kind: 'matrices'; readonly heads: number }
  | { readonly kind: 'pooling' }
  | { readonly kind: 'other' };

/**
 * How a Softmax output reads in a batch-1 run of T: [1, H, T, T] and [B·H, T, T] (nn.MultiheadAttention)
 * are H heads; [1, T, T] one head; [1, T] a pooling over time; anything else is not attention.
 */
export function tapShape(dims: readonly number[], seqLen: number): TapShape {
  const last = dims.at(-1);
  const second = dims.at(-2);
  if (dims.length >= 3 && last === seqLen && second === seqLen) {
    return { kind: 'matrices', heads: product(dims.slice(0, -2)) };
  }
  if (dims.length === 2 && dims[0] === 1 && last === seqLen) return { kind: 'pooling' };
  return { kind: 'other' };
}

/** One tap in one run: its largest padding mass over real query rows, and whether it holds NaN. */
export interface TapMeasure {
  readonly shape: TapShape;
  /** Max over heads and real rows of the mass on padding keys (NaN spreads); 0 for 'other'. */
  readonly leak: number;
  readonly isLeaking: boolean;
  readonly hasNaN: boolean;
}

/** Measures one tap of a run laid out as `layout`. */
export function measureTap(tap: OutputTensor, layout: RunLayout): TapMeasure {
  const shape = tapShape(tap.dims, layout.seqLen);
  const nan = hasNaN(tap.data);
  if (shape.kind === 'other') return { shape, leak: 0, isLeaking: false, hasNaN: nan };
  // A pooling row is one query that must put no weight on padding: a [1, 1, 1, 1, T] "matrix"
  // would not fit leak.ts's square rows, so sum it here over the mask's padding positions.
  if (shape.kind === 'pooling') {
    let mass = 0;
    for (let t = 0; t < layout.seqLen; t++) if (layout.keep[t] === 0) mass += tap.data[t] ?? NaN;
    return { shape, leak: mass, isLeaking: !(mass <= TOLERANCES.leak), hasNaN: nan };
  }
  const scores = leakScores(
    tap.data,
    [1, 1, shape.heads, layout.seqLen, layout.seqLen],
    layout.keep,
  );
  const summary = summariseLeak(scores);
  return { shape, leak: summary.max, isLeaking: isLeaking(summary), hasNaN: nan };
}
