/**
 * Names the mask bug from the attention probabilities alone (and, in scores.ts, from the
 * scores). Every measurement is over the batch items' real query rows, classified by the mask,
 * never by brightness, so a head that attends mostly to [SEP] or [CLS] is not a leak
 * (mask-bugs.md, "cases that fool a naive leak detector"). The cause is named, not a symptom:
 * NaN rows that follow from an inverted mask belong to `inverted`.
 */
import { matrixOffset, type AttentionDims } from '../diagnostics/dims';

/** The families a dump can be put in. */
export type Family =
  | 'correct'
  | 'missing-key-mask'
  | 'inverted'
  | 'after-softmax'
  | 'multiplicative'
  | 'float-add'
  | 'nan'
  | 'unknown';

/** Attention in maskscope's order [L, B, H, T, T] (rows = queries) with its mask [B * T]. */
export interface CanonicalDump {
  readonly data: Float32Array;
  readonly shape: readonly [number, number, number, number, number];
  readonly keep: Int32Array;
  /** Tolerance of a row sum (float32 dumps sum within 1e-4; fp16/bf16 ones within a few 1e-3). */
  readonly sumTolerance: number;
}

/** The dump's sizes as the diagnostics name them, for `matrixOffset`. */
export function dumpDims(dump: CanonicalDump): AttentionDims {
  const [layers, batch, heads, seqLen] = dump.shape;
  return { layers, batch, heads, seqLen };
}

/** Where in the dump a value was found. */
export interface Place {
  readonly layer: number;
  readonly batch: number;
  readonly head: number;
  readonly query: number;
}

/** Leak of one head over the real rows of the padded items. */
export interface HeadLeak {
  readonly layer: number;
  readonly head: number;
  readonly mean: number;
  readonly max: number;
}

/** Everything the fingerprint measured; the verdict quotes it. */
export interface DumpStats {
  readonly batch: number;
  readonly seqLen: number;
  /** Batch items with both real tokens and padding (the only ones a leak can show in). */
  readonly paddedItems: number;
  readonly paddingKeys: readonly number[];
  /** Real query rows of padded items, over every layer and head, that hold no NaN. */
  readonly realRows: number;
  readonly leakMean: number;
  readonly leakMax: number;
  readonly leakMaxAt: Place | null;
  /** Real rows whose padding mass exceeds the leak tolerance. */
  readonly leakingRows: number;
  /** Real rows that give (almost) nothing to real keys and everything to padding. */
  readonly invertedRows: number;
  /** Leaking real rows whose padding keys all get the same weight (e^0/Z stripes). */
  readonly equalPaddingRows: number;
  readonly rowSumMin: number;
  readonly rowSumMax: number;
  readonly rowSumMinAt: Place | null;
  /** Real rows summing to less than 1 beyond the tolerance. */
  readonly shortRows: number;
  readonly nanRealRows: number;
  readonly nanPaddingRows: number;
  readonly firstNaNLayer: number | null;
  /** Padding query rows whose weights are all equal (a query-axis mask with c ≤ -1e9). */
  readonly uniformPaddingRows: number;
  readonly paddingRows: number;
  /** Items without padding: their real rows that are NaN or uniform (an inverted mask). */
  readonly unpaddedItems: number;
  readonly unpaddedRows: number;
  readonly unpaddedBrokenRows: number;
  /** Heads sorted by their worst real row's padding mass, most leaking first. */
  readonly heads: readonly HeadLeak[];
}

/** Largest padding mass of a real row still counted as no leak (e^-1e4 is exactly 0 in fp32). */
export const LEAK_TOLERANCE = 1e-6;
const EQUAL_SPREAD = 1e-3;

function isUniform(row: Float32Array): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const v of row) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return max > 0 && max - min <= EQUAL_SPREAD * max;
}

type Accumulator = { -readonly [K in keyof DumpStats]: DumpStats[K] };

