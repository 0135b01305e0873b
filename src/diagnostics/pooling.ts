/**
 * Sentence pooling over one sequence's final hidden states, with and without the padding mask.
 * Masked mean is sentence-transformers' `mean_pooling` (UKPLab/sentence-transformers
 * `models/Pooling.py`: sum(h·m) / clamp(sum(m), 1e-9)); masked max excludes padding like its
 * max pooling (padded tokens set to -1e9). "Masked" here SELECTS the real rows instead of
 * multiplying by 0, so NaN or ±Inf in padded rows cannot reach the result (NaN·0 = NaN would).
 * Sums run in float64; results are rounded to float32 once.
 */

export type PoolingKind = 'cls' | 'mean' | 'max' | 'last' | 'attention';

/** Every pooling, in the order the auditor lists them. */
export const POOLING_KINDS: readonly PoolingKind[] = ['cls', 'mean', 'max', 'last', 'attention'];

/** A pooled sentence vector and how much each position contributed to it. */
export interface PooledVector {
  /** [d] */
  readonly vector: Float32Array;
  /** [T]: each position's share of the pooled vector (sums to 1; for max: share of the d dims each position won). */
  readonly weights: Float32Array;
}

/**
 * Fixed weights w[k] = cos(k + 1) / sqrt(d) (k = 0 … d−1, float64) and bias b = 0 of the
 * attention pooling (seed 002's SelfAttentionPooling: score_t = h_t · w + b, softmax over t).
 * The Python reference computes `math.cos(k + 1) / math.sqrt(d)` the same way.
 */
export function attentionPoolingWeights(width: number): Float64Array {
  const w = new Float64Array(width);
  for (let k = 0; k < width; k++) w[k] = Math.cos(k + 1) / Math.sqrt(width);
  return w;
}

/**
 * Pools hidden [T, d] (row-major) into [d]. keep: [T] with 1 = real token, or null to pool over
 * every position (no mask, the bug). cls/last take the first/last real row when masked and row
 * 0 / T−1 when not (under left padding unmasked, row 0 is a pad). Throws when no row is real.
 */
export function poolHidden(
  kind: PoolingKind,
  hidden: Float32Array,
  width: number,
  keep: Int32Array | null,
): PooledVector {
  const rows = poolRows(hidden, width, keep);
  const seqLen = hidden.length / width;
  switch (kind) {
    case 'cls':
      return pickRow(hidden, width, seqLen, rows[0] ?? 0);
    case 'last':
      return pickRow(hidden, width, seqLen, rows[rows.length - 1] ?? 0);
    case 'mean':
      return weightedSum(
        hidden,
        width,
        seqLen,
        rows,
        rows.map(() => 1 / rows.length),
      );
    case 'max':
      return maxPool(hidden, width, seqLen, rows);
    case 'attention':
      return weightedSum(hidden, width, seqLen, rows, attentionShares(hidden, width, rows));
    default: {
      const unknown: never = kind;
      throw new RangeError(`unknown pooling kind ${String(unknown)}.`);
    }
  }
}

/** cos(a, b) = a·b / (‖a‖‖b‖) in float64; NaN when either is all zeros or holds NaN. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) {
    throw new RangeError(`cosine of vectors of length ${a.length} and ${b.length}.`);
  }
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] ?? NaN;
    const y = b[k] ?? NaN;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  const denominator = Math.sqrt(normA) * Math.sqrt(normB);
  return denominator === 0 ? NaN : dot / denominator;
}

/** The rows to pool (ascending): the real ones, or all when keep is null. Checks the shapes. */
function poolRows(hidden: Float32Array, width: number, keep: Int32Array | null): number[] {
  if (!Number.isInteger(width) || width <= 0 || hidden.length % width !== 0) {
    throw new RangeError(
      `hidden has ${hidden.length} values, not a whole number of rows of width ${width}.`,
    );
  }
  const seqLen = hidden.length / width;
  if (seqLen === 0) throw new RangeError('hidden has no rows to pool.');
  if (keep === null) return Array.from({ length: seqLen }, (_, t) => t);
  if (keep.length !== seqLen) {
    throw new RangeError(`keep has ${keep.length} entries but hidden has ${seqLen} rows.`);
  }
  const rows: number[] = [];
  keep.forEach((flag, t) => {
    if (flag === 1) rows.push(t);
  });
  if (rows.length === 0) throw new RangeError('keep marks no real token: nothing to pool.');
  return rows;
}

function pickRow(hidden: Float32Array, width: number, seqLen: number, row: number): PooledVector {
  const weights = new Float32Array(seqLen);
  weights[row] = 1;
  return { vector: hidden.slice(row * width, (row + 1) * width), weights };
}

/** Σ_i shares[i] · hidden[rows[i]] over the listed rows, in float64. */
function weightedSum(
  hidden: Float32Array,
  width: number,
  seqLen: number,
  rows: readonly number[],
  shares: readonly number[],
): PooledVector {
  const sum = new Float64Array(width);
  const weights = new Float32Array(seqLen);
  rows.forEach((t, i) => {
    const share = shares[i] ?? NaN;
    weights[t] = share;
    for (let k = 0; k < width; k++) sum[k] = (sum[k] ?? 0) + share * (hidden[t * width + k] ?? NaN);
  });
  return { vector: Float32Array.from(sum), weights };
}

/** Per dim, the largest value over the rows (NaN wins, as in torch.max); weights count the winners. */
function maxPool(
  hidden: Float32Array,
  width: number,
  seqLen: number,
  rows: readonly number[],
): PooledVector {
  const vector = new Float32Array(width);
  const weights = new Float32Array(seqLen);
  for (let k = 0; k < width; k++) {
    let best = rows[0] ?? 0;
    for (const t of rows) {
      const value = hidden[t * width + k] ?? NaN;
      const bestValue = hidden[best * width + k] ?? NaN;
      if (!Number.isNaN(bestValue) && (value > bestValue || Number.isNaN(value))) best = t;
    }
    vector[k] = hidden[best * width + k] ?? NaN;
    weights[best] = (weights[best] ?? 0) + 1 / width;
  }
  return { vector, weights };
}

/** softmax over the listed rows of h_t · w (max-subtracted, float64); unlisted rows get 0 (= −∞). */
function attentionShares(hidden: Float32Array, width: number, rows: readonly number[]): number[] {
  const w = attentionPoolingWeights(width);
  const scores = rows.map((t) => {
    let score = 0;
    for (let k = 0; k < width; k++) score += (hidden[t * width + k] ?? NaN) * (w[k] ?? 0);
    return score;
  });
  const top = Math.max(...scores);
  const exps = scores.map((score) => Math.exp(score - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}
