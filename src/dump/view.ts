/**
 * A checked dump as an Analysis the views draw: one batch item's attention [L, H, Tq, Tk], its
 * key mask and labels, measured like a model run (no drift, no predictions). Self-attention has
 * Tq = Tk; cross-attention, a decoding step and pooling weights (Tq = 1) carry their own query
 * axis (Analysis.queries). With a second dump of the same input the views compare them; when
 * the two differ in padding, both are cut to their real tokens so that A − B is the drift of
 * the real-token attention.
 */
import {
  analyseSide,
  type Analysis,
  type OwnQueries,
  type SideAnalysis,
} from '../analysis/analysis';
import { attentionOf } from '../analysis/attentionMaps';
import { attentionKindOf } from './attentionKind';
import type { CheckReport } from './checkDump';
import { realBlock, realIndices, realQueryIndices } from './compare';
import { DumpError } from './dumpError';
import type { CanonicalDump } from './fingerprint';

/** One item's [L, H, Tq, Tk] copied out of [L, B, H, Tq, Tk]. */
function itemAttention(dump: CanonicalDump, item: number): Float32Array {
  const [layers, batch, heads, queries, keys] = dump.shape;
  const size = heads * queries * keys;
  const out = new Float32Array(layers * size);
  for (let layer = 0; layer < layers; layer++) {
    const start = (layer * batch + item) * size;
    out.set(dump.data.subarray(start, start + size), layer * size);
  }
  return out;
}

/** The keys' mask [Tk] of item `item` (1 = real). */
function itemKeep(dump: CanonicalDump, item: number): Int32Array {
  const keys = dump.shape[4];
  return dump.keep.slice(item * keys, (item + 1) * keys);
}

/**
 * Labels [T]: the position ("7", padding "[PAD] 12") unless tokens are given. Exactly one token
 * per real position labels the real positions in order (a sentence without its padding, for
 * either padding side); otherwise tokens label positions from the first.
 */
export function labelsFor(keep: Int32Array, tokens: readonly string[] | null): string[] {
  const realCount = keep.reduce((count, real) => count + real, 0);
  let next = 0;
  return Array.from(keep, (real, t) => {
    const token =
      tokens === null
        ? undefined
        : tokens.length === realCount
          ? real === 1
            ? tokens[next++]
            : undefined
          : tokens[t];
    return token ?? (real === 1 ? String(t) : `[PAD] ${t}`);
  });
}

/** The real queries × real keys blocks of every layer and head of one item: [L, H, Rq, Rk]. */
function realAttention(dump: CanonicalDump, item: number) {
  const [layers, , heads] = dump.shape;
  const real = realIndices(dump, item);
  const queries = realQueryIndices(dump, item);
  const size = queries.length * real.length;
  const data = new Float32Array(layers * heads * size);
  for (let layer = 0; layer < layers; layer++) {
    for (let head = 0; head < heads; head++) {
      const block = realBlock(dump, layer, head, item, real, queries);
      data.set(block, (layer * heads + head) * size);
    }
  }
  return { data, real, queries: queries.length };
}

/** One side measured like a model run, judged by the dump's own tolerances (its dtype). */
function sideOf(
  dump: CanonicalDump,
  data: Float32Array,
  keep: Int32Array,
  queries = dump.shape[3],
): SideAnalysis {
  const [layers, , heads] = dump.shape;
  const attention = attentionOf(data, layers, heads, keep.length, queries);
  return analyseSide(attention, keep, { tolerances: dump.tolerances });
}

/**
 * The query axis of `report` when it is not the keys' (cross-attention, a decoding step or
 * pooling weights), with its labels; undefined for self-attention.
 */
function ownQueriesOf(report: CheckReport): OwnQueries | undefined {
  const kind = attentionKindOf(report.layout, report.attention.shape);
  const queries = report.dump.shape[3];
  switch (kind) {
    case 'self':
      return undefined;
    case 'pooling':
      return { kind, labels: ['pooled'] };
    case 'step':
      return { kind, labels: ['new token'] };
    case 'cross':
      return { kind, labels: Array.from({ length: queries }, (_, q) => `q${q}`) };
  }
}

