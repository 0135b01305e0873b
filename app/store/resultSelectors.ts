/**
 * Everything the page shows about the newest run, derived from its record: titles as run,
 * padding flags, leak tables, measurements, verdicts, the selected head, paired predictions and
 * whether the results still match the input. Memoised on the record, so each is computed once.
 */
import type { Analysis, SideAnalysis } from '../../src/analysis/analysis';
import type { HeadRef } from '../../src/analysis/attentionMaps';
import type { MaskPrediction, TokenProbability } from '../../src/analysis/predictions';
import type { LeakScore } from '../../src/diagnostics/leak';
import type { SumRange as Range } from '../../src/diagnostics/rowSums';
import { verdict, type Measurements } from '../../src/diagnostics/verdict';
import { findMaskEntry, titleOf, withConstant } from '../../src/masks/catalogue';
import type { AppState } from './appState';
import type { InputFields } from './inputSlice';
import { memoLast } from './memo';
import { selectEntryA, selectEntryB, selectInputFields } from './selectors';
import type { TensorFields } from './tensorsSlice';
import { selectTensorFields } from './tensorSelectors';

/** A value for each of the two compared sides. */
export interface PerMode<T> {
  readonly a: T;
  readonly b: T;
}

/**
 * The analysis on screen: the newest model run, the newest check of the user's tensors, or the
 * chosen padded run of the user's ONNX export (its tapped heads).
 */
export function selectAnalysis(state: AppState): Analysis | null {
  if (state.source === 'onnx') {
    const runs = state.onnx.result?.answer.runs ?? [];
    return (runs[state.onnxRun] ?? runs[0])?.analysis ?? null;
  }
  return state.source === 'tensors'
    ? (state.tensorCheck.result?.answer.analysis ?? null)
    : (state.run.result?.analysis ?? null);
}

const analysisOf = selectAnalysis;

/** The mode titles of an input (constant included): "Correct key mask (c = -1e9)". */
function titlesOf(input: InputFields): PerMode<string> {
  const title = (id: string, constant: number | null): string => {
    const entry = findMaskEntry(id);
    if (entry === undefined) return id;
    const isChoice = constant !== null && entry.constantChoices.includes(constant);
    return titleOf(isChoice ? withConstant(entry, constant) : entry);
  };
  return { a: title(input.modeAId, input.constantA), b: title(input.modeBId, input.constantB) };
}

const runTitles = memoLast((input: InputFields | null, a: string, b: string): PerMode<string> =>
  input === null ? { a, b } : titlesOf(input),
);

const tensorTitles = memoLast((files: string, compareFiles: string): PerMode<string> => ({
  a: files,
  b: compareFiles === '' ? 'B' : compareFiles,
}));

/** Titles of the sides on screen: the modes as run (the current choice before any run), or the dump files. */
export function selectRunTitles(state: AppState): PerMode<string> {
  if (state.source === 'onnx') {
    return tensorTitles(state.onnx.result?.answer.fileName ?? 'your model', '');
  }
  if (state.source === 'tensors') {
    const opened = state.tensorRead.result;
    return tensorTitles(
      opened?.files.join(', ') ?? 'your tensors',
      opened?.compareFiles.join(', ') ?? '',
    );
  }
  return runTitles(
    state.run.result?.input ?? null,
    titleOf(selectEntryA(state)),
    titleOf(selectEntryB(state)),
  );
}

const paddingOf = memoLast((analysis: Analysis | null): Uint8Array | null =>
  analysis === null ? null : Uint8Array.from(analysis.mask, (m) => (m === 0 ? 1 : 0)),
);

/** Padding flags [T] of the results on screen (1 = padding), for the heatmaps' stripes. */
export function selectPaddingFlags(state: AppState): Uint8Array | null {
  return paddingOf(analysisOf(state));
}

const sides = memoLast((analysis: Analysis | null): PerMode<SideAnalysis> | null =>
  analysis === null ? null : { a: analysis.a, b: analysis.b ?? analysis.a },
);

/** Side A and B of the results on screen (B is A when there is nothing to compare with). */
export function selectSides(state: AppState): PerMode<SideAnalysis> | null {
  return sides(analysisOf(state));
}

const leakOf = memoLast((both: PerMode<SideAnalysis> | null): PerMode<LeakScore[][]> | null =>
  both === null ? null : { a: both.a.heads.leak, b: both.b.heads.leak },
);

/** Leak score of every head ([layer][head]) under A and B, or null before the first run. */
export function selectLeakScores(state: AppState): PerMode<LeakScore[][]> | null {
  return leakOf(selectSides(state));
}

const rowSumsOf = memoLast((both: PerMode<SideAnalysis> | null): PerMode<Range[][]> | null =>
  both === null ? null : { a: both.a.heads.rowSums, b: both.b.heads.rowSums },
);

