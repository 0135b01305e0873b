// Properties of the keep-matrix builder over random paddings: for every API, its own correct
// array gives exactly the intended matrix (real keys kept by every query) and the verdict
// "correct"; flipping the polarity of a 0/1 array masks exactly the complement on the key axis.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_CONVENTIONS } from '../../src/conventions/apis';
import { buildKeepMatrix, intendedKeep, MASKED_BELOW } from '../../src/conventions/buildKeep';
import { checkConvention } from '../../src/conventions/checkConvention';
import { correctArrayFor } from '../../src/conventions/fromPadding';

/** Paddings of 1 to 12 tokens with at least one real token. */
const paddings = fc
  .array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 12 })
  .filter((bits) => bits.includes(1))
  .map((bits) => Int32Array.from(bits));

describe('the keep-matrix builder', () => {
  it.each(API_CONVENTIONS.map((api) => [api.id]))(
    '%s: the correct array gives exactly the intended keep-matrix',
    (api) => {
      fc.assert(
        fc.property(paddings, (real) => {
          const built = buildKeepMatrix(api, correctArrayFor(api, real), real.length);
          expect(Array.from(built.weight)).toEqual(Array.from(intendedKeep(real)));
          expect(checkConvention(api, correctArrayFor(api, real), real).diagnosis.verdict).toBe(
            'correct',
          );
        }),
        { numRuns: 150 },
      );
    },
  );

  it.each(API_CONVENTIONS.map((api) => [api.id]))(
    '%s: flipping the polarity masks the complement on the key axis',
    (api) => {
      fc.assert(
        fc.property(paddings, (real) => {
          const right = correctArrayFor(api, real);
          const flipped = { ...right, data: right.data.map((v) => 1 - v) };
          const T = real.length;
          const a = buildKeepMatrix(api, right, T).bias;
          const b = buildKeepMatrix(api, flipped, T).bias;
          for (let cell = 0; cell < T * T; cell++) {
            const isMaskedA = (a[cell] ?? NaN) < MASKED_BELOW;
            const isMaskedB = (b[cell] ?? NaN) < MASKED_BELOW;
            expect(isMaskedB).toBe(!isMaskedA);
            expect(isMaskedA).toBe(real[cell % T] === 0);
          }
          if (real.includes(0)) {
            expect(checkConvention(api, flipped, real).diagnosis.verdict).toBe('inverted');
          }
        }),
        { numRuns: 150 },
      );
    },
  );
});
