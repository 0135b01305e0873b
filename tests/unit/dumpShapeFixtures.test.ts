// Pooling, cross-attention and decoding-step dumps written by real PyTorch code
// (training/shape_fixtures.py): each must be read with the layout, bug family and exit status
// its manifest states.
import { describe, expect, it } from 'vitest';
import { checkDump } from '../../src/dump/checkDump';
import { dumpManifest } from './helpers/dumpManifest';

const { cases, filesOf, maskOf } = dumpManifest('tests/fixtures/dumps-shapes');

describe('attention beyond square self-attention, written by PyTorch', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const report = checkDump(filesOf(c), { mask: maskOf(c) });
    const summary = `${c.note}\n${report.layout.reason}\n${report.verdict.evidence.join('\n')}`;
    expect(report.layout.letters, summary).toBe(c.layout);
    expect(report.layout.confidence, summary).not.toBe('unsure');
    expect(report.family, summary).toBe(c.family);
    expect(report.outcome.status, summary).toBe(c.family === 'correct' ? 0 : 1);
  });
});
