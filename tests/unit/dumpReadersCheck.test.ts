// checkDump's own choices, on small dumps built here: the declared layout ('auto' in any case,
// per-layer arrays declared without their L), the mask source, the framework the file's names
// point to, the scores' shape, the summary sent to the page and the comparison of two dumps.
import { describe, expect, it } from 'vitest';
import type { DumpFile, NamedArray } from '../../src/dump/arrays';
import {
  checkDump,
  checkWithComparison,
  hasOwnMask,
  summariseReport,
} from '../../src/dump/checkDump';
import { DumpError } from '../../src/dump/dumpError';
import { dumpArray, scoresStream, softmax } from './helpers/dumpArrays';

// Item 0 is unpadded; item 1 has two padding keys on the right.
const KEEP = [
  [1, 1, 1, 1, 1, 1],
  [1, 1, 1, 1, 0, 0],
];
const T = 6;

/** Softmax attention [B, H, T, T] over random scores; padding keys get -1e9 when `isMasked`. */
function attention(heads: number, isMasked: boolean, seed = 7): Float32Array {
  const next = scoresStream(seed);
  const data = new Float32Array(KEEP.length * heads * T * T);
  for (let row = 0; row < KEEP.length * heads * T; row++) {
    const b = Math.floor(row / (heads * T));
    const scores = Array.from({ length: T }, (_, k) =>
      isMasked && KEEP[b]?.[k] === 0 ? -1e9 : next(),
    );
    softmax(scores).forEach((w, k) => (data[row * T + k] = w));
  }
  return data;
}

const mask = (name = 'attention_mask', kind: NamedArray['kind'] = 'int') =>
  dumpArray(name, [2, T], Float32Array.from(KEEP.flat()), kind);

const file = (...arrays: NamedArray[]): DumpFile[] => [{ fileName: 'dump.npz', arrays }];

const correct = () => file(dumpArray('attentions', [2, 2, T, T], attention(2, true)), mask());
const leaking = () => file(dumpArray('attentions', [2, 2, T, T], attention(2, false)), mask());

describe('the declared layout', () => {
  it("detects the layout when it is 'auto' in any case, blank or absent", () => {
    for (const layout of [undefined, '', '  ', 'auto', ' AUTO ', 'Auto']) {
      const report = checkDump(correct(), layout === undefined ? {} : { layout });
      expect(report.layout.isDeclared).toBe(false);
      expect(report.layout.letters).toBe('BHQK');
      expect(report.family).toBe('correct');
    }
  });

  it('takes declared letters as given, blanks trimmed', () => {
    const report = checkDump(correct(), { layout: ' BHQK ' });
    expect(report.layout).toMatchObject({ letters: 'BHQK', isDeclared: true });
  });

  it('puts the stacked layer axis in front of letters declared for one layer', () => {
    const data = attention(2, true);
    const files = file(
      dumpArray('layer_0', [2, 2, T, T], data),
      dumpArray('layer_1', [2, 2, T, T], data),
      mask(),
    );
    expect(checkDump(files, { layout: 'BHQK' }).layout.letters).toBe('LBHQK');
    expect(checkDump(files, { layout: 'LBHQK' }).layout.letters).toBe('LBHQK');
    // A single named array is not stacked: four letters for five axes are refused.
    const single = file(dumpArray('attentions', [1, 2, 2, T, T], data), mask());
    expect(() => checkDump(single, { layout: 'BHQK' })).toThrow(/has 4 letters for 5 axes/);
  });

  it('reads three axes named like nn.MultiheadAttention\u2019s weights as [B, Tq, Tk]', () => {
    // Three query rows per item over six keys: no [T, T] pair tells the axes apart.
    const square = attention(1, true);
    const rows = new Float32Array(2 * 3 * T);
    for (let b = 0; b < 2; b++) rows.set(square.subarray(b * T * T, b * T * T + 3 * T), b * 3 * T);
    for (const name of ['attn_weights', 'CrossAttention']) {
      const report = checkDump(file(dumpArray(name, [2, 3, T], rows), mask()));
      expect(report.layout.letters).toBe('BQK');
    }
    // Under any other name, they are three heads of pooling weights.
    const pooled = checkDump(file(dumpArray('attentions', [2, 3, T], rows), mask()));
    expect(pooled.layout.letters).toBe('BHK');
  });
});

describe('the mask', () => {
  it('says no mask was found before reading the attention', () => {
    const files = file(dumpArray('attentions', [2, 2, T, T], attention(2, true)));
    expect(() => checkDump(files)).toThrow(DumpError);
    expect(() => checkDump(files)).toThrow(/^no padding mask found/);
    expect(hasOwnMask(files)).toBe(false);
    expect(hasOwnMask(correct())).toBe(true);
  });

  it('takes the mask from a separate file when given one, even when the dump has its own', () => {
    const wrong = dumpArray('attention_mask', [2, T], new Float32Array(2 * T).fill(1), 'int');
    const files = file(dumpArray('attentions', [2, 2, T, T], attention(2, true)), wrong);
    const report = checkDump(files, {
      mask: { kind: 'file', file: { fileName: 'mask.npy', arrays: [mask('mask')] } },
    });
    expect(Array.from(report.mask.keep)).toEqual(KEEP.flat());
    expect(report.family).toBe('correct');
  });

  it('checks without a mask when told there is none', () => {
    const files = file(dumpArray('attentions', [2, 2, T, T], attention(2, false)));
    const report = checkDump(files, { mask: { kind: 'none' } });
    expect(Array.from(report.mask.keep)).toEqual(new Array(2 * T).fill(1));
  });
});

