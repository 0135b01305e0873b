// Issue 25: two dumps of the same sentence compared on their real tokens, built by hand: an
// unpadded dump against a left-padded one that masks its padding (no drift) and one whose
// layer 1, head 1 leaks 10% onto padding (drift of exactly 0.1 × the real weights). Then the
// same pairs as the views draw them (dumpAnalysis): cut to the real tokens when the padding
// differs, side by side when it does not, and items out of range refused by name.
import { describe, expect, it } from 'vitest';
import { TOLERANCES, tolerancesFor, type Tolerances } from '../../src/diagnostics/tolerances';
import type { DumpFile } from '../../src/dump/arrays';
import { checkDump } from '../../src/dump/checkDump';
import {
  compareDumps,
  describeComparison,
  isDrifting,
  realBlock,
  realIndices,
  realQueryIndices,
  type Comparison,
} from '../../src/dump/compare';
import { DumpError } from '../../src/dump/dumpError';
import type { CanonicalDump } from '../../src/dump/fingerprint';
import { dumpAnalysis, firstPaddedItem, labelsFor } from '../../src/dump/view';

const LAYERS = 2;
const HEADS = 2;
const REAL = 3;

/** The real-token attention R[i][j] of a 3-token sentence for one head: a softmax row. */
function realRow(layer: number, head: number, i: number): number[] {
  const exp = [0, 1, 2].map((j) => Math.exp(Math.sin(1 + i + 2 * j + 3 * layer + 0.5 * head)));
  const total = exp.reduce((a, v) => a + v, 0);
  return exp.map((v) => v / total);
}

/** Attention [L, B, H, T, T] of items whose real tokens are where `keeps` has 1s. */
function canonical(
  keeps: readonly (readonly number[])[],
  leakAt: (layer: number, item: number, head: number) => number = () => 0,
  tolerances: Tolerances = TOLERANCES,
  sizes: { readonly layers: number; readonly heads: number } = { layers: LAYERS, heads: HEADS },
): CanonicalDump {
  const { layers, heads } = sizes;
  const seqLen = keeps[0]?.length ?? 0;
  const data = new Float32Array(layers * keeps.length * heads * seqLen * seqLen);
  let at = 0;
  for (let layer = 0; layer < layers; layer++) {
    keeps.forEach((keep, item) => {
      const realAt = [...keep.keys()].filter((t) => keep[t] === 1);
      const pads = seqLen - realAt.length;
      for (let head = 0; head < heads; head++) {
        const leak = pads === 0 ? 0 : leakAt(layer, item, head);
        for (let q = 0; q < seqLen; q++) {
          const i = realAt.indexOf(q);
          const row = new Array<number>(seqLen).fill(i < 0 ? 1 / seqLen : leak / pads);
          if (i >= 0)
            realRow(layer, head, i).forEach((p, j) => (row[realAt[j] ?? 0] = (1 - leak) * p));
          data.set(row, at);
          at += seqLen;
        }
      }
    });
  }
  return {
    data,
    shape: [layers, keeps.length, heads, seqLen, seqLen],
    keep: Int32Array.from(keeps.flat()),
    tolerances,
  };
}

const UNPADDED = [1, 1, 1];
const LEFT_PADDED = [0, 0, 1, 1, 1];
const leakAtL1H1 = (layer: number, _item: number, head: number) =>
  layer === 1 && head === 1 ? 0.1 : 0;
/** Largest |Δ| of a head that leaks `leak`: leak × its largest real weight. */
const driftOf = (layer: number, head: number, leak: number) =>
  leak * Math.max(...[0, 1, 2].flatMap((i) => realRow(layer, head, i)));

