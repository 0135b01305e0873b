/**
 * File names of exports, saying what is in them: `maskscope-L2-H1-keyAdditive-vs-noMask.png`
 * for a head of a model run, `maskscope-run-keyAdditive-vs-noMask.json` for a whole run, and the
 * dump's file name in place of the modes for the user's tensors.
 */

/** A mode id or file name as one camelCase word of letters and digits: "key-additive" → "keyAdditive". */
export function fileWord(text: string): string {
  const words = text
    .replace(/\.[a-z0-9]{1,12}$/i, '')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '');
  const joined = words
    .map((word, i) => (i === 0 ? word : word[0]?.toUpperCase() + word.slice(1)))
    .join('');
  return joined.slice(0, 40) || 'run';
}

/** What the compared sides are called in file names: "keyAdditive-vs-noMask", or one side alone. */
export function comparisonWord(a: string, b: string | null): string {
  return b === null ? fileWord(a) : `${fileWord(a)}-vs-${fileWord(b)}`;
}

/** `maskscope-L2-H1-<comparison>.<extension>` for one head. */
export function headFileName(
  layer: number,
  head: number,
  comparison: string,
  extension: string,
): string {
  return `maskscope-L${layer}-H${head}-${comparison}.${extension}`;
}

/** `maskscope-<what>-<comparison>.<extension>` for the whole run ("grid", "run", "leak"). */
export function runFileName(what: string, comparison: string, extension: string): string {
  return `maskscope-${what}-${comparison}.${extension}`;
}
