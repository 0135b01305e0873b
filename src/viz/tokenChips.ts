// The token strip's chips: one per piece, runs of [PAD] as one "[PAD] ×n" chip, and for long
// inputs (a [1, 12, 2048, 2048] dump) the middle as one "… ×n" chip, so the strip stays a few
// lines tall and the verdict and heatmaps stay near the top of the page.
import { SPECIAL_TOKENS } from '../tokenizer/vocab';

/** Padding runs longer than this collapse into one "[PAD] ×n" chip. */
const COLLAPSE_PADDING_OVER = 3;
/** Chips kept at the start and the end of a strip that has more than their sum plus one. */
export const STRIP_HEAD_CHIPS = 48;
export const STRIP_TAIL_CHIPS = 16;

/** One chip: a piece at index t, a run of padding [start, end), or elided positions [start, end). */
export type Chip =
  | { readonly kind: 'piece'; readonly t: number; readonly piece: string }
  | { readonly kind: 'padding' | 'elided'; readonly start: number; readonly end: number };

function startOf(chip: Chip): number {
  return chip.kind === 'piece' ? chip.t : chip.start;
}

function endOf(chip: Chip): number {
  return chip.kind === 'piece' ? chip.t + 1 : chip.end;
}

/**
 * Groups the pieces [T] into chips, collapsing padding runs and, past
 * STRIP_HEAD_CHIPS + STRIP_TAIL_CHIPS chips, the positions between the first and last chips.
 */
export function chipsOf(pieces: readonly string[]): Chip[] {
  const chips: Chip[] = [];
  let t = 0;
  while (t < pieces.length) {
    let end = t;
    while (pieces[end] === SPECIAL_TOKENS.pad) end++;
    if (end - t > COLLAPSE_PADDING_OVER) {
      chips.push({ kind: 'padding', start: t, end });
      t = end;
      continue;
    }
    chips.push({ kind: 'piece', t, piece: pieces[t] ?? '' });
    t++;
  }
  if (chips.length <= STRIP_HEAD_CHIPS + STRIP_TAIL_CHIPS + 1) return chips;
  const head = chips.slice(0, STRIP_HEAD_CHIPS);
  const tail = chips.slice(-STRIP_TAIL_CHIPS);
  const last = head.at(-1);
  const start = last === undefined ? 0 : endOf(last);
  const end = tail[0] === undefined ? pieces.length : startOf(tail[0]);
  return [...head, { kind: 'elided', start, end }, ...tail];
}
