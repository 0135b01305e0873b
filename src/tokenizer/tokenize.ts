/**
 * Text → WordPiece ids with spans, behaving like Hugging Face's slow `BertTokenizer` with an
 * uncased vocabulary: special tokens typed literally are split out first (case-sensitively,
 * like added tokens), then the basic tokenizer and WordPiece run on the text between them.
 */
import { basicTokenize } from './basicTokenizer';
import { SPECIAL_TOKENS, type Vocab } from './vocab';
import { wordPiece, type Piece } from './wordpiece';

/** A `[start, end)` range of UTF-16 code units in the original text. */
export type Span = readonly [start: number, end: number];

/** A tokenized text: one entry per token in each array. */
export interface Encoding {
  /** Token ids [T]. */
  readonly ids: Int32Array;
  /** Token strings, `##` continuations included. */
  readonly pieces: string[];
  /** Where each token came from in the original text; null for added [CLS]/[SEP]. */
  readonly spans: ReadonlyArray<Span | null>;
}

/** Options of `tokenize`. */
export interface TokenizeOptions {
  /** Wrap the tokens in [CLS] … [SEP] (default true). */
  readonly addSpecialTokens?: boolean;
}

/** A special token found in the text, or a stretch of ordinary text, by UTF-16 offsets. */
type Segment =
  | {
      readonly kind: 'special';
      readonly token: string;
      readonly start: number;
      readonly end: number;
    }
  | { readonly kind: 'text'; readonly start: number; readonly end: number };

function specialAt(text: string, offset: number): string | undefined {
  return Object.values(SPECIAL_TOKENS).find((token) => text.startsWith(token, offset));
}

/** Cuts the text at every literal special token; no special token is a prefix of another. */
function splitOnSpecialTokens(text: string): Segment[] {
  const segments: Segment[] = [];
  let textStart = 0;
  let offset = text.indexOf('[');
  while (offset !== -1) {
    const token = specialAt(text, offset);
    if (token === undefined) {
      offset = text.indexOf('[', offset + 1);
      continue;
    }
    if (offset > textStart) {
      segments.push({ kind: 'text', start: textStart, end: offset });
    }
    segments.push({ kind: 'special', token, start: offset, end: offset + token.length });
    textStart = offset + token.length;
    offset = text.indexOf('[', textStart);
  }
  if (text.length > textStart) {
    segments.push({ kind: 'text', start: textStart, end: text.length });
  }
  return segments;
}

function segmentPieces(text: string, segment: Segment, vocab: Vocab): Piece[] {
  switch (segment.kind) {
    case 'special': {
      const id = vocab.idOf(segment.token) ?? vocab.special.unk;
      return [{ id, token: segment.token, start: segment.start, end: segment.end }];
    }
    case 'text':
      return basicTokenize(text, segment.start, segment.end).flatMap((word) =>
        wordPiece(word, vocab),
      );
  }
}

/**
 * Tokenizes `text` with `vocab`. Spans index the original text (before lowercasing and accent
 * stripping); a `##` piece spans its part of the word, an `[UNK]` the whole word.
 */
export function tokenize(text: string, vocab: Vocab, options: TokenizeOptions = {}): Encoding {
  const pieces = splitOnSpecialTokens(text).flatMap((segment) =>
    segmentPieces(text, segment, vocab),
  );
  const ids: number[] = pieces.map((piece) => piece.id);
  const tokens = pieces.map((piece) => piece.token);
  const spans: (Span | null)[] = pieces.map((piece) => [piece.start, piece.end] as const);
  if (options.addSpecialTokens ?? true) {
    ids.unshift(vocab.special.cls);
    tokens.unshift(SPECIAL_TOKENS.cls);
    spans.unshift(null);
    ids.push(vocab.special.sep);
    tokens.push(SPECIAL_TOKENS.sep);
    spans.push(null);
  }
  return { ids: Int32Array.from(ids), pieces: tokens, spans };
}
