import { describe, expect, it } from 'vitest';
import { basicTokenize } from '../../src/tokenizer/basicTokenizer';
import { detokenize, pieceToText } from '../../src/tokenizer/detokenize';
import { tokenize } from '../../src/tokenizer/tokenize';
import { HF_TEST_VOCAB, vocabOf } from './helpers/testVocab';

function basicWords(text: string): string[] {
  return basicTokenize(text).map((word) => word.map((sourced) => sourced.char).join(''));
}

function piecesOf(text: string, vocab = vocabOf(HF_TEST_VOCAB)): string[] {
  return tokenize(text, vocab, { addSpecialTokens: false }).pieces;
}

describe('the basic tokenizer', () => {
  // Cases from Hugging Face's tests/models/bert/test_tokenization_bert.py where they exist.
  it.each([
    [
      'lowercases and splits on whitespace and punctuation',
      ' \tHeLLo!how  \n Are yoU?  ',
      ['hello', '!', 'how', 'are', 'you', '?'],
    ],
    ['strips accents after lowercasing', 'H\u00E9llo', ['hello']],
    ['strips accents written as combining marks', 'He\u0301llo', ['hello']],
    [
      'strips accents from every letter',
      ' \tH\u00E4LLo!how  \n Are yoU?  ',
      ['hallo', '!', 'how', 'are', 'you', '?'],
    ],
    [
      'makes each CJK ideograph a word of its own',
      'ah\u535A\u63A8zz',
      ['ah', '\u535A', '\u63A8', 'zz'],
    ],
    ['keeps kana inside a word (not a CJK ideograph)', 'a\u3042b', ['a\u3042b']],
    [
      'drops control characters without splitting the word',
      'ab\u0000c\u0007d\uFFFDe\u200Bf',
      ['abcdef'],
    ],
    [
      'treats tab, newline and no-break space as whitespace',
      'a\tb\nc\r\nd\u00A0e\u3000f',
      ['a', 'b', 'c', 'd', 'e', 'f'],
    ],
    ['splits at line and paragraph separators like str.split', 'a\u2028b\u2029c', ['a', 'b', 'c']],
    [
      'splits every ASCII symbol off as punctuation',
      'a$b^c`d~e',
      ['a', '$', 'b', '^', 'c', '`', 'd', '~', 'e'],
    ],
    [
      'splits Unicode punctuation',
      'a\u2014b\u00BFc\u3002',
      ['a', '\u2014', 'b', '\u00BF', 'c', '\u3002'],
    ],
    ['keeps Unicode symbols that are not punctuation', 'a\u00A9b+c', ['a\u00A9b', '+', 'c']],
    ['keeps digits and letters together', 'abc123def', ['abc123def']],
    ['lowercases a final sigma as σ, character by character like HF', 'ΟΔΟΣ', ['οδοσ']],
    ['turns a Hangul syllable into its jamo (NFD)', '\uD55C', ['\u1112\u1161\u11AB']],
    ['drops a word made only of combining marks', 'a \u0301\u0302 b', ['a', 'b']],
    ['returns nothing for empty and blank text', ' \t\n ', []],
  ])('%s', (_name, text, expected) => {
    expect(basicWords(text)).toEqual(expected);
  });
});

describe('WordPiece tokenization', () => {
  it.each([
    [
      'splits into the longest pieces first (HF full tokenizer case)',
      'UNwant\u00E9d,running',
      ['un', '##want', '##ed', ',', 'runn', '##ing'],
    ],
    [
      'splits unwanted running (HF wordpiece case)',
      'unwanted running',
      ['un', '##want', '##ed', 'runn', '##ing'],
    ],
    [
      'turns a word with no full cover into one [UNK] (HF wordpiece case)',
      'unwantedX running',
      ['[UNK]', 'runn', '##ing'],
    ],
    ['gives an empty list for empty text', '', []],
  ])('%s', (_name, text, expected) => {
    expect(piecesOf(text)).toEqual(expected);
  });

  it('splits unaffable into un ##aff ##able', () => {
    expect(piecesOf('unaffable', vocabOf(['un', '##aff', '##able', 'aff']))).toEqual([
      'un',
      '##aff',
      '##able',
    ]);
  });

  it('maps pieces to the ids of the HF test vocabulary', () => {
    const encoding = tokenize('UNwant\u00E9d,running', vocabOf(HF_TEST_VOCAB), {
      addSpecialTokens: false,
    });
    expect(Array.from(encoding.ids)).toEqual([7, 4, 5, 10, 8, 9]);
  });

  it('turns a word of 101 characters into [UNK] but splits one of 100', () => {
    const vocab = vocabOf(['a', '##a']);
    expect(piecesOf('a'.repeat(101), vocab)).toEqual(['[UNK]']);
    expect(piecesOf('a'.repeat(100), vocab)).toEqual(['a', ...Array<string>(99).fill('##a')]);
  });

  it('counts word length in code points, not UTF-16 units', () => {
    const emoji = '\u{1F600}';
    const vocab = vocabOf([emoji, `##${emoji}`]);
    expect(piecesOf(emoji.repeat(100), vocab)).toHaveLength(100);
  });
});

