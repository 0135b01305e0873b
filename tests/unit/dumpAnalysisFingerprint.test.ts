// The bug fingerprint of a dump (src/dump/fingerprint.ts) on attention built by hand, so every
// expected count, place and family follows from the definitions: how many real rows must leak,
// be inverted, have equal padding weights or fall short before a family is named, and which
// row, layer and head the evidence quotes.
import { describe, expect, it } from 'vitest';
import { TOLERANCES, tolerancesFor } from '../../src/diagnostics/tolerances';
import {
  classify,
  headOffset,
  isRealQuery,
  measureDump,
  type CanonicalDump,
  type Place,
} from '../../src/dump/fingerprint';

type Shape5 = readonly [number, number, number, number, number];

/** A dump [L, B, H, Tq, Tk] whose row at `place` is `row(place)`; `keep` is [B * Tk]. */
function dumpOf(
  shape: Shape5,
  keep: readonly number[],
  row: (place: Place) => readonly number[],
  dtype = '<f4',
): CanonicalDump {
  const [layers, batch, heads, queries, keys] = shape;
  const data = new Float32Array(layers * batch * heads * queries * keys);
  for (let layer = 0; layer < layers; layer++)
    for (let b = 0; b < batch; b++)
      for (let head = 0; head < heads; head++)
        for (let query = 0; query < queries; query++) {
          const values = row({ layer, batch: b, head, query });
          expect(values).toHaveLength(keys);
          const start = (((layer * batch + b) * heads + head) * queries + query) * keys;
          data.set(values, start);
        }
  return {
    data,
    shape: [...shape] as [number, number, number, number, number],
    keep: Int32Array.from(keep),
    tolerances: tolerancesFor(dtype),
  };
}

const CORRECT = [1, 0];
const LEAKING = [0.5, 0.5];
const INVERTED = [0, 1];
const SHORT = [0.5, 0];

/** Cross-attention of one head: ten real query rows over a real key and a padding key. */
function tenRows(rows: (query: number) => readonly number[]): CanonicalDump {
  return dumpOf([1, 1, 1, 10, 2], [1, 0], ({ query }) => rows(query));
}

/** The first `n` rows are `odd`, the rest correct. */
function firstOf(n: number, odd: readonly number[]): CanonicalDump {
  return tenRows((query) => (query < n ? odd : CORRECT));
}

const familyOf = (dump: CanonicalDump) => classify(measureDump(dump));

describe('how many real rows must show a bug before its family is named', () => {
  it('names a missing key mask once more than a tenth of the real rows leak, not at a tenth', () => {
    expect(familyOf(firstOf(1, LEAKING))).toBe('unknown');
    expect(familyOf(firstOf(2, LEAKING))).toBe('missing-key-mask');
  });

  it('names an inverted mask when 90% of the real rows give everything to padding', () => {
    expect(familyOf(firstOf(9, INVERTED))).toBe('inverted');
    // Eight of ten is not most: those rows still leak, so the mask is called missing.
    expect(familyOf(firstOf(8, INVERTED))).toBe('missing-key-mask');
  });

  it('names a mask applied after the softmax once more than a tenth of the rows fall short', () => {
    expect(familyOf(firstOf(2, SHORT))).toBe('after-softmax');
    // One short row of ten is no family, and not correct either.
    expect(familyOf(firstOf(1, SHORT))).toBe('unknown');
  });

  it('names no mask applied after the softmax when a real row also leaks', () => {
    const dump = tenRows((query) => (query === 0 ? LEAKING : query < 3 ? SHORT : CORRECT));
    expect(familyOf(dump)).toBe('unknown');
  });

  it('calls a dump correct only when no real row leaks or falls short', () => {
    expect(familyOf(firstOf(0, CORRECT))).toBe('correct');
    // A row 2e-5 short is short for float32 (1e-5), not for half precision (2e-3).
    const slightly = [1 - 2e-5, 0];
    expect(familyOf(firstOf(10, slightly))).toBe('after-softmax');
    const half = dumpOf([1, 1, 1, 10, 2], [1, 0], () => slightly, 'F16');
    expect(familyOf(half)).toBe('correct');
  });

  it('reads a padding mass within the leak tolerance (1e-6) as no leak', () => {
    expect(familyOf(tenRows(() => [1 - 5e-7, 5e-7]))).toBe('correct');
    expect(familyOf(tenRows(() => [1 - 5e-6, 5e-6]))).toBe('missing-key-mask');
  });
});

