import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseSide, type Analysis } from '../../src/analysis/analysis';
import { attentionOf } from '../../src/analysis/attentionMaps';
import { checkDump } from '../../src/dump/checkDump';
import { MAX_JSON_BYTES } from '../../src/dump/jsonArrays';
import { readDump } from '../../src/dump/readDump';
import {
  ExportTooLargeError,
  MAX_JSON_VALUES,
  RUN_JSON_FORMAT,
  runJson,
  type RunExport,
} from '../../src/export/runJson';
import { prettyJson } from '../../src/export/prettyJson';
import { DEFAULT_NUMERICS } from '../../src/masks/numerics';

/** Softmax over keys of random scores; `isMasked` zeroes the padding keys first (the correct mask). */
function softmaxAttention(
  layers: number,
  heads: number,
  keep: Int32Array,
  isMasked: boolean,
  seed: number,
): Float32Array {
  const seqLen = keep.length;
  const data = new Float32Array(layers * heads * seqLen * seqLen);
  let state = seed >>> 0 || 1;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let row = 0; row < layers * heads * seqLen; row++) {
    const weights = Array.from(keep, (real) =>
      isMasked && real === 0 ? 0 : Math.exp(4 * random()),
    );
    const total = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w, k) => (data[row * seqLen + k] = w / total));
  }
  return data;
}

