/**
 * The one measuring engine: one pass over every row of an attention array, classified by the
 * padding mask (never by brightness, so sink heads on [CLS] or [SEP] are not leaks), into
 * per-head statistics. A model run, a user's dump, a comparison and the pooling audit all read
 * these; the dump code only sorts them into a bug family. Axes are named, so any array whose
 * last axis is the key axis plugs in: [L, B, H, Tq, Tk], one head [Tq, Tk], a Softmax tap
 * [B, H, Tq, Tk], or pooling weights [B, T] with no query axis at all.
 */
import { attentionSizes, type AttentionSizes, type NamedAttention } from './dims';
import type { Tolerances } from './tolerances';

/** What one head of one batch item measured over its query rows. */
export interface HeadStats {
  readonly layer: number;
  readonly batch: number;
  readonly head: number;
  /** Padding keys of the item (keep = 0). */
  readonly paddingKeys: number;
  /** Real query rows, and those of them holding NaN. */
  readonly realRows: number;
  readonly nanRealRows: number;
  /** Padding query rows, those holding NaN, and those (NaN-free) with all weights equal. */
  readonly paddingRows: number;
  readonly nanPaddingRows: number;
  readonly uniformPaddingRows: number;
  /** NaN-free real rows with all weights equal (an inverted mask on an unpadded item). */
  readonly uniformRealRows: number;
  /** Over the NaN-free real rows: Σ and max of the padding mass (the row's weight on padding). */
  readonly leakTotal: number;
  readonly leakMax: number;
  /** The query of the first row with the largest padding mass (-1 when there is no such row). */
  readonly leakMaxQuery: number;
  /** NaN-free real rows with padding mass above the leak tolerance. */
  readonly leakingRows: number;
  /** Leaking rows whose padding keys (two or more) all get the same weight (e^0/Z stripes). */
  readonly equalPaddingRows: number;
  /** Rows giving (almost) nothing to real keys and ≥ 99% to padding. */
  readonly invertedRows: number;
  /** Smallest and largest sum of a NaN-free real row (+∞ and -∞ when there is none). */
  readonly rowSumMin: number;
  readonly rowSumMax: number;
  readonly rowSumMinQuery: number;
  /** NaN-free real rows summing to less than 1 beyond the row-sum tolerance. */
  readonly shortRows: number;
}

/** Every head of every item, in data order (layer, then batch item, then head). */
export interface AttentionStats {
  readonly sizes: AttentionSizes;
  readonly heads: readonly HeadStats[];
  readonly tolerances: Tolerances;
}

/** Which query rows are real: the key mask when queries are the keys, else all of them. */
function queryKeep(
  sizes: AttentionSizes,
  keep: Int32Array,
  given: Int32Array | undefined,
): Int32Array {
  if (given !== undefined) return given;
  if (sizes.queries === sizes.keys) return keep;
  return new Int32Array(sizes.batch * sizes.queries).fill(1);
}

/** What to measure beyond the defaults. */
export interface MeasureOptions {
  /** [B, Tq], 1 = real query row; default: the key mask when Tq = Tk, else every row real. */
  readonly queryKeep?: Int32Array;
  /** Measure only this batch item (the others are skipped, not listed). */
  readonly item?: number;
}

/**
 * Measures every head of every batch item (or of `options.item`). `keep`: [B, Tk], 1 = real
 * key. Rows sum in float64; NaN rows are counted, not measured.
 */
export function measureAttention(
  attention: NamedAttention,
  keep: Int32Array,
  tolerances: Tolerances,
  options: MeasureOptions = {},
): AttentionStats {
  const sizes = attentionSizes(attention);
  const { layers, batch, heads, queries, keys } = sizes;
  if (keep.length !== batch * keys) {
    throw new RangeError(
      `the mask has ${keep.length} entries, expected B × Tk = ${batch} × ${keys}.`,
    );
  }
  const realQueries = queryKeep(sizes, keep, options.queryKeep);
  if (realQueries.length !== batch * queries) {
    throw new RangeError(
      `the query mask has ${realQueries.length} entries, expected B × Tq = ${batch} × ${queries}.`,
    );
  }
  const stats: HeadStats[] = [];
  for (let layer = 0; layer < layers; layer++) {
    for (let b = 0; b < batch; b++) {
      if (options.item !== undefined && b !== options.item) continue;
      const item = {
        keep: keep.subarray(b * keys, (b + 1) * keys),
        realQueries: realQueries.subarray(b * queries, (b + 1) * queries),
      };
      for (let head = 0; head < heads; head++) {
        const start = ((layer * batch + b) * heads + head) * queries * keys;
        const matrix = attention.data.subarray(start, start + queries * keys);
        stats.push({ layer, batch: b, head, ...measureMatrix(matrix, item, tolerances) });
      }
    }
  }
  return { sizes, heads: stats, tolerances };
}

