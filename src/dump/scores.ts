/**
 * When the user also dumped the pre-softmax scores S, each candidate way of applying the mask
 * is simulated from S and compared with the probabilities they dumped, on the real query rows
 * of padded items. The one that reproduces them names the bug outright, including the ones the
 * probabilities alone cannot tell apart (a 0/1 mask added as a float).
 */
import { headOffset, isRealQuery, type CanonicalDump, type Family } from './fingerprint';

/** The simulated ways of applying a key mask m (1 = real) to scores S, row by row. */
export type SimulatedMode =
  'correct' | 'none' | 'inverted' | 'after-softmax' | 'multiplicative' | 'float-add';

const FAMILY_OF: Readonly<Record<SimulatedMode, Family>> = {
  correct: 'correct',
  none: 'missing-key-mask',
  inverted: 'inverted',
  'after-softmax': 'after-softmax',
  multiplicative: 'multiplicative',
  'float-add': 'float-add',
};

const MODES = Object.keys(FAMILY_OF) as SimulatedMode[];
const BIG = -1e4;

/** How well each simulated mode reproduces the dumped probabilities. */
export interface ScoreMatch {
  /** Largest |simulated - dumped| per mode over the compared rows (NaN rows skipped). */
  readonly errors: Readonly<Record<SimulatedMode, number>>;
  /** The family of the only mode within tolerance, or null (none, or several, match). */
  readonly family: Family | null;
  readonly matching: readonly SimulatedMode[];
  /** True when softmax(S) alone reproduces the dump: the scores were saved after masking. */
  readonly areScoresMasked: boolean;
  readonly rows: number;
}

function softmaxInto(
  out: Float64Array,
  scores: ArrayLike<number>,
  bias: (k: number) => number,
): void {
  let max = -Infinity;
  for (let k = 0; k < out.length; k++) {
    out[k] = (scores[k] ?? NaN) + bias(k);
    max = Math.max(max, out[k] ?? -Infinity);
  }
  let total = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = Math.exp((out[k] ?? 0) - max);
    total += out[k] ?? 0;
  }
  for (let k = 0; k < out.length; k++) out[k] = (out[k] ?? 0) / total;
}

function simulate(mode: SimulatedMode, out: Float64Array, s: Float32Array, keep: Int32Array): void {
  const isPad = (k: number): boolean => keep[k] === 0;
  switch (mode) {
    case 'correct':
      return softmaxInto(out, s, (k) => (isPad(k) ? BIG : 0));
    case 'none':
      return softmaxInto(out, s, () => 0);
    case 'inverted':
      return softmaxInto(out, s, (k) => (isPad(k) ? 0 : BIG));
    case 'after-softmax':
      softmaxInto(out, s, () => 0);
      for (let k = 0; k < out.length; k++) if (isPad(k)) out[k] = 0;
      return;
    case 'multiplicative':
      return softmaxInto(
        out,
        s.map((v, k) => (isPad(k) ? 0 : v)),
        () => 0,
      );
    case 'float-add':
      return softmaxInto(out, s, (k) => (isPad(k) ? 0 : 1));
  }
}

/** Compares every simulated mode with the dump; `scores` has the dump's canonical shape. */
export function matchScores(
  dump: CanonicalDump,
  scores: Float32Array,
  tolerance: number,
): ScoreMatch {
  const [layers, batch, heads, queries, seqLen] = dump.shape;
  const errors = Object.fromEntries(MODES.map((m) => [m, 0])) as Record<SimulatedMode, number>;
  let maskedError = 0;
  let rows = 0;
  const out = new Float64Array(seqLen);
  for (let b = 0; b < batch; b++) {
    const keep = dump.keep.subarray(b * seqLen, (b + 1) * seqLen);
    if (!keep.includes(0) || !keep.includes(1)) continue;
    for (let layer = 0; layer < layers; layer++) {
      for (let head = 0; head < heads; head++) {
        const base = headOffset(dump, layer, b, head);
        for (let q = 0; q < queries; q++) {
          if (!isRealQuery(dump, b, q)) continue;
          const p = dump.data.subarray(base + q * seqLen, base + (q + 1) * seqLen);
          const s = scores.subarray(base + q * seqLen, base + (q + 1) * seqLen);
          if (p.some(Number.isNaN) || s.some(Number.isNaN)) continue;
          rows += 1;
          for (const mode of MODES) {
            simulate(mode, out, s, keep);
            errors[mode] = Math.max(errors[mode], maxDiff(out, p));
          }
          softmaxInto(out, s, () => 0);
          maskedError = Math.max(maskedError, maxDiff(out, p));
        }
      }
    }
  }
  const matching = MODES.filter((mode) => errors[mode] <= tolerance);
  const families = new Set(matching.map((mode) => FAMILY_OF[mode]));
  // Scores saved after masking fit every mode but the multiplicative one: several families, so
  // no family here, and checkDump reads the probabilities alone (areScoresMasked says why).
  const only = families.size === 1 ? [...families][0] : undefined;
  const family = rows === 0 ? null : (only ?? null);
  return { errors, family, matching, areScoresMasked: maskedError <= tolerance, rows };
}

function maxDiff(a: Float64Array, b: Float32Array): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs((a[k] ?? 0) - (b[k] ?? 0)));
  return worst;
}
