// Which tokens of the detail view's axes get a label when not every one fits: special tokens
// always, the others spaced so labels never overlap (computeDetailLayout's labelEvery).
import { SPECIAL_TOKENS } from '../tokenizer/vocab';

/** Special tokens other than [PAD] (which the padding colour marks already), by position. */
export function specialPositions(pieces: readonly string[]): number[] {
  const special = new Set<string>(Object.values(SPECIAL_TOKENS));
  return pieces.flatMap((piece, index) =>
    special.has(piece) && piece !== SPECIAL_TOKENS.pad ? [index] : [],
  );
}

/**
 * Which of `count` positions get a token label when only every `labelEvery`-th fits: the
 * `pinned` ones always (special tokens), then each of `candidates` (default: every position,
 * in order) at least `labelEvery` away from a label already placed. Sorted ascending.
 */
export function labelledPositions(
  count: number,
  labelEvery: number,
  pinned: Iterable<number>,
  candidates: Iterable<number> = Array.from({ length: count }, (_, index) => index),
): number[] {
  const gap = Math.max(1, Math.floor(labelEvery));
  const isLabelled = new Uint8Array(count);
  const isBlocked = new Uint8Array(count);
  const place = (index: number): void => {
    isLabelled[index] = 1;
    for (let j = Math.max(0, index - gap + 1); j < Math.min(count, index + gap); j += 1) {
      isBlocked[j] = 1;
    }
  };
  for (const index of pinned)
    if (Number.isInteger(index) && index >= 0 && index < count) place(index);
  for (const index of candidates) {
    if (Number.isInteger(index) && index >= 0 && index < count && isBlocked[index] === 0) {
      place(index);
    }
  }
  const labelled: number[] = [];
  isLabelled.forEach((flag, index) => {
    if (flag === 1) labelled.push(index);
  });
  return labelled;
}

/**
 * The labelled tokens of an axis that lists the token positions `positions` in order (all T, or
 * only the real queries): special tokens always, then real tokens spaced by `labelEvery` cells,
 * then the first [PAD] of each run (the padding colour marks the rest), so at 64 pads the
 * labels go to the sentence, not to the padding.
 */
export function axisLabels(
  positions: readonly number[],
  pieces: readonly string[],
  labelEvery: number,
): number[] {
  const shown = positions.map((t) => pieces[t] ?? '');
  const pinned = specialPositions(shown);
  const isPad = (i: number): boolean => shown[i] === SPECIAL_TOKENS.pad;
  const indices = shown.map((_, i) => i);
  const candidates = [
    ...indices.filter((i) => !isPad(i)),
    ...indices.filter((i) => isPad(i) && !isPad(i - 1)),
  ];
  return labelledPositions(positions.length, labelEvery, pinned, candidates).flatMap((i) => {
    const t = positions[i];
    return t === undefined ? [] : [t];
  });
}
