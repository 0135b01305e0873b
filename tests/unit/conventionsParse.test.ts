// The typed-mask parser: the forms people paste (bare rows, Python and JSON lists, torch/numpy
// calls with a dtype, -inf spellings, quoted numbers), clear messages naming the bad token, and
// two properties: it throws nothing but ConventionError, and formatted arrays read back exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConventionError } from '../../src/conventions/conventionError';
import { formatMask } from '../../src/conventions/formatMask';
import { parseTypedMask } from '../../src/conventions/parseMask';

const values = (text: string) => Array.from(parseTypedMask(text).data);

describe('parseTypedMask', () => {
  it.each([
    ['1 1 1 0 0', [5], 'int', [1, 1, 1, 0, 0]],
    ['1, 1, 0', [3], 'int', [1, 1, 0]],
    ['[[True, True, False]]', [1, 3], 'bool', [1, 1, 0]],
    ['[true, false]', [2], 'bool', [1, 0]],
    ['0 0 -inf', [3], 'float', [0, 0, -Infinity]],
    ['[0., "-1e9", -1e4]', [3], 'float', [0, Math.fround(-1e9), -1e4]],
    [
      "[0.0, float('-inf'), -np.inf, -torch.inf]",
      [4],
      'float',
      [0, -Infinity, -Infinity, -Infinity],
    ],
    ['[0, torch.finfo(torch.float32).min]', [2], 'float', [0, -3.4028234663852886e38]],
    ['1 1 0\n1 0 0', [2, 3], 'int', [1, 1, 0, 1, 0, 0]],
    ['1 1 0; 1 0 0', [2, 3], 'int', [1, 1, 0, 1, 0, 0]],
    ['torch.tensor([[1, 1, 0]], dtype=torch.bool)', [1, 3], 'bool', [1, 1, 0]],
    ['np.array([1, 0, 0], dtype=np.float32)', [3], 'float', [1, 0, 0]],
    ['[[1], [1], [0],]', [3, 1], 'int', [1, 1, 0]],
  ] as const)('reads %s', (text, shape, kind, data) => {
    const array = parseTypedMask(text);
    expect(array.shape).toEqual(shape);
    expect(array.kind).toBe(kind);
    expect(Array.from(array.data)).toEqual(data);
  });

  it('names the bad token and where it is', () => {
    expect(() => parseTypedMask('1 1 yes 0')).toThrow(/'yes' \(character 5\) is not a mask value/);
    expect(() => parseTypedMask('[1, 1, maybe]')).toThrow(/'maybe'/);
  });

  it('says what is ragged, unclosed or mixed', () => {
    expect(() => parseTypedMask('[[1, 1], [1]]')).toThrow(/ragged/);
    expect(() => parseTypedMask('[[1, 1]')).toThrow(/never closed/);
    expect(() => parseTypedMask('[1 1]')).toThrow(/expected ',' or '\]'/);
    expect(() => parseTypedMask('[True, 0]')).toThrow(/mixes True\/False with numbers/);
    expect(() => parseTypedMask('   ')).toThrow(/empty/);
    expect(() => parseTypedMask('[]')).toThrow(/empty list/);
    expect(() => parseTypedMask('[1, 0] ]')).toThrow(/after the closing/);
  });

  it('a bool dtype casts numbers the way torch does: non-zero is True', () => {
    expect(values('torch.tensor([2, 0, -1], dtype=torch.bool)')).toEqual([1, 0, 1]);
  });

  it('throws nothing but ConventionError, whatever is typed', () => {
    const alphabet = fc.constantFrom(
      ...'[](),;\n 01-.eE+infTrueFalsnx"\'torch.dtype=bool'.split(''),
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 40 })), (text) => {
        try {
          parseTypedMask(text);
        } catch (error) {
          expect(error).toBeInstanceOf(ConventionError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back exactly what formatMask writes, for every kind and rank', () => {
    const shapes = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });
    const floats = fc.oneof(
      fc.float({ noDefaultInfinity: false, noNaN: true }),
      fc.constantFrom(0, -Infinity, -1e4, -1e9),
    );
    const cases = shapes.chain((shape) => {
      const n = shape.reduce((a, b) => a * b, 1);
      return fc.record({
        shape: fc.constant(shape),
        kind: fc.constantFrom('bool' as const, 'int' as const, 'float' as const),
        ints: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n }),
        floats: fc.array(floats, { minLength: n, maxLength: n }),
      });
    });
    fc.assert(
      fc.property(cases, ({ shape, kind, ints, floats }) => {
        const data =
          kind === 'float'
            ? Float32Array.from(floats, (v) => Math.fround(v))
            : Float32Array.from(ints, (v) => (kind === 'bool' ? (v > 0 ? 1 : 0) : v));
        const back = parseTypedMask(formatMask({ shape, kind, data }));
        expect(back.shape).toEqual(shape);
        expect(back.kind).toBe(kind);
        expect(Array.from(back.data)).toEqual(Array.from(data));
      }),
      { numRuns: 500 },
    );
  });
});