describe('the real tokens of a dump', () => {
  it('are the keys its mask keeps, and the same query rows in self-attention', () => {
    const dump = canonical([LEFT_PADDED, [1, 1, 0, 0, 0]]);
    expect(realIndices(dump, 0)).toEqual([2, 3, 4]);
    expect(realIndices(dump, 1)).toEqual([0, 1]);
    expect(realQueryIndices(dump, 0)).toEqual([2, 3, 4]);
  });

  it('are every query row outside self-attention', () => {
    const dump: CanonicalDump = {
      data: new Float32Array(2 * 3).fill(1 / 3),
      shape: [1, 1, 1, 2, 3],
      keep: Int32Array.from([1, 1, 0]),
      tolerances: TOLERANCES,
    };
    expect(realQueryIndices(dump, 0)).toEqual([0, 1]);
  });

  it('cut a head to its real queries × real keys, rows = queries', () => {
    const dump = canonical([LEFT_PADDED]);
    const block = realBlock(dump, 1, 0, 0, [2, 3, 4]);
    const expected = [0, 1, 2].flatMap((i) => realRow(1, 0, i));
    expect(Array.from(block)).toEqual(Array.from(Float32Array.from(expected)));
    expect(Array.from(realBlock(dump, 1, 0, 0, [3], [4]))).toEqual([
      Math.fround(realRow(1, 0, 2)[1] ?? 0),
    ]);
  });
});

describe('comparing an unpadded dump with a left-padded one', () => {
  const unpadded = canonical([UNPADDED]);

  it('finds no drift when the padded dump masks its padding', () => {
    const c = compareDumps(unpadded, canonical([LEFT_PADDED]));
    expect(c.maxDiff).toBeLessThanOrEqual(1e-7);
    expect(isDrifting(c)).toBe(false);
    expect(c.realTokens).toEqual([REAL]);
    expect(c.perHead.flat().every((d) => d <= 1e-7)).toBe(true);
    expect(describeComparison(c)).toMatch(
      /^real-token attention is the same in both dumps.*no drift\.$/,
    );
  });

  it('finds the drift of the leaking head, and where it is', () => {
    const c = compareDumps(unpadded, canonical([LEFT_PADDED], leakAtL1H1));
    const drift = driftOf(1, 1, 0.1);
    expect(c.maxDiff).toBeCloseTo(drift, 6);
    expect(c.at).toEqual({ layer: 1, head: 1, batch: 0 });
    expect(c.perHead[1]?.[1]).toBeCloseTo(drift, 6);
    expect(
      Math.max(c.perHead[0]?.[0] ?? 1, c.perHead[0]?.[1] ?? 1, c.perHead[1]?.[0] ?? 1),
    ).toBeLessThan(1e-7);
    expect(isDrifting(c)).toBe(true);
    expect(describeComparison(c)).toMatch(
      /^real-token attention differs by up to 0\.0\d+ \(layer 1, head 1, item 0\): the real tokens drift with padding\.$/,
    );
  });

  it('keeps the largest drift of each head over the items, and the place of the largest', () => {
    const leak = (layer: number, item: number, head: number) =>
      layer === 0 && head === 1 ? ([0.3, 0.05][item] ?? 0) : layer === 1 && item === 1 ? 0.2 : 0;
    const c = compareDumps(
      canonical([UNPADDED, UNPADDED]),
      canonical([LEFT_PADDED, LEFT_PADDED], leak),
    );
    expect(c.perHead[0]?.[1]).toBeCloseTo(driftOf(0, 1, 0.3), 6);
    expect(c.perHead[1]?.[0]).toBeCloseTo(driftOf(1, 0, 0.2), 6);
    expect(c.perHead[1]?.[1]).toBeCloseTo(driftOf(1, 1, 0.2), 6);
    const worst = [driftOf(0, 1, 0.3), driftOf(1, 0, 0.2), driftOf(1, 1, 0.2)];
    expect(c.maxDiff).toBeCloseTo(Math.max(...worst), 6);
    const place = [
      { layer: 0, head: 1, batch: 0 },
      { layer: 1, head: 0, batch: 1 },
      { layer: 1, head: 1, batch: 1 },
    ][worst.indexOf(Math.max(...worst))];
    expect(c.at).toEqual(place);
  });

  it('has no place when nothing differs at all', () => {
    const c = compareDumps(unpadded, unpadded);
    expect(c.maxDiff).toBe(0);
    expect(c.at).toBeNull();
    expect(describeComparison(c)).toBe(
      'real-token attention is the same in both dumps (max |Δ| 0): no drift.',
    );
  });

  it('stops at the first NaN and calls it drift', () => {
    const padded = canonical([LEFT_PADDED]);
    const data = padded.data.slice();
    // Layer 0, head 1, query 3 (a real row), key 4 (a real key): NaN.
    data[(1 * 5 + 3) * 5 + 4] = NaN;
    const c = compareDumps(unpadded, { ...padded, data });
    expect(c.maxDiff).toBeNaN();
    expect(c.at).toEqual({ layer: 0, head: 1, batch: 0 });
    expect(c.perHead[0]?.[1]).toBeNaN();
    // The heads after the first NaN are not measured: they read 0.
    expect(c.perHead[1]).toEqual([0, 0]);
    expect(isDrifting(c)).toBe(true);
    expect(describeComparison(c)).toBe('the real-token attention is NaN in one of the dumps.');
  });

  it('quotes the first NaN, not a later one', () => {
    const padded = canonical([LEFT_PADDED]);
    const data = padded.data.slice();
    data[(1 * 5 + 3) * 5 + 4] = NaN; // layer 0, head 1, query 3, key 4
    data[((2 + 0) * 5 + 2) * 5 + 2] = NaN; // layer 1, head 0, query 2, key 2
    const c = compareDumps(unpadded, { ...padded, data });
    expect(c.at).toEqual({ layer: 0, head: 1, batch: 0 });
  });

  it('judges by the looser tolerance of the two dumps’ number formats', () => {
    const half = tolerancesFor('F16');
    const small = (layer: number, _item: number, head: number) =>
      layer === 0 && head === 0 ? 5e-4 : 0;
    const c32 = compareDumps(unpadded, canonical([LEFT_PADDED], small));
    expect(isDrifting(c32)).toBe(true);
    const c16 = compareDumps(unpadded, canonical([LEFT_PADDED], small, half));
    expect(c16.tolerances).toBe(half);
    expect(isDrifting(c16)).toBe(false);
    expect(
      compareDumps(canonical([UNPADDED], undefined, half), canonical([LEFT_PADDED])).tolerances,
    ).toBe(half);
  });

  it('reads a difference of exactly the drift tolerance as no drift', () => {
    const c: Comparison = {
      maxDiff: TOLERANCES.drift,
      at: null,
      perHead: [],
      realTokens: [],
      tolerances: TOLERANCES,
    };
    expect(isDrifting(c)).toBe(false);
    expect(isDrifting({ ...c, maxDiff: TOLERANCES.drift * 1.01 })).toBe(true);
  });
});

