/**
 * When a 0/1 mask's polarity is only the default guess (its name says neither attention_mask
 * nor key_padding_mask, and no flag declared it), the other reading is checked too. If one
 * reading is a bug and the other is not, the polarity alone decides, and the check says it
 * cannot tell; either way it names the other reading, the flag that selects it and the
 * evidence for each: a batch item with no real token, padding that is not at one end
 * (issue 22, item 14).
 */
import { classify, measureDump, type CanonicalDump, type Family } from './fingerprint';
import type { MaskConvention } from './mask';

/** The other reading of a mask whose polarity was guessed. */
export interface PolarityGuess {
  readonly assumed: MaskConvention;
  readonly other: MaskConvention;
  readonly otherFamily: Family;
  /** True when one reading is correct and the other a bug: the polarity alone decides. */
  readonly decides: boolean;
  readonly note: string;
}

/** Items of `keep` [B * T] with no real token, and items whose padding is at neither end. */
function oddItems(keep: Int32Array, batch: number, seqLen: number) {
  let empty = 0;
  let scattered = 0;
  for (let b = 0; b < batch; b++) {
    const row = Array.from(keep.subarray(b * seqLen, (b + 1) * seqLen));
    if (row.every((real) => real === 0)) empty += 1;
    const first = row.indexOf(1);
    const last = row.lastIndexOf(1);
    const isRun = first < 0 || row.slice(first, last + 1).every((real) => real === 1);
    const atAnEnd = first <= 0 || last === seqLen - 1;
    if (!(isRun && atAnEnd)) scattered += 1;
  }
  return { empty, scattered };
}

function oddText(odd: { empty: number; scattered: number }, batch: number): string {
  const parts = [
    odd.empty > 0 ? `${odd.empty} of ${batch} items have no real token` : '',
    odd.scattered > 0 ? `${odd.scattered} have padding that is not at one end` : '',
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'every item has real tokens, padded at one end' : parts.join(', ');
}

const WORDS: Readonly<Record<'keep' | 'ignore', string>> = {
  keep: '1 = real token (attention_mask; --convention keep)',
  ignore: '1 = padding (PyTorch key_padding_mask; --convention ignore)',
};

/**
 * Checks `dump` again under the other polarity of the guessed 0/1 mask `maskName`; null when
 * the data backs the assumed polarity.
 */
export function weighPolarity(
  dump: CanonicalDump,
  family: Family,
  assumed: 'keep' | 'ignore',
  maskName: string,
): PolarityGuess | null {
  const [, batch, , seqLen] = dump.shape;
  const other = assumed === 'keep' ? 'ignore' : 'keep';
  const flipped = dump.keep.map((real) => 1 - real);
  const otherFamily = classify(measureDump({ ...dump, keep: flipped }));
  const assumedOdd = oddItems(dump.keep, batch, seqLen);
  const otherOdd = oddItems(flipped, batch, seqLen);
  const isAssumedOdd = assumedOdd.empty + assumedOdd.scattered > 0;
  // The data backs the assumed reading when only the other one leaves an item without a real
  // token or pads it in the middle; then the guess stands and nothing needs saying.
  if (!isAssumedOdd && otherOdd.empty + otherOdd.scattered > 0) return null;
  const decides = (family === 'correct') !== (otherFamily === 'correct');
  const note =
    `The mask '${maskName}' has a name that does not say its polarity, so ${WORDS[assumed]} was assumed. ` +
    `Read as ${WORDS[other]}, the dump is ${otherFamily}. ` +
    `Under the assumed reading ${oddText(assumedOdd, batch)}; under the other, ${oddText(otherOdd, batch)}.` +
    (decides
      ? ' The polarity alone decides between a bug and no bug, so this is a guess: declare it with --convention.'
      : '');
  return { assumed, other, otherFamily, decides, note };
}
