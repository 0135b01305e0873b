// The typed-mask parser at its edges: the size and depth limits (one past each is refused with
// the number, the limit itself is read), the dtype spellings torch and numpy use (and the ones it
// refuses by name), the finfo minimums per dtype, the exact positions its messages give, and the
// torch-like casts. Complements conventionsParse.test.ts (the everyday forms).
import { describe, expect, it } from 'vitest';
import { ConventionError } from '../../src/conventions/conventionError';
import {
  MAX_MASK_CHARS,
  MAX_MASK_DEPTH,
  MAX_TYPED_VALUES,
  castMask,
  parseTypedMask,
} from '../../src/conventions/parseMask';

const values = (text: string) => Array.from(parseTypedMask(text).data);
const messageOf = (text: string): string => {
  try {
    parseTypedMask(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConventionError);
    return (error as Error).message;
  }
  throw new Error(`'${text}' was read, not refused`);
};

describe('parseTypedMask limits', () => {
  it('names the array "typed mask" unless told otherwise', () => {
    expect(parseTypedMask('1 0').name).toBe('typed mask');
    expect(parseTypedMask('1 0', 'attn').name).toBe('attn');
  });

  it('reads a text of exactly the longest length and refuses one character more, saying how long it is', () => {
    expect(values('1' + ' '.repeat(MAX_MASK_CHARS - 1))).toEqual([1]);
    const message = messageOf('1' + ' '.repeat(MAX_MASK_CHARS));
    expect(message).toContain(`${MAX_MASK_CHARS + 1} characters long`);
    expect(message).toContain(`at most ${MAX_MASK_CHARS}`);
  });

  it('reads the largest number of values as rows and as a list, and refuses one more', () => {
    expect(parseTypedMask('1 '.repeat(MAX_TYPED_VALUES)).shape).toEqual([MAX_TYPED_VALUES]);
    const list = (n: number) => `[${Array<string>(n).fill('1').join(',')}]`;
    expect(parseTypedMask(list(MAX_TYPED_VALUES)).shape).toEqual([MAX_TYPED_VALUES]);
    const rowsMessage = messageOf('1 '.repeat(MAX_TYPED_VALUES + 1));
    expect(rowsMessage).toContain(`${MAX_TYPED_VALUES + 1} values or more`);
    expect(messageOf(list(MAX_TYPED_VALUES + 1))).toContain(
      `${MAX_TYPED_VALUES + 1} values or more; at most ${MAX_TYPED_VALUES}`,
    );
  });

  it('refuses a paste with more bracket tokens than any mask needs before parsing it', () => {
    const cap = 4 * MAX_TYPED_VALUES + 2 * MAX_MASK_DEPTH;
    // At the cap the parser runs and names the stray comma; one past it, the count is refused.
    expect(messageOf('[' + ','.repeat(cap - 1))).toBe("unexpected ',' at character 2.");
    expect(messageOf('[' + ','.repeat(cap))).toMatch(/values or more; at most 65536/);
  });

  it(`reads brackets nested ${MAX_MASK_DEPTH} deep and names the level one deeper`, () => {
    const nest = (depth: number) => '['.repeat(depth) + '1' + ']'.repeat(depth);
    expect(parseTypedMask(nest(MAX_MASK_DEPTH)).shape).toEqual(Array(MAX_MASK_DEPTH).fill(1));
    expect(messageOf(nest(MAX_MASK_DEPTH + 1))).toBe(
      `the brackets nest deeper than ${MAX_MASK_DEPTH} levels at character ${MAX_MASK_DEPTH + 1}.`,
    );
  });

  it('says the mask is empty when only blanks are typed, and skips blank lines between rows', () => {
    expect(messageOf('  \n ')).toBe('the mask is empty: type values like 1 1 1 0 0.');
    const rows = parseTypedMask('1 0\n   \n1 1');
    expect(rows.shape).toEqual([2, 2]);
    expect(Array.from(rows.data)).toEqual([1, 0, 1, 1]);
  });
});

describe('parseTypedMask messages give the character where it went wrong', () => {
  it.each([
    ['[1, 1 0]', "expected ',' or ']' before '0' at character 7."],
    ['[1, 0', "a '[' is never closed at character 5."],
    ['[1,', "a '[' is never closed at character 3."],
    ['[,1]', "unexpected ',' at character 2."],
    ['[1,,0]', "unexpected ',' at character 4."],
    ['1 [0]', "expected '[' at character 1."],
    ['[[1, 1], [1]]', 'the mask is ragged: row [1] has shape [1], row [0] has [2].'],
    [
      '[[[1], [1]], [[1], [1, 0]]]',
      'the mask is ragged: row [1, 1] has shape [2], row [1, 0] has [1].',
    ],
    [
      '[[[1, 1], [1, 1]], [[1, 1]]]',
      'the mask is ragged: row [1] has shape [1, 2], row [0] has [2, 2].',
    ],
  ])('%s', (text, message) => {
    expect(messageOf(text)).toBe(message);
  });

  it('is a ConventionError by name, so the page shows it as a refusal, not a crash', () => {
    expect(new ConventionError('x').name).toBe('ConventionError');
  });
});

