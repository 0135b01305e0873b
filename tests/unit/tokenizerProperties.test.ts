import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize, type Encoding } from '../../src/tokenizer/tokenize';
import { pieceToText } from '../../src/tokenizer/detokenize';
import { SPECIAL_TOKENS } from '../../src/tokenizer/vocab';
import { anyText } from './helpers/fuzz';
import { asciiCharVocab } from './helpers/testVocab';

const RUNS = { numRuns: 1_000 };
const vocab = asciiCharVocab();

/** ASCII text including control characters, with words short enough never to become [UNK]. */
const asciiText = fc.string({ unit: 'binary-ascii', maxLength: 80 });

function realSpans(encoding: Encoding): (readonly [number, number])[] {
  return encoding.spans.filter((span) => span !== null);
}

/** What the basic tokenizer keeps of ASCII text: no whitespace, no control characters, lowercased. */
function keptAscii(text: string): string {
  const isKept = (char: string): boolean => char > ' ' && char !== '\x7f';
  return Array.from(text).filter(isKept).join('').toLowerCase();
}

describe('tokenize on arbitrary text', () => {
  it('never throws and returns one id, piece and span per token', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const encoding = tokenize(text, vocab);
        expect(encoding.pieces).toHaveLength(encoding.ids.length);
        expect(encoding.spans).toHaveLength(encoding.ids.length);
        for (const id of encoding.ids) {
          expect(vocab.tokens[id]).toBeDefined();
        }
      }),
      RUNS,
    );
  });

  it('gives every token a non-empty span inside the text, in non-decreasing order', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const spans = realSpans(tokenize(text, vocab, { addSpecialTokens: false }));
        let previous: readonly [number, number] = [0, 0];
        for (const span of spans) {
          const [start, end] = span;
          expect(start).toBeGreaterThanOrEqual(previous[0]);
          expect(end).toBeGreaterThanOrEqual(previous[1]);
          expect(start).toBeLessThan(end);
          expect(end).toBeLessThanOrEqual(text.length);
          previous = span;
        }
      }),
      RUNS,
    );
  });
});

describe('tokenize on ASCII text', () => {
  it('gives each piece the lowercased text of its span, minus dropped control characters', () => {
    fc.assert(
      fc.property(asciiText, (text) => {
        const encoding = tokenize(text, vocab, { addSpecialTokens: false });
        encoding.pieces.forEach((piece, index) => {
          const span = encoding.spans[index];
          expect(span).not.toBeNull();
          const original = text.slice(span?.[0], span?.[1]);
          const isSpecial = (Object.values(SPECIAL_TOKENS) as string[]).includes(piece);
          expect(isSpecial ? original : keptAscii(original)).toBe(pieceToText(piece));
        });
      }),
      RUNS,
    );
  });

  it('keeps every non-space character once, in order, when nothing is unknown', () => {
    fc.assert(
      fc.property(asciiText, (text) => {
        const { pieces } = tokenize(text, vocab, { addSpecialTokens: false });
        const rebuilt = pieces.map((piece) => pieceToText(piece).toLowerCase()).join('');
        expect(rebuilt).toBe(keptAscii(text));
      }),
      RUNS,
    );
  });
});
