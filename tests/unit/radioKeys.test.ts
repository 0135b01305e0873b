import { describe, expect, it } from 'vitest';
import { radioKeyTarget } from '../../app/components/Heatmap/radioKeys';

describe('radio-group keys of the segmented controls', () => {
  it.each([
    ['ArrowRight', 0, 1],
    ['ArrowDown', 1, 2],
    ['ArrowRight', 2, 0],
    ['ArrowLeft', 0, 2],
    ['ArrowUp', 2, 1],
    ['Home', 2, 0],
    ['End', 0, 2],
  ])('%s from option %i chooses option %i', (key, from, to) => {
    expect(radioKeyTarget([false, false, false], from, key)).toBe(to);
  });

  it('skips disabled options', () => {
    expect(radioKeyTarget([false, true, false], 0, 'ArrowRight')).toBe(2);
    expect(radioKeyTarget([false, true, true], 0, 'ArrowRight')).toBe(0);
  });

  it('leaves other keys to the page', () => {
    expect(radioKeyTarget([false, false], 0, 'Tab')).toBeNull();
    expect(radioKeyTarget([false, false], 0, 't')).toBeNull();
  });
});