function analysisOf(
  report: CheckReport,
  mask: Int32Array,
  labels: readonly string[],
  sides: { readonly a: SideAnalysis; readonly b: SideAnalysis | null },
  startMs: number,
): Analysis {
  const queries = ownQueriesOf(report);
  return {
    mask,
    labels,
    ...(queries === undefined ? {} : { queries }),
    ...sides,
    totalMs: performance.now() - startMs,
    referenceMs: 0,
    forwardMs: null,
  };
}

/**
 * The views' Analysis of batch item `item` of `report`, compared with the same item of
 * `other` when given. `tokens` label the positions.
 */
export function dumpAnalysis(
  report: CheckReport,
  asked: number | null,
  tokens: readonly string[] | null,
  other: CheckReport | null = null,
): Analysis {
  const startMs = performance.now();
  const { dump } = report;
  const batch = dump.shape[1];
  const item = asked ?? firstPaddedItem(dump);
  if (!Number.isInteger(item) || item < 0 || item >= batch) {
    throw new DumpError(`batch item ${item} does not exist: the dump has items 0 to ${batch - 1}.`);
  }
  const keep = itemKeep(dump, item);
  const labels = labelsFor(keep, tokens);
  const a = sideOf(dump, itemAttention(dump, item), keep);
  if (other === null) return analysisOf(report, keep, labels, { a, b: null }, startMs);
  const otherItem = Math.min(item, other.dump.shape[1] - 1);
  const otherKeep = itemKeep(other.dump, otherItem);
  const sameLayout =
    other.dump.shape.join() === dump.shape.join() &&
    keep.every((value, t) => value === otherKeep[t]);
  if (sameLayout) {
    const b = sideOf(other.dump, itemAttention(other.dump, otherItem), otherKeep);
    return analysisOf(report, keep, labels, { a, b }, startMs);
  }
  return realTokenAnalysis(report, other, { item, otherItem, keep, tokens }, startMs);
}

/** Two dumps with different padding, each cut to its real tokens so that A − B is the drift. */
function realTokenAnalysis(
  report: CheckReport,
  other: CheckReport,
  at: { item: number; otherItem: number; keep: Int32Array; tokens: readonly string[] | null },
  startMs: number,
): Analysis {
  const { dump } = report;
  const [layers, , heads] = dump.shape;
  const mine = realAttention(dump, at.item);
  const theirs = realAttention(other.dump, at.otherItem);
  if (
    mine.real.length !== theirs.real.length ||
    mine.queries !== theirs.queries ||
    other.dump.shape[0] !== layers ||
    other.dump.shape[2] !== heads
  ) {
    throw new DumpError(
      `the dumps cannot be compared: item ${at.item} has ${mine.real.length} real tokens, ${mine.queries} real query rows and ${layers}×${heads} heads in one, ${theirs.real.length}, ${theirs.queries} and ${other.dump.shape[0]}×${other.dump.shape[2]} in the other.`,
    );
  }
  const allReal = new Int32Array(mine.real.length).fill(1);
  // Labelled as the whole item is (tokens may list the real tokens only), then cut to the real.
  const itemLabels = labelsFor(at.keep, at.tokens);
  const labels = mine.real.map((t) => itemLabels[t] ?? String(t));
  const a = sideOf(dump, mine.data, allReal, mine.queries);
  const b = sideOf(other.dump, theirs.data, allReal, theirs.queries);
  return analysisOf(report, allReal, labels, { a, b }, startMs);
}

/** The first batch item with both real tokens and padding (0 when there is none). */
export function firstPaddedItem(dump: CanonicalDump): number {
  for (let b = 0; b < dump.shape[1]; b++) {
    const row = itemKeep(dump, b);
    if (row.includes(0) && row.includes(1)) return b;
  }
  return 0;
}
