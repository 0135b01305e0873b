/**
 * How the detail view's plot and colour bar share the width they get: side by side while the
 * plot keeps at least MIN_PLOT_BESIDE_PX, else the bar goes below, shorter, and the plot takes
 * the whole width (a phone: before, a 90 px plot sat beside a 400 px bar).
 */

/** Width kept for the colour bar beside the plot, and the gap before it, px. */
export const COLORBAR_PX = 140;
export const COLORBAR_GAP_PX = 16;
/** Narrowest plot worth keeping beside the colour bar, px. */
const MIN_PLOT_BESIDE_PX = 320;
/** Colour bar length beside a plot, and under one, px. */
const BAR_BESIDE_PX = { min: 160, max: 400 } as const;
const BAR_BELOW_PX = 140;

/** The detail body's parts for `bodyPx` of width and a plot of at most `plotPx`. */
export interface DetailFit {
  readonly plotMaxWidthPx: number;
  readonly colorBarLengthPx: number;
  readonly isColorBarBelow: boolean;
}

/** Fits the plot (largest side `plotPx`) and its colour bar into `bodyPx`. */
export function fitDetailBody(bodyPx: number, plotPx: number): DetailFit {
  const besidePx = bodyPx - COLORBAR_PX - COLORBAR_GAP_PX;
  if (besidePx >= Math.min(plotPx, MIN_PLOT_BESIDE_PX)) {
    const length = Math.min(Math.max(plotPx * 0.8, BAR_BESIDE_PX.min), BAR_BESIDE_PX.max);
    return { plotMaxWidthPx: besidePx, colorBarLengthPx: length, isColorBarBelow: false };
  }
  return { plotMaxWidthPx: bodyPx, colorBarLengthPx: BAR_BELOW_PX, isColorBarBelow: true };
}
