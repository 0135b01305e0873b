/** How the sweep chart prints a value of each unit (ticks and readout). */
import { formatPercent, formatSignificant, formatWeight } from '../../../src/diagnostics/format';
import type { SweepUnit } from '../../../src/viz/sweepSeries';

/** "12.5%", "0.41", "p 0.83", "cos 0.9991"; NaN as "NaN". */
export function formatSweepValue(value: number, unit: SweepUnit): string {
  if (Number.isNaN(value)) return 'NaN';
  switch (unit) {
    case 'percent':
      return formatPercent(value);
    case 'number':
      return formatWeight(value);
    case 'probability':
      return formatSignificant(value, 3);
    case 'cosine':
      return String(Number(value.toFixed(4)));
  }
}

/** Shorter tick labels: "10%", "0.5", "1e-6". */
export function formatSweepTick(value: number, unit: SweepUnit): string {
  return unit === 'percent'
    ? `${Number((value * 100).toPrecision(3))}%`
    : formatSignificant(value, 2);
}
