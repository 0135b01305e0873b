// Issue 25: the verdict reworded for pooling weights, cross-attention and decoding steps, on
// measurements and weights built by hand, so the padding mass quoted per item is known; and the
// per-item strips the page draws for pooling.
import { describe, expect, it } from 'vitest';
import { TOLERANCES } from '../../src/diagnostics/tolerances';
import type { DumpFile } from '../../src/dump/arrays';
import { checkDump } from '../../src/dump/checkDump';
import { dumpVerdict, type DumpVerdict } from '../../src/dump/dumpVerdict';
import type { CanonicalDump, DumpStats, Family } from '../../src/dump/fingerprint';
import { fixFor } from '../../src/dump/fixes';
import { itemStripsOf, paddingOfItem, stripOf } from '../../src/dump/itemStrips';
import { shapeFixFor } from '../../src/dump/shapeFixes';
import { itemPaddingMass, shapeVerdict } from '../../src/dump/shapeVerdict';

/** Stats of pooling weights over 4 frames: item 0 has 1 padded frame, item 1 two, item 2 none. */
function statsOf(change: Partial<DumpStats> = {}): DumpStats {
  return {
    batch: 3,
    seqLen: 4,
    queries: 1,
    paddedItems: 2,
    paddingKeys: [1, 2, 0],
    realRows: 4,
    leakMean: 0.2,
    leakMax: 0.3,
    leakMaxAt: { layer: 0, head: 1, batch: 1, query: 0 },
    leakingRows: 4,
    invertedRows: 0,
    equalPaddingRows: 0,
    rowSumMin: 1,
    rowSumMax: 1,
    rowSumMinAt: { layer: 0, head: 0, batch: 0, query: 0 },
    shortRows: 0,
    nanRealRows: 0,
    nanPaddingRows: 0,
    firstNaNLayer: null,
    uniformPaddingRows: 0,
    paddingRows: 0,
    unpaddedItems: 1,
    unpaddedRows: 2,
    unpaddedBrokenRows: 0,
    heads: [],
    tolerances: TOLERANCES,
    ...change,
  };
}

/**
 * Pooling weights [1, 3, 2, 1, 4] (2 heads) with the masks of `statsOf`: each padded frame of
 * item b gets `pad[b][head]`, the real frames share the rest evenly.
 */
function poolingDump(pad: readonly (readonly number[])[]): CanonicalDump {
  const keeps = [
    [1, 1, 1, 0],
    [1, 1, 0, 0],
    [1, 1, 1, 1],
  ];
  const data = new Float32Array(3 * 2 * 4);
  keeps.forEach((keep, b) => {
    const pads = keep.filter((k) => k === 0).length;
    for (let head = 0; head < 2; head++) {
      const each = pad[b]?.[head] ?? 0;
      const real = (1 - each * pads) / (4 - pads);
      keep.forEach((k, t) => (data[(b * 2 + head) * 4 + t] = k === 1 ? real : each));
    }
  });
  return {
    data,
    shape: [1, 3, 2, 1, 4],
    keep: Int32Array.from(keeps.flat()),
    tolerances: TOLERANCES,
  };
}

/** Item 0 loses 10% to its one padded frame, item 1 30% to its two: m grows with padding. */
const RISING = poolingDump([
  [0.1, 0.1],
  [0.15, 0.15],
]);

function pooled(family: Family, stats = statsOf(), dump = RISING, labels?: readonly string[]) {
  const general = dumpVerdict(family, stats, 'pytorch', labels);
  return { general, verdict: shapeVerdict(general, 'pooling', stats, 'pytorch', dump) };
}

