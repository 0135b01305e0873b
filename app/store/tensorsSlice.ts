import type { StateCreator } from 'zustand';
import type { Framework } from '../../src/dump/fixes';
import type { MaskConvention, PadSide } from '../../src/dump/mask';
import type { ArrayInfo, TensorsAnswer } from '../engine/protocol';
import type { AppState } from './appState';

/** What the page shows: the built-in model's runs or the user's own tensors. */
export type Source = 'model' | 'tensors';

/** Where the padding mask of the user's tensors comes from. */
export type TensorMaskKind = 'found' | 'lengths' | 'typed';

/** How the user asked their tensors to be read: every check is a function of these fields. */
export interface TensorFields {
  /** 'auto' or axis letters (BHQK, BHKQ, …), as typed. */
  readonly layout: string;
  readonly convention: MaskConvention | 'auto';
  readonly maskKind: TensorMaskKind;
  /** Real-token counts per item ("7,12"), as typed, for maskKind 'lengths'. */
  readonly lengths: string;
  readonly padSide: PadSide;
  /** 0/1 rows ("1 1 1 0 0"), one line per item, as typed, for maskKind 'typed'. */
  readonly typedMask: string;
  readonly framework: Framework;
  /** Labels for the positions as typed (empty: indices). */
  readonly tokens: string;
  /** Whether `tokens` is a list of tokens or a sentence for the loaded model's tokenizer. */
  readonly tokensKind: 'tokens' | 'sentence';
  /** The batch item drawn, as chosen; null: the first item with padding. */
  readonly item: number | null;
}

/** The user's files as opened: names only (the File objects live in the session). */
export interface OpenedTensors {
  readonly files: readonly string[];
  readonly compareFiles: readonly string[];
  /** What the engine found in them. */
  readonly arrays: readonly ArrayInfo[];
}

/** A finished check: what was asked and what came back. */
export interface TensorRecord {
  readonly checkId: number;
  readonly fields: TensorFields;
  readonly answer: TensorsAnswer;
  readonly roundTripMs: number;
}

/** Where the newest check stands. */
export type TensorPhase = 'idle' | 'reading' | 'checking' | 'done' | 'error';

/** The "Your tensors" slice. */
export interface TensorsSlice extends TensorFields {
  /** Which source the page shows, as chosen. */
  readonly source: Source;
  /** The files the engine holds, as it reported them; null before any were opened. */
  readonly opened: OpenedTensors | null;
  /** Where the newest read or check stands: only the session knows. */
  readonly tensorPhase: TensorPhase;
  /** Why the newest read or check failed, as the reader said it. */
  readonly tensorError: string | null;
  /** Id of the newest check requested: late answers are dropped by it. */
  readonly latestCheckId: number;
  /** latestCheckId when the newest read began: answers about earlier files are dropped by it. */
  readonly readFromCheckId: number;
  /** The newest finished check shown. */
  readonly tensorResult: TensorRecord | null;
  readonly setSource: (source: Source) => void;
  readonly setTensorFields: (fields: Partial<TensorFields>) => void;
  readonly beginTensorRead: () => void;
  readonly finishTensorRead: (opened: OpenedTensors) => void;
  readonly requestCheck: () => number;
  readonly finishCheck: (record: TensorRecord) => void;
  /** A read or check failed; `checkId` null for a read. */
  readonly failTensors: (checkId: number | null, message: string) => void;
}

/** The options a fresh page starts with: everything found from the data. */
export const DEFAULT_TENSOR_FIELDS: TensorFields = {
  layout: 'auto',
  convention: 'auto',
  maskKind: 'found',
  lengths: '',
  padSide: 'right',
  typedMask: '',
  framework: 'pytorch',
  tokens: '',
  tokensKind: 'tokens',
  item: null,
};

/** Creates the "Your tensors" slice. */
export const createTensorsSlice: StateCreator<AppState, [], [], TensorsSlice> = (set, get) => ({
  ...DEFAULT_TENSOR_FIELDS,
  source: 'model',
  opened: null,
  tensorPhase: 'idle',
  tensorError: null,
  latestCheckId: 0,
  readFromCheckId: 0,
  tensorResult: null,
  setSource: (source) => set({ source }),
  setTensorFields: (fields) => set(fields),
  // The engine drops the old dump when a read begins: nothing stays "opened" if this one fails.
  beginTensorRead: () =>
    set({
      opened: null,
      tensorPhase: 'reading',
      tensorError: null,
      tensorResult: null,
      readFromCheckId: get().latestCheckId,
    }),
  finishTensorRead: (opened) => set({ opened, tensorPhase: 'idle', tensorError: null }),
  requestCheck: () => {
    const checkId = get().latestCheckId + 1;
    set({ latestCheckId: checkId, tensorPhase: 'checking', tensorError: null });
    return checkId;
  },
  finishCheck: (record) => {
    const { tensorResult, latestCheckId, readFromCheckId } = get();
    if (record.checkId <= readFromCheckId) return; // about files read before the newest
    if (tensorResult !== null && record.checkId <= tensorResult.checkId) return;
    const isLatest = record.checkId === latestCheckId;
    set(
      isLatest
        ? { tensorResult: record, tensorPhase: 'done', tensorError: null }
        : { tensorResult: record },
    );
  },
  failTensors: (checkId, message) => {
    const { latestCheckId, readFromCheckId } = get();
    if (checkId === null || (checkId === latestCheckId && checkId > readFromCheckId)) {
      set({ tensorPhase: 'error', tensorError: message });
    }
  },
});
