/**
 * The catalogue of attention-mask bugs people really shipped, as data. Facts copied from the
 * project's mask-bug notes; `seenIn` names the public reports. Notation: S = QKᵀ/√d,
 * m = attention mask (1 = real), K(m) / Q(m) mark padding keys (columns) / queries (rows).
 */
import type { MaskMode, PaddingSide, PositionScheme } from './maskMode';
import { FLOAT32_MIN, modeUsesConstant, replaceConstant } from './modes';

/** One mask mode the app can run, with what it looks like and where it was seen. */
export interface MaskEntry {
  /** Stable, URL-safe id (`[a-z0-9-]+`), used in the app's URL. */
  readonly id: string;
  readonly title: string;
  /** The formula in the S / K(m) / Q(m) notation. */
  readonly formula: string;
  /** What the bug looks like in the heatmaps and outputs. */
  readonly symptom: string;
  /** Public reports of the bug ("hyunwoongko/transformer PR 40"). */
  readonly seenIn: readonly string[];
  readonly mode: MaskMode;
  readonly positions: PositionScheme;
  /** The padding side that shows the entry's behaviour (left only for position-id bugs). */
  readonly paddingSide: PaddingSide;
  /** Constants the user may pick for this entry; empty when the mode has none. */
  readonly constantChoices: readonly number[];
  /** True when real-token outputs are independent of padding and padding gets no weight. */
  readonly isCorrect: boolean;
}

/** Large negative constants that mask correctly in float32: BERT's, the common -1e9, dtype min. */
export const STRONG_CONSTANTS: readonly number[] = [-1e4, -1e9, FLOAT32_MIN];

const RIGHT = { positions: 'cumsum', paddingSide: 'right' } as const;

const CORRECT_ENTRIES: readonly MaskEntry[] = [
  {
    id: 'key-additive-1e4',
    title: 'Correct key mask (-1e4, original BERT)',
    formula: 'softmax(S + K(m)·c), c = -1e4',
    symptom:
      'Padding columns get exactly 0 in every real row (e^-1e4 underflows in float32), rows sum to 1, no drift.',
    seenIn: ['google-research/bert (c = -10000)'],
    mode: { kind: 'keyAdditive', constant: -1e4 },
    ...RIGHT,
    constantChoices: STRONG_CONSTANTS,
    isCorrect: true,
  },
  {
    id: 'key-additive-1e9',
    title: 'Correct key mask (-1e9)',
    formula: 'softmax(S + K(m)·c), c = -1e9',
    symptom: 'Identical to -1e4 in float32: padding columns 0, rows sum to 1, no drift.',
    seenIn: [],
    mode: { kind: 'keyAdditive', constant: -1e9 },
    ...RIGHT,
    constantChoices: STRONG_CONSTANTS,
    isCorrect: true,
  },
  {
    id: 'key-additive-f32-min',
    title: 'Correct key mask (float32 minimum)',
    formula: 'softmax(S + K(m)·c), c = finfo(float32).min',
    symptom:
      'Correct in float32; in fp16/bf16 the same trick overflows to -inf and NaN appears in fully masked rows.',
    seenIn: ['facebookresearch/fairseq issue 3575', 'huggingface/transformers PR 17306'],
    mode: { kind: 'keyAdditive', constant: FLOAT32_MIN },
    ...RIGHT,
    constantChoices: STRONG_CONSTANTS,
    isCorrect: true,
  },
  {
    id: 'key-renormalised',
    title: 'Mask after softmax, renormalised',
    formula: 'softmax(S) ⊙ m / Σ(softmax(S) ⊙ m)',
    symptom:
      'Correct: padding columns 0 and rows renormalised to 1; equal to the additive key mask.',
    seenIn: ['abisee/pointer-generator issue 88'],
    mode: { kind: 'keyRenormalised' },
    ...RIGHT,
    constantChoices: [],
    isCorrect: true,
  },
  {
    id: 'both-axes',
    title: 'Mask on both axes',
    formula: 'softmax(S + max(K(m), Q(m))·c)',
    symptom:
      'Real rows are masked correctly; padding rows are fully masked (uniform or unchanged), which is harmless while c is finite.',
    seenIn: [],
    mode: { kind: 'bothAdditive', constant: -1e4 },
    ...RIGHT,
    constantChoices: STRONG_CONSTANTS,
    isCorrect: true,
  },
];

