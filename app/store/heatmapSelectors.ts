/**
 * What the heatmaps draw, built once per run and view and handed to the painters: the A − B
 * difference, the attention each grid pane and the detail view colour, and their colour scales
 * (Plot's rule: scales are built once, marks only draw).
 */
import type { Analysis } from '../../src/analysis/analysis';
import {
  headMatrix,
  isSameShape,
  type Attention,
  type QueryKind,
} from '../../src/analysis/attentionMaps';
import { splitByMask } from '../../src/diagnostics/dims';
import {
  differenceOf,
  pickRows,
  querySums,
  realRange,
  type ColorBy,
} from '../../src/viz/headViews';
import {
  createColorScale,
  niceMaxAbs,
  type ColorScale,
  type ScaleKind,
} from '../../src/viz/colorScale';
import type { AppState } from './appState';
import { memoLast } from './memo';
import { selectAnalysis, selectPaddingFlags, selectSelectedHead } from './resultSelectors';
import type { GridPane } from './viewSlice';

/** The attention a view colours, with its scale; `view` is what was asked unless B is missing. */
export interface DrawnAttention {
  readonly view: ColorBy;
  readonly attention: Attention;
  readonly scale: ColorScale;
}

const analysisOf = selectAnalysis;

/** True when the analysis has a B of A's shape, so B and A − B can be drawn. */
function hasComparableB(analysis: Analysis): boolean {
  return analysis.b !== null && isSameShape(analysis.a.attention, analysis.b.attention);
}

const differenceMemo = memoLast((analysis: Analysis | null): Attention | null =>
  analysis === null || analysis.b === null || !hasComparableB(analysis)
    ? null
    : differenceOf(analysis.a.attention, analysis.b.attention),
);

/** A − B of the results on screen, computed once per run; null when there is no comparable B. */
export function selectDifference(state: AppState): Attention | null {
  return differenceMemo(analysisOf(state));
}

const sequentialScale = memoLast((kind: ScaleKind) =>
  createColorScale({ palette: 'sequential', kind }),
);
/** The sequential colour scale of weights (0 to 1) in the chosen scale kind. */
export function selectWeightScale(state: AppState): ColorScale {
  return sequentialScale(state.scale);
}

const divergingScale = memoLast((kind: ScaleKind, max: number) =>
  createColorScale({ palette: 'diverging', kind, max }),
);
const maxAbsOf = memoLast((values: Float32Array) => niceMaxAbs(values));

function drawnOf(
  analysis: Analysis | null,
  difference: Attention | null,
  asked: ColorBy,
  kind: ScaleKind,
): DrawnAttention | null {
  if (analysis === null) return null;
  const view: ColorBy = analysis.b === null || !hasComparableB(analysis) ? 'A' : asked;
  if (view === 'diff' && difference !== null) {
    return { view, attention: difference, scale: divergingScale(kind, maxAbsOf(difference.data)) };
  }
  const attention =
    view === 'B' && analysis.b !== null ? analysis.b.attention : analysis.a.attention;
  return { view, attention, scale: sequentialScale(kind) };
}

const panes = { left: memoLast(drawnOf), right: memoLast(drawnOf) };

/** What a grid pane draws: A, B or A − B over every head, and the scale for it. */
export function selectGridPane(state: AppState, pane: GridPane): DrawnAttention | null {
  return panes[pane](
    analysisOf(state),
    selectDifference(state),
    state.gridViews[pane],
    state.scale,
  );
}

/**
 * The query axis as drawn: its positions, labels and padding. For self-attention these are the
 * keys' (padding rows may be hidden); cross-attention, a decoding step and pooling weights have
 * queries of their own, every one real.
 */
export interface QueryAxis {
  /** The query positions drawn, in order: all Tq, or the real ones when padding rows are hidden. */
  readonly queries: readonly number[];
  /** Label per query position [Tq]. */
  readonly queryLabels: readonly string[];
  /** 1 = padding, per query position [Tq]. */
  readonly queryPadding: Uint8Array;
  /** null for self-attention (the queries are the keys' positions). */
  readonly queryKind: QueryKind | null;
}

/** The query axis of `analysis`: its own, or the keys' (real ones only when `isHidden`). */
export function queryAxisOf(
  analysis: Analysis,
  padding: Uint8Array,
  isPaddingHidden: boolean,
): QueryAxis {
  const [, , queryCount, seqLen] = analysis.a.attention.shape;
  const own = analysis.queries;
  if (own !== undefined) {
    const queries = Array.from({ length: queryCount }, (_, q) => q);
    return {
      queries,
      queryLabels: own.labels,
      queryPadding: new Uint8Array(queryCount),
      queryKind: own.kind,
    };
  }
  const { real } = splitByMask(analysis.mask, seqLen, 0);
  const queries =
    isPaddingHidden && real.length > 0 ? real : Array.from({ length: seqLen }, (_, t) => t);
  return { queries, queryLabels: analysis.labels, queryPadding: padding, queryKind: null };
}

/** The selected head under A, B and as drawn, with the query sums of the drawn side. */
export interface DetailMatrices extends QueryAxis {
  readonly view: ColorBy;
  /** Keys per row (the mask's length). */
  readonly seqLen: number;
  /** The head under A and B, Tq×T (rows = queries). */
  readonly a: Float32Array;
  readonly b: Float32Array | null;
  /** What is coloured, [queries.length × T]: rows of A, B or A − B. */
  readonly drawn: Float32Array;
  readonly scale: ColorScale;
  /** Which side the sums are of (A − B has no sums of its own: A's are shown). */
  readonly summed: 'A' | 'B';
  /** Sum over keys per query [Tq] of the summed side, and its range over real queries. */
  readonly sums: Float64Array;
  readonly sumRange: { readonly min: number; readonly max: number };
}

const detailOf = memoLast(
  (
    analysis: Analysis | null,
    difference: Attention | null,
    padding: Uint8Array | null,
    layer: number,
    head: number,
    asked: ColorBy,
    kind: ScaleKind,
    isPaddingQueriesHidden: boolean,
  ): DetailMatrices | null => {
    if (analysis === null || padding === null) return null;
    const seqLen = analysis.a.attention.shape[3];
    const axis = queryAxisOf(analysis, padding, isPaddingQueriesHidden);
    const { queries } = axis;
    const a = headMatrix(analysis.a.attention, layer, head);
    const b =
      analysis.b !== null && difference !== null
        ? headMatrix(analysis.b.attention, layer, head)
        : null;
    const view: ColorBy = b === null ? 'A' : asked;
    const diff = difference === null ? null : headMatrix(difference, layer, head);
    const full = view === 'B' && b !== null ? b : view === 'diff' && diff !== null ? diff : a;
    const drawn = pickRows(full, seqLen, queries);
    const scale = view === 'diff' ? divergingScale(kind, niceMaxAbs(drawn)) : sequentialScale(kind);
    const summed = view === 'B' ? 'B' : 'A';
    const sums = querySums(summed === 'B' && b !== null ? b : a, seqLen);
    const sumRange = realRange(sums, axis.queryPadding);
    return { ...axis, view, seqLen, a, b, drawn, scale, summed, sums, sumRange };
  },
);

/** The selected head's matrices, scale and query sums for the detail view. */
export function selectDetail(state: AppState): DetailMatrices | null {
  const { layer, head } = selectSelectedHead(state);
  return detailOf(
    analysisOf(state),
    selectDifference(state),
    selectPaddingFlags(state),
    layer,
    head,
    state.colorBy,
    state.scale,
    state.isPaddingQueriesHidden,
  );
}