describe('dumps that cannot be compared', () => {
  it('refuses dumps of other layers, items or heads, quoting both', () => {
    const one = canonical([UNPADDED]);
    const two = canonical([UNPADDED, UNPADDED]);
    expect(() => compareDumps(one, two)).toThrow(DumpError);
    expect(() => compareDumps(one, two)).toThrow('[2, 1, 2] vs [2, 2, 2]');
    const fewerHeads = { ...one, shape: [2, 1, 1, 3, 3] as const };
    expect(() => compareDumps(one, fewerHeads)).toThrow(/layers, items or heads/);
    const fewerLayers = { ...one, shape: [1, 1, 2, 3, 3] as const };
    expect(() => compareDumps(one, fewerLayers)).toThrow(/layers, items or heads/);
  });

  it('refuses an item whose real token counts differ, naming it', () => {
    expect(() =>
      compareDumps(canonical([UNPADDED, UNPADDED]), canonical([LEFT_PADDED, [0, 1, 1, 1, 1]])),
    ).toThrow('item 1 has 3 real tokens in one dump and 4 in the other.');
  });

  it('refuses real query rows that differ in number', () => {
    const cross: CanonicalDump = {
      data: new Float32Array(LAYERS * HEADS * 2 * 3).fill(1 / 3),
      shape: [LAYERS, 1, HEADS, 2, 3],
      keep: Int32Array.from([1, 1, 1]),
      tolerances: TOLERANCES,
    };
    expect(() => compareDumps(canonical([UNPADDED]), cross)).toThrow(
      'item 0 has 3 real query rows in one dump and 2 in the other.',
    );
  });
});

/** `dump` as a file of arrays, its mask given as rows. */
function fileOf(dump: CanonicalDump): DumpFile {
  return {
    fileName: 'attn.npy',
    arrays: [
      { name: 'attentions', shape: dump.shape, dtype: '<f4', kind: 'float', data: dump.data },
    ],
  };
}

