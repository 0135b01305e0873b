// The seams between a dump's verdict and what the page and the exports show of it: the family,
// the head captions, the ✓/✗ of the invariants and the exported JSON judge by one tolerance (the
// dump's number format), and a comparison labels its axes with the tokens, not their positions.
import { describe, expect, it } from 'vitest';
import { headCaption } from '../../src/diagnostics/format';
import { brokenInvariants } from '../../src/diagnostics/verdict';
import type { DumpFile } from '../../src/dump/arrays';
import { checkDump, type CheckOptions } from '../../src/dump/checkDump';
import { dumpAnalysis } from '../../src/dump/view';
import { runJson } from '../../src/export/runJson';

/**
 * One head, one item, T keys; `realKeys` marks the real ones. Every real row gives `realSum`
 * spread evenly over the real keys and nothing to padding; padding rows are uniform.
 */
function oneHeadDump(realKeys: readonly number[], realSum: number, dtype: string): DumpFile {
  const seqLen = realKeys.length;
  const real = realKeys.filter((r) => r === 1).length;
  const data = new Float32Array(seqLen * seqLen);
  for (let q = 0; q < seqLen; q++) {
    for (let k = 0; k < seqLen; k++) {
      const isReal = realKeys[k] === 1;
      data[q * seqLen + k] = realKeys[q] === 1 ? (isReal ? realSum / real : 0) : 1 / seqLen;
    }
  }
  return {
    fileName: 'attn.npy',
    arrays: [{ name: 'attentions', shape: [1, 1, seqLen, seqLen], dtype, kind: 'float', data }],
  };
}

function optionsFor(realKeys: readonly number[]): CheckOptions {
  return { layout: 'BHQK', mask: { kind: 'rows', rows: [realKeys] } };
}

/** What the page shows of a checked dump: the family, the head caption, ✓/✗ and the export. */
function shown(realKeys: readonly number[], realSum: number, dtype: string) {
  const report = checkDump([oneHeadDump(realKeys, realSum, dtype)], optionsFor(realKeys));
  const analysis = dumpAnalysis(report, 0, null);
  const sums = analysis.a.heads.rowSums[0]?.[0];
  const leak = analysis.a.heads.leak[0]?.[0];
  const json = runJson({
    input: {
      source: 'tensors',
      text: null,
      model: null,
      padding: null,
      paddingSide: null,
      files: ['attn.npy'],
      permalink: null,
    },
    modes: { a: { id: null, title: 'dump', formula: null, numerics: null }, b: null },
    analysis,
    verdicts: { a: null, b: null },
  });
  const exported = JSON.parse(json) as { measurements: { A: { brokenInvariants?: string[] } } };
  return {
    family: report.family,
    isSumOff: headCaption({ leak, sums }, null).isSumOff,
    broken: brokenInvariants(analysis.a.measurements),
    exportedBroken: exported.measurements.A.brokenInvariants,
  };
}

describe('one tolerance for a dump, its captions, its invariants and its export', () => {
  const keep = [1, 1, 1, 0];

  it('a float32 dump whose rows sum to 0.99995 is not called correct while its caption is red', () => {
    const seen = shown(keep, 0.99995, '<f4');
    expect(seen.isSumOff).toBe(true);
    expect(seen.broken).toContain('rowSums');
    expect(seen.exportedBroken).toContain('rowSums');
    expect(seen.family).not.toBe('correct');
  });

  it.each([
    ['<f2', 0.9995],
    ['F16', 1.0015],
    ['BF16', 0.999],
  ])(
    'a %s dump whose rows sum to %s is correct everywhere: family, caption, ✓, export',
    (dtype, sum) => {
      const seen = shown(keep, sum, dtype);
      expect(seen).toEqual({ family: 'correct', isSumOff: false, broken: [], exportedBroken: [] });
    },
  );
});

describe('comparing dumps with different padding', () => {
  it('labels the real-token axes with the tokens, whichever side the padding is on', () => {
    const left = [0, 0, 1, 1, 1];
    const report = checkDump([oneHeadDump(left, 1, '<f4')], optionsFor(left));
    const unpadded = [1, 1, 1];
    const other = checkDump([oneHeadDump(unpadded, 1, '<f4')], optionsFor(unpadded));
    const analysis = dumpAnalysis(report, 0, ['a', 'b', 'c'], other);
    expect(analysis.labels).toEqual(['a', 'b', 'c']);
  });
});
