// A folder of attention dumps written by real PyTorch code (training/dump_fixtures.py,
// training/shape_fixtures.py) and its manifest: per case the files, how the mask reaches the
// checker, and the layout letters and bug family the case must be read as.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DumpFile } from '../../../src/dump/arrays';
import type { MaskSource } from '../../../src/dump/checkDump';
import { readDump } from '../../../src/dump/readDump';

/** One manifest case. */
export interface DumpCase {
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

/** The cases of `dir`'s manifest, with their files read as the CLI reads them. */
export function dumpManifest(dir: string) {
  const { cases } = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    cases: DumpCase[];
  };
  const load = (file: string): DumpFile =>
    readDump(new Uint8Array(readFileSync(join(dir, file))), file);
  const filesOf = (c: DumpCase): DumpFile[] => c.files.map(load);
  const maskOf = (c: DumpCase): MaskSource =>
    c.mask.kind === 'file' ? { kind: 'file', file: load(c.mask.file) } : c.mask;
  return { cases, filesOf, maskOf };
}
