/**
 * The one result type of maskscope: "attention to look at" with its padding mask, token labels
 * and measurements. A model run (modelRun.ts) and the user's own tensors both produce it, in
 * the worker where the data is; the page only selects and paints.
 */
import type { Tolerances } from '../diagnostics/tolerances';
import { measureItem, type HeadMeasurements, type Measurements } from '../diagnostics/verdict';
import { batchedShape, seqLenOf, type Attention, type QueryKind } from './attentionMaps';
import type { MaskPrediction } from './predictions';

/** One side of a comparison (mode A or B, or one dump): its attention and what it measured. */
export interface SideAnalysis {
  /** [L, H, Tq, Tk], rows = queries (Tq = Tk = T unless the analysis has `queries`). */
  readonly attention: Attention;
  /** Leak and row-sum range per head, [layer][head]. */
  readonly heads: HeadMeasurements;
  /** The whole side summed up: leak, row sums, drift, NaN rows. */
  readonly measurements: Measurements;
  /** Top-k per [MASK]; empty when no model ran. */
  readonly predictions: readonly MaskPrediction[];
  /**
   * Drift relative to the hidden-state norm: max over real tokens k of ‖Δh_k‖/‖h_k‖ of the
   * final layer (h from the unpadded run); null when unknown (no model run).
   */
  readonly relativeDrift: number | null;
}

/** A query axis of its own (not the keys' positions): what it holds and its labels [Tq]. */
export interface OwnQueries {
  readonly kind: QueryKind;
  /** "q0", "q1" … for cross-attention; one label for a decoding step or a pooling. */
  readonly labels: readonly string[];
}

/** Attention under A and (optionally) B over the same T tokens, with what the views need. */
export interface Analysis {
  /** 1 = real token, 0 = padding, [T] (the keys'). */
  readonly mask: Int32Array;
  /** What each key position is called on the axes ("[CLS]", "doc", "##tor", "[PAD]", "7"), [T]. */
  readonly labels: readonly string[];
  /**
   * Absent for self-attention (the queries are the keys' positions, padded alike); otherwise
   * the queries of cross-attention, a decoding step or a pooling, every row real.
   */
  readonly queries?: OwnQueries;
  readonly a: SideAnalysis;
  /** Null when there is nothing to compare with. Same shape as `a` otherwise. */
  readonly b: SideAnalysis | null;
  /** Wall time of the whole analysis where it ran (references included), ms. */
  readonly totalMs: number;
  /**
   * Time of the padded forward, read-back included, ms (A and B run as one batch); null when no
   * model ran.
   */
  readonly forwardMs: number | null;
  /** Time of the unpadded reference forwards that drift was measured against, ms (0 if cached). */
  readonly referenceMs: number;
}

/** What a side has beyond its attention. */
export interface SideExtras {
  /** Drift of the real tokens against another padding, or null when unknown. */
  readonly drift?: number | null;
  readonly predictions?: readonly MaskPrediction[];
  /** Max ‖Δh‖/‖h‖ of the real tokens (see SideAnalysis.relativeDrift). */
  readonly relativeDrift?: number | null;
  /** The tolerances of the data's number format; float32 when omitted (maskscope's own runs). */
  readonly tolerances?: Tolerances;
}

/**
 * Measures one side from plain arrays: attention [L, H, Tq, Tk] and the key mask [Tk] (1 = real;
 * query rows are real where Tq ≠ Tk).
 * Needs no model: this is what the importer hands over.
 */
export function analyseSide(
  attention: Attention,
  mask: Int32Array,
  extras: SideExtras = {},
): SideAnalysis {
  if (mask.length !== seqLenOf(attention)) {
    throw new RangeError(
      `the mask has ${mask.length} entries but the attention has T = ${seqLenOf(attention)}.`,
    );
  }
  const batched = { shape: batchedShape(attention), data: attention.data };
  const { heads, measurements } = measureItem(
    batched,
    mask,
    0,
    extras.drift ?? null,
    extras.tolerances,
  );
  return {
    attention,
    heads,
    measurements,
    predictions: extras.predictions ?? [],
    relativeDrift: extras.relativeDrift ?? null,
  };
}

/** The typed-array buffers of an analysis, each once, to transfer instead of copying. */
export function transferablesOf(analysis: Analysis): ArrayBuffer[] {
  const views: ArrayBufferView[] = [analysis.mask, analysis.a.attention.data];
  if (analysis.b !== null) views.push(analysis.b.attention.data);
  const buffers = new Set<ArrayBuffer>();
  for (const view of views) if (view.buffer instanceof ArrayBuffer) buffers.add(view.buffer);
  return [...buffers];
}
