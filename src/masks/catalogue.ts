/**
 * The catalogue of attention-mask bugs people really shipped, as data. Facts copied from the
 * project's mask-bug notes; `seenIn` names the public reports. Notation: S = QKᵀ/√d,
 * m = attention mask (1 = real), K(x) / Q(x) lay x along the keys (columns) / queries (rows).
 */
import type { MaskEntry } from './maskEntry';
import { STRONG_CONSTANTS } from './maskEntry';
import type { PaddingSide } from './maskMode';
import { FLOAT32_MIN, formatConstant, formulaOf, modeUsesConstant, replaceConstant } from './modes';
import { NUMERICS_ENTRIES } from './numericsEntries';
import type { AttentionNumerics } from './numerics';
import { DEFAULT_NUMERICS, formatScale, isDefaultNumerics, sameNumerics } from './numerics';

export type { MaskEntry } from './maskEntry';
export { STRONG_CONSTANTS } from './maskEntry';

const RIGHT = { positions: 'cumsum', paddingSide: 'right' } as const;

const CORRECT_ENTRIES: readonly MaskEntry[] = [
  {
    id: 'key-additive',
    title: 'Correct key mask',
    symptom:
      "Padding columns get exactly 0 in every real row (e^c underflows in float32 for c ≤ -1e4), rows sum to 1, no drift. -1e4 is BERT's constant, float32 min today's libraries'; in fp16/bf16 the latter overflows to -inf.",
    seenIn: [
      'google-research/bert (c = -10000)',
      'facebookresearch/fairseq issue 3575',
      'huggingface/transformers PR 17306',
    ],
    mode: { kind: 'keyAdditive', constant: -1e4 },
    ...RIGHT,
    constantChoices: STRONG_CONSTANTS,
    isCorrect: true,
  },
  {
    id: 'key-renormalised',
    title: 'Mask after softmax, renormalised',
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
    symptom:
      'Padding rows are entirely -∞: softmax gives NaN there, and the NaN reaches real rows one layer later.',
    seenIn: ['pytorch/pytorch issues 41508, 103749', 'pytorch/pytorch PR 133882'],
    mode: { kind: 'bothAdditive', constant: -Infinity },
    ...RIGHT,
    constantChoices: [-Infinity],
    isCorrect: false,
  },
];

/**
 * Every entry, correct ones first; the precision, causal and score-scale entries
 * (numericsEntries.ts) after the fp32 bidirectional ones of their group.
 */
export const MASK_CATALOGUE: readonly MaskEntry[] = [
  ...CORRECT_ENTRIES,
  ...NUMERICS_ENTRIES.filter((entry) => entry.isCorrect),
  ...BUG_ENTRIES,
  ...NUMERICS_ENTRIES.filter((entry) => !entry.isCorrect),
];

/** The entry with this id, or undefined. */
export function findMaskEntry(id: string): MaskEntry | undefined {
  return MASK_CATALOGUE.find((entry) => entry.id === id);
}

/**
 * Ids of entries that became constant choices of one entry, with that entry and constant, so
 * links made before the merge still open the mode they showed.
 */
export const RENAMED_MASK_IDS: Readonly<Record<string, { id: string; constant: number }>> = {
  'key-additive-1e4': { id: 'key-additive', constant: -1e4 },
  'key-additive-1e9': { id: 'key-additive', constant: -1e9 },
  'key-additive-f32-min': { id: 'key-additive', constant: FLOAT32_MIN },
};

/** The name of the entry as run, with its constant when the user can choose one: "Correct key mask (c = -1e9)". */
export function titleOf(entry: MaskEntry): string {
  const { mode } = entry;
  return modeUsesConstant(mode) && entry.constantChoices.length > 1
    ? `${entry.title} (c = ${formatConstant(mode.constant)})`
    : entry.title;
}

/** The numerics an entry shows its behaviour under (fp32, bidirectional, ×1 when it names none). */
export function numericsOf(entry: MaskEntry): AttentionNumerics {
  return entry.numerics ?? DEFAULT_NUMERICS;
}

/**
 * The entry's formula in FORMULA_NOTATION, with its constant and position scheme, and its
 * numerics when they are not the defaults: "softmax(S + K(1-m)·(-1e9)), in fp16, causal".
 */
export function formulaOfEntry(entry: MaskEntry): string {
  const numerics = numericsOf(entry);
  const parts = [formulaOf(entry.mode)];
  if (entry.positions === 'arange') parts.push('pos = arange(T) (not cumsum(m) - 1)');
  if (numerics.isCausal) parts.push('causal: + C·c');
  if (numerics.scoreScale !== 1) parts.push(`S ${formatScale(numerics.scoreScale)}`);
  if (numerics.precision !== 'fp32') parts.push(`in ${numerics.precision}`);
  return parts.join(', ');
}

/**
 * Why the entry does not show its behaviour under the numerics that run, or null when they are
 * the entry's own (or the entry needs none).
 */
export function numericsNote(entry: MaskEntry, running: AttentionNumerics): string | null {
  const own = numericsOf(entry);
  if (isDefaultNumerics(own) || sameNumerics(own, running)) return null;
  const wanted = [
    own.precision === running.precision ? null : own.precision,
    own.isCausal === running.isCausal ? null : own.isCausal ? 'causal on' : 'causal off',
    own.scoreScale === running.scoreScale ? null : `score scale ${formatScale(own.scoreScale)}`,
  ].filter((part) => part !== null);
  return `this entry shows its behaviour with ${wanted.join(', ')}; the run uses other settings`;
}

/**
 * Why the entry looks like the correct mask under this padding side, or null when the side shows
 * its behaviour. Only left-padding entries (position-id bugs) have a side that hides them: right
 * padding gives arange(T) = cumsum(m) - 1 on every real token.
 */
export function paddingSideNote(entry: MaskEntry, side: PaddingSide): string | null {
  if (entry.paddingSide !== 'left' || side === 'left') return null;
  return 'under right padding this runs exactly like the correct mask (the real tokens keep positions 0…n-1, as cumsum(m) - 1 gives them); choose left padding to see the bug';
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
