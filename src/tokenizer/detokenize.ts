/** Turning WordPiece tokens back into readable text, for labels in the UI. */
import { CONTINUATION_PREFIX } from './wordpiece';

/** Whether a piece continues the previous one (`##ing`). */
export function isContinuation(piece: string): boolean {
  return piece.startsWith(CONTINUATION_PREFIX) && piece.length > CONTINUATION_PREFIX.length;
}

/** The text of one piece without its continuation marker: `##ing` → `ing`, `run` → `run`. */
export function pieceToText(piece: string): string {
  return isContinuation(piece) ? piece.slice(CONTINUATION_PREFIX.length) : piece;
}

/**
 * Joins pieces into text the way Hugging Face's `convert_tokens_to_string` does: spaces
 * between words, continuations glued on (`["un", "##want", "##ed", "!"]` → `"unwanted !"`).
 */
export function detokenize(pieces: readonly string[]): string {
  let text = '';
  for (const piece of pieces) {
    if (isContinuation(piece)) {
      text += pieceToText(piece);
    } else {
      text += text === '' ? piece : ` ${piece}`;
    }
  }
  return text;
}
