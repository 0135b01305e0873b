/**
 * A Hugging Face `tokenizer.json` read as a WordPiece vocabulary. We read the format ourselves
 * rather than add a tokenizers library: maskscope's WordPiece tokenizer already matches
 * `BertTokenizer` (tests/unit/tokenizerParity), and a BERT tokenizer.json is that same vocabulary
 * under `model.vocab` (token → id). Other models (BPE, Unigram) are refused by name.
 */
import { vocabFromTokens, VocabError, type Vocab } from './vocab';

/** Reads tokenizer.json text; throws VocabError unless it is a WordPiece model with a vocab. */
export function vocabFromTokenizerJson(text: string, source: string): Vocab {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new VocabError(`${source}: not JSON`);
  }
  const model = (parsed as { model?: { type?: unknown; vocab?: unknown } } | null)?.model;
  if (model?.type !== 'WordPiece' || typeof model.vocab !== 'object' || model.vocab === null) {
    throw new VocabError(
      `${source}: only WordPiece tokenizers are read (this one is ${typeof model?.type === 'string' ? model.type : 'unknown'}); give --pad-id and no --text to test with random ids`,
    );
  }
  const tokens: string[] = [];
  for (const [token, id] of Object.entries(model.vocab as Record<string, unknown>)) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw new VocabError(`${source}: token ${JSON.stringify(token)} has no whole-number id`);
    }
    tokens[id] = token;
  }
  if (
    tokens.some((token) => token === undefined) ||
    tokens.length !== Object.keys(model.vocab).length
  ) {
    throw new VocabError(`${source}: the vocabulary's ids are not 0 … N−1`);
  }
  return vocabFromTokens(tokens, source);
}
