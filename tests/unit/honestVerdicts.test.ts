// Issue 22: exit 1 only for a bug. Degenerate dumps, guessed polarities, a Run JSON's mode B,
// files without an attention array and the ambiguity notes, checked through checkDump.
import { describe, expect, it } from 'vitest';
import type { DumpFile, NamedArray } from '../../src/dump/arrays';
import { checkDump, type CheckOptions } from '../../src/dump/checkDump';
import { UndecidableInput } from '../../src/dump/probabilities';
import { dumpArray, scoresStream, softmax } from './helpers/dumpArrays';

/**
 * Softmax attention [B, H, T, T] over scores; `masked[b][k]` keys get -1e9 first. With
 * `equalPadding`, the keys `pads[b]` share one score per row (identical padding vectors).
 */
function attention(
  heads: number,
  pads: readonly (readonly number[])[],
  options: { masked?: readonly (readonly number[])[]; equalPadding?: boolean } = {},
): Float32Array {
  const batch = pads.length;
  const seqLen = pads[0]?.length ?? 0;
  const next = scoresStream(7);
  const data = new Float32Array(batch * heads * seqLen * seqLen);
  for (let row = 0; row < batch * heads * seqLen; row++) {
    const b = Math.floor(row / (heads * seqLen));
    const shared = next();
    const scores = Array.from({ length: seqLen }, (_, k) => {
      if (options.masked?.[b]?.[k] === 1) return -1e9;
      return options.equalPadding === true && pads[b]?.[k] === 1 ? shared : next();
    });
    softmax(scores).forEach((w, k) => (data[row * seqLen + k] = w));
  }
  return data;
}

function dump(...arrays: NamedArray[]): DumpFile[] {
  return [{ fileName: 'dump.npz', arrays }];
}

/** The exit status the CLI gives, from the check alone (no --compare). */
function statusOf(files: DumpFile[], options: CheckOptions = {}): number {
  try {
    return checkDump(files, options).outcome.status;
  } catch (error) {
    if (error instanceof UndecidableInput) return 3;
    throw error;
  }
}

// 1 = padding, per item: item 0 is unpadded, item 1 has two padding keys on the right.
const PADS = [
  [0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 1, 1],
];
const KEEP = Float32Array.from(PADS.flat().map((pad) => 1 - pad));
const SHAPE = [2, 2, 6, 6];

describe('degenerate dumps (item 7)', () => {
  it('cannot tell anything from a dump of one token', () => {
    const files = dump(dumpArray('attentions', [1, 1, 1, 1], Float32Array.of(1)));
    const report = checkDump(files, { mask: { kind: 'lengths', lengths: [1], side: 'right' } });
    expect(report.family).toBe('unknown');
    expect(report.outcome.status).toBe(3);
  });

  it('does not call uniform attention without padding inverted', () => {
    const files = dump(dumpArray('attentions', SHAPE, new Float32Array(144).fill(1 / 6)));
    const report = checkDump(files, {
      layout: 'BHQK',
      mask: { kind: 'lengths', lengths: [6, 6], side: 'right' },
    });
    expect(report.family).toBe('unknown');
    expect(report.outcome).toMatchObject({ status: 3, confidence: 'cannot-tell' });
    expect(report.verdict.ambiguity).toMatch(/no batch item has padding/i);
  });

  it('says it cannot tell, not that it found a bug, when a correct softmax has no padding', () => {
    const files = dump(
      dumpArray(
        'attentions',
        SHAPE,
        attention(2, [
          [0, 0, 0, 0, 0, 0],
          [0, 0, 0, 0, 0, 0],
        ]),
      ),
    );
    expect(statusOf(files, { mask: { kind: 'lengths', lengths: [6, 6], side: 'right' } })).toBe(3);
  });

  it('words an all-zero mask without contradicting itself, and cannot tell', () => {
    const files = dump(
      dumpArray('attentions', SHAPE, attention(2, PADS, { masked: PADS })),
      dumpArray('attention_mask', [2, 6], new Float32Array(12), 'int'),
    );
    const report = checkDump(files);
    expect(report.outcome.status).toBe(3);
    expect(report.verdict.evidence[0]).toMatch(
      /both real tokens and padding .*2 items have no real token at all/,
    );
    expect(report.verdict.ambiguity).toMatch(/polarity/);
  });

  it('refuses negative weights that sum to 1 as not probabilities, asking for the softmax output', () => {
    const data = new Float32Array(144);
    for (let row = 0; row < 24; row++) data.set([2, -1, 0, 0, 0, 0], row * 6);
    const files = dump(
      dumpArray('attentions', SHAPE, data),
      dumpArray('attention_mask', [2, 6], KEEP, 'int'),
    );
    expect(() => checkDump(files)).toThrow(
      /not attention probabilities: 24 negative and 24 above 1 .*after the softmax/,
    );
    expect(statusOf(files)).toBe(3);
  });

  it('refuses infinite weights with a declared layout instead of a leak of Infinity%', () => {
    const files = dump(
      dumpArray('attentions', SHAPE, new Float32Array(144).fill(Infinity)),
      dumpArray('attention_mask', [2, 6], KEEP, 'int'),
    );
    expect(() => checkDump(files, { layout: 'BHQK' })).toThrow(/144 of 144 values are infinite/);
  });

  it.each([
    ['all zeros', new Float32Array(144), /every one of its 144 values is 0/],
    [
      'raw scores',
      Float32Array.from({ length: 144 }, scoresStream(3)),
      /negative .*raw scores or logits/,
    ],
  ])('says what it found in %s, not that the mask has the wrong shape', (_, data, found) => {
    const files = dump(
      dumpArray('attentions', SHAPE, data),
      dumpArray('attention_mask', [3, 6], new Float32Array(18).fill(1), 'int'),
    );
    expect(() => checkDump(files)).toThrow(found);
    expect(() => checkDump(files)).not.toThrow(/mask '.*' has/);
  });

  it('blames the undecidable layout of a permutation matrix, and asks for --layout', () => {
    const data = new Float32Array(144);
    for (let row = 0; row < 24; row++) data[row * 6 + ((row * 5) % 6)] = 1;
    const files = dump(
      dumpArray('attentions', SHAPE, data),
      dumpArray('attention_mask', [3, 6], new Float32Array(18).fill(1), 'int'),
    );
    expect(() => checkDump(files)).toThrow(UndecidableInput);
    expect(() => checkDump(files)).toThrow(/layout .* cannot be decided.*--layout/);
  });
});

