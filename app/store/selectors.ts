/**
 * Derived data over the input and model slices: the tokenizer, the tokenized sentence, the
 * resolved mask modes, input problems and the run plan. Every selector is memoised, so it
 * returns the same object until its inputs change. Result-derived data is in resultSelectors.ts.
 */
import {
  findMaskEntry,
  MASK_CATALOGUE,
  withConstant,
  type MaskEntry,
} from '../../src/masks/catalogue';
import type { PaddingSide } from '../../src/masks/maskMode';
import type { AttentionNumerics } from '../../src/masks/numerics';
import { tokenize, type Encoding } from '../../src/tokenizer/tokenize';
import { SPECIAL_TOKENS, vocabFromTokens, type Vocab } from '../../src/tokenizer/vocab';
import type { ModelRunRequest } from '../../src/analysis/modelRun';
import type { AppState } from './appState';
import { DEFAULT_MODE_A_ID, DEFAULT_MODE_B_ID, type InputFields } from './inputSlice';
import { memoLast } from './memo';
import type { ModelInfo } from './modelSlice';

/** A problem with the input, shown in the error banner; blocking ones stop the run. */
export interface InputProblem {
  readonly field: 'sentence' | 'padding';
  readonly message: string;
  readonly isBlocking: boolean;
}

/** Everything the engine needs for one run, and the input fields it answers. */
export interface RunPlan {
  readonly request: ModelRunRequest;
  readonly input: InputFields;
}

const vocabOf = memoLast((model: ModelInfo | null): Vocab | null =>
  model === null ? null : vocabFromTokens(model.vocabTokens, model.source),
);

/** The loaded model's vocabulary with its token index, or null before a model is loaded. */
export function selectVocab(state: AppState): Vocab | null {
  return vocabOf(state.load.result);
}

const encode = memoLast((sentence: string, vocab: Vocab | null): Encoding | null =>
  vocab === null ? null : tokenize(sentence, vocab),
);

/** The sentence as WordPiece tokens with [CLS] and [SEP], or null before a model is loaded. */
export function selectEncoding(state: AppState): Encoding | null {
  return encode(state.sentence, selectVocab(state));
}

/** Padding tokens the model has room for after this sentence (0 when it is too long). */
export function selectPaddingLimit(state: AppState): number {
  const encoding = selectEncoding(state);
  const maxPositions = state.load.result?.config.maxPositions;
  if (encoding === null || maxPositions === undefined) return 0;
  return Math.max(0, maxPositions - encoding.ids.length);
}

/** The padding that is run: the asked-for padding clamped to 0 … the limit. */
export function selectEffectivePadding(state: AppState): number {
  return Math.max(0, Math.min(state.paddingLength, selectPaddingLimit(state)));
}

const resolveEntry = memoLast(
  (id: string, constant: number | null, fallbackId: string): MaskEntry => {
    const entry = findMaskEntry(id) ?? findMaskEntry(fallbackId) ?? MASK_CATALOGUE[0];
    if (entry === undefined) throw new Error('The mask catalogue is empty.');
    return constant !== null &&
      entry.constantChoices.includes(constant) &&
      entry.constantChoices.length > 1
      ? withConstant(entry, constant)
      : entry;
  },
);
const resolveEntryB = memoLast((id: string, constant: number | null) =>
  resolveEntry(id, constant, DEFAULT_MODE_B_ID),
);
const resolveEntryA = memoLast((id: string, constant: number | null) =>
  resolveEntry(id, constant, DEFAULT_MODE_A_ID),
);

/** Mode A's catalogue entry with the chosen constant applied. */
export function selectEntryA(state: AppState): MaskEntry {
  return resolveEntryA(state.modeAId, state.constantA);
}

/** Mode B's catalogue entry with the chosen constant applied. */
export function selectEntryB(state: AppState): MaskEntry {
  return resolveEntryB(state.modeBId, state.constantB);
}

const findProblems = memoLast(
  (
    sentence: string,
    encoding: Encoding | null,
    maxPositions: number | null,
    padding: number,
  ): InputProblem[] => {
    const problems: InputProblem[] = [];
    if (sentence.trim() === '') {
      problems.push({
        field: 'sentence',
        message: 'The sentence is empty: type one to analyse.',
        isBlocking: true,
      });
      return problems;
    }
    if (padding < 0) {
      problems.push({
        field: 'padding',
        message: `Padding ${padding} is below 0, so 0 pads are used.`,
        isBlocking: false,
      });
    }
    if (encoding === null || maxPositions === null) return problems;
    const tokens = encoding.ids.length;
    if (tokens > maxPositions) {
      problems.push({
        field: 'sentence',
        message: `The sentence is ${tokens} tokens long with [CLS] and [SEP], but this model takes at most ${maxPositions}: remove ${tokens - maxPositions} tokens.`,
        isBlocking: true,
      });
    } else if (padding > maxPositions - tokens) {
      const limit = maxPositions - tokens;
      problems.push({
        field: 'padding',
        message: `Padding ${padding} does not fit: this ${tokens}-token sentence leaves room for ${limit} of the model's ${maxPositions} positions, so ${limit} pads are used.`,
        isBlocking: false,
      });
    }
    return problems;
  },
);

/** Problems with the current input, in the order to show them. */
export function selectInputProblems(state: AppState): InputProblem[] {
  return findProblems(
    state.sentence,
    selectEncoding(state),
    state.load.result?.config.maxPositions ?? null,
    state.paddingLength,
  );
}

const planRun = memoLast(
  (
    encoding: Encoding | null,
    isBlocked: boolean,
    padding: number,
    entryA: MaskEntry,
    entryB: MaskEntry,
    input: InputFields,
  ): RunPlan | null => {
    if (encoding === null || isBlocked) return null;
    const maskIndices = encoding.pieces.flatMap((piece, k) =>
      piece === SPECIAL_TOKENS.mask ? [k] : [],
    );
    const request: ModelRunRequest = {
      ids: encoding.ids,
      paddingLength: padding,
      side: input.paddingSide,
      modeA: { mode: entryA.mode, positions: entryA.positions, numerics: input.numerics },
      modeB: { mode: entryB.mode, positions: entryB.positions, numerics: input.numerics },
      maskIndices,
    };
    return { request, input };
  },
);

const snapshotInput = memoLast(
  (
    sentence: string,
    paddingLength: number,
    paddingSide: PaddingSide,
    modeAId: string,
    modeBId: string,
    constantA: number | null,
    constantB: number | null,
    numerics: AttentionNumerics,
  ): InputFields => ({
    sentence,
    paddingLength,
    paddingSide,
    modeAId,
    modeBId,
    constantA,
    constantB,
    numerics,
  }),
);

/** The input fields as one stable object (changes only when a field does). */
export function selectInputFields(state: AppState): InputFields {
  return snapshotInput(
    state.sentence,
    state.paddingLength,
    state.paddingSide,
    state.modeAId,
    state.modeBId,
    state.constantA,
    state.constantB,
    state.numerics,
  );
}

/** The run the current input asks for, or null when no model is loaded or the input is blocked. */
export function selectRunPlan(state: AppState): RunPlan | null {
  return planRun(
    selectEncoding(state),
    selectInputProblems(state).some((problem) => problem.isBlocking),
    selectEffectivePadding(state),
    selectEntryA(state),
    selectEntryB(state),
    selectInputFields(state),
  );
}