/** Range of the real rows' sums of every head ([layer][head]) under A and B. */
export function selectHeadRowSums(state: AppState): PerMode<Range[][]> | null {
  return rowSumsOf(selectSides(state));
}

const measurementsOf = memoLast(
  (both: PerMode<SideAnalysis> | null): PerMode<Measurements> | null =>
    both === null ? null : { a: both.a.measurements, b: both.b.measurements },
);

/** Leak, row sums, drift and NaN counts of the results on screen under A and B. */
export function selectMeasurements(state: AppState): PerMode<Measurements> | null {
  return measurementsOf(selectSides(state));
}

const verdictsOf = memoLast(
  (titles: PerMode<string>, m: PerMode<Measurements> | null): PerMode<string> | null =>
    m === null ? null : { a: verdict(titles.a, m.a), b: verdict(titles.b, m.b) },
);

/** One sentence per mode summing up the results on screen. */
export function selectVerdicts(state: AppState): PerMode<string> | null {
  return verdictsOf(selectRunTitles(state), selectMeasurements(state));
}

const selectedOf = memoLast((layer: number, head: number): HeadRef => ({ layer, head }));

/** The selected head clamped to the results' layers and heads (a stable object). */
export function selectSelectedHead(state: AppState): HeadRef {
  const shape = selectAnalysis(state)?.a.attention.shape;
  const { layer, head } = state.selected;
  if (shape === undefined) return selectedOf(layer, head);
  const clamp = (value: number, size: number): number => Math.min(Math.max(value, 0), size - 1);
  return selectedOf(clamp(layer, shape[0]), clamp(head, shape[1]));
}

/** One predicted token, marked when the other side ranks it differently. */
export interface ComparedToken extends TokenProbability {
  /** True when the other mode has another token at this rank (or none). */
  readonly isChanged: boolean;
}

/** The predictions for one [MASK] under A and B. */
export interface ComparedPrediction {
  /** Index of the [MASK] in the padded sequence. */
  readonly position: number;
  readonly a: readonly ComparedToken[];
  readonly b: readonly ComparedToken[];
  /** NaN logits: that side has no ranking. */
  readonly hasNaN: PerMode<boolean>;
  /** True when A and B both rank and disagree on the most likely token. */
  readonly isTop1Changed: boolean;
  /** How A's and B's rankings compare, in words: "same top-1", "A and B disagree", "B has NaN logits: no ranking". */
  readonly comparison: string;
}

function compare(
  ranked: readonly TokenProbability[],
  other: readonly TokenProbability[],
): ComparedToken[] {
  return ranked.map((entry, rank) => ({ ...entry, isChanged: other[rank]?.id !== entry.id }));
}

const predictionsOf = memoLast((both: PerMode<SideAnalysis> | null): ComparedPrediction[] =>
  both === null
    ? []
    : both.a.predictions.map((a: MaskPrediction, n) => {
        const b = both.b.predictions[n] ?? a;
        const unranked = [a.hasNaN ? 'A' : '', b.hasNaN ? 'B' : ''].filter(Boolean);
        // Without a ranking there is no top-1 to disagree about.
        const isTop1Changed = unranked.length === 0 && a.top[0]?.id !== b.top[0]?.id;
        const comparison =
          unranked.length > 0
            ? `${unranked.join(' and ')} ${unranked.length > 1 ? 'have' : 'has'} NaN logits: no ranking`
            : isTop1Changed
              ? 'A and B disagree'
              : 'same top-1';
        return {
          position: a.position,
          a: compare(a.top, b.top),
          b: compare(b.top, a.top),
          hasNaN: { a: a.hasNaN, b: b.hasNaN },
          isTop1Changed,
          comparison,
        };
      }),
);

/** One entry per [MASK] of the results on screen, in sentence order. */
export function selectPredictions(state: AppState): ComparedPrediction[] {
  return predictionsOf(selectSides(state));
}

function sameInput(a: InputFields, b: InputFields): boolean {
  return (Object.keys(a) as (keyof InputFields)[]).every((key) => Object.is(a[key], b[key]));
}

function sameFields(a: TensorFields, b: TensorFields): boolean {
  return (Object.keys(a) as (keyof TensorFields)[]).every((key) => Object.is(a[key], b[key]));
}

/**
 * True when results are on screen but no longer answer the input (it changed, is blocked, or
 * another model is loaded): the page dims them and says so until fresh ones arrive.
 */
export function selectIsStale(state: AppState): boolean {
  if (state.source === 'onnx') return false; // a new check replaces the answer as a whole
  if (state.source === 'tensors') {
    const record = state.tensorCheck.result;
    return record !== null && !sameFields(record.fields, selectTensorFields(state));
  }
  const { result } = state.run;
  if (result === null) return false;
  return result.model !== state.load.result || !sameInput(result.input, selectInputFields(state));
}
