// A Hugging Face tokenizer.json read as a WordPiece vocabulary for `maskscope model --vocab`.
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/tokenizer/tokenize';
import { vocabFromTokenizerJson } from '../../src/tokenizer/tokenizerJson';
import { parseVocab, VocabError } from '../../src/tokenizer/vocab';

const TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'the', 'cat', 'sat', '##s'];
const json = (model: object): string => JSON.stringify({ version: '1.0', model });

describe('tokenizer.json', () => {
  it('tokenises exactly as the same vocabulary given as vocab.txt', () => {
    const vocab = Object.fromEntries(TOKENS.map((token, id) => [token, id]));
    const fromJson = vocabFromTokenizerJson(json({ type: 'WordPiece', vocab }), 'tokenizer.json');
    const fromText = parseVocab(TOKENS.join('\n'), 'vocab.txt');
    expect(Array.from(tokenize('The cats sat', fromJson).ids)).toEqual(
      Array.from(tokenize('The cats sat', fromText).ids),
    );
  });

  it('refuses BPE by name, and ids that are not 0 … N−1', () => {
    expect(() => vocabFromTokenizerJson(json({ type: 'BPE', vocab: {} }), 't.json')).toThrow(
      /only WordPiece tokenizers are read \(this one is BPE\)/,
    );
    const gap = Object.fromEntries(TOKENS.map((token, id) => [token, id * 2]));
    expect(() => vocabFromTokenizerJson(json({ type: 'WordPiece', vocab: gap }), 't.json')).toThrow(
      VocabError,
    );
    expect(() => vocabFromTokenizerJson('{', 't.json')).toThrow(/not JSON/);
  });
});
