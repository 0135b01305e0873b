/**
 * Names the mask bug from the attention probabilities alone (and, in scores.ts, from the
 * scores). Every measurement is over the batch items' real query rows, classified by the mask,
 * never by brightness, so a head that attends mostly to [SEP] or [CLS] is not a leak
 * (mask-bugs.md, "cases that fool a naive leak detector"). The cause is named, not a symptom:
 * NaN rows that follow from an inverted mask belong to `inverted`.
 */
import { FIVE_AXES } from '../diagnostics/dims';
import { measureAttention, type HeadStats } from '../diagnostics/measureAttention';
import type { Tolerances } from '../diagnostics/tolerances';

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

/** Attention in maskscope's order [L, B, H, Tq, Tk] (rows = queries) with its key mask [B * Tk]. */
export interface CanonicalDump {
  readonly data: Float32Array;
  readonly shape: readonly [number, number, number, number, number];
  readonly keep: Int32Array;
  /** The tolerances of the dump's number format (`tolerancesFor(dtype)`). */
  readonly tolerances: Tolerances;
}

/** Where head `head` of item `b` in layer `layer` starts: its [Tq, Tk] block, rows = queries. */
export function headOffset(dump: CanonicalDump, layer: number, b: number, head: number): number {
  const [, batch, heads, queries, keys] = dump.shape;
  return ((layer * batch + b) * heads + head) * queries * keys;
}

/** True when query q of item b is a real row: every row outside self-attention (Tq ≠ Tk). */
export function isRealQuery(dump: CanonicalDump, b: number, q: number): boolean {
  const [, , , queries, keys] = dump.shape;
  return queries !== keys || dump.keep[b * keys + q] === 1;
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
  /** Keys per item (the mask's length). */
  readonly seqLen: number;
  /** Query rows per head: seqLen for self-attention, any Tq for cross-attention, 1 for pooling. */
  readonly queries: number;
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
  /** What the counts above were judged by. */
  readonly tolerances: Tolerances;
}

type Accumulator = { -readonly [K in keyof DumpStats]: DumpStats[K] };

function emptyStats(dump: CanonicalDump): Accumulator {
  const [, batch, , queries, seqLen] = dump.shape;
  return {
    batch,
    seqLen,
    queries,
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
    tolerances: dump.tolerances,
  };
}

/** Adds one head of a padded item: its real rows are where a leak can show. */
function addPaddedHead(acc: Accumulator, h: HeadStats): void {
  const measured = h.realRows - h.nanRealRows;
  acc.realRows += measured;
  acc.leakMean += h.leakTotal; // a total until measureDump divides it
  if (h.leakMax > acc.leakMax) {
    acc.leakMax = h.leakMax;
    acc.leakMaxAt = { layer: h.layer, batch: h.batch, head: h.head, query: h.leakMaxQuery };
  }
  acc.leakingRows += h.leakingRows;
  acc.equalPaddingRows += h.equalPaddingRows;
  acc.invertedRows += h.invertedRows;
  if (h.rowSumMin < acc.rowSumMin) {
    acc.rowSumMin = h.rowSumMin;
    acc.rowSumMinAt = { layer: h.layer, batch: h.batch, head: h.head, query: h.rowSumMinQuery };
  }
  acc.rowSumMax = Math.max(acc.rowSumMax, h.rowSumMax);
  acc.shortRows += h.shortRows;
}

/** Adds one head of any item: NaN and padding rows, and the real rows of unpadded items. */
function addHead(acc: Accumulator, h: HeadStats, isPadded: boolean): void {
  acc.nanRealRows += h.nanRealRows;
  acc.nanPaddingRows += h.nanPaddingRows;
  if (h.nanRealRows + h.nanPaddingRows > 0) {
    acc.firstNaNLayer = Math.min(acc.firstNaNLayer ?? h.layer, h.layer);
  }
  acc.paddingRows += h.paddingRows;
  acc.uniformPaddingRows += h.uniformPaddingRows;
  if (isPadded) addPaddedHead(acc, h);
  else {
    acc.unpaddedRows += h.realRows;
    acc.unpaddedBrokenRows += h.nanRealRows + h.uniformRealRows;
  }
}

