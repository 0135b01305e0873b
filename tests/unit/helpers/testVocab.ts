import { SPECIAL_TOKENS, vocabFromTokens, type Vocab } from '../../../src/tokenizer/vocab';

/**
 * A vocabulary of `tokens` in order, with any special token they lack appended at the end
 * (so ids from Hugging Face's test vocabularies keep their values).
 */
export function vocabOf(tokens: readonly string[]): Vocab {
  const missing = Object.values(SPECIAL_TOKENS).filter((token) => !tokens.includes(token));
  return vocabFromTokens([...tokens, ...missing], 'test-vocab.txt');
}

/** Hugging Face's `test_wordpiece_tokenizer` vocabulary (tests/models/bert/test_tokenization_bert.py). */
export const HF_TEST_VOCAB: readonly string[] = [
  '[UNK]',
  '[CLS]',
  '[SEP]',
  'want',
  '##want',
  '##ed',
  'wa',
  'un',
  'runn',
  '##ing',
  ',',
];

/** Every printable ASCII character, lowercase only, alone and as a `##` continuation. */
export function asciiCharVocab(): Vocab {
  const chars: string[] = [];
  for (let code = 0x21; code <= 0x7e; code += 1) {
    const char = String.fromCharCode(code);
    if (char === char.toLowerCase()) {
      chars.push(char, `##${char}`);
    }
  }
  return vocabOf([...chars, 'the', 'cat', 'hello', 'world', '##ing']);
}
