import { describe, expect, it } from 'vitest';
import { COLORBAR_GAP_PX, COLORBAR_PX, fitDetailBody } from '../../src/viz/detailFit';

describe('fitting the detail plot and its colour bar', () => {
  it('keeps the bar beside the plot on a wide screen', () => {
    const fit = fitDetailBody(900, 500);
    expect(fit.isColorBarBelow).toBe(false);
    expect(fit.plotMaxWidthPx).toBe(900 - COLORBAR_PX - COLORBAR_GAP_PX);
    expect(fit.colorBarLengthPx).toBe(400);
  });

  it('on a phone gives the plot the whole width and puts a shorter bar below it', () => {
    const fit = fitDetailBody(300, 500);
    expect(fit).toEqual({ plotMaxWidthPx: 300, colorBarLengthPx: 140, isColorBarBelow: true });
  });
});
