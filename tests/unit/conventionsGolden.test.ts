// The keep-matrix maskscope predicts for nn.MultiheadAttention(key_padding_mask=…) against what
// PyTorch itself returns (tests/golden/conventions, made by training/golden/conventions_golden.py
// with zero input projections, so the weights are exactly softmax of the mask's bias).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildKeepMatrix } from '../../src/conventions/buildKeep';
import { checkConvention } from '../../src/conventions/checkConvention';
import { ConventionError } from '../../src/conventions/conventionError';
import { parseTypedMask } from '../../src/conventions/parseMask';

interface GoldenCase {
  readonly name: string;
  readonly mask: string;
  readonly real: number[];
  readonly weights?: (number | null)[][][];
  readonly error?: string;
}

const golden = JSON.parse(
  readFileSync('tests/golden/conventions/mha_key_padding.json', 'utf8'),
) as { seqLen: number; cases: GoldenCase[] };

const VERDICTS: Readonly<Record<string, string>> = {
  'hf-style bool (True = real): inverted': 'inverted',
  'correct bool (True = padding)': 'correct',
  'additive -inf': 'correct',
  'additive -1e4': 'correct',
  'float 0/1 added': 'weak',
  'all True: every row NaN': 'nan',
  'two items, left padding': 'correct',
  'int 0/1': 'refused',
};

/** Largest |predicted − torch| over a case's items; NaN rows must be NaN in both. */
function maxDiff(c: GoldenCase): number {
  const T = golden.seqLen;
  const array = parseTypedMask(c.mask);
  let worst = 0;
  (c.weights ?? []).forEach((rows, item) => {
    const built = buildKeepMatrix('torch-mha-key-padding', array, T, item);
    rows.forEach((row, q) => {
      const kept = built.weight.subarray(q * T, (q + 1) * T);
      const sum = kept.reduce((a, b) => a + b, 0);
      row.forEach((expected, k) => {
        const predicted = (kept[k] ?? NaN) / sum;
        if (expected === null) expect(predicted).toBeNaN();
        else worst = Math.max(worst, Math.abs(predicted - expected));
      });
    });
  });
  return worst;
}

describe('golden: nn.MultiheadAttention key_padding_mask', () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    if (c.error !== undefined) {
      expect(() => buildKeepMatrix('torch-mha-key-padding', parseTypedMask(c.mask), 5)).toThrow(
        ConventionError,
      );
      expect(() => buildKeepMatrix('torch-mha-key-padding', parseTypedMask(c.mask), 5)).toThrow(
        c.error,
      );
    } else {
      expect(maxDiff(c)).toBeLessThan(1e-6);
    }
    const item = c.weights === undefined ? 0 : c.weights.length - 1;
    const verdict = checkConvention(
      'torch-mha-key-padding',
      parseTypedMask(c.mask),
      Int32Array.from(c.real),
      item,
    ).diagnosis.verdict;
    expect(verdict).toBe(VERDICTS[name]);
  });
});