describe('the leak tolerance is inclusive', () => {
  // A dump judged with a leak tolerance of 0.5, so that a padding mass can equal it exactly.
  const atHalf = (rows: (query: number) => readonly number[]): CanonicalDump => {
    const dump = tenRows(rows);
    return { ...dump, tolerances: { ...dump.tolerances, leak: 0.5 } };
  };

  it('calls rows whose padding mass equals the tolerance correct', () => {
    expect(familyOf(atHalf(() => LEAKING))).toBe('correct');
  });

  it('still names short rows after the softmax when their padding mass equals the tolerance', () => {
    expect(familyOf(atHalf(() => [0.25, 0.5]))).toBe('after-softmax');
  });
});

describe('multiplied masks against missing ones', () => {
  // Self-attention over two real keys and two padding keys, ten heads: 20 real rows.
  const EQUAL = [0.3, 0.3, 0.2, 0.2];
  const UNEQUAL = [0.3, 0.3, 0.3, 0.1];
  const selfDump = (unequalHeads: number) =>
    dumpOf([1, 1, 10, 4, 4], [1, 1, 0, 0], ({ head, query }) => {
      if (query >= 2) return [0.25, 0.25, 0.25, 0.25];
      return head < unequalHeads && query === 0 ? UNEQUAL : EQUAL;
    });

  it('names a multiplicative mask when 90% of the leaking rows weigh their padding keys equally', () => {
    const stats = measureDump(selfDump(2));
    expect([stats.leakingRows, stats.equalPaddingRows]).toEqual([20, 18]);
    expect(classify(stats)).toBe('multiplicative');
    expect(familyOf(selfDump(3))).toBe('missing-key-mask');
  });

  it('calls equal padding weights a missing mask outside self-attention (identical padded frames)', () => {
    const cross = dumpOf([1, 1, 1, 20, 4], [1, 1, 0, 0], () => EQUAL);
    expect(measureDump(cross).equalPaddingRows).toBe(20);
    expect(familyOf(cross)).toBe('missing-key-mask');
  });
});

describe('NaN and dumps without padding', () => {
  it('names NaN padding query rows of an otherwise correct padded dump', () => {
    const dump = dumpOf([1, 1, 1, 3, 3], [1, 1, 0], ({ query }) =>
      query === 2 ? [NaN, NaN, NaN] : [0.5, 0.5, 0],
    );
    const stats = measureDump(dump);
    expect([stats.nanRealRows, stats.nanPaddingRows]).toEqual([0, 1]);
    expect(classify(stats)).toBe('nan');
  });

  it('names one NaN real row among correct ones, and leaves it out of the measured rows', () => {
    const dump = dumpOf([1, 1, 2, 3, 3], [1, 1, 0], ({ head, query }) =>
      head === 1 && query === 0 ? [NaN, 0.5, 0] : [0.5, 0.5, 0],
    );
    const stats = measureDump(dump);
    expect([stats.realRows, stats.nanRealRows]).toEqual([3, 1]);
    expect(classify(stats)).toBe('nan');
  });

  it('names NaN when every real row of the padded items is NaN', () => {
    const dump = dumpOf([1, 1, 1, 3, 3], [1, 1, 0], ({ query }) =>
      query < 2 ? [NaN, NaN, NaN] : [0.5, 0.5, 0],
    );
    const stats = measureDump(dump);
    expect(stats.realRows).toBe(0);
    expect(classify(stats)).toBe('nan');
  });

  it('names the inverted mask, not the NaN it makes in padding rows', () => {
    const dump = dumpOf([1, 1, 1, 3, 3], [1, 1, 0], ({ query }) =>
      query === 2 ? [NaN, NaN, NaN] : [0, 0, 1],
    );
    expect(familyOf(dump)).toBe('inverted');
  });

  it('names only NaN when no item has padding: uniform rows prove nothing', () => {
    const uniform = dumpOf([1, 2, 1, 2, 2], [1, 1, 1, 1], () => [0.5, 0.5]);
    const stats = measureDump(uniform);
    expect([stats.paddedItems, stats.unpaddedItems]).toEqual([0, 2]);
    expect(classify(stats)).toBe('unknown');
    const nan = dumpOf([1, 2, 1, 2, 2], [1, 1, 1, 1], ({ batch, query }) =>
      batch === 1 && query === 1 ? [NaN, NaN] : [0.5, 0.5],
    );
    expect(familyOf(nan)).toBe('nan');
  });

  it('names NaN in an item that is all padding (it counts as unpadded: nothing can leak)', () => {
    const dump = dumpOf([1, 1, 1, 2, 2], [0, 0], () => [NaN, NaN]);
    const stats = measureDump(dump);
    expect([stats.paddedItems, stats.nanPaddingRows]).toEqual([0, 2]);
    expect(classify(stats)).toBe('nan');
  });
});

