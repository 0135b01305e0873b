// The panel's derivation: the padding meant (typed, or the current sentence's), the array (typed,
// cast to a dtype, from the current padding in a polarity, or from a file), and the check.
import { describe, expect, it } from 'vitest';
import { castMask, parseTypedMask } from '../../src/conventions/parseMask';
import { checkConvention } from '../../src/conventions/checkConvention';
import { conventionView } from '../../app/store/conventionSelectors';
import { DEFAULT_CONVENTION_FIELDS, type ConventionFields } from '../../app/store/conventionsSlice';

const CURRENT = Int32Array.from([1, 1, 1, 1, 0, 0]);
const view = (fields: Partial<ConventionFields>, current: Int32Array | null = CURRENT) =>
  conventionView({ ...DEFAULT_CONVENTION_FIELDS, ...fields }, current);
const verdictOf = (v: ReturnType<typeof view>) =>
  v.kind === 'checked' ? v.check.diagnosis.verdict : v.kind;

describe('conventionView', () => {
  it('waits for an array, and for a padding when nothing has run', () => {
    expect(view({}).kind).toBe('waiting');
    expect(view({ conventionTyped: '1 0' }, null)).toMatchObject({ kind: 'waiting' });
  });

  it('checks a typed array against the current sentence padding by default', () => {
    const v = view({ conventionTyped: '[False, False, False, False, True, True]' });
    expect(verdictOf(v)).toBe('correct');
    expect(v.kind === 'checked' && v.meantFrom).toBe(
      'the current sentence: 4 real tokens + 2 padding',
    );
  });

  it('casts the typed values to the dtype chosen', () => {
    const typed = { conventionTyped: '1 1 1 1 0 0' };
    expect(verdictOf(view(typed))).toBe('refused');
    expect(verdictOf(view({ ...typed, conventionDtype: 'bool' }))).toBe('inverted');
    expect(verdictOf(view({ ...typed, conventionDtype: 'float' }))).toBe('weak');
  });

  it('builds the array from the current padding in the polarity the user says', () => {
    const padding = { conventionInput: 'padding' as const };
    expect(verdictOf(view({ ...padding, conventionPolarity: 'bool-true-pad' }))).toBe('correct');
    expect(verdictOf(view({ ...padding, conventionPolarity: 'bool-true-real' }))).toBe('inverted');
    expect(verdictOf(view({ ...padding, conventionPolarity: 'additive-neg-inf' }))).toBe('correct');
  });

  it('reads the chosen array of an opened file', () => {
    const mask = { ...parseTypedMask('[[0, 0, 0, 0, -inf, -inf]]'), name: 'key_padding_mask' };
    const other = { ...parseTypedMask('1 1'), name: 'lengths' };
    const file = { fileName: 'm.npz', arrays: [other, mask] };
    const fields = { conventionInput: 'file' as const, conventionFile: file };
    expect(verdictOf(view({ ...fields, conventionArrayName: 'key_padding_mask' }))).toBe('correct');
    expect(verdictOf(view(fields))).toBe('refused');
  });

  it('uses a typed padding when given, and says what is wrong with it', () => {
    const v = view({ conventionMeant: '1 1 0', conventionTyped: '[False, False, True]' });
    expect(verdictOf(v)).toBe('correct');
    expect(view({ conventionMeant: '1 2 0', conventionTyped: '1' })).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('0/1') as unknown,
    });
  });
});

describe('castMask and refusals', () => {
  it('casts like torch: non-zero is True, ints truncate, -inf cannot be an int', () => {
    const array = parseTypedMask('[2.5, 0.0, -1.5]');
    expect(Array.from(castMask(array, 'bool').data)).toEqual([1, 0, 1]);
    expect(Array.from(castMask(array, 'int').data)).toEqual([2, 0, -1]);
    expect(() => castMask(parseTypedMask('0 -inf'), 'int')).toThrow(/-inf/);
  });

  it('a refused 0/1 int array says what the same values do as bool', () => {
    const d = checkConvention(
      'torch-mha-key-padding',
      parseTypedMask('1 1 1 0 0'),
      Int32Array.from([1, 1, 1, 0, 0]),
    ).diagnosis;
    expect(d.verdict).toBe('refused');
    expect(d.details[0]).toBe(
      'passed as bool (mask.bool()): inverted polarity: key_padding_mask=True means IGNORE, your array is True at real tokens',
    );
  });

  it("asks for the padding meant, instead of refusing on shape, when a typed mask is not the sentence's length", () => {
    const v = view({ conventionTyped: '[[True, True, True, False, False]]' });
    expect(v).toEqual({
      kind: 'waiting',
      message:
        'Your mask has 5 keys and the current sentence 6 positions: type the padding you meant in "Padding you meant", e.g. 1 1 1 0 0.',
    });
    const meant = view({
      conventionTyped: '[[True, True, True, False, False]]',
      conventionMeant: '1 1 1 0 0',
    });
    expect(verdictOf(meant)).toBe('inverted');
  });
});