describe('the mean weight on padding per item', () => {
  it('averages the padding mass of every layer, head and query row of an item', () => {
    const mass = itemPaddingMass(
      poolingDump([
        [0.1, 0.3],
        [0.05, 0.1],
      ]),
    );
    expect(mass).toHaveLength(3);
    expect(mass[0]).toBeCloseTo((0.1 + 0.3) / 2, 6);
    expect(mass[1]).toBeCloseTo((2 * 0.05 + 2 * 0.1) / 2, 6);
    expect(mass[2]).toBe(0);
  });

  it('divides by the query rows too', () => {
    // [1 layer, 1 item, 1 head, 2 queries, 2 keys], key 1 padding: 0.2 and 0.6 on it.
    const dump: CanonicalDump = {
      data: Float32Array.from([0.8, 0.2, 0.4, 0.6]),
      shape: [1, 1, 1, 2, 2],
      keep: Int32Array.from([1, 0]),
      tolerances: TOLERANCES,
    };
    expect(itemPaddingMass(dump)[0]).toBeCloseTo(0.4, 6);
  });

  it('reads each layer, item, head and query row at its own place', () => {
    // [L = 2, B = 2, H = 2, Q = 2, K = 3]; item 0 pads its last key, item 1 its first. The
    // padded key of row (l, b, h, q) gets f_b × (1 + 4 l + 2 h + q), f = [0.01, 0.02], so the
    // mean over the 8 rows of an item is f_b × 4.5.
    const keeps = [
      [1, 1, 0],
      [0, 1, 1],
    ];
    const data = new Float32Array(2 * 2 * 2 * 2 * 3);
    for (let l = 0; l < 2; l++)
      for (let b = 0; b < 2; b++)
        for (let h = 0; h < 2; h++)
          for (let q = 0; q < 2; q++) {
            const pad = [0.01, 0.02][b]! * (1 + 4 * l + 2 * h + q);
            const row = (((l * 2 + b) * 2 + h) * 2 + q) * 3;
            keeps[b]!.forEach((k, t) => (data[row + t] = k === 0 ? pad : (1 - pad) / 2));
          }
    const dump: CanonicalDump = {
      data,
      shape: [2, 2, 2, 2, 3],
      keep: Int32Array.from(keeps.flat()),
      tolerances: TOLERANCES,
    };
    const mass = itemPaddingMass(dump);
    expect(mass[0]).toBeCloseTo(0.045, 6);
    expect(mass[1]).toBeCloseTo(0.09, 6);
  });

  it('is 0 for an item of no rows rather than NaN', () => {
    const dump: CanonicalDump = {
      data: new Float32Array(0),
      shape: [1, 1, 1, 0, 2],
      keep: Int32Array.from([1, 0]),
      tolerances: TOLERANCES,
    };
    expect(itemPaddingMass(dump)).toEqual([0]);
  });
});

