/** Derived views of the sweep: its panels, its titles and whether it still answers the input. */
import { describeDivergence, findDivergence } from '../../src/diagnostics/divergence';
import { formatPercent } from '../../src/diagnostics/format';
import { findMaskEntry, titleOf, withConstant } from '../../src/masks/catalogue';
import { sweepPanels, type SweepPanelData } from '../../src/viz/sweepSeries';
import type { AppState } from './appState';
import type { InputFields } from './inputSlice';
import { memoLast } from './memo';
import { selectEffectivePadding, selectInputFields } from './selectors';
import type { SweepRecord } from './sweepSlice';

/** The fields a sweep depends on: everything but the padding length (the sweep varies it). */
const SWEPT_FIELDS: readonly (keyof InputFields)[] = [
  'sentence',
  'paddingSide',
  'modeAId',
  'modeBId',
  'constantA',
  'constantB',
];

/** True when the sweep on screen was made for another model, sentence, side or modes. */
export function selectIsSweepStale(state: AppState): boolean {
  const record = state.sweep.result;
  if (record === null) return false;
  const input = selectInputFields(state);
  return (
    record.model !== state.load.result ||
    SWEPT_FIELDS.some((key) => !Object.is(record.input[key], input[key]))
  );
}

function modeTitle(id: string, constant: number | null): string {
  const entry = findMaskEntry(id);
  if (entry === undefined) return id;
  return titleOf(constant === null ? entry : withConstant(entry, constant));
}

/** The sweep's small multiples and legend. */
export interface SweepView {
  readonly record: SweepRecord;
  readonly panels: readonly SweepPanelData[];
  readonly pads: readonly number[];
  readonly legend: { readonly a: string; readonly b: string | null };
}

const viewOf = memoLast((record: SweepRecord | null): SweepView | null => {
  if (record === null) return null;
  const { result, input } = record;
  const first = result.steps[0];
  const hasB = first !== undefined && first.a !== first.b;
  return {
    record,
    panels: sweepPanels(result, record.maskLabels, hasB),
    pads: result.steps.map((step) => step.pads),
    legend: {
      a: modeTitle(input.modeAId, input.constantA),
      b: hasB ? modeTitle(input.modeBId, input.constantB) : null,
    },
  };
});

/** The sweep on screen as panels (null before the first sweep). */
export function selectSweepView(state: AppState): SweepView | null {
  return viewOf(state.sweep.result);
}

/**
 * Where mode `slot` first departs from the unpadded run at the padding on screen: the whole
 * story from the sweep when it ran this padding, else the first leaking head of the run on
 * screen and a pointer to the sweep. Null before the first run.
 */
export function selectDivergenceNote(state: AppState, slot: 'a' | 'b'): string | null {
  const padding = selectEffectivePadding(state);
  const step = selectIsSweepStale(state)
    ? undefined
    : state.sweep.result?.result.steps.find((s) => s.pads === padding);
  if (step !== undefined) return describeDivergence(step[slot].divergence);
  const analysis = state.run.result?.analysis;
  if (analysis === undefined) return null;
  const side = slot === 'a' ? analysis.a : (analysis.b ?? analysis.a);
  const maxima = side.heads.leak.map((row) => row.map((score) => score.max));
  const { head, headLeak } = findDivergence([], maxima);
  const leak =
    head === null || headLeak === null
      ? 'no head leaks onto padding'
      : `first leaking head: L${head.layer} H${head.head} (${formatPercent(headLeak)} of a real row on padding)`;
  return `${leak}; run the padding sweep to find the first diverging layer`;
}
