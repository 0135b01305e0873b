// The run JSON of pooling weights, cross-attention and decoding steps (issue 26) loads back
// through the importer as the same kind of attention: the same layout letters, bug family and
// exit status as the dump it was drawn from, and `--compare` reads two of them.
import { describe, expect, it } from 'vitest';
import { checkOpenDump } from '../../app/engine/checkTensors';
import type { Analysis } from '../../src/analysis/analysis';
import { attentionKindOf } from '../../src/dump/attentionKind';
import { checkDump, checkWithComparison, type CheckReport } from '../../src/dump/checkDump';
import { readDump } from '../../src/dump/readDump';
import { exportedLayout, runJson } from '../../src/export/runJson';
import { DEFAULT_TENSOR_OPTIONS } from './helpers/tensorOptions';
import { dumpManifest } from './helpers/dumpManifest';

const { cases, filesOf } = dumpManifest('tests/fixtures/dumps-shapes');

/** The analysis as "Your tensors" exports it, read back as a file named `name`. */
function roundTrip(analysis: Analysis, name: string) {
  const text = runJson({
    input: {
      ...{ source: 'tensors', text: null, model: null, padding: null, paddingSide: null },
      ...{ files: [name], permalink: null },
    },
    modes: { a: { id: null, title: name, formula: null, numerics: null }, b: null },
    analysis,
    verdicts: { a: null, b: null },
  });
  return readDump(new TextEncoder().encode(text), `${name}.json`);
}

function kindOf(report: CheckReport): string {
  return attentionKindOf(report.layout, report.attention.shape);
}

describe('the run JSON of attention that is not square self-attention', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    'reads %s back with its layout, family and exit status',
    (name, c) => {
      const answer = checkOpenDump(filesOf(c), [], DEFAULT_TENSOR_OPTIONS);
      const original = checkDump(filesOf(c));
      const file = roundTrip(answer.analysis, name);
      const report = checkDump([file]);
      expect(report.layout.letters).toBe(c.layout);
      expect(kindOf(report)).toBe(kindOf(original));
      expect(report.family).toBe(c.family);
      expect(report.outcome.status).toBe(original.outcome.status);
      expect(report.verdict.headline).toBe(original.verdict.headline);
      expect(Array.from(report.dump.keep)).toEqual(Array.from(answer.analysis.mask));
    },
  );

  it('names the axes it writes: none of size one that the importer would misread', () => {
    const shapes = cases.map((c) => {
      const { analysis } = checkOpenDump(filesOf(c), [], DEFAULT_TENSOR_OPTIONS);
      return [c.layout, exportedLayout(analysis).axes.join(' ')] as const;
    });
    expect(new Map(shapes)).toEqual(
      new Map([
        ['BK', 'batch key'],
        ['BHK', 'batch head key'],
        ['BHQK', 'batch head query key'],
      ]),
    );
  });

  it('compares two exported cross-attention runs with --compare: the leak is drift', () => {
    const [masked, leaking] = ['cross_attention_masked', 'cross_attention_no_mask'].map((name) => {
      const c = cases.find((entry) => entry.name === name);
      if (c === undefined) throw new Error(`no fixture ${name}`);
      return roundTrip(checkOpenDump(filesOf(c), [], DEFAULT_TENSOR_OPTIONS).analysis, name);
    });
    const pair = checkWithComparison([leaking!], [masked!], {});
    expect(pair.report.family).toBe('missing-key-mask');
    expect(pair.other?.family).toBe('correct');
    expect(pair.comparison?.maxDiff).toBeGreaterThan(pair.comparison?.tolerances.drift ?? 1);
  });
});