type MatrixStats = Omit<HeadStats, 'layer' | 'batch' | 'head'>;

/** One row's sums: total, padding mass, and the spread of all weights and of padding weights. */
interface RowSums {
  sum: number;
  padMass: number;
  min: number;
  max: number;
  padMin: number;
  padMax: number;
}

function sumRow(row: Float32Array, keep: Int32Array, out: RowSums): void {
  out.sum = 0;
  out.padMass = 0;
  out.min = Infinity;
  out.max = -Infinity;
  out.padMin = Infinity;
  out.padMax = -Infinity;
  for (let k = 0; k < row.length; k++) {
    const v = row[k] as number;
    out.sum += v; // float64, NaN spreads
    if (v < out.min) out.min = v;
    if (v > out.max) out.max = v;
    if (keep[k] === 0) {
      out.padMass += v;
      if (v < out.padMin) out.padMin = v;
      if (v > out.padMax) out.padMax = v;
    }
  }
}

type Tally = { -readonly [K in keyof MatrixStats]: MatrixStats[K] };

function emptyTally(paddingKeys: number): Tally {
  return {
    paddingKeys,
    realRows: 0,
    nanRealRows: 0,
    paddingRows: 0,
    nanPaddingRows: 0,
    uniformPaddingRows: 0,
    uniformRealRows: 0,
    leakTotal: 0,
    leakMax: 0,
    leakMaxQuery: -1,
    leakingRows: 0,
    equalPaddingRows: 0,
    invertedRows: 0,
    rowSumMin: Infinity,
    rowSumMax: -Infinity,
    rowSumMinQuery: -1,
    shortRows: 0,
  };
}

/** Measures one [Tq, Tk] matrix of one item; `item.keep` [Tk], `item.realQueries` [Tq]. */
function measureMatrix(
  matrix: Float32Array,
  item: { readonly keep: Int32Array; readonly realQueries: Int32Array },
  tol: Tolerances,
): MatrixStats {
  const keys = item.keep.length;
  const tally = emptyTally(item.keep.reduce((n, real) => n + (real === 0 ? 1 : 0), 0));
  const row: RowSums = { sum: 0, padMass: 0, min: 0, max: 0, padMin: 0, padMax: 0 };
  const isEqual = (min: number, max: number) => max > 0 && max - min <= tol.equalSpread * max;
  for (let q = 0; q < item.realQueries.length; q++) {
    sumRow(matrix.subarray(q * keys, (q + 1) * keys), item.keep, row);
    const hasNaN = Number.isNaN(row.sum);
    if (item.realQueries[q] === 0) {
      tally.paddingRows += 1;
      if (hasNaN) tally.nanPaddingRows += 1;
      else if (isEqual(row.min, row.max)) tally.uniformPaddingRows += 1;
      continue;
    }
    tally.realRows += 1;
    if (hasNaN) {
      tally.nanRealRows += 1;
      continue;
    }
    if (isEqual(row.min, row.max)) tally.uniformRealRows += 1;
    tally.leakTotal += row.padMass;
    if (row.padMass > tally.leakMax) {
      tally.leakMax = row.padMass;
      tally.leakMaxQuery = q;
    }
    if (row.padMass > tol.leak) {
      tally.leakingRows += 1;
      if (tally.paddingKeys >= 2 && isEqual(row.padMin, row.padMax)) tally.equalPaddingRows += 1;
    }
    if (row.sum - row.padMass <= tol.leak && row.padMass >= 0.99) tally.invertedRows += 1;
    if (row.sum < tally.rowSumMin) {
      tally.rowSumMin = row.sum;
      tally.rowSumMinQuery = q;
    }
    tally.rowSumMax = Math.max(tally.rowSumMax, row.sum);
    if (row.sum < 1 - tol.rowSum) tally.shortRows += 1;
  }
  return tally;
}
