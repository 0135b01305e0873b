/**
 * Catalogue entries that need more than an fp32 bidirectional encoder: fp16 / bf16 overflow,
 * causal masks with padding, a score scale, a bool cast. Facts from the project's mask-bug notes
 * (rows 6, 8, 18–21, 24); `seenIn` names the public reports. The causal entries are a
 * decoder-style experiment on an encoder's weights.
 */
import type { MaskEntry } from './maskEntry';
import { STRONG_CONSTANTS } from './maskEntry';
import { DEFAULT_NUMERICS, FLOAT16_MIN } from './numerics';
import type { AttentionNumerics } from './numerics';

const RIGHT = { positions: 'cumsum', paddingSide: 'right' } as const;
const LEFT = { positions: 'cumsum', paddingSide: 'left' } as const;
const CAUSAL: AttentionNumerics = { ...DEFAULT_NUMERICS, isCausal: true };
const FP16: AttentionNumerics = { ...DEFAULT_NUMERICS, precision: 'fp16' };

/** The score scale of the -1e5 entry: scores of ±1e5–1e6 on the bundled models. */
export const LARGE_SCORE_SCALE = 1e5;

/** Entries appended to the catalogue (correct ones to the correct group). */
export const NUMERICS_ENTRIES: readonly MaskEntry[] = [
  {
    id: 'causal-key-mask',
    title: 'Causal key mask (decoder-style)',
    symptom:
      "A decoder-style experiment on an encoder's weights: key j > query i is masked too (the causal plane C·c, added to the padding plane). Real rows see only earlier real tokens and do not drift under left or right padding with positions cumsum(m) - 1. Leading padding rows under left padding see no key: uniform for a finite c.",
    seenIn: ['huggingface/transformers PR 27114'],
    mode: { kind: 'keyAdditive', constant: -1e4 },
    ...RIGHT,
    constantChoices: STRONG_CONSTANTS,
    isCorrect: true,
    numerics: CAUSAL,
  },
  {
    id: 'causal-left-pad',
    title: 'Causal mask with left padding, c = -∞',
    symptom:
      'Leading padding rows see no key (earlier keys are padding, later ones are the future): all -∞, so softmax gives NaN, which reaches real rows one layer later (0 · NaN in probs·V). With a finite c those rows are uniform and harmless.',
    seenIn: ['huggingface/transformers PR 27114'],
    mode: { kind: 'keyAdditive', constant: -Infinity },
    ...LEFT,
    constantChoices: [-Infinity],
    isCorrect: false,
    numerics: CAUSAL,
  },
  {
    id: 'causal-left-pad-arange',
    title: 'Causal, left padding, arange position ids',
    symptom:
      'Batched decoding with left padding and positions 0..T-1: every real token sits at the wrong position, so outputs drift behind a clean causal heatmap (GPT-2 flips most top-1 predictions with one pad).',
    seenIn: [
      'ndif-team/nnsight issue 672, PR 673',
      'huggingface/transformers issue 18478',
      'huggingface/transformers issue 21080',
    ],
    mode: { kind: 'keyAdditive', constant: -1e4 },
    positions: 'arange',
    paddingSide: 'left',
    constantChoices: STRONG_CONSTANTS,
    isCorrect: false,
    numerics: CAUSAL,
  },
  {
    id: 'bool-cast-mask',
    title: 'Additive mask cast to bool (inverted)',
    symptom:
      'An additive 0 / -1e4 mask turned into bool (mask.bool()) is True at padding (-1e4 ≠ 0) and False at real tokens; SDPA reads True as "attend", so real keys get -∞ and padding keys are kept: real rows put all their weight on padding, and an unpadded row is all -∞ (NaN).',
    seenIn: [
      'huggingface/transformers PR 38094',
      'pytorch/pytorch PR 170415 (SDPA bool True = attend, MHA key_padding_mask True = ignore)',
    ],
    mode: { kind: 'invertedKeyAdditive', constant: -Infinity },
    ...RIGHT,
    constantChoices: [-Infinity],
    isCorrect: false,
  },
  {
    id: 'large-scores-1e5',
    title: 'Constant -1e5 under large scores (×1e5)',
    symptom:
      '-1e5 masks while |S| ≪ 1e5. With the query projection scaled ×1e5 (the score scale) the scores reach ±1e5–1e6, S - 1e5 is no longer negligible, and the nearly one-hot softmax can pick a padding key: leak and drift. float32 min still masks at this scale.',
    seenIn: ['TransformerLensOrg/TransformerLens PR 366', 'keras-team/keras PR 15390'],
    mode: { kind: 'keyAdditive', constant: -1e5 },
    ...RIGHT,
    constantChoices: [-1e5],
    isCorrect: false,
    numerics: { ...DEFAULT_NUMERICS, scoreScale: LARGE_SCORE_SCALE },
  },
  {
    id: 'nan-masked-values',
    title: 'NaN in masked values (mask after softmax)',
    symptom:
      "NaN or garbage in the padding positions' values reaches the real rows through probs·V: their weight is 0, but 0 · NaN = NaN (IEEE 754). That holds for every mask that zeroes a weight, the correct key mask included; only zeroing the padding values themselves, or a kernel that never reads padding (packed/varlen attention), keeps it out. Without tainted padding this runs as the after-softmax bug (rows sum to < 1); the taint test (NaN) shows the NaN reaching real tokens under this mode and under the correct mask alike.",
    seenIn: ['pytorch/pytorch issue 101967'],
    mode: { kind: 'keyAfterSoftmax' },
    ...RIGHT,
    constantChoices: [],
    isCorrect: false,
  },
  {
    id: 'fp16-neg-1e9',
    title: '-1e9 in fp16 on fully masked rows',
    symptom:
      'fp16 tops out at 65504, so -1e9 is cast to -∞. Harmless on partly masked rows (the key mask still works in fp16), but rows masked entirely (padding queries under the both-axes mask, or causal with left padding) are all -∞ and softmax to NaN, which reaches real rows one layer later. In fp32 the same mask is correct.',
    seenIn: ['facebookresearch/fairseq issue 3575', 'huggingface/transformers PR 17306'],
    mode: { kind: 'bothAdditive', constant: -1e9 },
    ...RIGHT,
    constantChoices: [-1e9],
    isCorrect: false,
    numerics: FP16,
  },
  {
    id: 'fp16-min-planes-sum',
    title: 'finfo(fp16).min planes summed (causal + padding)',
    symptom:
      'finfo(fp16).min = -65504 is finite, but the causal and padding planes added give -131008: -∞ in fp16 wherever both mask a cell (as two float32-min planes do in fp32). A row stays finite while one of its cells is masked once, and here every row keeps one, so the heatmaps stay clean; a row turns NaN once its singly masked cells overflow too (S - 65504 < -65520, i.e. S < -16, as large fp16 activations give). Fix: masked_fill, not +.',
    seenIn: ['huggingface/transformers PR 17306', 'facebookresearch/fairseq issue 3575'],
    mode: { kind: 'keyAdditive', constant: FLOAT16_MIN },
    ...LEFT,
    constantChoices: [FLOAT16_MIN],
    isCorrect: false,
    numerics: { ...FP16, isCausal: true },
  },
];
