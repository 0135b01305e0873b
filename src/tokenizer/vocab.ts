/** The special tokens every BERT vocabulary must contain, by role. */
export const SPECIAL_TOKENS = {
  pad: '[PAD]',
  unk: '[UNK]',
  cls: '[CLS]',
  sep: '[SEP]',
  mask: '[MASK]',
} as const;

/** A special token's role: `pad`, `unk`, `cls`, `sep` or `mask`. */
export type SpecialRole = keyof typeof SPECIAL_TOKENS;

/** A WordPiece vocabulary: the index of a token is its id. */
export interface Vocab {
  /** Where it came from, for messages ("public/models/maskscope-brown/vocab.txt"). */
  readonly source: string;
  /** Every token in id order. */
  readonly tokens: readonly string[];
  /** The id of a token, or undefined when it is not in the vocabulary (case-sensitive). */
  idOf(token: string): number | undefined;
  /** Ids of the special tokens, looked up by their strings. */
  readonly special: Readonly<Record<SpecialRole, number>>;
}

/** A vocabulary that cannot be used; the message names the source and the problem. */
export class VocabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VocabError';
  }
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Builds a vocabulary from tokens in id order. Throws `VocabError` on an empty list, an empty
 * or duplicate token, or a missing special token.
 */
export function vocabFromTokens(tokens: readonly string[], source: string): Vocab {
  if (tokens.length === 0) {
    throw new VocabError(`${source}: the vocabulary is empty`);
  }
  const ids = new Map<string, number>();
  tokens.forEach((token, id) => {
    if (token === '') {
      throw new VocabError(`${source}: line ${id + 1} is empty (every line must hold one token)`);
    }
    const earlier = ids.get(token);
    if (earlier !== undefined) {
      throw new VocabError(
        `${source}: token ${JSON.stringify(token)} appears twice (lines ${earlier + 1} and ${id + 1})`,
      );
    }
    ids.set(token, id);
  });
  const special = lookUpSpecials(ids, source);
  const frozenTokens = Object.freeze([...tokens]);
  return { source, tokens: frozenTokens, idOf: (token) => ids.get(token), special };
}

function lookUpSpecials(
  ids: ReadonlyMap<string, number>,
  source: string,
): Readonly<Record<SpecialRole, number>> {
  const special: Partial<Record<SpecialRole, number>> = {};
  const missing: string[] = [];
  for (const role of Object.keys(SPECIAL_TOKENS) as SpecialRole[]) {
    const id = ids.get(SPECIAL_TOKENS[role]);
    if (id === undefined) {
      missing.push(SPECIAL_TOKENS[role]);
    } else {
      special[role] = id;
    }
  }
  if (missing.length > 0) {
    throw new VocabError(`${source}: missing required special token(s) ${missing.join(', ')}`);
  }
  // Every role was found above.
  return Object.freeze(special as Record<SpecialRole, number>);
}

/** A line end as Python's universal newlines read it (`open(..., "r")`): \r\n, \n or a lone \r. */
const LINE_END = /\r\n|\r|\n/;
const FINAL_LINE_END = /(?:\r\n|\r|\n)$/;

/**
 * Parses a `vocab.txt`: one token per line, an optional final line end and byte-order mark.
 * Like Hugging Face's `load_vocab` (text mode, so `\r\n`, `\n` and a lone `\r` all end a line),
 * nothing but the line end is stripped.
 */
export function parseVocab(text: string, source: string): Vocab {
  const body = (
    text.startsWith(BYTE_ORDER_MARK) ? text.slice(BYTE_ORDER_MARK.length) : text
  ).replace(FINAL_LINE_END, '');
  const tokens = body === '' ? [] : body.split(LINE_END);
  return vocabFromTokens(tokens, source);
}
