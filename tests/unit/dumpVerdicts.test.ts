// Dumps built here, head by head, written as .npy and read back through the public API
// (readDump, checkDump, compareDumps): lengths with left padding, comparisons of an unpadded
// and a left-padded dump, a leak on a quarter of the real rows, NaN from a middle layer, and
// additive masks at -1e4 and -65504. Each case pins one slip the older fixtures let through.
import { describe, expect, it } from 'vitest';
import { checkDump, type MaskSource } from '../../src/dump/checkDump';
import { compareDumps } from '../../src/dump/compare';
import { readDump } from '../../src/dump/readDump';
import { npyBytes } from './helpers/npyWriter';

/** What one head does: the correct key mask, no mask, or -∞ on both axes (NaN padding rows). */
type HeadMode = 'correct' | 'none' | 'both-neginf';

interface DumpSpec {
  readonly layers: number;
  readonly heads: number;
  readonly seqLen: number;
  /** Real tokens per batch item. */
  readonly lengths: readonly number[];
  readonly side: 'left' | 'right';
  readonly modeOf: (layer: number, head: number) => HeadMode;
}

/**
 * A score that depends only on the real-token indices (i, j) of the query and key within their
 * item (a pad's index is its position plus 100), so a sentence scores the same padded or not.
 */
function score(layer: number, head: number, i: number, j: number): number {
  return 2 * Math.sin(1 + 0.7 * i + 1.3 * j + 2.1 * layer + 0.37 * head);
}

/** Real-token index of each position of an item, or position + 100 for a pad. */
function indicesOf(spec: DumpSpec, length: number): { index: number[]; isReal: boolean[] } {
  const start = spec.side === 'left' ? spec.seqLen - length : 0;
  const isReal = Array.from({ length: spec.seqLen }, (_, t) => t >= start && t < start + length);
  return { isReal, index: isReal.map((real, t) => (real ? t - start : t + 100)) };
}

/** One softmax row of query q under `mode`: [T] probabilities (float64). */
function row(spec: DumpSpec, mode: HeadMode, place: [number, number], q: number, length: number) {
  const [layer, head] = place;
  const { index, isReal } = indicesOf(spec, length);
  if (mode === 'both-neginf' && isReal[q] !== true) return new Array<number>(spec.seqLen).fill(NaN);
  const logits = index.map((j, k) =>
    mode !== 'none' && isReal[k] !== true ? -Infinity : score(layer, head, index[q] ?? 0, j),
  );
  const max = Math.max(...logits);
  const exp = logits.map((s) => Math.exp(s - max));
  const total = exp.reduce((a, v) => a + v, 0);
  return exp.map((v) => v / total);
}

/** Attention [L, B, H, T, T] of `spec`, as .npy bytes read back as a dump. */
function dumpOf(spec: DumpSpec) {
  const { layers, heads, seqLen, lengths } = spec;
  const data = new Float32Array(layers * lengths.length * heads * seqLen * seqLen);
  let offset = 0;
  for (let layer = 0; layer < layers; layer++) {
    for (const length of lengths) {
      for (let head = 0; head < heads; head++) {
        for (let q = 0; q < seqLen; q++) {
          data.set(row(spec, spec.modeOf(layer, head), [layer, head], q, length), offset);
          offset += seqLen;
        }
      }
    }
  }
  const shape = [layers, lengths.length, heads, seqLen, seqLen];
  return readDump(npyBytes(data, shape), 'attentions.npy');
}

function check(spec: DumpSpec, mask: MaskSource) {
  return checkDump([dumpOf(spec)], { layout: 'LBHQK', mask });
}

const correct = (): HeadMode => 'correct';
const lengthsOf = (spec: DumpSpec): MaskSource => ({
  kind: 'lengths',
  lengths: spec.lengths,
  side: spec.side,
});