type HeadTally = { layer: number; head: number; max: number; rows: number; total: number };

/** Heads of padded items by their worst real row's padding mass, most leaking first. */
function headLeaks(
  heads: readonly HeadStats[],
  perLayer: number,
  isPadded: (b: number) => boolean,
): HeadLeak[] {
  const byHead = new Map<number, HeadTally>();
  for (const h of heads) {
    const key = h.layer * perLayer + h.head;
    const entry = byHead.get(key) ?? { layer: h.layer, head: h.head, max: 0, rows: 0, total: 0 };
    byHead.set(key, entry);
    if (!isPadded(h.batch)) continue;
    entry.rows += h.realRows - h.nanRealRows;
    entry.total += h.leakTotal;
    entry.max = Math.max(entry.max, h.leakMax);
  }
  return [...byHead.values()]
    .map(({ layer, head, max, rows, total }) => ({
      layer,
      head,
      max,
      mean: rows === 0 ? 0 : total / rows,
    }))
    .sort((x, y) => y.max - x.max || y.mean - x.mean);
}

/** Measures every row of the dump (diagnostics/measureAttention) and sums it up per dump. */
export function measureDump(dump: CanonicalDump): DumpStats {
  const [, batch, , , seqLen] = dump.shape;
  const stats = measureAttention(
    { data: dump.data, shape: dump.shape, axes: FIVE_AXES },
    dump.keep,
    dump.tolerances,
  );
  const acc = emptyStats(dump);
  const pads = Array.from({ length: batch }, (_, b) =>
    dump.keep
      .subarray(b * seqLen, (b + 1) * seqLen)
      .reduce((n, real) => n + (real === 0 ? 1 : 0), 0),
  );
  const isPadded = (b: number): boolean => (pads[b] ?? 0) > 0 && (pads[b] ?? 0) < seqLen;
  for (let b = 0; b < batch; b++) {
    if (isPadded(b)) acc.paddedItems += 1;
    else acc.unpaddedItems += 1;
  }
  // Item by item, as a reader scans the dump, so the first worst row is the one quoted.
  const ordered = [...stats.heads].sort(
    (x, y) => x.batch - y.batch || x.layer - y.layer || x.head - y.head,
  );
  for (const h of ordered) addHead(acc, h, isPadded(h.batch));
  acc.paddingKeys = pads;
  acc.leakMean = acc.realRows === 0 ? 0 : acc.leakMean / acc.realRows;
  acc.heads = headLeaks(stats.heads, stats.sizes.heads, isPadded);
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
    // Nothing can leak. Uniform rows prove nothing (T = 1, a model that attends evenly), so
    // only NaN, which no correct softmax gives, is named (issue 22, item 7).
    return stats.nanRealRows + stats.nanPaddingRows > 0 ? 'nan' : 'unknown';
  }
  if (realRows === 0) return stats.nanRealRows > 0 ? 'nan' : 'unknown';
  if (most(stats.invertedRows, realRows)) return 'inverted';
  if (stats.leakingRows > 0.1 * realRows) {
    // Equal padding weights are e^0/Z of a multiplied mask in self-attention, where padding
    // keys are distinct tokens; over zero-padded frames or memory (pooling, cross-attention)
    // the padding keys are identical, and a missing mask gives equal weights too.
    const isSelf = stats.queries === stats.seqLen;
    return isSelf && most(stats.equalPaddingRows, stats.leakingRows)
      ? 'multiplicative'
      : 'missing-key-mask';
  }
  if (stats.leakMax <= stats.tolerances.leak && stats.shortRows > 0.1 * realRows)
    return 'after-softmax';
  if (stats.nanRealRows + stats.nanPaddingRows > 0) return 'nan';
  if (stats.leakMax <= stats.tolerances.leak && stats.shortRows === 0) return 'correct';
  return 'unknown';
}
