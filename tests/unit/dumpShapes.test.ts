// Issue 26: pooling weights, cross-attention and decoding steps beyond the fixtures' two
// families: the other families made from the PyTorch fixtures' weights, declared layouts,
// "cannot tell", and masks of the wrong sequence in cross-attention.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DumpFile, NamedArray } from '../../src/dump/arrays';
import { checkDump, checkWithComparison } from '../../src/dump/checkDump';
import { isDrifting } from '../../src/dump/compare';
import { DumpError } from '../../src/dump/dumpError';
import { readDump } from '../../src/dump/readDump';

const DIR = 'tests/fixtures/dumps-shapes';

function load(file: string): DumpFile {
  return readDump(new Uint8Array(readFileSync(`${DIR}/${file}`)), file);
}

function arrayOf(file: DumpFile, name: string): NamedArray {
  const found = file.arrays.find((array) => array.name === name);
  if (found === undefined) throw new Error(`${file.fileName} has no ${name}`);
  return found;
}

function keepOf(lengths: readonly number[], seqLen: number): number[][] {
  return lengths.map((length) => Array.from({ length: seqLen }, (_, t) => (t < length ? 1 : 0)));
}

/** Pooling weights [B, T] rewritten row by row by `change(row, keep)`. */
function pooling(change: (row: number[], keep: number[]) => number[]): DumpFile[] {
  const file = load('pooling_no_mask.npz');
  const weights = arrayOf(file, 'weights');
  const lengths = Array.from(arrayOf(file, 'lengths').data);
  const [batch = 0, seqLen = 0] = weights.shape;
  const keep = keepOf(lengths, seqLen);
  const data = new Float32Array(batch * seqLen);
  for (let b = 0; b < batch; b++) {
    const row = Array.from(weights.data.subarray(b * seqLen, (b + 1) * seqLen));
    data.set(change(row, keep[b] ?? []), b * seqLen);
  }
  return [{ fileName: 'pool.npz', arrays: [{ ...weights, data }, arrayOf(file, 'lengths')] }];
}

const normalised = (row: number[]): number[] => {
  const total = row.reduce((a, v) => a + v, 0);
  return row.map((v) => v / total);
};

describe('pooling weights over time', () => {
  it('names weights put on the padded frames only as an inverted mask', () => {
    const report = checkDump(
      pooling((row, keep) => normalised(row.map((v, t) => (keep[t] === 0 ? v : 0)))),
    );
    expect(report.family).toBe('inverted');
    expect(report.verdict.headline).toMatch(/padded frames/);
  });

  it('names padded frames zeroed after the softmax as after-softmax, speaking of pooled vectors', () => {
    const report = checkDump(pooling((row, keep) => row.map((v, t) => v * (keep[t] ?? 0))));
    expect(report.family).toBe('after-softmax');
    expect(report.verdict.evidence.join('\n')).toMatch(/pooled vector/);
    expect(report.verdict.evidence.join('\n')).not.toMatch(/query/);
  });

  it('names NaN weights of an item without a real frame', () => {
    const files = pooling((row, keep) => {
      const real = normalised(row.map((v, t) => (keep[t] === 1 ? v : 0)));
      return keep.every((k) => k === 1) ? row.map(() => NaN) : real;
    });
    expect(checkDump(files).family).toBe('nan');
  });

  it('quotes the drift of the pooled vector with the padding count when padding leaks', () => {
    const report = checkDump([load('pooling_no_mask.npz')]);
    expect(report.verdict.evidence.join('\n')).toMatch(/m grows with the padding count/);
    expect(report.verdict.fix).toMatch(/masked_fill.*before the softmax over time/i);
  });

  it('gives sentence-transformers’ masked mean as the Hugging Face fix', () => {
    const report = checkDump([load('pooling_no_mask.npz')], { framework: 'hf' });
    expect(report.verdict.fix).toMatch(/sentence-transformers.*masked mean/);
  });

  it('cannot tell anything (exit 3) when no item has padding', () => {
    const file = load('pooling_masked.npz');
    const weights = arrayOf(file, 'weights');
    const full = { ...arrayOf(file, 'lengths'), data: new Float32Array(3).fill(20) };
    const report = checkDump([{ fileName: 'pool.npz', arrays: [weights, full] }]);
    expect(report.family).toBe('unknown');
    expect(report.outcome.status).toBe(3);
  });

  it('reads [20, 20] weights with 20 lengths as 20 pooled items, and as one [T, T] matrix with one', () => {
    const file = load('pooling_square_batch.npz');
    const report = checkDump([file]);
    expect(report.layout.letters).toBe('BK');
    expect(report.layout.reason).toMatch(/20 lengths make \[20, 20\] 20 items/);
    expect(report.family).toBe('missing-key-mask');
    // The same array given one length is one square matrix: rows are queries, columns keys.
    const one = checkDump([{ fileName: 'one.npz', arrays: [arrayOf(file, 'weights')] }], {
      mask: { kind: 'lengths', lengths: [20], side: 'right' },
    });
    expect(one.layout.letters).toBe('QK');
  });

  it('reads a declared BHK layout as pooling heads', () => {
    const report = checkDump([load('pooling_multihead_masked.npz')], { layout: 'BHK' });
    expect(report.layout.isDeclared).toBe(true);
    expect(report.dump.shape).toEqual([1, 3, 4, 1, 20]);
    expect(report.family).toBe('correct');
  });
});

