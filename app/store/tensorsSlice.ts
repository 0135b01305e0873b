import type { StateCreator } from 'zustand';
import type { Framework } from '../../src/dump/fixes';
import type { MaskConvention } from '../../src/dump/mask';
import type { PaddingSide as PadSide } from '../../src/masks/maskMode';
import type { ArrayInfo, TensorsAnswer } from '../protocol/engineProtocol';
import type { AppState } from './appState';

/** What the page shows: the built-in model's runs or the user's own tensors. */
export type Source = 'model' | 'tensors' | 'onnx';

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
  readonly fields: TensorFields;
  readonly answer: TensorsAnswer;
  readonly roundTripMs: number;
}

/** Where the newest read or check stands, as the panel says it (requestSelectors.ts). */
export type TensorPhase = 'idle' | 'reading' | 'checking' | 'done' | 'error';

/** The "Your tensors" slice: how to read the user's files (their reads and checks are requests). */
export interface TensorsSlice extends TensorFields {
  /** Which source the page shows, as chosen. */
  readonly source: Source;
  readonly setSource: (source: Source) => void;
  readonly setTensorFields: (fields: Partial<TensorFields>) => void;
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
export const createTensorsSlice: StateCreator<AppState, [], [], TensorsSlice> = (set) => ({
  ...DEFAULT_TENSOR_FIELDS,
  source: 'model',
  setSource: (source) => set({ source }),
  setTensorFields: (fields) => set(fields),
});