/** One pass over every row of the dump. */
export function measureDump(dump: CanonicalDump): DumpStats {
  const dims = dumpDims(dump);
  const [layers, batch, heads, seqLen] = dump.shape;
  const acc: Accumulator = {
    batch,
    seqLen,
    paddedItems: 0,
    paddingKeys: [],
    realRows: 0,
    leakMean: 0,
    leakMax: 0,
    leakMaxAt: null,
    leakingRows: 0,
    invertedRows: 0,
    equalPaddingRows: 0,
    rowSumMin: Infinity,
    rowSumMax: -Infinity,
    rowSumMinAt: null,
    shortRows: 0,
    nanRealRows: 0,
    nanPaddingRows: 0,
    firstNaNLayer: null,
    uniformPaddingRows: 0,
    paddingRows: 0,
    unpaddedItems: 0,
    unpaddedRows: 0,
    unpaddedBrokenRows: 0,
    heads: [],
  };
  const headLeaks = new Map<
    string,
    { layer: number; head: number; max: number; rows: number; total: number }
  >();
  const paddingKeys: number[] = [];
  let leakTotal = 0;
  for (let b = 0; b < batch; b++) {
    const keep = dump.keep.subarray(b * seqLen, (b + 1) * seqLen);
    const pads = [...keep.keys()].filter((t) => keep[t] === 0);
    paddingKeys.push(pads.length);
    const isPadded = pads.length > 0 && pads.length < seqLen;
    if (isPadded) acc.paddedItems += 1;
    else acc.unpaddedItems += 1;
    for (let layer = 0; layer < layers; layer++) {
      for (let head = 0; head < heads; head++) {
        const base = matrixOffset(dims, layer, b, head);
        const key = `${layer}/${head}`;
        const headLeak = headLeaks.get(key) ?? { layer, head, max: 0, rows: 0, total: 0 };
        headLeaks.set(key, headLeak);
        for (let q = 0; q < seqLen; q++) {
          const row = dump.data.subarray(base + q * seqLen, base + (q + 1) * seqLen);
          const place = { layer, batch: b, head, query: q };
          const hasNaN = row.some((v) => Number.isNaN(v));
          if (hasNaN) {
            if (keep[q] === 0) acc.nanPaddingRows += 1;
            else acc.nanRealRows += 1;
            acc.firstNaNLayer = Math.min(acc.firstNaNLayer ?? layer, layer);
          }
          if (keep[q] === 0) {
            acc.paddingRows += 1;
            if (!hasNaN && isUniform(row)) acc.uniformPaddingRows += 1;
            continue;
          }
          if (!isPadded) {
            acc.unpaddedRows += 1;
            if (hasNaN || isUniform(row)) acc.unpaddedBrokenRows += 1;
            continue;
          }
          if (hasNaN) continue;
          let sum = 0;
          let padMass = 0;
          let padMin = Infinity;
          let padMax = -Infinity;
          for (let k = 0; k < seqLen; k++) {
            const v = row[k] ?? 0;
            sum += v;
            if (keep[k] === 0) {
              padMass += v;
              padMin = Math.min(padMin, v);
              padMax = Math.max(padMax, v);
            }
          }
          acc.realRows += 1;
          leakTotal += padMass;
          headLeak.rows += 1;
          headLeak.total += padMass;
          headLeak.max = Math.max(headLeak.max, padMass);
          if (padMass > acc.leakMax) {
            acc.leakMax = padMass;
            acc.leakMaxAt = place;
          }
          if (padMass > LEAK_TOLERANCE) {
            acc.leakingRows += 1;
            if (pads.length >= 2 && padMax - padMin <= EQUAL_SPREAD * padMax)
              acc.equalPaddingRows += 1;
          }
          if (sum - padMass <= LEAK_TOLERANCE && padMass >= 0.99) acc.invertedRows += 1;
          if (sum < acc.rowSumMin) {
            acc.rowSumMin = sum;
            acc.rowSumMinAt = place;
          }
          acc.rowSumMax = Math.max(acc.rowSumMax, sum);
          if (sum < 1 - dump.sumTolerance) acc.shortRows += 1;
        }
      }
    }
  }
  acc.paddingKeys = paddingKeys;
  acc.leakMean = acc.realRows === 0 ? 0 : leakTotal / acc.realRows;
  acc.heads = [...headLeaks.values()]
    .map(({ layer, head, max, rows, total }) => ({
      layer,
      head,
      max,
      mean: rows === 0 ? 0 : total / rows,
    }))
    .sort((x, y) => y.max - x.max || y.mean - x.mean);
  return acc;
}

/** Most of a count (90%), so a few odd rows (a sink head, rounding) do not flip a verdict. */
function most(part: number, whole: number): boolean {
  return whole > 0 && part >= 0.9 * whole;
}

/**
 * The family these measurements point to, causes before symptoms: an inverted mask (which may
 * also make NaN), a leak onto padding (whatever else it made), exact zeros with short rows,
 * NaN with no other cause, then correct.
 */
export function classify(stats: DumpStats): Family {
  const { realRows } = stats;
  if (stats.paddedItems === 0) {
    // Nothing can leak; but an inverted mask turns unpadded items into NaN or uniform rows.
    return most(stats.unpaddedBrokenRows, stats.unpaddedRows)
      ? 'inverted'
      : stats.nanRealRows + stats.nanPaddingRows > 0
        ? 'nan'
        : 'unknown';
  }
  if (realRows === 0) return stats.nanRealRows > 0 ? 'nan' : 'unknown';
  if (most(stats.invertedRows, realRows)) return 'inverted';
  if (stats.leakingRows > 0.1 * realRows) {
    return most(stats.equalPaddingRows, stats.leakingRows) ? 'multiplicative' : 'missing-key-mask';
  }
  if (stats.leakMax <= LEAK_TOLERANCE && stats.shortRows > 0.1 * realRows) return 'after-softmax';
  if (stats.nanRealRows + stats.nanPaddingRows > 0) return 'nan';
  if (stats.leakMax <= LEAK_TOLERANCE && stats.shortRows === 0) return 'correct';
  return 'unknown';
}
