import { describe, expect, it } from 'vitest';
import { describeCut, pasteInto } from '../../app/components/InputPanel/sentencePaste';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('pasting into the sentence box', () => {
  it('keeps a paste that fits whole, over the selection', () => {
    expect(pasteInto('the cat sat', 4, 7, 'dog', 100)).toEqual({
      text: 'the dog sat',
      cut: null,
    });
  });

  it('cuts a long paste at the last space that fits, never mid-word, and says what was left out', () => {
    const pasted = words(500);
    const { text, cut } = pasteInto('', 0, 0, pasted, 2000);
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(pasted.startsWith(`${text} `)).toBe(true);
    expect(cut).toEqual({
      droppedChars: pasted.length - text.length,
      endsWith: text.slice(-24),
    });
  });

  it('counts the room left by the text around the selection', () => {
    const { text, cut } = pasteInto('ab', 1, 1, 'xx yy zz', 7);
    expect(text).toBe('axx yyb');
    expect(cut?.droppedChars).toBe(3);
  });

  it('never splits a surrogate pair when the paste has no space to cut at', () => {
    const { text } = pasteInto('', 0, 0, '😀😀😀', 3);
    expect(text).toBe('😀');
  });

  it('names the cut in words with its position', () => {
    expect(describeCut({ droppedChars: 1234, endsWith: 'the end' }, 2000)).toBe(
      'The paste was cut to fit the box\'s 2,000 characters: it now ends at "…the end", and 1,234 characters after that were left out.',
    );
  });
});
