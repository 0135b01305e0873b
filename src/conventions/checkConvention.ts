/**
 * The convention check end to end: the API's keep-matrix for the user's array, the one they
 * meant, and the verdict. An array the API refuses (dtype or shape) is a verdict, not a crash.
 */
import type { NamedArray } from '../dump/arrays';
import type { ApiId } from './apis';
import { buildKeepMatrix, intendedKeep, type KeepMatrix } from './buildKeep';
import { diagnose, type ConventionDiagnosis } from './diagnose';
import { ConventionError } from './conventionError';
import { apiConvention } from './apis';
import { castMask } from './parseMask';

/** Everything the panel and the CLI show. */
export interface ConventionCheck {
  /** Null when the API refuses the array. */
  readonly built: KeepMatrix | null;
  /** [T × T], 1 = the query may attend the key. */
  readonly intended: Float32Array;
  readonly diagnosis: ConventionDiagnosis;
}

/**
 * Longest sequence checked: the matrices are [T × T] (four of them, 16 MiB each at 2,048), and a
 * convention is the same at any length, so a longer mask is refused rather than grown
 * quadratically (T = 50,000 would take 10 GB).
 */
export const MAX_CONVENTION_KEYS = 2048;

/**
 * Checks `array` given to `api` against the padding `real` [T] (1 = real), batch item `item`.
 * Throws ConventionError when T is over MAX_CONVENTION_KEYS.
 */
export function checkConvention(
  api: ApiId,
  array: NamedArray,
  real: Int32Array,
  item = 0,
): ConventionCheck {
  if (real.length > MAX_CONVENTION_KEYS) {
    throw new ConventionError(
      `the mask covers ${real.length} keys; the check builds [T × T] matrices and reads at most ${MAX_CONVENTION_KEYS}. A convention is the same at any length: check the first ${MAX_CONVENTION_KEYS} positions (the mask and --meant cut alike).`,
    );
  }
  const intended = intendedKeep(real);
  let built: KeepMatrix;
  try {
    built = buildKeepMatrix(api, array, real.length, item);
  } catch (error) {
    if (!(error instanceof ConventionError)) throw error;
    const T = real.length;
    return {
      built: null,
      intended,
      diagnosis: {
        verdict: 'refused',
        headline: `the API refuses this array: ${error.message}`,
        details: asBool(api, array, real, item),
        differs: new Uint8Array(T * T),
        differingCells: 0,
      },
    };
  }
  return { built, intended, diagnosis: diagnose(api, array, built, real) };
}

/** For a 0/1 array refused for its dtype: what the same values do as bool (`.bool()`). */
function asBool(api: ApiId, array: NamedArray, real: Int32Array, item: number): string[] {
  const rules = apiConvention(api).rules;
  const isZeroOne = array.data.every((v) => v === 0 || v === 1);
  if (array.kind === 'bool' || rules[array.kind] !== 'refused' || rules.bool === 'refused')
    return [];
  if (!isZeroOne) return [];
  const cast = castMask(array, 'bool');
  try {
    const built = buildKeepMatrix(api, cast, real.length, item);
    return [`passed as bool (mask.bool()): ${diagnose(api, cast, built, real).headline}`];
  } catch (error) {
    if (error instanceof ConventionError) return [];
    throw error;
  }
}