describe('what the fingerprint quotes', () => {
  // Two layers, four items, two heads, self-attention over three tokens.
  // Item 0 pads one key, item 1 two, item 2 none, item 3 is all padding.
  const KEEP = [1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0];
  const plain = (batch: number): number[] =>
    [
      [0.5, 0.5, 0],
      [1, 0, 0],
      [0.2, 0.3, 0.5],
      [1 / 3, 1 / 3, 1 / 3],
    ][batch] ?? [];

  it('quotes the first worst leaking row in reading order: item, then layer, then head', () => {
    const dump = dumpOf([2, 4, 2, 3, 3], KEEP, ({ layer, batch, head, query }) => {
      // The same worst leak in layer 0 of item 1 and in layer 1 of item 0: item 0 comes first.
      if (layer === 1 && batch === 0 && head === 1 && query === 1) return [0.3, 0.3, 0.4];
      if (layer === 0 && batch === 1 && head === 0 && query === 0) return [0.6, 0.2, 0.2];
      if (layer === 1 && batch === 1 && head === 1 && query === 0) return [0.9, 0.05, 0.05];
      return plain(batch);
    });
    const stats = measureDump(dump);
    expect(stats.leakMax).toBeCloseTo(0.4, 6);
    expect(stats.leakMaxAt).toEqual({ layer: 1, batch: 0, head: 1, query: 1 });
    expect(stats.leakingRows).toBe(3);
    // Real rows of padded items: item 0 has two, item 1 one, per layer and head.
    expect(stats.realRows).toBe(2 * 2 * (2 + 1));
    expect(stats.leakMean).toBeCloseTo((0.4 + 0.4 + 0.1) / 12, 6);
    expect(stats.paddingKeys).toEqual([1, 2, 0, 3]);
    expect([stats.paddedItems, stats.unpaddedItems]).toEqual([2, 2]);
  });

  it('quotes the first shortest real row, and the longest row sum', () => {
    const dump = dumpOf([2, 4, 2, 3, 3], KEEP, ({ layer, batch, head, query }) => {
      if (layer === 1 && batch === 0 && head === 0 && query === 0) return [0.25, 0.25, 0];
      if (layer === 0 && batch === 1 && head === 1 && query === 0) return [0.5, 0, 0];
      if (layer === 0 && batch === 0 && head === 1 && query === 1) return [0.7, 0.5, 0];
      return plain(batch);
    });
    const stats = measureDump(dump);
    expect(stats.rowSumMin).toBeCloseTo(0.5, 6);
    expect(stats.rowSumMinAt).toEqual({ layer: 1, batch: 0, head: 0, query: 0 });
    expect(stats.rowSumMax).toBeCloseTo(1.2, 6);
    expect(stats.shortRows).toBe(2);
  });

  it('names the first layer with NaN, whichever item shows it first', () => {
    const dump = dumpOf([2, 4, 2, 3, 3], KEEP, ({ layer, batch, query }) => {
      if (layer === 1 && batch === 0 && query === 2) return [NaN, NaN, NaN];
      if (layer === 0 && batch === 2 && query === 0) return [NaN, 0, 0];
      return plain(batch);
    });
    const stats = measureDump(dump);
    expect(stats.firstNaNLayer).toBe(0);
    expect([stats.nanRealRows, stats.nanPaddingRows]).toEqual([2, 2]);
    expect(
      measureDump(dumpOf([2, 4, 2, 3, 3], KEEP, ({ batch }) => plain(batch))).firstNaNLayer,
    ).toBeNull();
  });

  it('counts the rows of unpadded items apart: NaN or uniform real rows are broken there', () => {
    const dump = dumpOf([1, 4, 1, 3, 3], KEEP, ({ batch, query }) => {
      if (batch === 2 && query === 0) return [NaN, 0, 0];
      if (batch === 2 && query === 1) return [1 / 3, 1 / 3, 1 / 3];
      return plain(batch);
    });
    const stats = measureDump(dump);
    // Item 2 has three real rows; item 3 has none (all padding).
    expect([stats.unpaddedRows, stats.unpaddedBrokenRows]).toEqual([3, 2]);
    // Padding rows: item 0 one, item 1 two, item 3 three; only item 3's are uniform.
    expect([stats.paddingRows, stats.uniformPaddingRows]).toEqual([6, 3]);
  });

  it('counts inverted rows and lists every head, most leaking first, its mean over its real rows', () => {
    const dump = dumpOf([2, 2, 2, 3, 3], KEEP.slice(0, 6), ({ layer, batch, head, query }) => {
      if (layer === 1 && head === 0 && batch === 0) return [0, 0, 1];
      if (layer === 0 && head === 1 && batch === 1) return [0.8, 0.1, 0.1];
      if (layer === 0 && head === 1 && batch === 0 && query === 0) return [0.4, 0.4, 0.2];
      return plain(batch);
    });
    const stats = measureDump(dump);
    expect(stats.invertedRows).toBe(2);
    const heads = stats.heads.map(({ layer, head, max, mean }) => [layer, head, max, mean]);
    expect(heads.map(([layer, head]) => [layer, head])).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
      [1, 1],
    ]);
    // Layer 1 head 0: two real rows of item 0 give 1 each, item 1's row gives 0; mean 2/3.
    expect(heads[0]?.[2]).toBe(1);
    expect(heads[0]?.[3]).toBeCloseTo(2 / 3, 6);
    // Layer 0 head 1: item 1's row 0.2, item 0's rows 0.2 and 0: max 0.2, mean 0.4/3.
    expect(heads[1]?.[2]).toBeCloseTo(0.2, 6);
    expect(heads[1]?.[3]).toBeCloseTo(0.4 / 3, 6);
    expect(heads[2]?.slice(2)).toEqual([0, 0]);
  });

  it('measures a head’s mean leak over the real rows of padded items only', () => {
    // Item 0 leaks 0.5 on one of its two real rows; item 1 is unpadded and adds no rows.
    const dump = dumpOf([1, 2, 1, 3, 3], [1, 1, 0, 1, 1, 1], ({ batch, query }) =>
      batch === 0 && query === 0 ? [0.25, 0.25, 0.5] : [0.5, 0.5, 0],
    );
    expect(measureDump(dump).heads).toEqual([{ layer: 0, head: 0, max: 0.5, mean: 0.25 }]);
    expect(measureDump(dump).leakMean).toBe(0.25);
  });

  it('quotes the first worst row of an item by layer, then by head', () => {
    // Item 0 leaks 0.5 in layer 1 head 0, layer 0 head 1 and layer 0 head 2.
    const dump = dumpOf([2, 1, 3, 3, 3], [1, 1, 0], ({ layer, head, query }) => {
      const isWorst = (layer === 1 && head === 0) || (layer === 0 && head > 0);
      return isWorst && query === 0 ? [0.25, 0.25, 0.5] : [0.5, 0.5, 0];
    });
    expect(measureDump(dump).leakMaxAt).toEqual({ layer: 0, batch: 0, head: 1, query: 0 });
  });

  it('keeps every layer and head apart in the head list', () => {
    // Three layers of two heads: six heads, whatever their numbers.
    const dump = dumpOf([3, 1, 2, 3, 3], [1, 1, 0], ({ layer, head, query }) =>
      query === 0
        ? [0.5 - 0.05 * (2 * layer + head), 0.5, 0.05 * (2 * layer + head)]
        : [0.5, 0.5, 0],
    );
    const heads = measureDump(dump).heads;
    expect(heads.map(({ layer, head }) => [layer, head])).toEqual([
      [2, 1],
      [2, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
  });

  it('leaves NaN rows out of a head’s mean leak', () => {
    const dump = dumpOf([1, 1, 1, 3, 3], [1, 1, 0], ({ query }) =>
      query === 0 ? [NaN, 0, 0] : [0.25, 0.25, 0.5],
    );
    // Real rows 0 (NaN) and 1 (leak 0.5); padding row 2 leaks too but is not a real row.
    expect(measureDump(dump).heads).toEqual([{ layer: 0, head: 0, max: 0.5, mean: 0.5 }]);
  });

  it('lists the heads of a dump without padded items with no leak', () => {
    const dump = dumpOf([1, 1, 2, 2, 2], [1, 1], () => [0.5, 0.5]);
    expect(measureDump(dump).heads).toEqual([
      { layer: 0, head: 0, max: 0, mean: 0 },
      { layer: 0, head: 1, max: 0, mean: 0 },
    ]);
    expect(measureDump(dump).leakMean).toBe(0);
  });

  it('orders heads of equal worst leak by their mean', () => {
    const dump = dumpOf([1, 1, 2, 3, 3], [1, 1, 0], ({ head, query }) => {
      if (query === 2) return [1 / 3, 1 / 3, 1 / 3];
      // Head 0 leaks 0.5 on one row; head 1 leaks 0.5 on both.
      if (head === 1 || query === 0) return [0.25, 0.25, 0.5];
      return [0.5, 0.5, 0];
    });
    expect(measureDump(dump).heads.map((h) => [h.head, h.mean])).toEqual([
      [1, 0.5],
      [0, 0.25],
    ]);
  });
});

describe('where rows are', () => {
  const dump: CanonicalDump = {
    data: new Float32Array(2 * 3 * 4 * 5 * 6),
    shape: [2, 3, 4, 5, 6],
    keep: new Int32Array(3 * 6).fill(1),
    tolerances: TOLERANCES,
  };

  it('finds a head block at ((layer × B + item) × H + head) × Tq × Tk', () => {
    expect(headOffset(dump, 0, 0, 0)).toBe(0);
    expect(headOffset(dump, 1, 2, 3)).toBe(((1 * 3 + 2) * 4 + 3) * 5 * 6);
  });

  it('takes every query row as real outside self-attention, and the mask’s say inside it', () => {
    expect(isRealQuery({ ...dump, keep: new Int32Array(18) }, 1, 4)).toBe(true);
    const self: CanonicalDump = {
      data: new Float32Array(3 * 3),
      shape: [1, 1, 1, 3, 3],
      keep: Int32Array.of(1, 0, 1),
      tolerances: TOLERANCES,
    };
    expect([0, 1, 2].map((q) => isRealQuery(self, 0, q))).toEqual([true, false, true]);
    const second = {
      ...self,
      shape: [1, 2, 1, 3, 3] as const,
      keep: Int32Array.of(1, 1, 1, 0, 0, 1),
    };
    expect([0, 1, 2].map((q) => isRealQuery(second, 1, q))).toEqual([false, false, true]);
  });
});