describe('a dump whose mask is given as lengths with left padding', () => {
  const spec: DumpSpec = {
    layers: 1,
    heads: 2,
    seqLen: 6,
    lengths: [4, 6],
    side: 'left',
    modeOf: correct,
  };

  it('takes the last `length` positions of each item as its real tokens', () => {
    const report = check(spec, lengthsOf(spec));
    expect(Array.from(report.mask.keep)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('reads a correctly masked left-padded dump as correct', () => {
    expect(check(spec, lengthsOf(spec)).family).toBe('correct');
  });
});

describe('comparing an unpadded dump with a left-padded one', () => {
  const unpadded: DumpSpec = {
    layers: 2,
    heads: 2,
    seqLen: 4,
    lengths: [4],
    side: 'left',
    modeOf: correct,
  };
  const leftPadded = (modeOf: DumpSpec['modeOf']): DumpSpec => ({
    ...unpadded,
    seqLen: 7,
    modeOf,
  });
  const compare = (padded: DumpSpec) =>
    compareDumps(check(unpadded, { kind: 'none' }).dump, check(padded, lengthsOf(padded)).dump);

  it('finds no drift when the padded dump masks its padding', () => {
    const comparison = compare(leftPadded(correct));
    expect(comparison.realTokens).toEqual([4]);
    expect(comparison.maxDiff).toBeLessThanOrEqual(1e-7);
  });

  it('finds the drift, and its head, when one head of the padded dump has no mask', () => {
    const comparison = compare(
      leftPadded((layer, head) => (layer === 1 && head === 0 ? 'none' : 'correct')),
    );
    expect(comparison.maxDiff).toBeGreaterThan(0.01);
    expect(comparison.at).toEqual({ layer: 1, head: 0, batch: 0 });
    expect(comparison.perHead[0]).toEqual([0, 0]);
  });
});

describe('a dump saved keys first (DL4J, [B, H, keys, queries])', () => {
  it('is read with its axes named from the sums of its columns, with no padding to go by', () => {
    const spec: DumpSpec = {
      layers: 1,
      heads: 3,
      seqLen: 5,
      lengths: [5, 5],
      side: 'right',
      modeOf: correct,
    };
    const [b, h, t] = [2, 3, 5];
    const queriesFirst = dumpOf(spec).arrays[0]?.data ?? new Float32Array(0);
    const keysFirst = new Float32Array(queriesFirst.length);
    for (let m = 0; m < b * h; m++) {
      for (let q = 0; q < t; q++) {
        for (let k = 0; k < t; k++) {
          keysFirst[(m * t + k) * t + q] = queriesFirst[(m * t + q) * t + k] ?? NaN;
        }
      }
    }
    const file = readDump(npyBytes(keysFirst, [b, h, t, t]), 'keys_first.npy');
    expect(checkDump([file], { mask: { kind: 'none' } }).layout.letters).toBe('BHKQ');
  });
});

describe('the leak family', () => {
  it('is named when one head in four leaks, a quarter of the real rows', () => {
    const spec: DumpSpec = {
      layers: 2,
      heads: 2,
      seqLen: 6,
      lengths: [4],
      side: 'right',
      modeOf: (layer, head) => (layer === 1 && head === 1 ? 'none' : 'correct'),
    };
    const report = check(spec, lengthsOf(spec));
    expect(report.stats.leakingRows / report.stats.realRows).toBe(0.25);
    expect(report.family).toBe('missing-key-mask');
  });
});

describe('NaN in a dump', () => {
  it('names the first layer with NaN rows in its evidence', () => {
    const spec: DumpSpec = {
      layers: 3,
      heads: 2,
      seqLen: 5,
      lengths: [3],
      side: 'right',
      modeOf: (layer) => (layer === 0 ? 'correct' : 'both-neginf'),
    };
    const report = check(spec, lengthsOf(spec));
    expect(report.family).toBe('nan');
    const nanLine = report.verdict.evidence.find((line) => line.startsWith('NaN rows'));
    expect(nanLine).toBe('NaN rows: 8 padding rows and 0 real rows, from layer 1 on.');
  });
});

describe('an additive mask saved beside the attention', () => {
  const spec: DumpSpec = {
    layers: 1,
    heads: 2,
    seqLen: 5,
    lengths: [3, 5],
    side: 'right',
    modeOf: correct,
  };

  it.each([
    ['a Hugging Face extended mask', -1e4],
    ['an fp16-min mask', -65504],
    ['a float32-min mask', -3.4028234663852886e38],
  ])('is read as additive from its values: %s (%d)', (_name, constant) => {
    const values = [0, 0, 0, constant, constant, 0, 0, 0, 0, 0];
    const mask = readDump(npyBytes(Float32Array.from(values), [2, 1, 1, 5]), 'attention_mask.npy');
    const report = checkDump([dumpOf(spec)], {
      layout: 'LBHQK',
      mask: { kind: 'file', file: mask },
    });
    expect(report.mask.convention).toBe('additive');
    expect(Array.from(report.mask.keep)).toEqual([1, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
    expect(report.family).toBe('correct');
  });
});
