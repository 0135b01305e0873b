/**
 * A checked dump as an Analysis the views draw: one batch item's attention [L, H, T, T], its
 * mask and labels, measured like a model run (no drift, no predictions). With a second dump
 * of the same input the views compare them; when the two differ in padding, both are cut to
 * their real tokens so that A − B is the drift of the real-token attention.
 */
import { analyseSide, type Analysis, type SideAnalysis } from '../analysis/analysis';
import { attentionOf } from '../analysis/attentionMaps';
import type { CheckReport } from './checkDump';
import { realBlock, realIndices } from './compare';
import { DumpError } from './dumpError';
import type { CanonicalDump } from './fingerprint';

/** One item's [L, H, T, T] copied out of [L, B, H, T, T]. */
function itemAttention(dump: CanonicalDump, item: number): Float32Array {
  const [layers, batch, heads, seqLen] = dump.shape;
  const size = heads * seqLen * seqLen;
  const out = new Float32Array(layers * size);
  for (let layer = 0; layer < layers; layer++) {
    const start = (layer * batch + item) * size;
    out.set(dump.data.subarray(start, start + size), layer * size);
  }
  return out;
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

/** The real × real blocks of every layer and head of one item: [L, H, R, R]. */
function realAttention(dump: CanonicalDump, item: number): { data: Float32Array; real: number[] } {
  const [layers, , heads] = dump.shape;
  const real = realIndices(dump, item);
  const size = real.length * real.length;
  const data = new Float32Array(layers * heads * size);
  for (let layer = 0; layer < layers; layer++) {
    for (let head = 0; head < heads; head++) {
      data.set(realBlock(dump, layer, head, item, real), (layer * heads + head) * size);
    }
  }
  return { data, real };
}

/** One side measured like a model run, judged by the dump's own tolerances (its dtype). */
function sideOf(dump: CanonicalDump, data: Float32Array, keep: Int32Array): SideAnalysis {
  const [layers, , heads] = dump.shape;
  const attention = attentionOf(data, layers, heads, keep.length);
  return analyseSide(attention, keep, { tolerances: dump.tolerances });
}

function analysisOf(
  mask: Int32Array,
  labels: readonly string[],
  a: SideAnalysis,
  b: SideAnalysis | null,
  startMs: number,
): Analysis {
  return {
    mask,
    labels,
    a,
    b,
    totalMs: performance.now() - startMs,
    referenceMs: 0,
    forwardMs: null,
  };
}

/**
 * Why the views cannot draw `dump` (null when they can): their heatmaps are square [T, T]
 * self-attention per head, while pooling weights, cross-attention and decoding steps are not.
 */
export function undrawableReason(dump: CanonicalDump): string | null {
  const [, , , queries, keys] = dump.shape;
  if (queries === keys) return null;
  const what =
    queries === 1
      ? `one query row per head over ${keys} keys (pooling weights, or one decoding step)`
      : `[${queries}, ${keys}] rectangles (cross-attention)`;
  return `The heatmaps draw square [T, T] self-attention; this dump holds ${what}, which they cannot draw yet. The check above holds: its layout, verdict and evidence are for this shape.`;
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
  const [, batch, , seqLen] = dump.shape;
  const undrawable = undrawableReason(dump);
  if (undrawable !== null) throw new DumpError(undrawable);
  const item = asked ?? firstPaddedItem(dump);
  if (!Number.isInteger(item) || item < 0 || item >= batch) {
    throw new DumpError(`batch item ${item} does not exist: the dump has items 0 to ${batch - 1}.`);
  }
  const keep = dump.keep.slice(item * seqLen, (item + 1) * seqLen);
  const a = sideOf(dump, itemAttention(dump, item), keep);
  if (other === null) return analysisOf(keep, labelsFor(keep, tokens), a, null, startMs);
  const otherItem = Math.min(item, other.dump.shape[1] - 1);
  const sameLayout =
    other.dump.shape.join() === dump.shape.join() && sameMask(report, other, item, otherItem);
  if (sameLayout) {
    const otherKeep = other.dump.keep.slice(otherItem * seqLen, (otherItem + 1) * seqLen);
    const b = sideOf(other.dump, itemAttention(other.dump, otherItem), otherKeep);
    return analysisOf(keep, labelsFor(keep, tokens), a, b, startMs);
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
    other.dump.shape[0] !== layers ||
    other.dump.shape[2] !== heads
  ) {
    throw new DumpError(
      `the dumps cannot be compared: item ${at.item} has ${mine.real.length} real tokens and ${layers}×${heads} heads in one, ${theirs.real.length} and ${other.dump.shape[0]}×${other.dump.shape[2]} in the other.`,
    );
  }
  const allReal = new Int32Array(mine.real.length).fill(1);
  // Labelled as the whole item is (tokens may list the real tokens only), then cut to the real.
  const itemLabels = labelsFor(at.keep, at.tokens);
  const labels = mine.real.map((t) => itemLabels[t] ?? String(t));
  const a = sideOf(dump, mine.data, allReal);
  const b = sideOf(other.dump, theirs.data, allReal);
  return analysisOf(allReal, labels, a, b, startMs);
}

/** The first batch item with both real tokens and padding (0 when there is none). */
export function firstPaddedItem(dump: CanonicalDump): number {
  const seqLen = dump.shape[3];
  for (let b = 0; b < dump.shape[1]; b++) {
    const row = dump.keep.subarray(b * seqLen, (b + 1) * seqLen);
    if (row.includes(0) && row.includes(1)) return b;
  }
  return 0;
}

function sameMask(a: CheckReport, b: CheckReport, itemA: number, itemB: number): boolean {
  const seqLen = a.dump.shape[3];
  const rowA = a.dump.keep.subarray(itemA * seqLen, (itemA + 1) * seqLen);
  const rowB = b.dump.keep.subarray(itemB * seqLen, (itemB + 1) * seqLen);
  return rowA.every((value, t) => value === rowB[t]);
}
