// One side measured from plain arrays (analyseSide, what the importer hands over): how NaN in
// a row counts towards the leak and the NaN-row counts, real and padding rows apart.
import { describe, expect, it } from 'vitest';
import { analyseSide } from '../../src/analysis/analysis';
import { attentionOf } from '../../src/analysis/attentionMaps';

const MASK = Int32Array.from([1, 1, 0]); // two real tokens, one pad: T = 3

/** One layer, two heads [1, 2, 3, 3], rows = queries. */
function side(head0: readonly number[], head1: readonly number[]) {
  return analyseSide(attentionOf(Float32Array.from([...head0, ...head1]), 1, 2, 3), MASK);
}

const CLEAN = [0.5, 0.5, 0, 0.25, 0.75, 0, 0.2, 0.3, 0.5];

describe('NaN in the attention of one side', () => {
  it('makes a head leak NaN when a real row is NaN on a padding key', () => {
    const measured = side([0.5, 0.5, NaN, 0.25, 0.75, 0, 0.2, 0.3, 0.5], CLEAN);
    expect(measured.heads.leak[0]?.[0]?.max).toBeNaN();
    expect(measured.heads.leak[0]?.[0]?.mean).toBeNaN();
    expect(measured.heads.leak[0]?.[1]).toEqual({ mean: 0, max: 0 });
    expect(measured.measurements.leak.max).toBeNaN();
    expect(measured.measurements.nanRows).toEqual({ real: 1, padding: 0 });
  });

  it('counts a NaN padding row apart, and leaves the leak of the real rows finite', () => {
    const measured = side(CLEAN, [0.5, 0.5, 0, 0.5, 0.5, 0, NaN, 0, 0]);
    expect(measured.measurements.leak).toEqual({ mean: 0, max: 0 });
    expect(measured.measurements.nanRows).toEqual({ real: 0, padding: 1 });
  });

  it('counts no NaN rows in clean attention', () => {
    expect(side(CLEAN, CLEAN).measurements.nanRows).toEqual({ real: 0, padding: 0 });
  });
});
