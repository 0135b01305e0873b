/**
 * The convention check derived from the panel's fields and the current sentence's padding: a
 * pure function (memoised by the component), so nothing derived is stored.
 */
import { checkConvention, type ConventionCheck } from '../../src/conventions/checkConvention';
import { ConventionError } from '../../src/conventions/errors';
import { formatMask } from '../../src/conventions/formatMask';
import { maskFromPadding } from '../../src/conventions/fromPadding';
import { castMask, parseTypedMask } from '../../src/conventions/parseMask';
import type { NamedArray } from '../../src/dump/arrays';
import type { AppState } from './appState';
import type { ConventionFields } from './conventionsSlice';

/** What the panel shows: the check, or why there is none yet. */
export type ConventionView =
  | {
      readonly kind: 'checked';
      readonly check: ConventionCheck;
      /** The array checked, as a Python literal (what "current padding" produced, say). */
      readonly arrayText: string;
      readonly arrayShape: readonly number[];
      /** Where the intended padding came from, in words. */
      readonly meantFrom: string;
      readonly real: Int32Array;
    }
  | { readonly kind: 'waiting' | 'error'; readonly message: string };

/** The current sentence's padding (1 = real) [T], or null before the first run. */
export const selectCurrentPadding = (state: AppState): Int32Array | null =>
  state.run.result?.analysis.mask ?? null;

/**
 * The fields the check derives from: the stored choices and the mask file as read (a file that
 * failed to read counts as none, with its error).
 */
export const selectConventionFields = (s: AppState): ConventionFields => ({
  conventionApi: s.conventionApi,
  conventionInput: s.conventionInput,
  conventionTyped: s.conventionTyped,
  conventionDtype: s.conventionDtype,
  conventionPolarity: s.conventionPolarity,
  conventionMeant: s.conventionMeant,
  conventionItem: s.conventionItem,
  conventionFile: s.maskFile.phase === 'error' ? null : s.maskFile.result,
  conventionArrayName: s.conventionArrayName,
  conventionFileError: s.maskFile.phase === 'error' ? s.maskFile.error : null,
});

/** The convention check on show, computed afresh (the run export reads it once; the card memoises). */
export const selectConventionView = (state: AppState): ConventionView =>
  conventionView(selectConventionFields(state), selectCurrentPadding(state));

/** Derives the check from the fields and the current padding. */
export function conventionView(
  fields: ConventionFields,
  currentPadding: Int32Array | null,
): ConventionView {
  try {
    const meant = meantPadding(fields.conventionMeant, currentPadding);
    if (meant === null) {
      return {
        kind: 'waiting',
        message: 'Type the padding you meant (1 = real token, 0 = padding) or run the model first.',
      };
    }
    const found = maskArray(fields, meant.real);
    const array =
      found === null || fields.conventionDtype === 'auto' || fields.conventionInput === 'padding'
        ? found
        : castMask(found, fields.conventionDtype);
    if (array === null) {
      return {
        kind: 'waiting',
        message:
          fields.conventionInput === 'file'
            ? (fields.conventionFileError ?? 'Open a .npy, .npz, .safetensors or .json file.')
            : 'Type the mask array you pass, e.g. 1 1 1 0 0 or [[True, True, False]].',
      };
    }
    const keys = array.shape.at(-1) ?? 0;
    const isTypedForAnother = fields.conventionInput === 'typed' && fields.conventionMeant === null;
    if (isTypedForAnother && keys !== meant.real.length) {
      // The default "meant" is the current sentence: a typed mask of another length is not
      // wrong, it only needs the padding it was written for.
      return {
        kind: 'waiting',
        message: `Your mask has ${keys} keys and the current sentence ${meant.real.length} positions: type the padding you meant in "Padding you meant", e.g. ${exampleMeant(keys)}.`,
      };
    }
    return {
      kind: 'checked',
      check: checkConvention(fields.conventionApi, array, meant.real, fields.conventionItem),
      arrayText: formatMask(array),
      arrayShape: array.shape,
      meantFrom: meant.from,
      real: meant.real,
    };
  } catch (error) {
    if (error instanceof ConventionError) return { kind: 'error', message: error.message };
    throw error;
  }
}

/** "1 1 1 0 0" for 5 keys: a sample padding, real tokens first. */
function exampleMeant(keys: number): string {
  const real = Math.max(1, Math.ceil(keys / 2));
  return Array.from({ length: Math.min(keys, 12) }, (_, i) => (i < real ? '1' : '0')).join(' ');
}

function meantPadding(
  typed: string | null,
  current: Int32Array | null,
): { real: Int32Array; from: string } | null {
  if (typed === null) {
    if (current === null) return null;
    const realCount = current.reduce((a, b) => a + b, 0);
    return {
      real: current,
      from: `the current sentence: ${realCount} real tokens + ${current.length - realCount} padding`,
    };
  }
  if (typed.trim() === '') return null;
  const parsed = parseTypedMask(typed, 'intended padding');
  if (parsed.data.some((v) => v !== 0 && v !== 1)) {
    throw new ConventionError('the padding you meant must be 0/1 values: 1 = real token.');
  }
  if (parsed.shape.length !== 1 && !(parsed.shape.length === 2 && parsed.shape[0] === 1)) {
    throw new ConventionError('the padding you meant is one row of 0/1 values, like 1 1 1 0 0.');
  }
  return { real: Int32Array.from(parsed.data), from: 'as typed' };
}

function maskArray(fields: ConventionFields, real: Int32Array): NamedArray | null {
  switch (fields.conventionInput) {
    case 'typed':
      return fields.conventionTyped.trim() === '' ? null : parseTypedMask(fields.conventionTyped);
    case 'padding':
      return maskFromPadding(real, fields.conventionPolarity);
    case 'file': {
      const arrays = fields.conventionFile?.arrays ?? [];
      return arrays.find((array) => array.name === fields.conventionArrayName) ?? arrays[0] ?? null;
    }
  }
}
