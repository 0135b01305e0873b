import type { StateCreator } from 'zustand';
import type { ApiId } from '../../src/conventions/apis';
import type { PaddingPolarity } from '../../src/conventions/fromPadding';
import type { NamedArray, ValueKind } from '../../src/dump/arrays';
import type { AppState } from './appState';

/** Where the mask array of the convention check comes from. */
export type ConventionInput = 'typed' | 'padding' | 'file';

/** A mask file the user opened for the check: its arrays, read in the worker (`maskFile` request). */
export interface ConventionFile {
  readonly fileName: string;
  readonly arrays: readonly NamedArray[];
}

/** What the user chose in "Which convention does your API use?" (stored). */
export interface ConventionChoices {
  readonly conventionApi: ApiId;
  readonly conventionInput: ConventionInput;
  /** The array as typed. */
  readonly conventionTyped: string;
  /** The dtype the typed or file array is cast to; 'auto': as written or stored. */
  readonly conventionDtype: ValueKind | 'auto';
  /** How their code writes the current padding, for input 'padding'. */
  readonly conventionPolarity: PaddingPolarity;
  /** The padding they meant as typed 0/1 ("1 1 1 0 0"); null: the current sentence's padding. */
  readonly conventionMeant: string | null;
  /** Batch item checked. */
  readonly conventionItem: number;
  /** Which array of the file is the mask; null: the first. */
  readonly conventionArrayName: string | null;
}

/** Everything the check derives from: the choices and the mask file read for them. */
export interface ConventionFields extends ConventionChoices {
  readonly conventionFile: ConventionFile | null;
  /** Why the file could not be read. */
  readonly conventionFileError: string | null;
}

/** The convention-check slice: its fields and one setter. */
export interface ConventionsSlice extends ConventionChoices {
  readonly setConventionFields: (fields: Partial<ConventionChoices>) => void;
}

/** What a fresh page starts with: the API whose polarity is most often mixed up. */
const DEFAULT_CONVENTION_CHOICES: ConventionChoices = {
  conventionApi: 'torch-mha-key-padding',
  conventionInput: 'typed',
  conventionTyped: '',
  conventionDtype: 'auto',
  conventionPolarity: 'int-one-real',
  conventionMeant: null,
  conventionItem: 0,
  conventionArrayName: null,
};

/** The fields of a fresh page: its choices, and no file. */
export const DEFAULT_CONVENTION_FIELDS: ConventionFields = {
  ...DEFAULT_CONVENTION_CHOICES,
  conventionFile: null,
  conventionFileError: null,
};

/** Creates the convention-check slice. */
export const createConventionsSlice: StateCreator<AppState, [], [], ConventionsSlice> = (set) => ({
  ...DEFAULT_CONVENTION_CHOICES,
  setConventionFields: (fields) => set(fields),
});
