import { describe, expect, it } from 'vitest';
import { parseVocab, VocabError } from '../../src/tokenizer/vocab';

const SPECIALS = '[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]';

describe('parseVocab', () => {
  it('gives each line its index as id', () => {
    const vocab = parseVocab(`${SPECIALS}\nthe\n##s\n`, 'vocab.txt');
    expect(vocab.tokens).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', '##s']);
    expect(vocab.idOf('the')).toBe(5);
    expect(vocab.idOf('##s')).toBe(6);
    expect(vocab.idOf('missing')).toBeUndefined();
  });

  it('looks special ids up by their strings wherever they are', () => {
    const vocab = parseVocab('the\n[MASK]\n[SEP]\n[CLS]\n[UNK]\n[PAD]', 'vocab.txt');
    expect(vocab.special).toEqual({ pad: 5, unk: 4, cls: 3, sep: 2, mask: 1 });
  });

  it.each([
    ['\\n line ends with a final newline', `${SPECIALS}\nthe\n`],
    ['\\n line ends without a final newline', `${SPECIALS}\nthe`],
    ['\\r\\n line ends with a final newline', `${SPECIALS.replaceAll('\n', '\r\n')}\r\nthe\r\n`],
    ['a byte-order mark', `\uFEFF${SPECIALS}\nthe\n`],
  ])('reads %s', (_name, text) => {
    expect(parseVocab(text, 'vocab.txt').tokens).toEqual([
      '[PAD]',
      '[UNK]',
      '[CLS]',
      '[SEP]',
      '[MASK]',
      'the',
    ]);
  });

  it("ends a line at a lone \\r, as Python's universal newlines do for load_vocab", () => {
    const text = `${SPECIALS.replaceAll('\n', '\r')}\rthe\r\ncat\nsat\r`;
    expect(parseVocab(text, 'vocab.txt').tokens).toEqual([
      ...SPECIALS.split('\n'),
      'the',
      'cat',
      'sat',
    ]);
  });

  it('keeps spaces inside a token, stripping only the line end', () => {
    expect(parseVocab(`${SPECIALS}\n a \n`, 'vocab.txt').idOf(' a ')).toBe(5);
  });

  it.each([
    ['an empty file', '', 'models/x/vocab.txt: the vocabulary is empty'],
    ['a file of one newline', '\n', 'models/x/vocab.txt: the vocabulary is empty'],
    ['an empty line', `${SPECIALS}\n\nthe`, 'models/x/vocab.txt: line 6 is empty'],
    [
      'a duplicate token',
      `${SPECIALS}\nthe\ncat\nthe`,
      'models/x/vocab.txt: token "the" appears twice (lines 6 and 8)',
    ],
    [
      'missing special tokens',
      '[PAD]\n[UNK]\n[CLS]\nthe',
      'models/x/vocab.txt: missing required special token(s) [SEP], [MASK]',
    ],
    [
      'lowercase special tokens',
      '[pad]\n[unk]\n[cls]\n[sep]\n[mask]',
      'models/x/vocab.txt: missing required special token(s) [PAD], [UNK], [CLS], [SEP], [MASK]',
    ],
  ])('rejects %s, naming the file', (_name, text, message) => {
    expect(() => parseVocab(text, 'models/x/vocab.txt')).toThrow(VocabError);
    expect(() => parseVocab(text, 'models/x/vocab.txt')).toThrow(message);
  });
});
