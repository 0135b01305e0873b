/** Top-k masked-LM predictions from logits rows, with softmax probabilities. */

/** Predictions kept per [MASK]. */
export const TOP_K = 5;

/** One predicted token with its softmax probability. */
export interface TokenProbability {
  readonly id: number;
  readonly token: string;
  readonly probability: number;
}

/** The ranked predictions for the [MASK] at index `position` of the padded sequence. */
export interface MaskPrediction {
  readonly position: number;
  /** Most likely first; empty when the logits hold NaN (there is no ranking then). */
  readonly top: readonly TokenProbability[];
  readonly hasNaN: boolean;
}

/** The k most likely ids of one logits row with softmax probabilities (float64 sums). */
export function topK(logits: Float32Array, k: number): { id: number; probability: number }[] {
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

/**
 * Predictions for logits [N, V] whose row n belongs to the [MASK] at `positions[n]`; `vocab`
 * names the ids. A row with NaN gets no ranking.
 */
export function predictionsOf(
  logits: Float32Array,
  positions: readonly number[],
  vocab: readonly string[],
  k = TOP_K,
): MaskPrediction[] {
  const vocabSize = vocab.length;
  return positions.map((position, n) => {
    const row = logits.subarray(n * vocabSize, (n + 1) * vocabSize);
    const hasNaN = row.some((value) => Number.isNaN(value));
    const top = hasNaN
      ? []
      : topK(row, k).map(({ id, probability }) => ({
          id,
          token: vocab[id] ?? `#${id}`,
          probability,
        }));
    return { position, top, hasNaN };
  });
}
