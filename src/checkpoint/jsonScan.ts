/**
 * What `JSON.parse` does not say about JSON text (RFC 8259): where the first syntax error is
 * (V8's messages often give no position), and which key of the top-level object appears twice
 * (JSON.parse keeps the last silently). Both are iterative, so any nesting depth is safe.
 */

/** One token after optional whitespace: a string, a scalar, or punctuation. */
const TOKEN =
  // eslint-disable-next-line no-control-regex -- JSON strings forbid raw U+0000 to U+001F.
  /[ \t\n\r]*(?:("(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")|(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)|([{}[\],:]))/y;
const WHITESPACE = /[ \t\n\r]*/y;
const [QUOTE, BACKSLASH, COMMA] = [0x22, 0x5c, 0x2c];
const [OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = [0x7b, 0x7d, 0x5b, 0x5d];

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

/**
 * The UTF-16 offset of the first syntax error in `text`, or null when it is valid JSON. Token by
 * token: call it once JSON.parse has failed, not on every file.
 */
export function jsonErrorOffset(text: string): number | null {
  const open: string[] = [];
  let expect: Expect = 'value';
  let at = 0;
  const afterValue = (): Expect => (open.length === 0 ? 'end' : 'commaOrClose');
  for (;;) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (match === null) {
      WHITESPACE.lastIndex = at;
      WHITESPACE.exec(text);
      const end = WHITESPACE.lastIndex;
      return end === text.length && expect === 'end' ? null : end;
    }
    const [token, string, scalar, punctuation] = match;
    const start = at + token.length - (string ?? scalar ?? punctuation ?? '').length;
    at += token.length;
    const top = open.at(-1);
    const isValueExpected = expect === 'value' || expect === 'valueOrClose';
    if ((expect === 'key' || expect === 'keyOrClose') && string !== undefined) {
      expect = 'colon';
    } else if (isValueExpected && (string !== undefined || scalar !== undefined)) {
      expect = afterValue();
    } else if (isValueExpected && (punctuation === '{' || punctuation === '[')) {
      open.push(punctuation);
      expect = punctuation === '{' ? 'keyOrClose' : 'valueOrClose';
    } else if (
      (punctuation === '}' &&
        (expect === 'keyOrClose' || (expect === 'commaOrClose' && top === '{'))) ||
      (punctuation === ']' &&
        (expect === 'valueOrClose' || (expect === 'commaOrClose' && top === '[')))
    ) {
      open.pop();
      expect = afterValue();
    } else if (expect === 'colon' && punctuation === ':') {
      expect = 'value';
    } else if (expect === 'commaOrClose' && punctuation === ',') {
      expect = top === '{' ? 'key' : 'value';
    } else {
      return start;
    }
  }
}

/**
 * The first key of the top-level object that appears twice, or undefined. `text` must be valid
 * JSON (JSON.parse accepted it): one pass over its characters, tracking depth and strings.
 */
export function firstDuplicateKey(text: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  let isKeyNext = false;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      const start = at;
      for (at++; text.charCodeAt(at) !== QUOTE; at++) {
        if (text.charCodeAt(at) === BACKSLASH) at++;
      }
      if (depth === 1 && isKeyNext) {
        const key = JSON.parse(text.slice(start, at + 1)) as string;
        if (seen.has(key)) return key;
        seen.add(key);
      }
      isKeyNext = false;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth++;
      isKeyNext = depth === 1 && code === OPEN_BRACE;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    } else if (code === COMMA) {
      isKeyNext = depth === 1;
    }
  }
  return undefined;
}

/** "line 3, column 7" (both from 1) of a UTF-16 offset in `text`. */
export function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** The key of the object that stands in for a number that is not a u64 (see quoteNonU64). */
export const NOT_U64_KEY = '\u0000';
const U64_MAX = 2n ** 64n - 1n;

/**
 * `text` (valid JSON) with every whole number that serde would not read as a u64 (`1.0`, `2e0`,
 * `18446744073709551616`) replaced by `{"\u0000": "<the number as written>"}`, or null when
 * there is none. JSON.parse reads `1.0` as 1 and rounds 2^64 + 1; Rust's reader refuses both.
 */
export function quoteNonU64(text: string): string | null {
  const parts: string[] = [];
  let copied = 0;
  for (let at = 0; ;) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (match === null) break;
    const [token, , scalar] = match;
    at += token.length;
    if (scalar === undefined || !/^[-\d]/.test(scalar)) continue;
    const isWholeFloat = /[.eE]/.test(scalar) && Number.isInteger(Number(scalar));
    const isPastU64 = /^\d+$/.test(scalar) && BigInt(scalar) > U64_MAX;
    if (!isWholeFloat && !isPastU64) continue; // negatives and fractions: refused as numbers
    parts.push(text.slice(copied, at - scalar.length), JSON.stringify({ [NOT_U64_KEY]: scalar }));
    copied = at;
  }
  return parts.length === 0 ? null : parts.join('') + text.slice(copied);
}
