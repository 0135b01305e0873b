/**
 * Greedy longest-match-first WordPiece, as in Hugging Face's `WordpieceTokenizer.tokenize`.
 */
import type { BasicWord } from './basicTokenizer';
import { SPECIAL_TOKENS, type Vocab } from './vocab';

/** Words longer than this many code points become `[UNK]` (`max_input_chars_per_word`). */
export const MAX_CHARS_PER_WORD = 100;

/** The prefix that marks a piece continuing a word. */
export const CONTINUATION_PREFIX = '##';

/** One WordPiece token with its id and `[start, end)` UTF-16 span in the original text. */
export interface Piece {
  readonly id: number;
  readonly token: string;
  readonly start: number;
  readonly end: number;
}

function wholeWordUnknown(word: BasicWord, vocab: Vocab): Piece[] {
  const first = word[0];
  const last = word[word.length - 1];
  return [
    {
      id: vocab.special.unk,
      token: SPECIAL_TOKENS.unk,
      start: first?.start ?? 0,
      end: last?.end ?? 0,
    },
  ];
}

/** The longest vocabulary entry at code point `start` (`##`-prefixed after the first), if any. */
function longestMatch(
  text: string,
  offsets: readonly number[],
  start: number,
  vocab: Vocab,
): { token: string; id: number; end: number } | null {
  const prefix = start > 0 ? CONTINUATION_PREFIX : '';
  for (let end = offsets.length - 1; end > start; end -= 1) {
    const token = prefix + text.slice(offsets[start], offsets[end]);
    const id = vocab.idOf(token);
    if (id !== undefined) {
      return { token, id, end };
    }
  }
  return null;
}

/**
 * Splits one basic word into pieces: at each position the longest vocabulary entry (prefixed
 * `##` after the first piece). A word over `MAX_CHARS_PER_WORD` code points, or one with no
 * complete cover, becomes a single `[UNK]` spanning the whole word.
 */
export function wordPiece(word: BasicWord, vocab: Vocab): Piece[] {
  if (word.length === 0) {
    return [];
  }
  if (word.length > MAX_CHARS_PER_WORD) {
    return wholeWordUnknown(word, vocab);
  }
  // The word as one string plus the UTF-16 offset of each code point, so candidates are slices.
  const text = word.map((sourced) => sourced.char).join('');
  const offsets = [0];
  for (const sourced of word) {
    offsets.push((offsets[offsets.length - 1] ?? 0) + sourced.char.length);
  }
  const pieces: Piece[] = [];
  let start = 0;
  while (start < word.length) {
    const match = longestMatch(text, offsets, start, vocab);
    const first = word[start];
    const last = match === null ? undefined : word[match.end - 1];
    if (match === null || first === undefined || last === undefined) {
      return wholeWordUnknown(word, vocab);
    }
    pieces.push({ id: match.id, token: match.token, start: first.start, end: last.end });
    start = match.end;
  }
  return pieces;
}
