/** The worker's side of "Your tensors": a dump check turned into what the page draws. */
import type { DumpFile } from '../../src/dump/arrays';
import { checkWithComparison, summariseReport } from '../../src/dump/checkDump';
import { labelsInFiles } from '../../src/dump/fileLabels';
import { itemStripsOf } from '../../src/dump/itemStrips';
import { dumpAnalysis, firstPaddedItem } from '../../src/dump/view';
import type { TensorCheckOptions, TensorsAnswer } from '../protocol/engineProtocol';

/** Checks `files` (and compares with `compareFiles`, if any) with the page's options. */
export function checkOpenDump(
  files: readonly DumpFile[],
  compareFiles: readonly DumpFile[],
  options: TensorCheckOptions,
): TensorsAnswer {
  // Typed tokens win over the labels a file carries (a maskscope JSON export's `tokens`).
  const tokens = options.tokens ?? labelsInFiles(files);
  const { report, other, comparison } = checkWithComparison(files, compareFiles, {
    layout: options.layout,
    convention: options.convention,
    framework: options.framework,
    labels: tokens,
    mask: options.mask,
  });
  const item = options.item ?? firstPaddedItem(report.dump);
  return {
    analysis: dumpAnalysis(report, item, tokens, other),
    item,
    itemStrips: itemStripsOf(report),
    report: summariseReport(report),
    comparison,
    compareFrom: other === null ? null : other.attention.from,
  };
}
