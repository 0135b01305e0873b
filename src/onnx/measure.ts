/**
 * Measuring one padded run against the reference: the drift of each output over the real
 * positions (relative, as layerDrift.ts defines it), and each Softmax tap's mass on padding
 * and NaN, counted by the one measurement core (diagnostics/measureAttention.ts) that also
 * measures a model run and a dump. No new measure: these are maskscope's own, fed ONNX tensors.
 */
import type { NamedAttention } from '../diagnostics/dims';
import { hasNaN } from '../diagnostics/nan';
import { stateDrifts } from '../diagnostics/layerDrift';
import { measureAttention, type HeadStats } from '../diagnostics/measureAttention';
import { tolerancesFor } from '../diagnostics/tolerances';
import type { RunLayout } from './feeds';

/** An output or tap as read back: dims and values as float32, row-major. */
export interface OutputTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** How an output was compared: at its real positions along the sequence axis, or whole (pooled). */
export type Compared =
  { readonly kind: 'positions'; readonly axis: number } | { readonly kind: 'whole' };

const FLOAT32_TOLERANCES = tolerancesFor('float32');

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

/** A tap read as attention: [H, Tq, Tk] matrices (rows = queries) or one pooling row [T]. */
export type TapShape =
  | { readonly kind: 'matrices'; readonly heads: number; readonly queries: number }
  | { readonly kind: 'pooling' }
  | { readonly kind: 'other' };

/**
 * How a Softmax output reads in a batch-1 run of T: [1, H, Tq, T] and [B·H, Tq, T]
 * (nn.MultiheadAttention, B = 1) are H heads; [1, Tq, T] one head; [1, T] a pooling over time;
 * anything else is not attention. The key axis (last) must be the run's T.
 */
export function tapShape(dims: readonly number[], seqLen: number): TapShape {
  const last = dims.at(-1);
  const queries = dims.at(-2) ?? 0;
  if (dims.length >= 3 && last === seqLen && queries >= 1) {
    return { kind: 'matrices', heads: product(dims.slice(0, -2)), queries };
  }
  if (dims.length === 2 && dims[0] === 1 && last === seqLen) return { kind: 'pooling' };
  return { kind: 'other' };
}

/**
 * A tap as the measurement core reads it: heads split out of any leading axes ([H, Tq, Tk]),
 * a pooling as [B = 1, Tk] with no query axis; null when it is not attention.
 */
export function tapAttention(tap: OutputTensor, seqLen: number): NamedAttention | null {
  const shape = tapShape(tap.dims, seqLen);
  if (shape.kind === 'matrices') {
    return {
      data: tap.data,
      shape: [shape.heads, shape.queries, seqLen],
      axes: ['head', 'query', 'key'],
    };
  }
  if (shape.kind === 'pooling')
    return { data: tap.data, shape: [1, seqLen], axes: ['batch', 'key'] };
  return null;
}

/** One tap in one run, as the measurement core found it. */
export interface TapMeasure {
  readonly shape: TapShape;
  /** Max over heads and NaN-free real rows of the mass on padding keys; 0 for 'other'. */
  readonly leak: number;
  readonly isLeaking: boolean;
  readonly hasNaN: boolean;
  /** Smallest and largest sum of a NaN-free real row over all heads (null for 'other'). */
  readonly rowSums: { readonly min: number; readonly max: number } | null;
  /** Per head (data order), what the core measured; empty for 'other'. */
  readonly heads: readonly HeadStats[];
}

/**
 * Measures one tap of a run laid out as `layout` with the one measurement core
 * (measureAttention), the same code that measures a model run and a dump: ONNX taps are
 * float32, so float32 tolerances.
 */
export function measureTap(tap: OutputTensor, layout: RunLayout): TapMeasure {
  const shape = tapShape(tap.dims, layout.seqLen);
  const attention = tapAttention(tap, layout.seqLen);
  if (attention === null) {
    return { shape, leak: 0, isLeaking: false, hasNaN: hasNaN(tap.data), rowSums: null, heads: [] };
  }
  const { heads } = measureAttention(attention, layout.keep, FLOAT32_TOLERANCES);
  let leak = 0;
  let leaking = false;
  let nan = false;
  let min = Infinity;
  let max = -Infinity;
  for (const head of heads) {
    leak = Math.max(leak, head.leakMax);
    leaking ||= head.leakingRows > 0;
    nan ||= head.nanRealRows + head.nanPaddingRows > 0;
    min = Math.min(min, head.rowSumMin);
    max = Math.max(max, head.rowSumMax);
  }
  return { shape, leak, isLeaking: leaking, hasNaN: nan, rowSums: { min, max }, heads };
}
