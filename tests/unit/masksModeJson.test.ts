import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MaskMode } from '../../src/masks/maskMode';
import { MaskModeError, parseMaskMode, serialiseMaskMode } from '../../src/masks/maskModeJson';
import { isConstantKind, MASK_KINDS, modeUsesConstant } from '../../src/masks/modes';

describe('parseMaskMode', () => {
  it.each([
    [
      { kind: 'keyAdditive', constant: -10000.0 },
      { kind: 'keyAdditive', constant: -1e4 },
    ],
    [
      { kind: 'keyAdditive', constant: '-Infinity' },
      { kind: 'keyAdditive', constant: -Infinity },
    ],
    [
      { kind: 'bothAdditive', constant: 'Infinity' },
      { kind: 'bothAdditive', constant: Infinity },
    ],
    [{ kind: 'none' }, { kind: 'none' }],
    [{ kind: 'keyAfterSoftmax' }, { kind: 'keyAfterSoftmax' }],
    [{ kind: 'floatAdd' }, { kind: 'floatAdd' }],
  ] as const)('reads %j', (json, mode) => {
    expect(parseMaskMode(json)).toEqual(mode);
  });

  it('reads "NaN" as a NaN constant', () => {
    const mode = parseMaskMode({ kind: 'queryAdditive', constant: 'NaN' });
    expect(modeUsesConstant(mode) && Number.isNaN(mode.constant)).toBe(true);
  });

  it.each([
    [null, /cases\[0\]\.mode must be an object/],
    [[{ kind: 'none' }], /cases\[0\]\.mode must be an object/],
    ['keyAdditive', /cases\[0\]\.mode must be an object/],
    [{}, /cases\[0\]\.mode\.kind must be one of keyAdditive, .*; got nothing/],
    [{ kind: 'keyadditive' }, /cases\[0\]\.mode\.kind must be one of .*got "keyadditive"/],
    [{ kind: 3 }, /\.kind .*got 3/],
    [{ kind: 'keyAdditive' }, /cases\[0\]\.mode\.constant must be a number .*got nothing/],
    [{ kind: 'keyAdditive', constant: '-inf' }, /\.constant must be a number .*got "-inf"/],
    [{ kind: 'keyAdditive', constant: null }, /\.constant .*got null/],
    [{ kind: 'keyAdditive', constnat: -1e4 }, /cases\[0\]\.mode\.constnat is not a field/],
    [{ kind: 'none', constant: -1e4 }, /\.constant is not a field of a 'none' mask mode/],
    [{ kind: true }, /\.kind .*got true\./],
    [{ kind: ['none'] }, /\.kind .*got an array\./],
    [{ kind: { name: 'none' } }, /\.kind .*got a value of type object\./],
    [{ kind: 'keyAdditive', constant: ['-Infinity'] }, /\.constant .*got an array\./],
    [{ kind: 'keyAdditive', constant: { value: -1e4 } }, /\.constant .*got a value of type object/],
  ])('rejects %j naming the bad field', (json, message) => {
    expect(() => parseMaskMode(json, 'cases[0].mode')).toThrow(MaskModeError);
    expect(() => parseMaskMode(json, 'cases[0].mode')).toThrow(message);
  });

  it('names the value "mode" when the caller names none, and its error MaskModeError', () => {
    expect(() => parseMaskMode({ kind: 'keyadditive' })).toThrow(/^mode\.kind must be one of/);
    expect(() => parseMaskMode({})).toThrow(expect.objectContaining({ name: 'MaskModeError' }));
  });

  it('quotes at most 40 characters of a wrong kind, so a pasted file does not flood the message', () => {
    const pasted = 'x'.repeat(41);
    expect(() => parseMaskMode({ kind: pasted })).toThrow(`got "${'x'.repeat(40)}".`);
  });

  it('only ever throws its own error on arbitrary JSON', () => {
    const kindish = fc.oneof(fc.constantFrom(...MASK_KINDS), fc.string());
    const modeish = fc.record(
      { kind: kindish, constant: fc.oneof(fc.jsonValue(), fc.constant('-Infinity')) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), modeish), (json) => {
        try {
          const mode = parseMaskMode(json);
          expect(MASK_KINDS).toContain(mode.kind);
        } catch (error) {
          expect(error).toBeInstanceOf(MaskModeError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts well-formed modes produced at random', () => {
    fc.assert(
      fc.property(arbitraryMode(), (mode) => {
        const text = JSON.stringify(serialiseMaskMode(mode));
        expect(parseMaskMode(JSON.parse(text))).toEqual(mode);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('serialiseMaskMode', () => {
  it.each([
    [{ kind: 'keyAdditive', constant: -Infinity }, '{"kind":"keyAdditive","constant":"-Infinity"}'],
    [{ kind: 'queryAdditive', constant: -1e4 }, '{"kind":"queryAdditive","constant":-10000}'],
    [{ kind: 'bothAdditive', constant: NaN }, '{"kind":"bothAdditive","constant":"NaN"}'],
    [
      { kind: 'queryAdditive', constant: Infinity },
      '{"kind":"queryAdditive","constant":"Infinity"}',
    ],
    [{ kind: 'multiplicative' }, '{"kind":"multiplicative"}'],
  ] as const)('writes %o as %s', (mode, json) => {
    expect(JSON.stringify(serialiseMaskMode(mode))).toBe(json);
  });
});

function arbitraryMode(): fc.Arbitrary<MaskMode> {
  // JSON has no -0, so the round trip is asked of +0 only.
  const constant = fc.oneof(
    fc.double({ noNaN: true }).map((c) => (c === 0 ? 0 : c)),
    fc.constantFrom(-Infinity, Infinity, -1e4, -1e9, -3.4028234663852886e38),
  );
  const constantKinds = MASK_KINDS.filter(isConstantKind);
  const plainKinds = MASK_KINDS.filter((kind) => !isConstantKind(kind));
  return fc.oneof(
    fc.record({ kind: fc.constantFrom(...constantKinds), constant }),
    fc.record({ kind: fc.constantFrom(...plainKinds) }),
  );
}
