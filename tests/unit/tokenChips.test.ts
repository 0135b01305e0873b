import { describe, expect, it } from 'vitest';
import { chipsOf, STRIP_HEAD_CHIPS, STRIP_TAIL_CHIPS } from '../../src/viz/tokenChips';

const covered = (chips: ReturnType<typeof chipsOf>) =>
  chips.reduce((sum, chip) => sum + (chip.kind === 'piece' ? 1 : chip.end - chip.start), 0);

describe('token strip chips', () => {
  it('shows a 2,048-position dump as a few lines of chips, first and last positions kept', () => {
    const pieces = Array.from({ length: 2048 }, (_, t) => `t${t}`);
    const chips = chipsOf(pieces);
    expect(chips.length).toBe(STRIP_HEAD_CHIPS + 1 + STRIP_TAIL_CHIPS);
    expect(chips[0]).toEqual({ kind: 'piece', t: 0, piece: 't0' });
    expect(chips.at(-1)).toEqual({ kind: 'piece', t: 2047, piece: 't2047' });
    expect(chips[STRIP_HEAD_CHIPS]).toEqual({
      kind: 'elided',
      start: STRIP_HEAD_CHIPS,
      end: 2048 - STRIP_TAIL_CHIPS,
    });
    expect(covered(chips)).toBe(2048);
  });

  it('keeps every chip of a sentence with its padding collapsed', () => {
    const pieces = ['[CLS]', 'a', 'cat', '[SEP]', ...Array<string>(32).fill('[PAD]')];
    expect(chipsOf(pieces).map((chip) => chip.kind)).toEqual([
      'piece',
      'piece',
      'piece',
      'piece',
      'padding',
    ]);
  });
});