describe('zero-padded input to nn.MultiheadAttention without key_padding_mask (item 9)', () => {
  const files = dump(
    dumpArray('attn_weights', SHAPE, attention(2, PADS, { equalPadding: true })),
    dumpArray('key_padding_mask', [2, 6], Float32Array.from(PADS.flat()), 'bool'),
  );

  it('leads with both readings and names the PyTorch module from the file', () => {
    const report = checkDump(files);
    expect(report.family).toBe('multiplicative');
    expect(report.verdict.headline).toMatch(/either .*scores × mask.* or there is no mask at all/);
    expect(report.verdict.ambiguity).toMatch(/Two readings fit.*key_padding_mask/);
    expect(report.framework).toBe('torch-mha');
    expect(report.verdict.fix).toMatch(/key_padding_mask=/);
  });
});

describe("a Run JSON's mode B (item 10)", () => {
  it('checks attentions_b beside attentions, and a bug in mode B is exit 1', () => {
    const correct = attention(2, PADS, { masked: PADS });
    const leaking = attention(2, PADS);
    const files = dump(
      dumpArray('attentions', [1, ...SHAPE], correct),
      dumpArray('attentions_b', [1, ...SHAPE], leaking),
      dumpArray('attention_mask', [2, 6], KEEP, 'int'),
    );
    const report = checkDump(files);
    expect(report.family).toBe('correct');
    expect(report.alsoChecked.map((other) => [other.attention.from, other.family])).toEqual([
      ["'attentions_b' in dump.npz", 'missing-key-mask'],
    ]);
    expect(report.outcome.status).toBe(1);
  });
});

describe('a file without an attention array (item 12)', () => {
  const foo = dumpArray('foo', [10], new Float32Array(10));
  const bar = dumpArray('bar', [3, 3], new Float32Array(9).fill(1 / 3));

  it.each([
    ['alone', [foo, bar]],
    [
      'with a mask',
      [foo, bar, dumpArray('attention_mask', [1, 3], Float32Array.of(1, 1, 0), 'int')],
    ],
  ])('says no attention was found, lists the arrays and the names looked for (%s)', (_, arrays) => {
    expect(() => checkDump(dump(...arrays))).toThrow(
      /no attention array found: the file holds 'foo' \[10\] float, 'bar' \[3, 3\] float.*names looked for are attentions, /,
    );
  });
});

describe('a mask whose polarity is only a guess (item 14)', () => {
  it("cannot tell when a neutral 'mask' holds key_padding_mask and the attention is correct", () => {
    const files = dump(
      dumpArray('attentions', SHAPE, attention(2, PADS, { masked: PADS })),
      dumpArray('mask', [2, 6], Float32Array.from(PADS.flat()), 'bool'),
    );
    const report = checkDump(files);
    expect(report.family).toBe('inverted');
    expect(report.outcome).toMatchObject({ status: 3, confidence: 'cannot-tell' });
    expect(report.verdict.ambiguity).toMatch(
      /Read as 1 = padding .*--convention ignore.*, the dump is correct\. Under the assumed reading 1 of 2 items have no real token/,
    );
  });

  it('keeps the default when only the other reading leaves an item without a real token', () => {
    const files = dump(
      dumpArray('attentions', SHAPE, attention(2, PADS, { masked: PADS })),
      dumpArray('mask', [2, 6], KEEP, 'int'),
    );
    const report = checkDump(files);
    expect([report.family, report.outcome.status, report.polarity]).toEqual(['correct', 0, null]);
  });
});

describe('the ambiguity note of a leak (item 15)', () => {
  const leaking = dumpArray('attentions', SHAPE, attention(2, PADS));

  it('names a 0/1 float mask added to the scores among the readings', () => {
    const report = checkDump(dump(leaking, dumpArray('attention_mask', [2, 6], KEEP, 'int')));
    expect(report.verdict.ambiguity).toMatch(/a 0\/1 float mask added to the scores \(float-add\)/);
    expect(report.verdict.ambiguity).not.toMatch(/own mask is a float array/);
  });

  it("says the dump's own float 0/1 mask may have been added", () => {
    const report = checkDump(dump(leaking, dumpArray('attention_mask', [2, 6], KEEP, 'float')));
    expect(report.verdict.ambiguity).toMatch(
      /own mask is a float array of 0s and 1s: if it was added/,
    );
  });
});
