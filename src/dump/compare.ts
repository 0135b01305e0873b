/**
 * Two dumps of the same input (with and without padding, or before and after a fix), compared
 * on what must not change: each head's block of real queries × real keys. That is the drift
 * check, done without maskscope running the user's model.
 */
import { formatSignificant } from '../diagnostics/format';
import { looserOf, type Tolerances } from '../diagnostics/tolerances';
import { DumpError } from './dumpError';
import { headOffset, isRealQuery, type CanonicalDump } from './fingerprint';

/** How far the real-token blocks of two dumps are apart. */
export interface Comparison {
  /** Largest |Δ| over every real × real cell of every layer, head and item. */
  readonly maxDiff: number;
  readonly at: { readonly layer: number; readonly head: number; readonly batch: number } | null;
  /** Largest |Δ| per head, [layer][head], over the items. */
  readonly perHead: readonly (readonly number[])[];
  /** Real tokens per item (the same in both dumps). */
  readonly realTokens: readonly number[];
  /** The looser of the two dumps' tolerances: `drift` is the noise of a correct mask. */
  readonly tolerances: Tolerances;
}

/** True when the real-token attention differs beyond the drift tolerance (NaN included). */
export function isDrifting(c: Comparison): boolean {
  return !(c.maxDiff <= c.tolerances.drift);
}

/** Indices of the real tokens (keys) of item b. */
export function realIndices(dump: CanonicalDump, b: number): number[] {
  const seqLen = dump.shape[4];
  const keep = dump.keep.subarray(b * seqLen, (b + 1) * seqLen);
  return [...keep.keys()].filter((t) => keep[t] === 1);
}

/** The real query rows of item b: its real tokens in self-attention, every row otherwise. */
export function realQueryIndices(dump: CanonicalDump, b: number): number[] {
  return Array.from({ length: dump.shape[3] }, (_, q) => q).filter((q) => isRealQuery(dump, b, q));
}

/** The real-queries × real-keys block of one head of item b: [Rq, Rk], rows = queries. */
export function realBlock(
  dump: CanonicalDump,
  layer: number,
  head: number,
  b: number,
  real: readonly number[],
  queries: readonly number[] = real,
): Float32Array {
  const keys = dump.shape[4];
  const base = headOffset(dump, layer, b, head);
  const out = new Float32Array(queries.length * real.length);
  queries.forEach((q, i) =>
    real.forEach((k, j) => (out[i * real.length + j] = dump.data[base + q * keys + k] ?? NaN)),
  );
  return out;
}

/**
 * Compares the real-token blocks of `a` and `b` (same layers, heads, items and real counts):
 * real queries × real keys, where outside self-attention every query row is real.
 */
export function compareDumps(a: CanonicalDump, b: CanonicalDump): Comparison {
  const [layers, batch, heads] = a.shape;
  if (layers !== b.shape[0] || batch !== b.shape[1] || heads !== b.shape[2]) {
    throw new DumpError(
      `the dumps differ in layers, items or heads ([${a.shape.slice(0, 3).join(', ')}] vs [${b.shape.slice(0, 3).join(', ')}]): compare dumps of the same model and batch.`,
    );
  }
  const tolerances = looserOf(a.tolerances, b.tolerances);
  const realTokens: number[] = [];
  const perHead = Array.from({ length: layers }, () => new Array<number>(heads).fill(0));
  let maxDiff = 0;
  let at: Comparison['at'] = null;
  for (let item = 0; item < batch; item++) {
    const realA = realIndices(a, item);
    const realB = realIndices(b, item);
    if (realA.length !== realB.length) {
      throw new DumpError(
        `item ${item} has ${realA.length} real tokens in one dump and ${realB.length} in the other.`,
      );
    }
    realTokens.push(realA.length);
    const [queriesA, queriesB] = [realQueryIndices(a, item), realQueryIndices(b, item)];
    if (queriesA.length !== queriesB.length) {
      throw new DumpError(
        `item ${item} has ${queriesA.length} real query rows in one dump and ${queriesB.length} in the other.`,
      );
    }
    for (let layer = 0; layer < layers; layer++) {
      for (let head = 0; head < heads; head++) {
        const blockA = realBlock(a, layer, head, item, realA, queriesA);
        const blockB = realBlock(b, layer, head, item, realB, queriesB);
        let worst = 0;
        for (let i = 0; i < blockA.length; i++) {
          const diff = Math.abs((blockA[i] ?? NaN) - (blockB[i] ?? NaN));
          worst = Number.isNaN(diff) ? NaN : Math.max(worst, diff);
          if (Number.isNaN(worst)) break;
        }
        const row = perHead[layer] ?? [];
        row[head] = Number.isNaN(worst) ? NaN : Math.max(row[head] ?? 0, worst);
        if (Number.isNaN(worst) || worst > maxDiff) {
          maxDiff = Number.isNaN(worst) ? NaN : worst;
          at = { layer, head, batch: item };
          if (Number.isNaN(worst)) return { maxDiff, at, perHead, realTokens, tolerances };
        }
      }
    }
  }
  return { maxDiff, at, perHead, realTokens, tolerances };
}

/** One sentence on a comparison of real-token blocks. */
export function describeComparison(c: Comparison): string {
  if (Number.isNaN(c.maxDiff)) return 'the real-token attention is NaN in one of the dumps.';
  const where =
    c.at === null ? '' : ` (layer ${c.at.layer}, head ${c.at.head}, item ${c.at.batch})`;
  return !isDrifting(c)
    ? `real-token attention is the same in both dumps (max |Δ| ${formatSignificant(c.maxDiff)}): no drift.`
    : `real-token attention differs by up to ${formatSignificant(c.maxDiff)}${where}: the real tokens drift with padding.`;
}
