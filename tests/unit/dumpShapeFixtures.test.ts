// Pooling, cross-attention and decoding-step dumps written by real PyTorch code
// (training/shape_fixtures.py): each must be read with the layout, bug family and exit status
// its manifest states.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDump, type MaskSource } from '../../src/dump/checkDump';
import { readDump } from '../../src/dump/readDump';

const DIR = 'tests/fixtures/dumps-shapes';

interface Case {
  readonly name: string;
  readonly files: readonly string[];
  readonly mask:
    | { readonly kind: 'found' }
    | { readonly kind: 'file'; readonly file: string }
    | { readonly kind: 'lengths'; readonly lengths: number[]; readonly side: 'left' | 'right' };
  readonly layout: string;
  readonly family: string;
  readonly note: string;
}

const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { cases: Case[] };

function load(file: string) {
  return readDump(new Uint8Array(readFileSync(join(DIR, file))), file);
}

function maskOf(c: Case): MaskSource {
  if (c.mask.kind === 'file') return { kind: 'file', file: load(c.mask.file) };
  return c.mask;
}

describe('attention beyond square self-attention, written by PyTorch', () => {
  it.each(manifest.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const report = checkDump(c.files.map(load), { mask: maskOf(c) });
    const summary = `${c.note}\n${report.layout.reason}\n${report.verdict.evidence.join('\n')}`;
    expect(report.layout.letters, summary).toBe(c.layout);
    expect(report.layout.confidence, summary).not.toBe('unsure');
    expect(report.family, summary).toBe(c.family);
    expect(report.outcome.status, summary).toBe(c.family === 'correct' ? 0 : 1);
  });
});
