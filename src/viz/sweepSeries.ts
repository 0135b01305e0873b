/**
 * A sweep as small multiples: one panel per measure, one series per mode (and per layer or
 * [MASK] where there are several), values per padding. Plain data for the chart and its readout.
 */
import type { SweepResult, SweepSide } from '../analysis/sweep';
import { TOLERANCES } from '../diagnostics/tolerances';

/** Which side a series belongs to. */
export type SweepSlot = 'a' | 'b';

/** How a panel's values read. */
export type SweepUnit = 'percent' | 'number' | 'probability' | 'cosine';

/** A point where the [MASK]'s top-1 token differs from the padding before. */
export interface SweepMark {
  readonly index: number;
  /** The new top-1 token ("NaN" when the logits hold NaN). */
  readonly label: string;
}

/** One line: a value per sweep step (NaN where undefined). */
export interface SweepSeries {
  readonly id: string;
  readonly label: string;
  readonly slot: SweepSlot;
  /** Index of the line's colour within the panel (layer, [MASK] or pooling kind). */
  readonly hue: number;
  readonly values: readonly number[];
  readonly marks: readonly SweepMark[];
}

/** One small multiple. */
export interface SweepPanelData {
  readonly id: 'leak' | 'driftRel' | 'driftAbs' | 'maskTop' | 'pooled';
  readonly title: string;
  /** Axis label with its unit. */
  readonly yLabel: string;
  readonly unit: SweepUnit;
  readonly series: readonly SweepSeries[];
  /**
   * Smallest top of the y axis, where values under a tolerance are noise (drift): 1.2e-6 then
   * draws as a flat line at the bottom, not as a jump filling the panel.
   */
  readonly axisFloor?: number;
}

/** A run of sweep steps [start, end) where a mode's values are NaN. */
export interface NanRun {
  readonly start: number;
  readonly end: number;
}

/** Where `slot`'s series of a panel hold NaN (any of them), as runs of steps [start, end). */
export function nanRuns(panel: SweepPanelData, slot: SweepSlot): NanRun[] {
  const series = panel.series.filter((s) => s.slot === slot);
  const steps = Math.max(0, ...series.map((s) => s.values.length));
  const runs: NanRun[] = [];
  for (let i = 0; i < steps; i += 1) {
    if (!series.some((s) => Number.isNaN(s.values[i]))) continue;
    const last = runs.at(-1);
    if (last !== undefined && last.end === i)
      runs[runs.length - 1] = { start: last.start, end: i + 1 };
    else runs.push({ start: i, end: i + 1 });
  }
  return runs;
}

/** Drift under 100 × the float32 drift tolerance is drawn as noise near the axis. */
const DRIFT_AXIS_FLOOR = 100 * TOLERANCES.drift;

const finalOf = (side: SweepSide) => side.drifts[side.drifts.length - 1];

function perSlot(
  result: SweepResult,
  slots: readonly SweepSlot[],
  make: (slot: SweepSlot, sides: readonly SweepSide[]) => SweepSeries[],
): SweepSeries[] {
  return slots.flatMap((slot) =>
    make(
      slot,
      result.steps.map((step) => step[slot]),
    ),
  );
}

function topSeries(slot: SweepSlot, sides: readonly SweepSide[], labels: readonly string[]) {
  return labels.map((label, m): SweepSeries => {
    const tops = sides.map((side) => side.maskTop[m] ?? null);
    const marks = tops.flatMap((top, i): SweepMark[] => {
      const before = i === 0 ? undefined : tops[i - 1];
      if (before === undefined || before?.id === top?.id) return [];
      return [{ index: i, label: top?.token ?? 'NaN' }];
    });
    return {
      id: `${slot}-mask${m}`,
      label: `${slot.toUpperCase()} ${label} top-1`,
      slot,
      hue: m,
      values: tops.map((top) => top?.probability ?? NaN),
      marks,
    };
  });
}

/**
 * The panels of a sweep: leak per layer, relative and absolute drift of the final hidden states,
 * each [MASK]'s top-1 probability (marked where the token changes) and, when computed, the pooled
 * cosines. `hasB` false draws mode A only (A and B were the same).
 */
export function sweepPanels(
  result: SweepResult,
  maskLabels: readonly string[],
  hasB: boolean,
): SweepPanelData[] {
  const slots: SweepSlot[] = hasB ? ['a', 'b'] : ['a'];
  const line = (slot: SweepSlot, id: string, label: string, hue: number, values: number[]) => ({
    id: `${slot}-${id}`,
    label: `${slot.toUpperCase()} ${label}`,
    slot,
    hue,
    values,
    marks: [],
  });
  const panels: SweepPanelData[] = [
    {
      id: 'leak',
      title: 'Leak onto padding, per layer',
      yLabel: 'real-token attention on pads (%)',
      unit: 'percent',
      series: perSlot(result, slots, (slot, sides) =>
        Array.from({ length: result.layers }, (_, l) =>
          line(
            slot,
            `leak${l}`,
            `L${l}`,
            l,
            sides.map((side) => side.leakPerLayer[l] ?? NaN),
          ),
        ),
      ),
    },
    {
      id: 'driftRel',
      title: 'Drift of real tokens, relative',
      yLabel: 'max ‖Δh‖/‖h‖ (%)',
      unit: 'percent',
      axisFloor: DRIFT_AXIS_FLOOR,
      series: perSlot(result, slots, (slot, sides) => [
        line(
          slot,
          'rel',
          'max ‖Δh‖/‖h‖',
          0,
          sides.map((side) => finalOf(side)?.rel ?? NaN),
        ),
      ]),
    },
    {
      id: 'driftAbs',
      title: 'Drift of real tokens, absolute',
      yLabel: 'max |Δh| (hidden units)',
      unit: 'number',
      axisFloor: DRIFT_AXIS_FLOOR,
      series: perSlot(result, slots, (slot, sides) => [
        line(
          slot,
          'abs',
          'max |Δh|',
          0,
          sides.map((side) => finalOf(side)?.abs ?? NaN),
        ),
      ]),
    },
  ];
  if (maskLabels.length > 0) {
    panels.push({
      id: 'maskTop',
      title: '[MASK] top-1 probability (● = top-1 token changed)',
      yLabel: 'probability (0–1)',
      unit: 'probability',
      series: perSlot(result, slots, (slot, sides) => topSeries(slot, sides, maskLabels)),
    });
  }
  const kinds = result.steps[0]?.a.pooled.map((p) => p.kind) ?? [];
  if (kinds.length > 0) {
    panels.push({
      id: 'pooled',
      title: 'Pooled vector vs unpadded',
      yLabel: 'cosine, real tokens pooled',
      unit: 'cosine',
      series: perSlot(result, slots, (slot, sides) =>
        kinds.map((kind, k) =>
          line(
            slot,
            `pool-${kind}`,
            kind,
            k,
            sides.map((side) => side.pooled[k]?.masked ?? NaN),
          ),
        ),
      ),
    });
  }
  return panels;
}