describe('cross-attention and decoding steps', () => {
  it('reads a declared BHQK layout with one query as a decoding step', () => {
    const report = checkDump([load('decode_step_no_mask.npz')], { layout: 'BHQK' });
    expect(report.dump.shape).toEqual([1, 2, 4, 1, 9]);
    expect(report.family).toBe('missing-key-mask');
    expect(report.verdict.headline).toMatch(/decoding step/);
  });

  it("names the decoder's mask used on the encoder's keys", () => {
    const file = load('cross_attention_masked.npz');
    const decoderMask: NamedArray = {
      name: 'attention_mask',
      shape: [2, 5],
      dtype: '|b1',
      kind: 'bool',
      data: new Float32Array(10).fill(1),
    };
    const files = [{ fileName: 'x.npz', arrays: [arrayOf(file, 'attn_weights'), decoderMask] }];
    expect(() => checkDump(files)).toThrow(DumpError);
    expect(() => checkDump(files)).toThrow(/decoder's mask used on the encoder's keys/);
  });

  it('names a mask whose length matches neither axis', () => {
    const file = load('cross_attention_masked.npz');
    const other: NamedArray = {
      name: 'attention_mask',
      shape: [2, 7],
      dtype: '|b1',
      kind: 'bool',
      data: new Float32Array(14).fill(1),
    };
    const files = [{ fileName: 'x.npz', arrays: [arrayOf(file, 'attn_weights'), other] }];
    expect(() => checkDump(files)).toThrow(/matches neither the keys .*12.* nor the queries .*5/);
  });

  it("gives the encoder's key_padding_mask as the cross-attention fix", () => {
    const report = checkDump([load('cross_attention_no_mask.npz')], { framework: 'torch-mha' });
    expect(report.verdict.fix).toMatch(/key_padding_mask=\(src_mask == 0\)/);
    expect(report.verdict.ambiguity).toMatch(/identical padding positions .* scores × mask/);
  });
});

describe('--compare beyond square self-attention', () => {
  it.each([
    ['pooling', 'pooling_no_mask.npz', 'pooling_masked.npz'],
    ['cross-attention', 'cross_attention_no_mask.npz', 'cross_attention_masked.npz'],
    ['a decoding step', 'decode_step_no_mask.npz', 'decode_step_masked.npz'],
  ])('finds the real-token drift of %s without its mask', (_kind, leaking, masked) => {
    const { comparison } = checkWithComparison([load(leaking)], [load(masked)], {});
    expect(comparison).not.toBeNull();
    expect(isDrifting(comparison!)).toBe(true);
  });

  it('finds no drift between a masked dump and itself', () => {
    const file = load('cross_attention_masked.npz');
    const { comparison } = checkWithComparison([file], [file], {});
    expect(comparison?.maxDiff).toBe(0);
    expect(comparison?.realTokens).toEqual([12, 8]);
  });
});

describe('scores saved beside attention beyond square self-attention', () => {
  it.each([
    ['pooling_no_mask.npz', 'weights'],
    ['cross_attention_no_mask.npz', 'attn_weights'],
    ['decode_step_no_mask.npz', 'attentions'],
  ])('match no mask in %s, row by row', (file, name) => {
    const dump = load(file);
    const weights = arrayOf(dump, name);
    const scores: NamedArray = { ...weights, name: 'scores', data: weights.data.map(Math.log) };
    const report = checkDump([{ ...dump, arrays: [...dump.arrays, scores] }]);
    expect(report.scores?.family).toBe('missing-key-mask');
    expect(report.scores?.rows).toBe(report.stats.realRows);
  });
});

describe('three axes without a [T, T] pair', () => {
  /** The cross-attention fixture averaged over its heads: [B, Tq, Tk] as nn.MultiheadAttention's default. */
  function averaged(name: string): DumpFile[] {
    const file = load('cross_attention_no_mask.npz');
    const weights = arrayOf(file, 'attn_weights');
    const [batch = 0, heads = 0, queries = 0, keys = 0] = weights.shape;
    const data = new Float32Array(batch * queries * keys);
    weights.data.forEach((value, i) => {
      const k = i % keys;
      const q = Math.floor(i / keys) % queries;
      const b = Math.floor(i / (keys * queries * heads));
      data[(b * queries + q) * keys + k] =
        (data[(b * queries + q) * keys + k] ?? 0) + value / heads;
    });
    const attention = { ...weights, name, shape: [batch, queries, keys], data };
    return [{ fileName: 'dump.npz', arrays: [attention, arrayOf(file, 'attention_mask')] }];
  }

  it("reads nn.MultiheadAttention's head-averaged cross-attention as BQK", () => {
    const report = checkDump(averaged('attn_weights'));
    expect(report.layout.letters).toBe('BQK');
    expect(report.family).toBe('missing-key-mask');
  });

  it('reads unnamed three axes as pooling heads, and says how to declare BQK', () => {
    const report = checkDump(averaged('weights'));
    expect(report.layout.letters).toBe('BHK');
    expect(report.layout.reason).toMatch(/declare it if so/);
    expect(report.family).toBe('missing-key-mask');
  });
});
