import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MaskMode } from '../../src/masks/maskMode';
import {
  findMaskEntry,
  formulaOfEntry,
  MASK_CATALOGUE,
  numericsNote,
  numericsOf,
  paddingSideNote,
  RENAMED_MASK_IDS,
  titleOf,
  withConstant,
} from '../../src/masks/catalogue';
import {
  describeMode,
  FLOAT32_MIN,
  FORMULA_NOTATION,
  formatConstant,
  formulaOf,
  MASK_KINDS,
  modeUsesConstant,
  replaceConstant,
} from '../../src/masks/modes';
import { BFLOAT16_MIN, DEFAULT_NUMERICS, FLOAT16_MIN } from '../../src/masks/numerics';

const entry = (id: string) => {
  const found = findMaskEntry(id);
  if (found === undefined) throw new Error(`no catalogue entry ${id}`);
  return found;
};

describe('the mask catalogue', () => {
  it('gives every entry a unique URL-safe id', () => {
    const ids = MASK_CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const id of ids) expect(encodeURIComponent(id)).toBe(id);
  });

  it.each([
    ['key-additive', { kind: 'keyAdditive', constant: -1e4 }, 'cumsum', 'right', true],
    ['key-renormalised', { kind: 'keyRenormalised' }, 'cumsum', 'right', true],
    ['both-axes', { kind: 'bothAdditive', constant: -1e4 }, 'cumsum', 'right', true],
    ['no-mask', { kind: 'none' }, 'cumsum', 'right', false],
    ['weak-constant', { kind: 'keyAdditive', constant: -1e-9 }, 'cumsum', 'right', false],
    ['query-axis', { kind: 'queryAdditive', constant: -1e4 }, 'cumsum', 'right', false],
    [
      'inverted-polarity',
      { kind: 'invertedKeyAdditive', constant: -1e4 },
      'cumsum',
      'right',
      false,
    ],
    ['after-softmax', { kind: 'keyAfterSoftmax' }, 'cumsum', 'right', false],
    ['multiplicative', { kind: 'multiplicative' }, 'cumsum', 'right', false],
    ['float-add', { kind: 'floatAdd' }, 'cumsum', 'right', false],
    ['left-pad-arange', { kind: 'keyAdditive', constant: -1e4 }, 'arange', 'left', false],
    [
      'neg-inf-fully-masked',
      { kind: 'bothAdditive', constant: -Infinity },
      'cumsum',
      'right',
      false,
    ],
  ] as const)(
    'lists %s with its mode, positions, side and correctness',
    (id, mode, pos, side, ok) => {
      const found = entry(id);
      expect(found.mode).toEqual(mode);
      expect(found.positions).toBe(pos);
      expect(found.paddingSide).toBe(side);
      expect(found.isCorrect).toBe(ok);
    },
  );

  it.each([
    ['causal-key-mask', { kind: 'keyAdditive', constant: -1e4 }, 'right', true, 'fp32', true, 1],
    [
      'causal-left-pad',
      { kind: 'keyAdditive', constant: -Infinity },
      'left',
      false,
      'fp32',
      true,
      1,
    ],
    [
      'causal-left-pad-arange',
      { kind: 'keyAdditive', constant: -1e4 },
      'left',
      false,
      'fp32',
      true,
      1,
    ],
    [
      'bool-cast-mask',
      { kind: 'invertedKeyAdditive', constant: -Infinity },
      'right',
      false,
      'fp32',
      false,
      1,
    ],
    [
      'large-scores-1e5',
      { kind: 'keyAdditive', constant: -1e5 },
      'right',
      false,
      'fp32',
      false,
      1e5,
    ],
    ['nan-masked-values', { kind: 'keyAfterSoftmax' }, 'right', false, 'fp32', false, 1],
    ['fp16-neg-1e9', { kind: 'bothAdditive', constant: -1e9 }, 'right', false, 'fp16', false, 1],
    [
      'fp16-min-planes-sum',
      { kind: 'keyAdditive', constant: FLOAT16_MIN },
      'left',
      false,
      'fp16',
      true,
      1,
    ],
  ] as const)(
    'lists %s with its mode, side, correctness and numerics',
    (id, mode, side, ok, precision, isCausal, scoreScale) => {
      const found = entry(id);
      expect(found.mode).toEqual(mode);
      expect(found.paddingSide).toBe(side);
      expect(found.isCorrect).toBe(ok);
      expect(numericsOf(found)).toEqual({ precision, isCausal, scoreScale });
    },
  );

  it('writes the numerics into the formula and says when the run does not use them', () => {
    expect(formulaOfEntry(entry('fp16-neg-1e9'))).toBe(
      'softmax(S + max(K(1-m), Q(1-m))·(-1e9)), in fp16',
    );
    expect(formulaOfEntry(entry('fp16-min-planes-sum'))).toBe(
      'softmax(S + K(1-m)·(fp16 min)), causal: + C·c, in fp16',
    );
    expect(formulaOfEntry(entry('large-scores-1e5'))).toMatch(/S ×1e5$/);
    expect(numericsOf(entry('key-additive'))).toEqual(DEFAULT_NUMERICS);
    const fp16 = entry('fp16-neg-1e9');
    expect(numericsNote(fp16, numericsOf(fp16))).toBeNull();
    expect(numericsNote(fp16, DEFAULT_NUMERICS)).toMatch(/with fp16;/);
    expect(numericsNote(entry('causal-left-pad'), DEFAULT_NUMERICS)).toMatch(/causal on/);
    expect(numericsNote(entry('no-mask'), { ...DEFAULT_NUMERICS, precision: 'bf16' })).toBeNull();
  });

  it('uses the float32 minimum exactly', () => {
    expect(FLOAT32_MIN).toBe(-3.4028234663852886e38);
    expect(Math.fround(FLOAT32_MIN)).toBe(FLOAT32_MIN);
  });

  it('names a public report for every bug entry', () => {
    for (const e of MASK_CATALOGUE.filter((x) => !x.isCorrect)) {
      expect(e.seenIn.length, e.id).toBeGreaterThan(0);
      expect(e.symptom.length, e.id).toBeGreaterThan(20);
    }
  });

  it('credits the query-axis bug to the reports in the notes', () => {
    expect(entry('query-axis').seenIn).toContain('hyunwoongko/transformer PR 40');
  });

  it('offers constants exactly for the modes that take one', () => {
    for (const e of MASK_CATALOGUE) {
      expect(e.constantChoices.length > 0, e.id).toBe(modeUsesConstant(e.mode));
      if (modeUsesConstant(e.mode)) expect(e.constantChoices, e.id).toContain(e.mode.constant);
    }
  });

  it('lets the user pick float32 min for the correct key mask', () => {
    const picked = withConstant(entry('key-additive'), FLOAT32_MIN);
    expect(picked.mode).toEqual({ kind: 'keyAdditive', constant: FLOAT32_MIN });
    expect(picked.id).toBe('key-additive');
    expect(picked.isCorrect).toBe(true);
  });

  it('names the constant that runs in the title and the formula', () => {
    const picked = withConstant(entry('key-additive'), -1e9);
    expect(titleOf(picked)).toBe('Correct key mask (c = -1e9)');
    expect(formulaOfEntry(picked)).toBe('softmax(S + K(1-m)·(-1e9))');
    expect(titleOf(withConstant(entry('key-additive'), FLOAT32_MIN))).toBe(
      'Correct key mask (c = float32 min)',
    );
    expect(titleOf(entry('no-mask'))).toBe('No mask (mask not passed on)');
    expect(formulaOfEntry(entry('left-pad-arange'))).toMatch(/pos = arange\(T\)/);
  });

  it('says why the left-padding position bug looks clean under right padding, and only then', () => {
    const arange = entry('left-pad-arange');
    expect(paddingSideNote(arange, 'right')).toMatch(/exactly like the correct mask.*left padding/);
    expect(paddingSideNote(arange, 'left')).toBeNull();
    expect(paddingSideNote(entry('no-mask'), 'right')).toBeNull();
    expect(paddingSideNote(entry('no-mask'), 'left')).toBeNull();
  });

  it('maps the ids of the merged -1e4, -1e9 and float32-min entries to constant choices', () => {
    for (const [old, { id, constant }] of Object.entries(RENAMED_MASK_IDS)) {
      expect(findMaskEntry(old), old).toBeUndefined();
      expect(entry(id).constantChoices, old).toContain(constant);
    }
  });

  it('refuses a constant that would change whether an entry is correct', () => {
    expect(() => withConstant(entry('key-additive'), -1e-9)).toThrow(/choose one of/);
    expect(() => withConstant(entry('no-mask'), -1e4)).toThrow(/does not take/);
  });

  it('finds nothing for an unknown id', () => {
    expect(findMaskEntry('not-an-entry')).toBeUndefined();
  });
});