describe('the framework of the fix', () => {
  it('is the one asked for, else torch-mha for nn.MultiheadAttention\u2019s names, else pytorch', () => {
    expect(checkDump(leaking()).framework).toBe('pytorch');
    expect(checkDump(leaking(), { framework: 'hf' }).framework).toBe('hf');
    const mha = file(
      dumpArray('attentions', [2, 2, T, T], attention(2, false)),
      mask('key_padding_mask'),
    );
    expect(checkDump(mha, { convention: 'keep' }).framework).toBe('torch-mha');
    const weights = file(dumpArray('Attn_Weights', [2, 2, T, T], attention(2, false)), mask());
    expect(checkDump(weights).framework).toBe('torch-mha');
  });
});

describe('scores beside the weights', () => {
  it("refuses scores whose shape is not the attention's, naming both shapes", () => {
    const files = file(
      dumpArray('attentions', [2, 2, T, T], attention(2, true)),
      dumpArray('scores', [2, 1, T, T], new Float32Array(2 * T * T)),
      mask(),
    );
    expect(() => checkDump(files)).toThrow(
      "scores 'scores' [2, 1, 6, 6] must have the attention's shape [2, 2, 6, 6].",
    );
  });
});

describe('what the page gets', () => {
  it('keeps every finding and drops the big arrays', () => {
    const report = checkDump(leaking());
    const summary = summariseReport(report);
    expect(summary).toEqual({
      attention: report.attention,
      layout: report.layout,
      stats: report.stats,
      scores: report.scores,
      family: report.family,
      verdict: report.verdict,
      framework: report.framework,
      polarity: report.polarity,
      alsoChecked: [],
      outcome: report.outcome,
      mask: {
        batch: 2,
        seqLen: T,
        convention: report.mask.convention,
        description: report.mask.description,
      },
    });
    expect(summary.family).toBe('missing-key-mask');
    expect(summary.attention).toEqual({
      from: "'attentions' in dump.npz",
      shape: [2, 2, T, T],
      dtype: '<f4',
    });
  });

  it('summarises mode B beside mode A', () => {
    const files = file(
      dumpArray('attentions', [2, 2, T, T], attention(2, true)),
      dumpArray('attentions_b', [2, 2, T, T], attention(2, false, 11)),
      mask(),
    );
    const summary = summariseReport(checkDump(files));
    expect(summary.family).toBe('correct');
    expect(summary.alsoChecked.map((other) => other.family)).toEqual(['missing-key-mask']);
    expect(summary.alsoChecked[0]).not.toHaveProperty('dump');
    // The exit status is the worse of the two: mode B's missing mask is a bug.
    expect(summary.alsoChecked[0]?.outcome.status).toBe(1);
    expect(summary.outcome.status).toBe(1);
    const aAlone = checkDump(files, { attentionName: 'attentions' });
    expect([aAlone.outcome.status, aAlone.alsoChecked.length]).toEqual([0, 0]);
  });
});

describe('comparing two dumps', () => {
  it('checks one dump alone when there is nothing to compare', () => {
    const pair = checkWithComparison(correct(), [], {});
    expect(pair.other).toBeNull();
    expect(pair.comparison).toBeNull();
    expect(pair.report.family).toBe('correct');
  });

  it('checks the second dump with its own mask, or with none when it has none', () => {
    const unpadded = file(dumpArray('attentions', [2, 2, T, T], attention(2, true)));
    // Checked without a mask, every token of the second dump is real: item 1 then differs.
    expect(() => checkWithComparison(correct(), unpadded, {})).toThrow(
      'item 1 has 4 real tokens in one dump and 6 in the other.',
    );
    const masked = checkWithComparison(correct(), correct(), {});
    expect(Array.from(masked.other?.mask.keep ?? [])).toEqual(KEEP.flat());
    expect(masked.comparison?.maxDiff).toBe(0);
    expect(masked.comparison?.realTokens).toEqual([6, 4]);
  });
});

