import type { StateCreator } from 'zustand';
import { findMaskEntry } from '../../src/masks/catalogue';
import type { PaddingSide } from '../../src/masks/maskMode';
import { DEFAULT_NUMERICS, type AttentionNumerics } from '../../src/masks/numerics';
import { DEFAULT_PAD_NUMBERING, type PadNumbering } from '../../src/masks/positions';
import type { ModelStart } from '../../src/checkpoint/modelIndex';
import type { AppState } from './appState';

/** The sentence the app opens with: one [MASK] the model should fill the same way at any padding. */
export const DEFAULT_SENTENCE = 'the doctor said that [MASK] would be fine .';
/** Catalogue id of the default mode A: the correct key mask (BERT's c = -1e4 by default). */
export const DEFAULT_MODE_A_ID = 'key-additive';
/** Catalogue id of the default mode B: no mask at all. */
export const DEFAULT_MODE_B_ID = 'no-mask';

/** Which of the two compared mask modes a control refers to. */
export type ModeSlot = 'a' | 'b';

/**
 * What the user typed and picked (or the URL said): the sources of truth of every run, which
 * is a pure function of these fields and the model.
 */
export interface InputFields {
  /** The text as typed: the tokenization is a selector. */
  readonly sentence: string;
  /**
   * Padding tokens the user asked for (box or link), a whole number as asked: negative or too
   * large included, so both get the same notice; the run clamps it (selectEffectivePadding).
   */
  readonly paddingLength: number;
  /** Which side the padding goes, as chosen. */
  readonly paddingSide: PaddingSide;
  /** How the padding's position ids are numbered (Hugging Face's, per side, by default). */
  readonly padNumbering: PadNumbering;
  /** Catalogue ids of the two compared modes, as chosen (the entries are selectors). */
  readonly modeAId: string;
  readonly modeBId: string;
  /** Constant c chosen for mode A (one of its entry's constantChoices), or null for the entry's own. */
  readonly constantA: number | null;
  readonly constantB: number | null;
  /** Precision, causal mask and score scale of both modes' attention (src/masks/numerics.ts). */
  readonly numerics: AttentionNumerics;
}

/** The input slice: fields and their setters. */
export interface InputSlice extends InputFields {
  readonly setSentence: (sentence: string) => void;
  readonly setPaddingLength: (paddingLength: number) => void;
  readonly setPaddingSide: (side: PaddingSide) => void;
  /**
   * Picks a catalogue entry for a slot; its constant goes back to the entry's own, an entry
   * that only shows under left padding (position ids) switches the padding to the left, and one
   * that needs other numerics (fp16, causal, a score scale) switches the run to them.
   */
  readonly setMode: (slot: ModeSlot, modeId: string) => void;
  readonly setConstant: (slot: ModeSlot, constant: number | null) => void;
  /** Changes some of the attention numerics (precision, causal, score scale). */
  readonly setNumerics: (change: Partial<AttentionNumerics>) => void;
  /** What the link asked for that could not be used (read once at start-up), for the banner. */
  readonly linkNotice: string | null;
  readonly setLinkNotice: (notice: string | null) => void;
  /** Replaces several fields at once (URL restore). */
  readonly setInputs: (fields: Partial<InputFields>) => void;
  /** Opens a model's start settings: its modes with their constants (else the entries' own) and padding. */
  readonly applyModelStart: (start: ModelStart) => void;
}

/**
 * Padding the app opens with: enough that the first screen already tells the correct mask from
 * no mask (with 0 pads both are correct and the screen shows two green ticks).
 */
export const DEFAULT_PADDING = 32;

/** The fields a fresh app starts with. */
export const DEFAULT_INPUT: InputFields = {
  sentence: DEFAULT_SENTENCE,
  paddingLength: DEFAULT_PADDING,
  paddingSide: 'right',
  padNumbering: DEFAULT_PAD_NUMBERING,
  modeAId: DEFAULT_MODE_A_ID,
  modeBId: DEFAULT_MODE_B_ID,
  constantA: null,
  constantB: null,
  numerics: DEFAULT_NUMERICS,
};

/** Creates the input slice. Padding is stored as asked (a whole number); clamping is a selector. */
export const createInputSlice: StateCreator<AppState, [], [], InputSlice> = (set, get) => ({
  ...DEFAULT_INPUT,
  setSentence: (sentence) => set({ sentence }),
  setPaddingLength: (paddingLength) =>
    set({
      paddingLength: Number.isFinite(paddingLength) ? Math.round(paddingLength) : 0,
    }),
  linkNotice: null,
  setLinkNotice: (linkNotice) => set({ linkNotice }),
  setPaddingSide: (paddingSide) => set({ paddingSide }),
  setMode: (slot, modeId) => {
    const entry = findMaskEntry(modeId);
    set({
      ...(slot === 'a'
        ? { modeAId: modeId, constantA: null }
        : { modeBId: modeId, constantB: null }),
      ...(entry?.paddingSide === 'left' ? { paddingSide: 'left' as const } : {}),
      // An entry that needs fp16, a causal mask or a score scale switches the run to them.
      ...(entry?.numerics === undefined ? {} : { numerics: entry.numerics }),
    });
  },
  setNumerics: (change) => set({ numerics: { ...get().numerics, ...change } }),
  setConstant: (slot, constant) =>
    set(slot === 'a' ? { constantA: constant } : { constantB: constant }),
  setInputs: (fields) => set(fields),
  applyModelStart: (start) =>
    set({
      ...(start.modeA === null ? {} : { modeAId: start.modeA, constantA: start.constantA }),
      ...(start.modeB === null ? {} : { modeBId: start.modeB, constantB: start.constantB }),
      ...(start.paddingLength === null ? {} : { paddingLength: start.paddingLength }),
    }),
});