const BUG_ENTRIES: readonly MaskEntry[] = [
  {
    id: 'no-mask',
    title: 'No mask (mask not passed on)',
    formula: 'softmax(S)',
    symptom:
      'Padding columns get e^S/Z ("watered-down" weights); the leak grows with the padding and real-token outputs drift.',
    seenIn: [
      'huggingface/diffusers issue 8886',
      'ematvey/hierarchical-attention-networks issue 19',
      'torchaudio Conformer called with lengths = full length',
    ],
    mode: { kind: 'none' },
    ...RIGHT,
    constantChoices: [],
    isCorrect: false,
  },
  {
    id: 'weak-constant',
    title: 'Constant too weak (-1e-9)',
    formula: 'softmax(S + K(m)·c), c = -1e-9',
    symptom: 'A sign or exponent typo: identical to no mask.',
    seenIn: ['Shujun-He/RibonanzaNet issue 5', 'awslabs/gluonts PR 1401'],
    mode: { kind: 'keyAdditive', constant: -1e-9 },
    ...RIGHT,
    constantChoices: [-1e-9],
    isCorrect: false,
  },
  {
    id: 'query-axis',
    title: 'Mask on the query axis',
    formula: 'softmax(S + Q(m)·c)',
    symptom:
      'Real rows look unmasked: padding columns keep weight and outputs drift. Padding rows are unchanged for -1e4, uniform for -1e9, NaN for -∞.',
    seenIn: [
      'hyunwoongko/transformer PR 40',
      'bentrevett/pytorch-seq2seq issue 96',
      'lsdefine/attention-is-all-you-need-keras issue 16',
    ],
    mode: { kind: 'queryAdditive', constant: -1e4 },
    ...RIGHT,
    constantChoices: [...STRONG_CONSTANTS, -Infinity],
    isCorrect: false,
  },
  {
    id: 'inverted-polarity',
    title: 'Inverted polarity',
    formula: 'softmax(S + K(1-m)·c)',
    symptom:
      'Real rows put almost all weight on padding columns; an unpadded input becomes fully masked.',
    seenIn: [
      'tensorflow/text PR 894 and issue 938',
      'tensorflow/tensorflow issue 45854 (key_padding_mask True = ignore vs attention_mask 1 = keep)',
    ],
    mode: { kind: 'invertedKeyAdditive', constant: -1e4 },
    ...RIGHT,
    constantChoices: STRONG_CONSTANTS,
    isCorrect: false,
  },
  {
    id: 'after-softmax',
    title: 'Mask after softmax, not renormalised',
    formula: 'softmax(S) ⊙ m',
    symptom:
      'Padding columns are exactly 0 (looks correct) but real rows sum to < 1, shrinking as padding grows; outputs drift.',
    seenIn: ['huggingface/transformers issue 542'],
    mode: { kind: 'keyAfterSoftmax' },
    ...RIGHT,
    constantChoices: [],
    isCorrect: false,
  },
  {
    id: 'multiplicative',
    title: 'Multiplicative mask before softmax',
    formula: 'softmax(S ⊙ m)',
    symptom: 'Every padding column gets the same weight e^0/Z: equal stripes; outputs drift.',
    seenIn: ['georg-wolflein/good-features PR 1'],
    mode: { kind: 'multiplicative' },
    ...RIGHT,
    constantChoices: [],
    isCorrect: false,
  },
  {
    id: 'float-add',
    title: '0/1 mask added as a float',
    formula: 'softmax(S + m)',
    symptom: 'Padding columns are only scaled by e^-1 ≈ 0.37 relative to real ones: a dimmed leak.',
    seenIn: ['pytorch/pytorch issues 136816, 141018'],
    mode: { kind: 'floatAdd' },
    ...RIGHT,
    constantChoices: [],
    isCorrect: false,
  },
  {
    id: 'left-pad-arange',
    title: 'Left padding with arange position ids',
    formula: 'softmax(S + K(m)·c) with pos = arange(T) instead of cumsum(m) - 1',
    symptom:
      'Padding columns are 0, but every real token is shifted by the padding count: drift behind a clean heatmap.',
    seenIn: ['huggingface/transformers issue 21080'],
    mode: { kind: 'keyAdditive', constant: -1e4 },
    positions: 'arange',
    paddingSide: 'left',
    constantChoices: STRONG_CONSTANTS,
    isCorrect: false,
  },
  {
    id: 'neg-inf-fully-masked',
    title: '-∞ on fully masked rows',
    formula: 'softmax(S + max(K(m), Q(m))·(-∞))',
    symptom:
      'Padding rows are entirely -∞: softmax gives NaN there, and the NaN reaches real rows one layer later.',
    seenIn: ['pytorch/pytorch issues 41508, 103749', 'pytorch/pytorch PR 133882'],
    mode: { kind: 'bothAdditive', constant: -Infinity },
    ...RIGHT,
    constantChoices: [-Infinity],
    isCorrect: false,
  },
];

/** Every entry, correct ones first. */
export const MASK_CATALOGUE: readonly MaskEntry[] = [...CORRECT_ENTRIES, ...BUG_ENTRIES];

/** The entry with this id, or undefined. */
export function findMaskEntry(id: string): MaskEntry | undefined {
  return MASK_CATALOGUE.find((entry) => entry.id === id);
}

/**
 * The entry with its mode's constant set to `constant`, one of `entry.constantChoices`
 * (other constants could change whether the entry is correct, so they are refused).
 */
export function withConstant(entry: MaskEntry, constant: number): MaskEntry {
  if (!modeUsesConstant(entry.mode) || !entry.constantChoices.includes(constant)) {
    throw new RangeError(
      `Mask entry '${entry.id}' does not take the constant ${constant}; choose one of [${entry.constantChoices.join(', ')}].`,
    );
  }
  return { ...entry, mode: replaceConstant(entry.mode, constant) };
}