describe('parseTypedMask calls and dtypes', () => {
  it.each([
    ['  torch.tensor([1, 0], dtype=torch.bool)  ', 'bool'],
    ['torch.tensor( [2, 0] ,dtype=torch.bool)', 'bool'],
    ['torch.tensor([2, 0], dtype = torch.bool)', 'bool'],
    ["np.array([1, 0], dtype='bool')", 'bool'],
    ['np.array([1, 0], dtype=np.bool_)', 'bool'],
    ['np.array([1, 0])', 'int'],
    ['torch.tensor([1, 0], dtype=torch.long)', 'int'],
    ['torch.tensor([1, 0], dtype=torch.int64)', 'int'],
    ['np.array([1, 0], dtype=np.uint8)', 'int'],
    ['torch.tensor([1, 0], dtype=torch.half)', 'float'],
    ['torch.tensor([1, 0], dtype=torch.float64)', 'float'],
    ['torch.tensor([1, 0], dtype=torch.bfloat16)', 'float'],
    ['np.array([1, 0], dtype=np.float16)', 'float'],
  ])('reads %s as %s', (text, kind) => {
    const array = parseTypedMask(text);
    expect(array.kind).toBe(kind);
    expect(Array.from(array.data)).toEqual([1, 0]);
  });

  it.each([
    'torch.boolean',
    'torch.qint8',
    'torch.cfloat',
    'torch.float8_e4m3fn',
    'torch.complex64',
  ])('refuses dtype=%s by name', (dtype) => {
    expect(messageOf(`torch.tensor([1, 0], dtype=${dtype})`)).toBe(
      `dtype '${dtype}' is not bool, an integer or a float type.`,
    );
  });

  it('refuses fractions and infinities under an integer dtype', () => {
    const message = 'dtype says integers, but the mask holds fractions or infinities.';
    expect(messageOf('torch.tensor([0.5, 1], dtype=torch.int64)')).toBe(message);
    expect(messageOf('torch.tensor([-inf, 0], dtype=torch.long)')).toBe(message);
    expect(values('torch.tensor([2., 0], dtype=torch.long)')).toEqual([2, 0]);
  });

  it('does not drop text around a call: an expression is refused, not read as its list', () => {
    expect(messageOf('torch.tensor([1, 0]) * 2')).toBe("expected '[' at character 1.");
    expect(messageOf('2 * torch.tensor([1, 0])')).toBe("expected '[' at character 1.");
    expect(messageOf('f(1 0)')).toMatch(/^'f\(1' \(character 1\) is not a mask value/);
  });
});

describe('parseAtom spellings', () => {
  it.each([
    ['torch.finfo(torch.float32).min', Math.fround(-3.4028234663852886e38)],
    ['torch.finfo(torch.float).min', Math.fround(-3.4028234663852886e38)],
    ['torch.finfo(torch.float16).min', -65504],
    ['torch.finfo(torch.half).min', -65504],
    ['torch.finfo(torch.bfloat16).min', Math.fround(-3.3895313892515355e38)],
    ['np.finfo(np.float64).min', -Infinity],
    ['torch.finfo(torch.double).min', -Infinity],
    ['inf', Infinity],
    ['+inf', Infinity],
    ['-Infinity', -Infinity],
    ['float(-1e9)', Math.fround(-1e9)],
    ['.25', 0.25],
    ['-2.5E1', -25],
  ])('reads %s as %d', (token, value) => {
    expect(values(`[0, ${token}]`)).toEqual([0, value]);
  });

  it('reads nan with or without a sign', () => {
    for (const token of ['nan', '+nan', '-NaN', 'np.nan']) {
      const [, value] = values(`0 ${token}`);
      expect(Number.isNaN(value)).toBe(true);
    }
  });

  it('reads several-digit integers as integers', () => {
    const array = parseTypedMask('10 0 -12');
    expect(array.kind).toBe('int');
    expect(Array.from(array.data)).toEqual([10, 0, -12]);
  });

  it.each([
    'info',
    'xinf',
    'nanx',
    'xnan',
    'x1',
    '1x',
    '1"0"',
    '"1"0',
    'torch.finfo(torch.int8).min',
  ])('refuses %s, naming it', (token) => {
    expect(messageOf(`0 ${token}`)).toBe(
      `'${token}' (character 3) is not a mask value: use True/False, 0/1, a number, -inf or "-1e9".`,
    );
  });
});

describe('castMask', () => {
  it('truncates floats toward zero when read as integers, like .to(torch.long)', () => {
    const floats = parseTypedMask('0.7 -1.5 2.5');
    const ints = castMask(floats, 'int');
    expect(ints.kind).toBe('int');
    expect(Array.from(ints.data)).toEqual([0, -1, 2]);
  });

  it('reads an additive mask as bool the way torch does: -inf is True', () => {
    expect(Array.from(castMask(parseTypedMask('0 -inf -1e9'), 'bool').data)).toEqual([0, 1, 1]);
  });

  it('keeps an array already of the asked kind as it is', () => {
    const ints = parseTypedMask('3 0');
    expect(castMask(ints, 'int')).toBe(ints);
    expect(Array.from(castMask(ints, 'float').data)).toEqual([3, 0]);
  });
});
