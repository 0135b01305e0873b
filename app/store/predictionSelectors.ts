/** Top-k MLM predictions for each [MASK] under A and B, from the run's logits rows. */
import { SPECIAL_TOKENS } from '../../src/tokenizer/vocab';
import type { AppState } from './appState';
import { memoLast } from './memo';
import type { RunRecord } from './runSlice';

/** Predictions shown per [MASK]. */
export const TOP_K = 5;

/** One predicted token with its softmax probability. */
export interface TokenProbability {
  readonly id: number;
  readonly token: string;
  readonly probability: number;
  /** True when the other mode ranks this token differently (or not in its top k). */
  readonly isChanged: boolean;
}

/** The predictions for one [MASK] token. */
export interface MaskPrediction {
  /** Index of the [MASK] in the padded sequence. */
  readonly position: number;
  readonly a: readonly TokenProbability[];
  readonly b: readonly TokenProbability[];
  /** True when A and B disagree on the most likely token. */
  readonly isTop1Changed: boolean;
}

interface Ranked {
  readonly id: number;
  readonly probability: number;
}

/** The k most likely ids of one logits row, with softmax probabilities (float64 sums). */
export function topK(logits: Float32Array, k: number): Ranked[] {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value);
  let total = 0;
  for (const value of logits) total += Math.exp(value - max);
  // Insertion into a short sorted list: k is tiny next to the vocabulary.
  const best: { readonly id: number; readonly logit: number }[] = [];
  logits.forEach((logit, id) => {
    const worst = best[best.length - 1];
    if (best.length === k && worst !== undefined && logit <= worst.logit) return;
    const at = best.findIndex((other) => logit > other.logit);
    best.splice(at === -1 ? best.length : at, 0, { id, logit });
    if (best.length > k) best.pop();
  });
  return best.map(({ id, logit }) => ({ id, probability: Math.exp(logit - max) / total }));
}

function label(
  ranked: readonly Ranked[],
  other: readonly Ranked[],
  tokens: readonly string[],
): TokenProbability[] {
  return ranked.map((entry, rank) => ({
    id: entry.id,
    token: tokens[entry.id] ?? `#${entry.id}`,
    probability: entry.probability,
    isChanged: other[rank]?.id !== entry.id,
  }));
}

const predictionsOf = memoLast(
  (result: RunRecord | null, tokens: readonly string[] | undefined): MaskPrediction[] => {
    if (result === null || tokens === undefined) return [];
    const { output } = result;
    const vocabSize = output.vocabSize;
    const rows = output.a.logits.length / vocabSize;
    const masks = result.pieces.flatMap((piece, t) => (piece === SPECIAL_TOKENS.mask ? [t] : []));
    return masks.slice(0, rows).map((position, n) => {
      const row = (logits: Float32Array): Float32Array =>
        logits.subarray(n * vocabSize, (n + 1) * vocabSize);
      const a = topK(row(output.a.logits), TOP_K);
      const b = topK(row(output.b.logits), TOP_K);
      return {
        position,
        a: label(a, b, tokens),
        b: label(b, a, tokens),
        isTop1Changed: a[0]?.id !== b[0]?.id,
      };
    });
  },
);

/** One entry per [MASK] of the newest run, in sentence order. */
export function selectPredictions(state: AppState): MaskPrediction[] {
  return predictionsOf(state.result, state.model?.vocabTokens);
}