describe('pooling weights', () => {
  it('speak of frames and pooled vectors in every evidence line', () => {
    const stats = statsOf({
      leakMaxAt: { layer: 0, head: 1, batch: 1, query: 0 },
      rowSumMin: 0.75,
      rowSumMax: 0.9,
      shortRows: 4,
      invertedRows: 5,
      equalPaddingRows: 2,
      nanRealRows: 1,
      nanPaddingRows: 3,
      firstNaNLayer: 0,
      uniformPaddingRows: 2,
      paddingRows: 3,
    });
    const { verdict } = pooled('after-softmax', stats, RISING, ['f0']);
    expect(verdict.evidence).toEqual([
      '2 of 3 batch items have both real frames and padding (padded frames per item: 1, 2, 0, of 4); 4 pooled vectors (item × head) of the padded items were measured.',
      'Weight on padded frames per pooled vector: mean 20.0%, max 30.0% at layer 0, head 1, item 1; 4 vectors above 1e-6.',
      'Pooling weights sum to 0.75–0.9 (lowest at layer 0, head 0, item 0); 4 vectors short of 1.',
      '5 pooled vectors give real frames nothing and padded frames everything.',
      '2 leaking pooled vectors give every padded frame exactly the same weight (identical frames, e.g. zero-padded).',
      'NaN rows: 3 padding rows and 1 pooled vectors, from layer 0 on.',
      '2 of 3 padding rows are uniform.',
    ]);
  });

  it('give a headline of their own to each family that has one', () => {
    const headline = (family: Family) => pooled(family).verdict.headline;
    expect(headline('correct')).toMatch(
      /^Correct: the pooling weights put nothing on padded frames/,
    );
    expect(headline('missing-key-mask')).toMatch(/^Padded frames get pooling weight/);
    expect(headline('inverted')).toMatch(/pooling weights sit on the padded frames/);
    expect(headline('after-softmax')).toMatch(/softmax over time without renormalising/);
    expect(headline('nan')).toMatch(/^NaN: pooling weights are NaN/);
  });

  it('keep the general headline of a family without a pooling one', () => {
    const { general, verdict } = pooled('multiplicative');
    expect(verdict.headline).toBe(general.headline);
    expect(pooled('float-add').verdict.headline).toBe(pooled('float-add').general.headline);
  });

  it('quote the weight on padding per item, growing with the padding count', () => {
    const { verdict } = pooled('missing-key-mask');
    expect(verdict.evidence.at(-1)).toBe(
      'Weight on padding per pooled vector: item 0 (1 of 4 frames padded) 10.0%, item 1 (2 of 4 frames padded) 30.0%. Each pooled vector is (1 − m) × the pooling of its real frames plus m × that of its padded frames (for zero frames: shrunk toward 0 by m), and m grows with the padding count: the same input pooled with more padding gives a different vector.',
    );
  });

  it('say the pooled vector depends on the batch when m does not grow with the padding', () => {
    const falling = poolingDump([
      [0.3, 0.3],
      [0.05, 0.05],
    ]);
    const { verdict } = pooled('multiplicative', statsOf(), falling);
    expect(verdict.evidence.at(-1)).toMatch(
      /item 0 \(1 of 4 frames padded\) 30\.0%, item 1 \(2 of 4 frames padded\) 10\.0%\. .*by m\), so it depends on how much padding the batch gave the item\.$/,
    );
  });

  it('read a mass that does not fall as the padding grows as growing', () => {
    const even = poolingDump([
      [0.2, 0.2],
      [0.1, 0.1],
    ]);
    const line = pooled('missing-key-mask', statsOf(), even).verdict.evidence.at(-1) ?? '';
    expect(line).toMatch(
      /item 0 \(1 of 4 frames padded\) 20\.0%, item 1 \(2 of 4 frames padded\) 20\.0%/,
    );
    expect(line).toMatch(/m grows with the padding count/);
  });

  it('order the items by their padding count to see whether m grows', () => {
    // Item 0 has 2 padded frames and loses 30%, item 1 has 1 and loses 10%: m grows with the
    // padding though it falls from item to item.
    const keeps = [
      [1, 1, 0, 0],
      [1, 1, 1, 0],
    ];
    const data = Float32Array.from(
      [
        [0.35, 0.35, 0.15, 0.15],
        [0.3, 0.3, 0.3, 0.1],
      ].flatMap((row) => [...row, ...row]),
    );
    const dump: CanonicalDump = {
      data,
      shape: [1, 2, 2, 1, 4],
      keep: Int32Array.from(keeps.flat()),
      tolerances: TOLERANCES,
    };
    const stats = statsOf({ batch: 2, paddingKeys: [2, 1], unpaddedItems: 0 });
    const line = pooled('missing-key-mask', stats, dump).verdict.evidence.at(-1) ?? '';
    expect(line).toMatch(
      /item 0 \(2 of 4 frames padded\) 30\.0%, item 1 \(1 of 4 frames padded\) 10\.0%/,
    );
    expect(line).toMatch(/m grows with the padding count/);
  });

  it('do not call one padding count growing', () => {
    const stats = statsOf({ paddingKeys: [1, 0, 0], paddedItems: 1 });
    const { verdict } = pooled('missing-key-mask', stats);
    expect(verdict.evidence.at(-1)).toMatch(
      /^Weight on padding per pooled vector: item 0 \(1 of 4/,
    );
    expect(verdict.evidence.at(-1)).toMatch(/so it depends on how much padding/);
  });

  it('leave out items with no padding and items with no real frame', () => {
    const stats = statsOf({ paddingKeys: [1, 4, 0] });
    const line = pooled('missing-key-mask', stats).verdict.evidence.at(-1) ?? '';
    expect(line).toMatch(/item 0 \(1 of 4 frames padded\) 10\.0%\. Each/);
    expect(line).not.toMatch(/item [12] /);
  });

  it('quote no drift without a leak beyond the tolerance, or without padded items', () => {
    for (const stats of [
      statsOf({ leakMax: TOLERANCES.leak }),
      statsOf({ paddingKeys: [0, 0, 0], paddedItems: 0 }),
    ]) {
      const { general, verdict } = pooled('missing-key-mask', stats);
      expect(verdict.evidence).toHaveLength(general.evidence.length);
    }
  });

  it('quote no drift for families that do not leak', () => {
    for (const family of ['inverted', 'after-softmax', 'float-add', 'correct'] as const) {
      const { general, verdict } = pooled(family);
      expect(verdict.evidence).toHaveLength(general.evidence.length);
    }
  });

  it('say what the weights cannot tell apart when they leak, and keep other notes', () => {
    for (const family of ['missing-key-mask', 'multiplicative'] as const) {
      expect(pooled(family).verdict.ambiguity).toMatch(
        /^The weights alone cannot tell no mask from a constant too weak.*Equal weights on every padded frame mean identical frames/,
      );
    }
    const stats = statsOf({ paddedItems: 0, paddingKeys: [0, 0, 0] });
    const { general, verdict } = pooled('unknown', stats);
    expect(verdict.ambiguity).toBe(general.ambiguity);
    expect(verdict.ambiguity).toMatch(/No batch item has padding/);
  });

  it('get the pooling fix, or the general one where pooling has none', () => {
    expect(pooled('float-add').verdict.fix).toBe(shapeFixFor('pooling', 'float-add', 'pytorch'));
    expect(pooled('correct').verdict.fix).toBeNull();
  });
});

