/**
 * A paste into the sentence box that would pass its length limit is cut here, not by the
 * textarea's maxLength (which cuts silently, mid-word): at the last space that fits, and the cut
 * is described so the box can say what was left out.
 */

/** The box's text after a paste, and what of the paste was left out (null when it all fit). */
export interface PasteResult {
  readonly text: string;
  /** Where the text now ends, when the paste was cut. */
  readonly cut: { readonly droppedChars: number; readonly endsWith: string } | null;
}

const TAIL_CHARS = 24;

/** The paste's end inside `room` characters: the last whitespace, else a whole code point. */
function cutIndex(pasted: string, room: number): number {
  if (room <= 0) return 0;
  const space = pasted.slice(0, room + 1).search(/\s\S*$/);
  if (space > 0) return space;
  const code = pasted.charCodeAt(room - 1);
  return code >= 0xd800 && code <= 0xdbff ? room - 1 : room;
}

/** Inserts `pasted` over `value`'s selection [start, end), keeping the whole under `maxChars`. */
export function pasteInto(
  value: string,
  start: number,
  end: number,
  pasted: string,
  maxChars: number,
): PasteResult {
  const before = value.slice(0, start);
  const after = value.slice(end);
  const room = maxChars - before.length - after.length;
  if (pasted.length <= room) return { text: before + pasted + after, cut: null };
  const kept = pasted.slice(0, cutIndex(pasted, room)).trimEnd();
  const text = before + kept + after;
  const tail = text.slice(0, before.length + kept.length).slice(-TAIL_CHARS);
  return { text, cut: { droppedChars: pasted.length - kept.length, endsWith: tail } };
}

/** The note under the box after a cut paste. */
export function describeCut(cut: NonNullable<PasteResult['cut']>, maxChars: number): string {
  return `The paste was cut to fit the box's ${maxChars.toLocaleString('en-US')} characters: it now ends at "…${cut.endsWith}", and ${cut.droppedChars.toLocaleString('en-US')} characters after that were left out.`;
}