describe('mode descriptions', () => {
  const oneOfEachKind: readonly MaskMode[] = [
    { kind: 'keyAdditive', constant: -1e4 },
    { kind: 'keyRenormalised' },
    { kind: 'none' },
    { kind: 'queryAdditive', constant: -1e9 },
    { kind: 'bothAdditive', constant: -Infinity },
    { kind: 'invertedKeyAdditive', constant: FLOAT32_MIN },
    { kind: 'keyAfterSoftmax' },
    { kind: 'multiplicative' },
    { kind: 'floatAdd' },
  ];

  it('covers every kind', () => {
    expect(oneOfEachKind.map((m) => m.kind)).toEqual(MASK_KINDS);
  });

  it.each(oneOfEachKind)('describes $kind distinctly with the constant filled in', (mode) => {
    const others = oneOfEachKind.filter((m) => m !== mode);
    expect(others.map(describeMode)).not.toContain(describeMode(mode));
    expect(others.map(formulaOf)).not.toContain(formulaOf(mode));
    expect(formulaOf(mode)).toMatch(/^softmax\(S/);
    if (modeUsesConstant(mode)) {
      expect(formulaOf(mode)).toContain(formatConstant(mode.constant));
      expect(describeMode(mode)).toContain(formatConstant(mode.constant));
    }
  });

  it('writes every formula in one notation that defines each of its symbols', () => {
    const defined = new Set(FORMULA_NOTATION.map((entry) => entry.symbol));
    for (const { mode } of MASK_CATALOGUE) {
      const formula = formulaOf(mode);
      // K(…) and Q(…) are the axis operators; S, m and ⊙ stand alone.
      const used = [...formula.matchAll(/\b([KQ])\(|\b(S|m)\b|(⊙)/g)].map(([, axis, name, op]) =>
        axis !== undefined ? `${axis}(x)` : (name ?? op ?? ''),
      );
      for (const symbol of used) expect(defined, `${symbol} in ${formula}`).toContain(symbol);
    }
    expect(formulaOf({ kind: 'keyAdditive', constant: -1e4 })).toBe('softmax(S + K(1-m)·(-1e4))');
    expect(formulaOf({ kind: 'queryAdditive', constant: -1e4 })).toBe('softmax(S + Q(1-m)·(-1e4))');
    expect(formulaOf({ kind: 'keyAfterSoftmax' })).toBe('softmax(S) ⊙ K(m)');
  });

  it('the README writes the mode table in the same notation and defines it', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const { symbol } of FORMULA_NOTATION) expect(readme).toContain(`\`${symbol}\``);
    expect(readme).not.toMatch(/\(1-m\)[ₖ_]/);
    expect(readme).toContain('`softmax(S + K(1-m)·c)`');
  });

  it.each([
    [-1e4, '-1e4'],
    [-1e9, '-1e9'],
    [FLOAT32_MIN, 'float32 min'],
    [-1e-9, '-1e-9'],
    [-Infinity, '-∞'],
    [-3.5, '-3.5'],
    [-2.5e12, '-2.5e12'],
    [FLOAT16_MIN, 'fp16 min'],
    [BFLOAT16_MIN, 'bf16 min'],
  ])('formats the constant %d as %s', (constant, label) => {
    expect(formatConstant(constant)).toBe(label);
  });

  it('replaces a constant and refuses to add one to a kind without', () => {
    expect(replaceConstant({ kind: 'queryAdditive', constant: -1e4 }, -1e9)).toEqual({
      kind: 'queryAdditive',
      constant: -1e9,
    });
    expect(() => replaceConstant({ kind: 'floatAdd' }, -1e9)).toThrow(/no constant/);
  });
});