describe('cross-attention and decoding steps', () => {
  const verdictOf = (family: Family, stats = statsOf({ queries: 3 })): DumpVerdict =>
    dumpVerdict(family, stats, 'torch-mha');

  it("blames the encoder's missing key mask in cross-attention", () => {
    const verdict = shapeVerdict(
      verdictOf('missing-key-mask'),
      'cross',
      statsOf(),
      'torch-mha',
      RISING,
    );
    expect(verdict.headline).toMatch(/^Padding leaks into cross-attention: .*encoder's key mask/);
    expect(verdict.fix).toBe(shapeFixFor('cross', 'missing-key-mask', 'torch-mha'));
    expect(verdict.evidence).toEqual(verdictOf('missing-key-mask').evidence);
  });

  it("blames the cache's padding at a decoding step", () => {
    const general = verdictOf('missing-key-mask');
    const verdict = shapeVerdict(general, 'step', statsOf(), 'hf', RISING);
    expect(verdict.headline).toMatch(/^Padding leaks at this decoding step/);
    expect(verdict.fix).toBe(shapeFixFor('step', 'missing-key-mask', 'hf'));
    expect(verdict.ambiguity).toBe(general.ambiguity);
  });

  it('keeps the general headline and fix of the other families', () => {
    const general = verdictOf('inverted');
    const verdict = shapeVerdict(general, 'cross', statsOf(), 'torch-mha', RISING);
    expect(verdict.headline).toBe(general.headline);
    expect(verdict.fix).toBe(fixFor('inverted', 'torch-mha'));
  });

  it('reads equal weights on padding as identical padding positions without a mask', () => {
    const stats = statsOf({ equalPaddingRows: 2 });
    const general = verdictOf('missing-key-mask', stats);
    const verdict = shapeVerdict(general, 'cross', stats, 'torch-mha', RISING);
    expect(verdict.ambiguity).toBe(
      `${general.ambiguity ?? ''} Rows that give every padding key the same weight point to identical padding positions (zero-padded memory or cache) with no mask; scores × mask gives the same, and the pre-softmax scores tell them apart (0 at every padding key means scores × mask).`,
    );
    const alone = shapeVerdict({ ...general, ambiguity: null }, 'step', stats, 'hf', RISING);
    expect(alone.ambiguity).toMatch(/^Rows that give every padding key the same weight/);
  });

  it('adds nothing about equal weights to other families', () => {
    const stats = statsOf({ equalPaddingRows: 2 });
    const general = verdictOf('multiplicative', stats);
    const verdict = shapeVerdict(general, 'cross', stats, 'torch-mha', RISING);
    expect(verdict.ambiguity).toBe(general.ambiguity);
  });
});

describe('self-attention', () => {
  it('keeps its verdict as it is', () => {
    const general = dumpVerdict('missing-key-mask', statsOf({ queries: 4 }), 'pytorch');
    expect(shapeVerdict(general, 'self', statsOf(), 'pytorch', RISING)).toBe(general);
  });
});

describe('per-item strips of pooling weights', () => {
  /** Pooling weights [L = 2, B = 2, H = 2, T = 3]: one row per layer, as fractions. */
  function poolingFile(): DumpFile {
    const rows = [
      [0.5, 0.25, 0.25],
      [0.2, 0.4, 0.4],
    ];
    // [L, B, H] = [2, 2, 2] rows of 3 frames, layer by layer.
    const data = Float32Array.from(rows.flatMap((row) => [row, row, row, row].flat()));
    return {
      fileName: 'pool.npy',
      arrays: [{ name: 'weights', shape: [2, 2, 2, 3], dtype: '<f4', kind: 'float', data }],
    };
  }

  const report = checkDump([poolingFile()], {
    layout: 'LBHK',
    mask: {
      kind: 'rows',
      rows: [
        [1, 1, 0],
        [1, 1, 1],
      ],
    },
  });

  it('are the first layer’s weights of every item and head, with the mask', () => {
    const strips = itemStripsOf(report);
    expect(strips?.shape).toEqual([2, 2, 3]);
    expect(Array.from(strips?.data ?? [])).toEqual(
      Array.from(Float32Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 0.5 : 0.25))),
    );
    expect(Array.from(strips?.keep ?? [])).toEqual([1, 1, 0, 1, 1, 1]);
    expect(strips?.keep).not.toBe(report.dump.keep);
  });

  it('give the strip of one item and head, and its padding flags', () => {
    const strips = itemStripsOf(report);
    if (strips === null) throw new Error('pooling weights have strips');
    const data = strips.data.slice();
    data.set([0.6, 0.3, 0.1], (1 * 2 + 1) * 3);
    const changed = { ...strips, data };
    expect(Array.from(stripOf(changed, 1, 1))).toEqual(
      Array.from(Float32Array.from([0.6, 0.3, 0.1])),
    );
    expect(stripOf(changed, 1, 0)).toHaveLength(3);
    expect(Array.from(paddingOfItem(strips, 0))).toEqual([0, 0, 1]);
    expect(Array.from(paddingOfItem(strips, 1))).toEqual([0, 0, 0]);
  });

  it('are absent for self-attention', () => {
    const data = Float32Array.from([0.5, 0.5, 0.5, 0.5]);
    const self = checkDump(
      [
        {
          fileName: 'a.npy',
          arrays: [{ name: 'attentions', shape: [1, 2, 2], dtype: '<f4', kind: 'float', data }],
        },
      ],
      { layout: 'BQK', mask: { kind: 'rows', rows: [[1, 1]] } },
    );
    expect(itemStripsOf(self)).toBeNull();
  });
});
