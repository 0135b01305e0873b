/**
 * The tapped Softmax outputs of each padded run as the app's views draw them: every tap split
 * into heads [H, Tq, Tk] (a pooling as one row), and the T×T taps stacked into the one Analysis
 * that "Your tensors" also hands the grids, detail view, fingerprint, verdict and export, so
 * those work unchanged on a model's taps.
 */
import { analyseSide, type Analysis } from '../analysis/analysis';
import { attentionOf } from '../analysis/attentionMaps';
import { tolerancesFor } from '../diagnostics/tolerances';
import { labelsFor } from '../dump/view';
import type { Side } from './feeds';
import type { SoftmaxTap } from './inspect';
import { tapAttention, type TapMeasure } from './measure';
import type { PaddedRun, PaddingTestResult } from './paddingTest';

/** One tapped Softmax of one run. */
export interface TapView {
  /** The Softmax's output name. */
  readonly output: string;
  /** Its layer in the run's Analysis (graph order of the grid's taps), null when not in the grid. */
  readonly layer: number | null;
  readonly kind: 'matrices' | 'pooling';
  readonly heads: number;
  readonly queries: number;
  readonly keys: number;
  /** [H, Tq, Tk], rows = queries; a pooling is [1, 1, Tk]. */
  readonly attention: Float32Array;
  readonly measure: TapMeasure;
}

/** One padded run as the views draw it. */
export interface RunView {
  readonly side: Side;
  readonly pads: number;
  /** 1 = real position, 0 = padding, [T]. */
  readonly keep: Int32Array;
  /** What each position is called: the tokens, else the position ("[PAD] 12" on padding). */
  readonly labels: readonly string[];
  /** Relative drift of each model output against the unpadded run (null: not comparable). */
  readonly drifts: ReadonlyMap<string, number | null>;
  readonly taps: readonly TapView[];
  /**
   * The T×T taps with the first one's head count, as [L, H, T, T] measured like a model run;
   * null when no tap is a T×T matrix.
   */
  readonly analysis: Analysis | null;
}

function tapViewsOf(run: PaddedRun, taps: readonly SoftmaxTap[]): TapView[] {
  const views: TapView[] = [];
  let gridHeads: number | null = null;
  let layer = 0;
  for (const tap of taps) {
    const value = run.tapValues.get(tap.output);
    const measure = run.taps.get(tap.output);
    const named = value === undefined ? null : tapAttention(value, run.layout.seqLen);
    if (named === null || measure === undefined || measure.shape.kind === 'other') continue;
    const [heads = 1, queries = 1, keys = 1] =
      measure.shape.kind === 'pooling' ? [1, 1, run.layout.seqLen] : named.shape;
    const square = measure.shape.kind === 'matrices' && queries === keys;
    gridHeads ??= square ? heads : null;
    const inGrid = square && heads === gridHeads;
    views.push({
      output: tap.output,
      layer: inGrid ? layer++ : null,
      kind: measure.shape.kind,
      heads,
      queries,
      keys,
      attention: named.data,
      measure,
    });
  }
  return views;
}

/** The grid's taps stacked into [L, H, T, T] and measured as one side of an Analysis. */
function analysisOf(run: PaddedRun, views: readonly TapView[], labels: string[]): Analysis | null {
  const grid = views.filter((v) => v.layer !== null);
  const first = grid[0];
  if (first === undefined) return null;
  const seqLen = run.layout.seqLen;
  const size = first.heads * seqLen * seqLen;
  const data = new Float32Array(grid.length * size);
  grid.forEach((view, layer) => data.set(view.attention, layer * size));
  const drifts = [...run.drifts.values()].filter((d): d is number => d !== null);
  const relativeDrift =
    drifts.length === 0 ? null : drifts.reduce((a, b) => (a > b || Number.isNaN(a) ? a : b));
  const a = analyseSide(attentionOf(data, grid.length, first.heads, seqLen), run.layout.keep, {
    relativeDrift,
    tolerances: tolerancesFor('float32'),
  });
  return {
    mask: run.layout.keep,
    labels,
    a,
    b: null,
    totalMs: 0,
    forwardMs: null,
    referenceMs: 0,
  };
}

/**
 * Every padded run of `result` as the views draw it. `tokens` label the real positions (the
 * tokenizer's pieces), or null for position numbers.
 */
export function runViews(
  result: PaddingTestResult,
  taps: readonly SoftmaxTap[],
  tokens: readonly string[] | null,
): RunView[] {
  return result.runs.map((run) => {
    const labels = labelsFor(run.layout.keep, tokens);
    const views = tapViewsOf(run, taps);
    return {
      side: run.side,
      pads: run.pads,
      keep: run.layout.keep,
      labels,
      drifts: run.drifts,
      taps: views,
      analysis: analysisOf(run, views, labels),
    };
  });
}
