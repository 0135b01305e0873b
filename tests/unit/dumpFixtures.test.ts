// The attention dumps written by real PyTorch code (training/dump_fixtures.py): each must be
// read with the layout and bug family its manifest states.
import { describe, expect, it } from 'vitest';
import { checkDump } from '../../src/dump/checkDump';
import { dumpManifest } from './helpers/dumpManifest';

const { cases, filesOf, maskOf } = dumpManifest('tests/fixtures/dumps');

describe('dumps written by PyTorch', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const report = checkDump(filesOf(c), { mask: maskOf(c) });
    const summary = `${c.note}\n${report.layout.reason}\n${report.verdict.evidence.join('\n')}`;
    expect(report.layout.letters, summary).toBe(c.layout);
    expect(report.layout.confidence, summary).not.toBe('unsure');
    expect(report.family, summary).toBe(c.family);
  });
});
