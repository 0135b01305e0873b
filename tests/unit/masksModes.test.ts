// The words and formulas of each mask kind, and the labels of its constant, at their edges.
import { describe, expect, it } from 'vitest';
import { formulaOfEntry, MASK_CATALOGUE } from '../../src/masks/catalogue';
import type { MaskMode } from '../../src/masks/maskMode';
import {
  describeMode,
  FORMULA_NOTATION,
  formatConstant,
  formulaOf,
  isConstantKind,
  isMaskKind,
  MASK_KINDS,
  modeUsesConstant,
} from '../../src/masks/modes';

// One mode of each kind, all with the same constant, so only the kind tells them apart.
const SAME_CONSTANT = -1e4;
const modesOfEveryKind: readonly MaskMode[] = MASK_KINDS.map((kind) =>
  isConstantKind(kind) ? { kind, constant: SAME_CONSTANT } : { kind },
);

describe('mask kinds', () => {
  it('agree on which kinds take a constant, as a kind and as a mode', () => {
    for (const kind of MASK_KINDS) {
      const mode = { kind, constant: SAME_CONSTANT } as MaskMode;
      expect(isConstantKind(kind), kind).toBe(modeUsesConstant(mode));
    }
  });

  it('recognise kind names only as strings', () => {
    for (const kind of MASK_KINDS) expect(isMaskKind(kind)).toBe(true);
    expect(isMaskKind(['keyAdditive'])).toBe(false);
    expect(isMaskKind('toString')).toBe(false);
    expect(isMaskKind(undefined)).toBe(false);
  });
});

describe('describeMode and formulaOf', () => {
  it('describe every kind in a sentence of its own, even with the same constant', () => {
    const sentences = modesOfEveryKind.map(describeMode);
    for (const sentence of sentences) expect(sentence).toMatch(/^[A-Z].{20,}/);
    expect(new Set(sentences).size).toBe(sentences.length);
    const formulas = modesOfEveryKind.map(formulaOf);
    expect(new Set(formulas).size).toBe(formulas.length);
  });

  it('write no mask as the plain softmax(S) and leave no constant slot in a constant-free formula', () => {
    expect(formulaOf({ kind: 'none' })).toBe('softmax(S)');
    for (const mode of modesOfEveryKind.filter((m) => !modeUsesConstant(m))) {
      expect(formulaOf(mode), mode.kind).not.toMatch(/·\)|·$/);
    }
  });

  it('define every symbol once, with a meaning, including the causal plane C', () => {
    const symbols = FORMULA_NOTATION.map((entry) => entry.symbol);
    expect(new Set(symbols).size).toBe(symbols.length);
    for (const { symbol, meaning } of FORMULA_NOTATION) {
      expect(symbol.length).toBeGreaterThan(0);
      expect(meaning.length, symbol).toBeGreaterThan(10);
    }
    const defined = new Set(symbols);
    for (const e of MASK_CATALOGUE) {
      for (const [, symbol] of formulaOfEntry(e).matchAll(/\b(C)·/g)) {
        expect(defined, e.id).toContain(symbol);
      }
    }
  });
});

describe('formatConstant', () => {
  it.each([
    // Plain decimals from 1e-3 up to (not including) 1e4, powers of ten outside.
    [-1e-3, '-0.001'],
    [1e-3, '0.001'],
    [-1e-4, '-1e-4'],
    [-9999, '-9999'],
    [-1e4, '-1e4'],
    [0, '0'],
    [NaN, 'NaN'],
    [Infinity, '∞'],
  ])('labels %d as %s', (constant, label) => {
    expect(formatConstant(constant)).toBe(label);
  });
});