function runOf(
  layers: number,
  heads: number,
  keep: Int32Array,
  seed: number,
  hasB = true,
): RunExport {
  const seqLen = keep.length;
  const labels = Array.from(keep, (real, t) => (real === 1 ? `tok,"${t}"` : '[PAD]'));
  const side = (isMasked: boolean, offset: number) =>
    analyseSide(
      attentionOf(
        softmaxAttention(layers, heads, keep, isMasked, seed + offset),
        layers,
        heads,
        seqLen,
      ),
      keep,
    );
  const analysis: Analysis = {
    mask: keep,
    labels,
    a: side(true, 0),
    b: hasB ? side(false, 1) : null,
    totalMs: 1,
    forwardMs: 1,
    referenceMs: 0,
  };
  return {
    input: {
      source: 'model',
      text: 'the doctor said',
      model: 'models/tiny',
      padding: keep.length - keep.reduce((a, b) => a + b, 0),
      paddingSide: 'right',
      files: [],
      permalink: 'http://localhost/?pad=3',
    },
    modes: {
      a: {
        id: 'key-additive',
        title: 'Correct key mask',
        formula: 'softmax(S + K(1-m)·c)',
        numerics: DEFAULT_NUMERICS,
      },
      b: hasB
        ? { id: 'no-mask', title: 'No mask', formula: 'softmax(S)', numerics: DEFAULT_NUMERICS }
        : null,
    },
    analysis,
    verdicts: { a: 'A is correct.', b: hasB ? 'B leaks.' : null },
  };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return max;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('run JSON export', () => {
  it('names its format, the attention shape and axes, the modes and the verdicts', () => {
    const run = runOf(2, 3, Int32Array.from([1, 1, 1, 1, 0, 0]), 7);
    const json = JSON.parse(runJson(run)) as Record<string, unknown> & {
      arrays: { attentions: { shape: number[]; axes: string[] } };
      modes: { A: { id: string; formula: string }; B: { id: string } };
      heads: { A: unknown[] };
      verdicts: { B: string };
      attentions: unknown;
    };
    expect(json.format).toBe(RUN_JSON_FORMAT);
    expect(json.arrays.attentions).toMatchObject({
      shape: [2, 1, 3, 6, 6],
      axes: ['layer', 'batch', 'head', 'query', 'key'],
    });
    expect(json.modes.A).toMatchObject({
      id: 'key-additive',
      formula: 'softmax(S + K(1-m)·c)',
      numerics: { precision: 'fp32', isCausal: false, scoreScale: 1 },
    });
    expect(json.modes.B.id).toBe('no-mask');
    expect(json.heads.A).toHaveLength(6);
    expect(json.verdicts.B).toBe('B leaks.');
    expect(json.attention_mask).toEqual([[1, 1, 1, 1, 0, 0]]);
  });

  it('loads back through the importer: same attention (6 digits), same mask, tokens as labels', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.integer(),
        (layers, heads, real, pads, isLeft, seed) => {
          const keep = Int32Array.from({ length: real + pads }, (_, t) =>
            isLeft ? (t >= pads ? 1 : 0) : t < real ? 1 : 0,
          );
          const run = runOf(layers, heads, keep, seed);
          const file = readDump(encode(runJson(run)), 'run.json');
          expect(file.labels).toEqual(run.analysis.labels);
          const report = checkDump([file]);
          expect(report.attention.from).toBe("'attentions' in run.json");
          expect(report.layout.letters).toBe('LBHQK');
          expect(report.dump.shape).toEqual([layers, 1, heads, keep.length, keep.length]);
          expect(Array.from(report.dump.keep)).toEqual(Array.from(keep));
          // 6 significant digits of values at most 1: off by at most 5e-7 (plus float32 rounding).
          expect(maxAbsDiff(report.dump.data, run.analysis.a.attention.data)).toBeLessThan(6e-7);
          if (pads > 0) expect(report.family).toBe('correct');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps mode B beside A as attentions_b, which the importer reads when asked by name', () => {
    const keep = Int32Array.from([1, 1, 1, 0, 0]);
    const run = runOf(1, 2, keep, 3);
    const file = readDump(encode(runJson(run)), 'run.json');
    const b = file.arrays.find((array) => array.name === 'attentions_b');
    expect(b?.shape).toEqual([1, 1, 2, 5, 5]);
    expect(
      maxAbsDiff(
        b?.data ?? new Float32Array(),
        run.analysis.b?.attention.data ?? new Float32Array(),
      ),
    ).toBeLessThan(6e-7);
    const leaked = checkDump([
      {
        fileName: 'b',
        arrays: [
          { ...b!, name: 'attentions' },
          ...file.arrays.filter((a) => a.name === 'attention_mask'),
        ],
      },
    ]);
    expect(leaked.family).toBe('missing-key-mask');
  });

  it('writes NaN as null and reads it back as NaN', () => {
    const run = runOf(1, 1, Int32Array.from([1, 1, 0]), 5, false);
    run.analysis.a.attention.data[0] = NaN;
    const text = runJson(run);
    expect(text).toContain('[[[[[null,');
    const file = readDump(encode(text), 'nan.json');
    const attention = file.arrays.find((array) => array.name === 'attentions');
    expect(Number.isNaN(attention?.data[0])).toBe(true);
  });

  it('refuses an attention too big for the importer, saying how big and what to do', () => {
    const layers = 12;
    const heads = 12;
    const seqLen = 512;
    const run = runOf(1, 1, Int32Array.from([1, 1, 0]), 1, false);
    const big: RunExport = {
      ...run,
      analysis: {
        ...run.analysis,
        a: {
          ...run.analysis.a,
          attention: {
            ...run.analysis.a.attention,
            data: new Float32Array(layers * heads * seqLen * seqLen),
            shape: [layers, heads, seqLen, seqLen],
          },
        },
      },
    };
    expect(() => runJson(big)).toThrow(ExportTooLargeError);
    expect(() => runJson(big)).toThrow(
      /37,748,736 values .*12 layers × 12 heads × 512² tokens.*64 MB/,
    );
    expect(MAX_JSON_VALUES * 12).toBeLessThanOrEqual(MAX_JSON_BYTES);
  });
});

describe('readable JSON layout', () => {
  it('parses back to the same value, with plain lists on one line', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = prettyJson(value, (n) => JSON.stringify(n));
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
    expect(
      prettyJson({ shape: [4, 1, 19], axes: ['layer', 'key'], nested: { a: null } }, String),
    ).toBe(
      '{\n "shape": [4, 1, 19],\n "axes": ["layer", "key"],\n "nested": {\n  "a": null\n }\n}',
    );
  });
});