function reportOf(
  keeps: readonly (readonly number[])[],
  leak?: (l: number, b: number, h: number) => number,
  sizes?: { readonly layers: number; readonly heads: number },
) {
  const dump = canonical(keeps, leak, TOLERANCES, sizes);
  return checkDump([fileOf(dump)], {
    layout: 'LBHQK',
    mask: { kind: 'rows', rows: keeps.map((keep) => [...keep]) },
  });
}

/** A report of one item's `weights` [Tq, T] (Tq = 1 without a query axis) with key mask `keep`. */
function kindReport(layout: 'BK' | 'BQK', queries: number, keep: readonly number[]) {
  const data = new Float32Array(queries * keep.length).fill(1 / keep.length);
  const shape = layout === 'BK' ? [1, keep.length] : [1, queries, keep.length];
  const file: DumpFile = {
    fileName: 'w.npy',
    arrays: [{ name: 'weights', shape, dtype: '<f4', kind: 'float', data }],
  };
  return checkDump([file], { layout, mask: { kind: 'rows', rows: [[...keep]] } });
}

describe('position labels', () => {
  const keep = Int32Array.from([0, 0, 1, 1, 1]);

  it('numbers positions and marks padding without tokens', () => {
    expect(labelsFor(keep, null)).toEqual(['[PAD] 0', '[PAD] 1', '2', '3', '4']);
  });

  it('gives one token per real position to the real positions, whatever the padding side', () => {
    expect(labelsFor(keep, ['the', 'cat', 'sat'])).toEqual([
      '[PAD] 0',
      '[PAD] 1',
      'the',
      'cat',
      'sat',
    ]);
    const right = Int32Array.from([1, 1, 0]);
    expect(labelsFor(right, ['a', 'b'])).toEqual(['a', 'b', '[PAD] 2']);
  });

  it('labels positions from the first otherwise, and numbers those left over', () => {
    expect(labelsFor(keep, ['<pad>', '<pad>', 'x', 'y', 'z'])).toEqual([
      '<pad>',
      '<pad>',
      'x',
      'y',
      'z',
    ]);
    expect(labelsFor(keep, ['p', 'q'])).toEqual(['p', 'q', '2', '3', '4']);
  });
});

describe('the batch item the views draw', () => {
  it('is the first item with both real tokens and padding', () => {
    expect(firstPaddedItem(canonical([[1, 1, 1, 1, 1], [0, 0, 0, 0, 0], LEFT_PADDED]))).toBe(2);
    expect(firstPaddedItem(canonical([LEFT_PADDED, [0, 1, 1, 1, 1]]))).toBe(0);
  });

  it('is item 0 when no item is padded', () => {
    expect(
      firstPaddedItem(
        canonical([
          [1, 1, 1, 1, 1],
          [0, 0, 0, 0, 0],
        ]),
      ),
    ).toBe(0);
  });

  it('defaults to the first padded item, with its mask and labels', () => {
    const analysis = dumpAnalysis(reportOf([[1, 1, 1, 1, 1], LEFT_PADDED]), null, null);
    expect(Array.from(analysis.mask)).toEqual(LEFT_PADDED);
    expect(analysis.labels).toEqual(['[PAD] 0', '[PAD] 1', '2', '3', '4']);
    // Self-attention has no query axis of its own: the property is absent, not undefined.
    expect(Object.keys(analysis)).not.toContain('queries');
    expect(analysis.b).toBeNull();
    expect(analysis.a.attention.shape).toEqual([LAYERS, HEADS, 5, 5]);
  });

  it('copies out the asked item, every layer and head', () => {
    const analysis = dumpAnalysis(reportOf([[0, 1, 1, 1, 1], LEFT_PADDED]), 1, ['a', 'b', 'c']);
    const { data } = analysis.a.attention;
    // Layer 1, head 1, query 4 (the third real token): its real row over keys 2..4.
    const at = ((1 * HEADS + 1) * 5 + 4) * 5;
    expect(Array.from(data.subarray(at + 2, at + 5))).toEqual(
      Array.from(Float32Array.from(realRow(1, 1, 2))),
    );
    expect(analysis.labels).toEqual(['[PAD] 0', '[PAD] 1', 'a', 'b', 'c']);
    expect(analysis.a.measurements.paddingKeys).toBe(2);
  });

  it.each([2, -1, 0.5, Number.NaN])('refuses item %s, saying which items exist', (item) => {
    const report = reportOf([UNPADDED, UNPADDED]);
    expect(() => dumpAnalysis(report, item, null)).toThrow(DumpError);
    expect(() => dumpAnalysis(report, item, null)).toThrow(
      `batch item ${item} does not exist: the dump has items 0 to 1.`,
    );
  });
});

