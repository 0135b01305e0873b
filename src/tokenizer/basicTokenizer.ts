/**
 * BERT's basic tokenizer for uncased vocabularies, after Hugging Face's `BasicTokenizer`
 * (`transformers/models/bert/tokenization_bert.py`): clean the text, isolate CJK ideographs,
 * split on whitespace, lowercase and strip accents, split off punctuation. Unlike the original
 * it works character by character so that every output character keeps the UTF-16 span of
 * the original character(s) it came from.
 */
import {
  ASCII_END,
  isCjkIdeograph,
  isDroppedByCleaning,
  isNonspacingMark,
  isPunctuation,
  isWordBreak,
} from './charClasses';

/** One normalised character (a code point) and the `[start, end)` UTF-16 span it came from. */
export interface SourcedChar {
  readonly char: string;
  readonly start: number;
  readonly end: number;
}

/** A word handed to WordPiece: normalised characters in order, never empty. */
export type BasicWord = readonly SourcedChar[];

interface MutableSourcedChar {
  char: string;
  start: number;
  end: number;
}

/**
 * Lowercases, decomposes (NFD) and drops nonspacing marks, one code point at a time. Lowering
 * a lone code point matches Hugging Face, which lowercases the text character by character
 * before splitting off special tokens (so a final sigma stays σ). Accented letters lose the
 * accent ("é" → "e"), a Hangul syllable becomes its jamo, a lone combining mark vanishes.
 */
export function normaliseCodePoint(codePoint: number): string[] {
  if (codePoint < ASCII_END) {
    return [String.fromCharCode(codePoint).toLowerCase()];
  }
  const decomposed = String.fromCodePoint(codePoint).toLowerCase().normalize('NFD');
  return Array.from(decomposed).filter((char) => !isNonspacingMark(char.codePointAt(0) ?? 0));
}

/** Accumulates words; characters dropped inside a word widen their neighbour's span. */
class WordCollector {
  readonly words: MutableSourcedChar[][] = [];
  private current: MutableSourcedChar[] = [];
  /** Last character of the current whitespace-delimited token, punctuation included. */
  private last: MutableSourcedChar | null = null;
  /** Start of dropped characters seen before the token's first kept character. */
  private pendingStart: number | null = null;

  /** A character was removed (control, accent): fold its span into the token around it. */
  drop(start: number, end: number): void {
    if (this.last !== null) {
      this.last.end = end;
    } else {
      this.pendingStart ??= start;
    }
  }

  /** Adds the normalised characters of one source character spanning `[start, end)`. */
  add(chars: readonly string[], start: number, end: number): void {
    if (chars.length === 0) {
      this.drop(start, end);
      return;
    }
    for (const char of chars) {
      const sourced = { char, start: this.pendingStart ?? start, end };
      this.pendingStart = null;
      if (isPunctuation(char.codePointAt(0) ?? 0)) {
        this.endWord();
        this.words.push([sourced]);
      } else {
        this.current.push(sourced);
      }
      this.last = sourced;
    }
  }

  /** Whitespace (or a CJK ideograph's boundary): the token ends here. */
  endToken(): void {
    this.endWord();
    this.last = null;
    this.pendingStart = null;
  }

  private endWord(): void {
    if (this.current.length > 0) {
      this.words.push(this.current);
      this.current = [];
    }
  }
}

/**
 * Splits `text.slice(from, to)` into basic-tokenizer words. Spans are offsets into `text`.
 * Never throws: every code point (lone surrogates included) falls into some class.
 */
export function basicTokenize(text: string, from = 0, to = text.length): BasicWord[] {
  const collector = new WordCollector();
  let offset = from;
  while (offset < to) {
    const codePoint = text.codePointAt(offset) ?? 0;
    const end = Math.min(to, offset + (codePoint > 0xffff ? 2 : 1));
    if (isDroppedByCleaning(codePoint)) {
      collector.drop(offset, end);
    } else if (isWordBreak(codePoint)) {
      collector.endToken();
    } else if (isCjkIdeograph(codePoint)) {
      collector.endToken();
      collector.add(normaliseCodePoint(codePoint), offset, end);
      collector.endToken();
    } else {
      collector.add(normaliseCodePoint(codePoint), offset, end);
    }
    offset = end;
  }
  collector.endToken();
  return collector.words;
}
