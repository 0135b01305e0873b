/**
 * What each export holds, read from the store at the moment of the click: the run (or the
 * user's tensors) on screen, its titles, and file names that say what is inside.
 */
import type { Analysis } from '../../src/analysis/analysis';
import { comparisonWord } from '../../src/export/fileNames';
import type { RunExport, RunMode } from '../../src/export/runJson';
import { findMaskEntry, formulaOfEntry, titleOf, withConstant } from '../../src/masks/catalogue';
import type { AttentionNumerics } from '../../src/masks/numerics';
import type { AppState } from '../store/appState';
import { runChecksOf } from './runChecks';
import {
  selectAnalysis,
  selectIsStale,
  selectRunTitles,
  selectVerdicts,
} from '../store/resultSelectors';

/** The analysis on screen, or an error saying there is nothing to export yet. */
export function analysisToExport(state: AppState): Analysis {
  const analysis = selectAnalysis(state);
  if (analysis === null) throw new Error('there are no results to export yet.');
  return analysis;
}

/** "keyAdditive-vs-noMask" for a model run, the file names for the user's tensors. */
export function comparisonOf(state: AppState): string {
  const hasB = selectAnalysis(state)?.b != null;
  if (state.source === 'onnx') return comparisonWord(state.onnx.result?.files[0] ?? 'onnx', null);
  if (state.source === 'tensors') {
    const files = state.tensorRead.result?.files ?? [];
    const other = state.tensorRead.result?.compareFiles[0] ?? null;
    return comparisonWord(files[0] ?? 'tensors', hasB ? other : null);
  }
  const input = state.run.result?.input;
  if (input === undefined) return 'run';
  return comparisonWord(input.modeAId, hasB ? input.modeBId : null);
}

/** The model's name ("maskscope-brown") from its source path. */
export function modelNameOf(state: AppState): string {
  const source = state.run.result?.model.source ?? 'model';
  return source.replace(/[/\\]+$/, '').replace(/^.*[/\\]/, '') || source;
}

/** "32 pads (right)" for a model run: the padding as run, counted on the mask. */
export function paddingText(state: AppState, analysis: Analysis): string {
  const pads = analysis.mask.reduce((count, real) => count + (real === 0 ? 1 : 0), 0);
  const side =
    state.source === 'model' ? ` (${state.run.result?.input.paddingSide ?? 'right'})` : '';
  return `${pads} ${pads === 1 ? 'pad' : 'pads'}${side}`;
}

function modeOf(id: string, constant: number | null, numerics: AttentionNumerics): RunMode {
  const found = findMaskEntry(id);
  if (found === undefined) return { id, title: id, formula: null, numerics };
  const entry =
    constant !== null && found.constantChoices.includes(constant)
      ? withConstant(found, constant)
      : found;
  return { id, title: titleOf(entry), formula: formulaOfEntry(entry), numerics };
}

/** The run on screen as the JSON export describes it; `address` is the page's URL. */
export function runExportOf(state: AppState, address: string | null): RunExport {
  const analysis = analysisToExport(state);
  const titles = selectRunTitles(state);
  const verdicts = selectVerdicts(state);
  const hasB = analysis.b !== null;
  const tensorMode = (title: string): RunMode => ({
    id: null,
    title,
    formula: null,
    numerics: null,
  });
  const input = state.run.result?.input;
  const isModel = state.source === 'model' && input !== undefined;
  return {
    input: {
      source: state.source,
      text: isModel ? input.sentence : null,
      model: isModel ? (state.run.result?.model.source ?? null) : null,
      padding: isModel ? analysis.mask.filter((real) => real === 0).length : null,
      paddingSide: isModel ? input.paddingSide : null,
      files: isModel
        ? []
        : state.source === 'onnx'
          ? [...(state.onnx.result?.files ?? [])]
          : [
              ...(state.tensorRead.result?.files ?? []),
              ...(state.tensorRead.result?.compareFiles ?? []),
            ],
      // The address holds the input as typed now: it names this run only while it is not stale.
      permalink: isModel && !selectIsStale(state) ? address : null,
    },
    modes: isModel
      ? {
          a: modeOf(input.modeAId, input.constantA, input.numerics),
          b: hasB ? modeOf(input.modeBId, input.constantB, input.numerics) : null,
        }
      : { a: tensorMode(titles.a), b: hasB ? tensorMode(titles.b) : null },
    analysis,
    verdicts: { a: verdicts?.a ?? null, b: hasB ? (verdicts?.b ?? null) : null },
    ...(isModel ? { checks: runChecksOf(state) } : {}),
  };
}
