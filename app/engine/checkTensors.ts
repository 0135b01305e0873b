/** The worker's side of "Your tensors": a dump check turned into what the page draws. */
import { checkDump, hasOwnMask, summariseReport, type MaskSource } from '../../src/dump/check';
import { compareDumps } from '../../src/dump/compare';
import type { DumpFile } from '../../src/dump/arrays';
import { dumpAnalysis } from '../../src/dump/view';
import type { TensorCheckOptions, TensorsAnswer } from './protocol';

/** Checks `files` (and compares with `compareFiles`, if any) with the page's options. */
export function checkOpenDump(
  files: readonly DumpFile[],
  compareFiles: readonly DumpFile[],
  options: TensorCheckOptions,
): TensorsAnswer {
  const checkOptions = {
    layout: options.layout,
    convention: options.convention,
    framework: options.framework,
    labels: options.tokens,
    mask: options.mask satisfies MaskSource,
  };
  const report = checkDump(files, checkOptions);
  const other =
    compareFiles.length === 0
      ? null
      : checkDump(compareFiles, {
          ...checkOptions,
          mask: hasOwnMask(compareFiles) ? { kind: 'found' } : { kind: 'none' },
        });
  return {
    analysis: dumpAnalysis(report, options.item, options.tokens, other),
    report: summariseReport(report),
    comparison: other === null ? null : compareDumps(report.dump, other.dump),
    compareFrom: other === null ? null : other.attention.from,
  };
}
