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
 * `pinned` ones always (special tokens), then every other position at least `labelEvery` away
 * from a label already placed, in order. Sorted ascending.
 */
export function labelledPositions(
  count: number,
  labelEvery: number,
  pinned: Iterable<number>,
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
  for (let index = 0; index < count; index += 1) if (isBlocked[index] === 0) place(index);
  const labelled: number[] = [];
  isLabelled.forEach((flag, index) => {
    if (flag === 1) labelled.push(index);
  });
  return labelled;
}

/**
 * The labelled tokens of an axis that lists the token positions `positions` in order (all T, or
 * only the real queries): special tokens always, the others spaced by `labelEvery` cells.
 */
export function axisLabels(
  positions: readonly number[],
  pieces: readonly string[],
  labelEvery: number,
): number[] {
  const pinned = specialPositions(positions.map((t) => pieces[t] ?? ''));
  return labelledPositions(positions.length, labelEvery, pinned).flatMap((i) => {
    const t = positions[i];
    return t === undefined ? [] : [t];
  });
}
