/** Position labels a dump carries itself (a JSON dump's `tokens` list), for the axes. */
import type { DumpFile } from './arrays';

/** The labels of the first file that has them, or null. */
export function labelsInFiles(files: readonly DumpFile[]): readonly string[] | null {
  return files.find((file) => file.labels !== undefined)?.labels ?? null;
}
