/** Where everything of the sweep chart goes: the x scale of paddings and each panel's y scale. */
import { extent, scaleLinear, type ScaleLinear } from 'd3';
import type { SweepPanelData } from '../../../src/viz/sweepSeries';

/** Chart size and margins, px (the SVG scales down with CSS on narrow screens). */
export const CHART = {
  widthPx: 720,
  leftPx: 70,
  rightPx: 18,
  headerPx: 78,
  panelPx: 110,
  /** Between two panels: the x ticks below one and the title of the next. */
  gapPx: 46,
  footerPx: 30,
} as const;

/** One panel placed: its top and its y scale. */
export interface PlacedPanel {
  readonly panel: SweepPanelData;
  readonly topPx: number;
  readonly y: ScaleLinear<number, number>;
}

/** The whole layout: the x scale, the panels and the total height. */
export interface SweepLayout {
  readonly x: ScaleLinear<number, number>;
  readonly panels: readonly PlacedPanel[];
  readonly heightPx: number;
}

function domainOf(panel: SweepPanelData): [number, number] {
  const values = panel.series.flatMap((s) => s.values).filter(Number.isFinite);
  switch (panel.unit) {
    case 'probability':
      return [0, 1];
    case 'cosine': {
      const [low = 1] = extent(values);
      return [Math.min(low, 0.9), 1];
    }
    case 'percent':
    case 'number': {
      const high = Math.max(0, ...values) * 1.08;
      return [0, Math.max(high, panel.axisFloor ?? 0, 1e-6)];
    }
  }
}

/** Lays out `panels` stacked over a shared padding axis 0..maxPads. */
export function layoutSweep(panels: readonly SweepPanelData[], maxPads: number): SweepLayout {
  const x = scaleLinear()
    .domain([0, Math.max(1, maxPads)])
    .range([CHART.leftPx, CHART.widthPx - CHART.rightPx]);
  const placed = panels.map((panel, i): PlacedPanel => {
    const topPx = CHART.headerPx + i * (CHART.panelPx + CHART.gapPx);
    const y = scaleLinear()
      .domain(domainOf(panel))
      .range([topPx + CHART.panelPx, topPx])
      .nice(4);
    return { panel, topPx, y };
  });
  const heightPx =
    CHART.headerPx + panels.length * (CHART.panelPx + CHART.gapPx) - CHART.gapPx + CHART.footerPx;
  return { x, panels: placed, heightPx };
}
