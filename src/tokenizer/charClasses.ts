/**
 * Character classes of BERT's basic tokenizer, following Hugging Face's
 * `transformers/models/bert/tokenization_bert.py` (`_is_whitespace`, `_is_control`,
 * `_is_punctuation`, `BasicTokenizer._is_chinese_char`). Every function takes one code point.
 * Unicode categories come from the JavaScript engine's tables, which may be a Unicode version
 * ahead of or behind Python's `unicodedata`; only unassigned or newly assigned code points differ.
 */

const SPACE_SEPARATOR = /^\p{Zs}$/u;
const OTHER = /^\p{C}$/u;
const PUNCTUATION = /^\p{P}$/u;
const NONSPACING_MARK = /^\p{Mn}$/u;

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const NULL_CHAR = 0x00;
const REPLACEMENT_CHAR = 0xfffd;
const DELETE_CHAR = 0x7f;
const FIRST_NON_CONTROL = 0x20;
/** Code points below this are ASCII; the ASCII answers below skip the Unicode regexes. */
export const ASCII_END = 0x80;
/** The first nonspacing mark (U+0300 COMBINING GRAVE ACCENT). */
const FIRST_NONSPACING_MARK = 0x300;
const LINE_SEPARATOR = 0x2028;
const PARAGRAPH_SEPARATOR = 0x2029;

/** ASCII ranges BERT treats as punctuation although Unicode calls some of them symbols (`$`, `^`, `` ` ``). */
const ASCII_PUNCTUATION_RANGES: readonly (readonly [number, number])[] = [
  [33, 47],
  [58, 64],
  [91, 96],
  [123, 126],
];

/** The CJK blocks of `_is_chinese_char`: each such character becomes a word of its own. */
const CJK_RANGES: readonly (readonly [number, number])[] = [
  [0x4e00, 0x9fff],
  [0x3400, 0x4dbf],
  [0x20000, 0x2a6df],
  [0x2a700, 0x2b73f],
  [0x2b740, 0x2b81f],
  [0x2b820, 0x2ceaf],
  [0xf900, 0xfaff],
  [0x2f800, 0x2fa1f],
];

function inRanges(codePoint: number, ranges: readonly (readonly [number, number])[]): boolean {
  return ranges.some(([low, high]) => codePoint >= low && codePoint <= high);
}

function charOf(codePoint: number): string {
  return String.fromCodePoint(codePoint);
}

/** `_is_whitespace`: space, tab, newline, carriage return or any Unicode space separator (Zs). */
export function isWhitespace(codePoint: number): boolean {
  if (
    codePoint === SPACE ||
    codePoint === TAB ||
    codePoint === LINE_FEED ||
    codePoint === CARRIAGE_RETURN
  ) {
    return true;
  }
  return codePoint >= ASCII_END && SPACE_SEPARATOR.test(charOf(codePoint));
}

/**
 * Where Python's `str.split()` splits besides `isWhitespace`: the line and paragraph separators
 * (categories Zl, Zp) survive text cleaning but still end a word.
 */
export function isWordBreak(codePoint: number): boolean {
  return (
    isWhitespace(codePoint) || codePoint === LINE_SEPARATOR || codePoint === PARAGRAPH_SEPARATOR
  );
}

/** `_is_control`: category C* (control, format, surrogate, private use, unassigned) except \t \n \r. */
export function isControl(codePoint: number): boolean {
  if (codePoint === TAB || codePoint === LINE_FEED || codePoint === CARRIAGE_RETURN) {
    return false;
  }
  if (codePoint < ASCII_END) {
    return codePoint < FIRST_NON_CONTROL || codePoint === DELETE_CHAR;
  }
  // Lone surrogates reach here as a single UTF-16 unit and are category Cs.
  return OTHER.test(charOf(codePoint));
}

/** Characters `_clean_text` drops: NUL, U+FFFD and control characters. */
export function isDroppedByCleaning(codePoint: number): boolean {
  return codePoint === NULL_CHAR || codePoint === REPLACEMENT_CHAR || isControl(codePoint);
}

/** `_is_punctuation`: the ASCII non-alphanumeric ranges or any Unicode punctuation (P*). */
export function isPunctuation(codePoint: number): boolean {
  if (inRanges(codePoint, ASCII_PUNCTUATION_RANGES)) {
    return true;
  }
  return codePoint >= ASCII_END && PUNCTUATION.test(charOf(codePoint));
}

/** `_is_chinese_char`: CJK unified and compatibility ideographs (not kana or hangul). */
export function isCjkIdeograph(codePoint: number): boolean {
  return inRanges(codePoint, CJK_RANGES);
}

/** Nonspacing marks (Mn), which accent stripping removes after NFD decomposition. */
export function isNonspacingMark(codePoint: number): boolean {
  return codePoint >= FIRST_NONSPACING_MARK && NONSPACING_MARK.test(charOf(codePoint));
}