describe('special tokens typed in the text', () => {
  const vocab = vocabOf([...HF_TEST_VOCAB, 'the', 'sat', 'mask', '[', ']', 'foo', 'bar']);

  it.each([
    ['keeps [MASK] as one token', 'the [MASK] sat', ['the', '[MASK]', 'sat']],
    [
      'splits a special token out of the middle of a word',
      'foo[MASK]bar',
      ['foo', '[MASK]', 'bar'],
    ],
    ['keeps every special token', '[CLS][SEP][PAD][UNK]', ['[CLS]', '[SEP]', '[PAD]', '[UNK]']],
    ['matches special tokens case-sensitively', 'the [mask] sat', ['the', '[', 'mask', ']', 'sat']],
    ['does not match a truncated special token', 'the [MASK', ['the', '[', 'mask']],
  ])('%s', (_name, text, expected) => {
    expect(piecesOf(text, vocab)).toEqual(expected);
  });

  it('gives a typed [MASK] the mask id and its span', () => {
    const encoding = tokenize('the [MASK] sat', vocab, { addSpecialTokens: false });
    expect(encoding.ids[1]).toBe(vocab.special.mask);
    expect(encoding.spans[1]).toEqual([4, 10]);
  });
});

describe('token spans', () => {
  const vocab = vocabOf([...HF_TEST_VOCAB, 'cafe', 'hello', '!', '\u535A']);

  function spansOf(text: string): unknown[] {
    return [...tokenize(text, vocab, { addSpecialTokens: false }).spans];
  }

  it.each([
    [
      'give ## pieces their part of the word',
      'UNwant\u00E9d,running',
      [
        [0, 2],
        [2, 6],
        [6, 8],
        [8, 9],
        [9, 13],
        [13, 16],
      ],
    ],
    [
      'cover a combining accent folded into a letter',
      'Cafe\u0301!',
      [
        [0, 5],
        [5, 6],
      ],
    ],
    ['cover a precomposed accent as one character', 'H\u00E9llo', [[0, 5]]],
    ['skip surrounding whitespace', '  hello  ', [[2, 7]]],
    ['cover dropped control characters inside a word', 'hel\u0000lo', [[0, 6]]],
    [
      'give [UNK] the whole word',
      'xyz hello',
      [
        [0, 3],
        [4, 9],
      ],
    ],
    [
      'count UTF-16 units for astral characters',
      '\u{1F600} hello',
      [
        [0, 2],
        [3, 8],
      ],
    ],
    [
      'isolate a CJK ideograph',
      'hello\u535Ahello',
      [
        [0, 5],
        [5, 6],
        [6, 11],
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(spansOf(text)).toEqual(expected);
  });
});

describe('added [CLS] and [SEP]', () => {
  const vocab = vocabOf(HF_TEST_VOCAB);

  it('wraps the tokens by default, with null spans', () => {
    const encoding = tokenize('running', vocab);
    expect(encoding.pieces).toEqual(['[CLS]', 'runn', '##ing', '[SEP]']);
    expect(Array.from(encoding.ids)).toEqual([vocab.special.cls, 8, 9, vocab.special.sep]);
    expect(encoding.spans).toEqual([null, [0, 4], [4, 7], null]);
  });

  it('gives [CLS] [SEP] for empty text', () => {
    expect(tokenize('', vocab).pieces).toEqual(['[CLS]', '[SEP]']);
  });
});

describe('detokenizing', () => {
  it.each([
    ['##ing', 'ing'],
    ['run', 'run'],
    ['##', '##'],
  ])('shows piece %s as %s', (piece, text) => {
    expect(pieceToText(piece)).toBe(text);
  });

  it('glues continuations onto the previous piece', () => {
    expect(detokenize(['un', '##want', '##ed', ',', 'runn', '##ing'])).toBe('unwanted , running');
  });
});
