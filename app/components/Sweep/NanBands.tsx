import { nanRuns, type SweepPanelData, type SweepSlot } from '../../../src/viz/sweepSeries';
import { CHART } from './sweepScales';

/**
 * A band over the paddings where a mode's values are NaN, in the mode's colour and named, on
 * every panel: a NaN draws no line, and the collapse must not look like a missing series.
 */
export function NanBands({
  panel,
  pads,
  x,
  topPx,
  hidden,
  colors,
}: {
  readonly panel: SweepPanelData;
  readonly pads: readonly number[];
  readonly x: (pads: number) => number;
  readonly topPx: number;
  readonly hidden: ReadonlySet<string>;
  readonly colors: Readonly<Record<SweepSlot, string>>;
}) {
  const half = (i: number, j: number) => (x(pads[j] ?? pads[i] ?? 0) - x(pads[i] ?? 0)) / 2;
  const slots = (['a', 'b'] as const).filter((slot) => !hidden.has(slot));
  return (
    <g>
      {slots.flatMap((slot, n) =>
        nanRuns(panel, slot).map((run) => {
          const from = x(pads[run.start] ?? 0) + half(run.start, run.start - 1);
          const to = x(pads[run.end - 1] ?? 0) + half(run.end - 1, run.end);
          const width = Math.max(4, to - from);
          return (
            <g key={`${slot}-${run.start}`} data-testid="sweep-nan-band" data-slot={slot}>
              <rect
                x={to - width}
                y={topPx}
                width={width}
                height={CHART.panelPx}
                fill={colors[slot]}
                opacity="0.12"
              />
              <text x={to - width + 4} y={topPx + 12 + n * 12} fill={colors[slot]} fontSize="10">
                {slot.toUpperCase()}: NaN from {pads[run.start]} pads
              </text>
            </g>
          );
        }),
      )}
    </g>
  );
}