describe('two dumps drawn side by side', () => {
  it('draws a dump with the same padding whole beside the other', () => {
    const analysis = dumpAnalysis(
      reportOf([LEFT_PADDED]),
      0,
      null,
      reportOf([LEFT_PADDED], leakAtL1H1),
    );
    expect(Array.from(analysis.mask)).toEqual(LEFT_PADDED);
    expect(analysis.b?.attention.shape).toEqual([LAYERS, HEADS, 5, 5]);
    expect(analysis.b?.measurements.leak.max).toBeCloseTo(0.1, 6);
    expect(analysis.a.measurements.leak.max).toBe(0);
  });

  it('cuts an unpadded and a left-padded dump to their real tokens, so that A − B is the drift', () => {
    const analysis = dumpAnalysis(
      reportOf([LEFT_PADDED]),
      0,
      ['the', 'cat', 'sat'],
      reportOf([UNPADDED]),
    );
    expect(Array.from(analysis.mask)).toEqual([1, 1, 1]);
    expect(analysis.labels).toEqual(['the', 'cat', 'sat']);
    expect(analysis.a.attention.shape).toEqual([LAYERS, HEADS, REAL, REAL]);
    const a = analysis.a.attention.data;
    const b = analysis.b?.attention.data ?? new Float32Array();
    expect(Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? NaN))))).toBeLessThan(1e-7);
  });

  it('shows the leaking head’s drift between the cut dumps', () => {
    const analysis = dumpAnalysis(
      reportOf([LEFT_PADDED], leakAtL1H1),
      0,
      null,
      reportOf([UNPADDED]),
    );
    expect(analysis.labels).toEqual(['2', '3', '4']);
    const a = analysis.a.attention.data;
    const b = analysis.b?.attention.data ?? new Float32Array();
    const diffs = Array.from(a, (v, i) => Math.abs(v - (b[i] ?? NaN)));
    expect(Math.max(...diffs)).toBeCloseTo(driftOf(1, 1, 0.1), 6);
    // Only layer 1, head 1 (the last of the four 3 × 3 blocks) differs.
    expect(Math.max(...diffs.slice(0, 27))).toBeLessThan(1e-7);
  });

  it('compares with the other dump’s last item when it has fewer', () => {
    const analysis = dumpAnalysis(
      reportOf([[1, 1, 1, 1, 1], LEFT_PADDED]),
      1,
      null,
      reportOf([UNPADDED]),
    );
    expect(analysis.a.attention.shape).toEqual([LAYERS, HEADS, REAL, REAL]);
    expect(analysis.b?.attention.shape).toEqual([LAYERS, HEADS, REAL, REAL]);
  });

  it('refuses dumps whose items differ in real tokens, quoting both', () => {
    const other = reportOf([[1, 1, 1, 1]]);
    expect(() => dumpAnalysis(reportOf([LEFT_PADDED]), 0, null, other)).toThrow(
      /^the dumps cannot be compared: item 0 has 3 real tokens, 3 real query rows and 2×2 heads in one, 4, 4 and 2×2 in the other\.$/,
    );
  });
});