describe('a mask that does not fit the layout', () => {
  // A permutation matrix per head: every row and column sums to 1, so no axis is the keys'.
  const permutation = () => {
    const data = new Float32Array(2 * 2 * T * T);
    for (let row = 0; row < 4 * T; row++) data[row * T + ((row * 5) % T)] = 1;
    return data;
  };
  const threeItems = () =>
    dumpArray('attention_mask', [3, T], new Float32Array(3 * T).fill(1), 'int');

  it('blames a guessed layout it could not decide', () => {
    const files = file(dumpArray('attentions', [2, 2, T, T], permutation()), threeItems());
    expect(() => checkDump(files)).toThrow(/cannot be decided from its values/);
  });

  it('blames the mask when the layout is declared', () => {
    const files = file(dumpArray('attentions', [2, 2, T, T], permutation()), threeItems());
    expect(() => checkDump(files, { layout: 'BHQK' })).toThrow(
      /^mask 'attention_mask' has 3 rows but the attention has 2 batch items\.$/,
    );
  });
});

describe('a neutral mask name', () => {
  // `mask` holding 1 = padding: its polarity is a guess, unless the convention is given.
  const pads = Float32Array.from(KEEP.flat().map((keep) => 1 - keep));
  const files = () =>
    file(
      dumpArray('attentions', [2, 2, T, T], attention(2, true)),
      dumpArray('mask', [2, T], pads, 'bool'),
    );

  it('weighs the other reading when the convention is guessed', () => {
    const report = checkDump(files());
    expect(report.family).toBe('inverted');
    expect(report.polarity).not.toBeNull();
    expect(report.outcome.status).toBe(3);
  });

  it('reads the mask as told, with no guess to weigh, when the convention is given', () => {
    const report = checkDump(files(), { convention: 'ignore' });
    expect(report.family).toBe('correct');
    expect(report.polarity).toBeNull();
    expect(report.outcome.status).toBe(0);
  });
});

describe("the note on the dump's own float mask", () => {
  it('is left out when the float mask holds other values than 0 and 1', () => {
    const additive = Float32Array.from(KEEP.flat().map((keep) => (keep === 1 ? 0 : -1e9)));
    const report = checkDump(leakingWith(dumpArray('attention_mask', [2, T], additive)));
    expect(report.family).toBe('missing-key-mask');
    expect(report.verdict.ambiguity).not.toMatch(/own mask is a float array/);
    const zeroOne = checkDump(
      leakingWith(dumpArray('attention_mask', [2, T], Float32Array.from(KEEP.flat()))),
    );
    expect(zeroOne.verdict.ambiguity).toMatch(/own mask is a float array of 0s and 1s/);
  });
});

function leakingWith(maskArray: NamedArray): DumpFile[] {
  return file(dumpArray('attentions', [2, 2, T, T], attention(2, false)), maskArray);
}

describe('more of what the options decide', () => {
  const pads = Float32Array.from(KEEP.flat().map((keep) => 1 - keep));

  it('blames the mask, not the layout, when a sure layout does not fit it', () => {
    const threeItems = dumpArray('attention_mask', [3, T], new Float32Array(3 * T).fill(1), 'int');
    const files = file(dumpArray('attentions', [2, 2, T, T], attention(2, true)), threeItems);
    expect(() => checkDump(files)).toThrow(
      /^mask 'attention_mask' has 3 rows but the attention has 2 batch items\.$/,
    );
  });

  it('words typed rows of the wrong length as such, under a declared or a sure layout', () => {
    const files = file(dumpArray('attentions', [2, 2, T, T], attention(2, true)));
    const rows = {
      kind: 'rows',
      rows: [
        [1, 1, 1, 1, 1, 1],
        [1, 1, 0],
      ],
    } as const;
    for (const layout of ['BHQK', 'auto']) {
      expect(() => checkDump(files, { layout, mask: rows })).toThrow(
        /^the typed mask needs 6 values per row, one per token\.$/,
      );
    }
  });

  it("ignores the dump's own mask when told there is none", () => {
    const files = file(
      dumpArray('attentions', [2, 2, T, T], attention(2, true)),
      dumpArray('mask', [2, T], pads, 'bool'),
    );
    const report = checkDump(files, { mask: { kind: 'none' } });
    expect(Array.from(report.mask.keep)).toEqual(new Array(2 * T).fill(1));
    expect(report.polarity).toBeNull();
    // Typed rows replace the dump's own mask too: its polarity is not weighed.
    const rows = checkDump(files, { mask: { kind: 'rows', rows: KEEP } });
    expect([rows.family, rows.polarity, rows.outcome.status]).toEqual(['correct', null, 0]);
  });

  it('labels the evidence with the files\u2019 own tokens unless labels are given', () => {
    const tokens = ['[CLS]', 'the', 'doctor', 'came', '[PAD]', '[PAD]'];
    const files: DumpFile[] = [{ ...leaking()[0]!, labels: tokens }];
    const evidence = checkDump(files).verdict.evidence.join(' ');
    expect(evidence).toMatch(/query \d+ \((\[CLS\]|the|doctor|came)\)/);
    const given = checkDump(files, {
      labels: ['a', 'b', 'c', 'd', 'e', 'f'],
    }).verdict.evidence.join(' ');
    expect(given).toMatch(/query \d+ \([a-d]\)/);
  });
});