describe('what the views are told beside the attention', () => {
  it('gives pooling, a decoding step and cross-attention a query axis of their own', () => {
    expect(dumpAnalysis(kindReport('BK', 1, [1, 1, 0]), 0, null).queries).toEqual({
      kind: 'pooling',
      labels: ['pooled'],
    });
    expect(dumpAnalysis(kindReport('BQK', 1, [1, 1, 0]), 0, null).queries).toEqual({
      kind: 'step',
      labels: ['new token'],
    });
    expect(dumpAnalysis(kindReport('BQK', 2, [1, 1, 0]), 0, null).queries).toEqual({
      kind: 'cross',
      labels: ['q0', 'q1'],
    });
  });

  it('draws a cross-attention dump with its own query rows', () => {
    const analysis = dumpAnalysis(kindReport('BQK', 2, [1, 1, 0]), 0, null);
    expect(analysis.a.attention.shape).toEqual([1, 1, 2, 3]);
  });

  it('times the analysis itself, with no model forward', () => {
    const before = performance.now();
    const analysis = dumpAnalysis(reportOf([LEFT_PADDED]), 0, null);
    expect(analysis.totalMs).toBeGreaterThanOrEqual(0);
    expect(analysis.totalMs).toBeLessThanOrEqual(performance.now() - before);
    expect(analysis.forwardMs).toBeNull();
    expect(analysis.referenceMs).toBe(0);
  });

  it('judges a half-precision dump by the half tolerances', () => {
    const dump = canonical([LEFT_PADDED]);
    const half = checkDump(
      [{ ...fileOf(dump), arrays: [{ ...fileOf(dump).arrays[0]!, dtype: 'F16' }] }],
      {
        layout: 'LBHQK',
        mask: { kind: 'rows', rows: [LEFT_PADDED] },
      },
    );
    expect(dumpAnalysis(half, 0, null).a.measurements.tolerances.numberFormat).toBe('half');
  });
});

describe('dumps whose padding differs only in where it is', () => {
  it('cuts a left-padded and a right-padded dump of one sentence to its real tokens', () => {
    const right = [1, 1, 1, 0, 0];
    const analysis = dumpAnalysis(reportOf([LEFT_PADDED]), 0, null, reportOf([right]));
    expect(Array.from(analysis.mask)).toEqual([1, 1, 1]);
    const a = analysis.a.attention.data;
    const b = analysis.b?.attention.data ?? new Float32Array();
    expect(b).toHaveLength(a.length);
    expect(Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? NaN))))).toBeLessThan(1e-7);
  });

  it('cuts an unpadded dump and a right-padded one of more positions', () => {
    const analysis = dumpAnalysis(reportOf([UNPADDED]), 0, null, reportOf([[1, 1, 1, 0, 0]]));
    expect(analysis.b?.attention.shape).toEqual([LAYERS, HEADS, REAL, REAL]);
  });

  it('refuses dumps of other layers or heads, quoting both', () => {
    const oneLayer = reportOf([UNPADDED], undefined, { layers: 1, heads: HEADS });
    expect(() => dumpAnalysis(reportOf([LEFT_PADDED]), 0, null, oneLayer)).toThrow(
      'item 0 has 3 real tokens, 3 real query rows and 2×2 heads in one, 3, 3 and 1×2 in the other.',
    );
    const oneHead = reportOf([UNPADDED], undefined, { layers: LAYERS, heads: 1 });
    expect(() => dumpAnalysis(reportOf([LEFT_PADDED]), 0, null, oneHead)).toThrow(
      'and 2×2 heads in one, 3, 3 and 2×1 in the other.',
    );
  });

  it('refuses cross-attention dumps whose real keys differ in number', () => {
    const two = kindReport('BQK', 2, [1, 1, 0]);
    const three = kindReport('BQK', 2, [1, 1, 1, 0]);
    expect(() => dumpAnalysis(two, 0, null, three)).toThrow(DumpError);
    expect(() => dumpAnalysis(two, 0, null, three)).toThrow(
      'item 0 has 2 real tokens, 2 real query rows and 1×1 heads in one, 3, 2 and 1×1 in the other.',
    );
  });

  it('refuses dumps whose real query rows differ in number', () => {
    const cross = kindReport('BQK', 2, [1, 1, 1]);
    const self = reportOf([[0, 0, 1, 1, 1]], undefined, { layers: 1, heads: 1 });
    expect(() => dumpAnalysis(self, 0, null, cross)).toThrow(
      'item 0 has 3 real tokens, 3 real query rows and 1×1 heads in one, 3, 2 and 1×1 in the other.',
    );
  });
});
