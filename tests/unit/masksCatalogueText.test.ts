// What the catalogue shows a user beside each entry: its title, its symptom, the public reports
// it cites, the title with the constant that runs, and why the running numerics hide the entry.
import { describe, expect, it } from 'vitest';
import {
  findMaskEntry,
  MASK_CATALOGUE,
  numericsNote,
  numericsOf,
  titleOf,
  withConstant,
} from '../../src/masks/catalogue';
import { formatConstant, modeUsesConstant } from '../../src/masks/modes';
import { DEFAULT_NUMERICS, formatScale } from '../../src/masks/numerics';

const entry = (id: string) => {
  const found = findMaskEntry(id);
  if (found === undefined) throw new Error(`no catalogue entry ${id}`);
  return found;
};

const thrownMessage = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected a throw');
};

describe('the catalogue text', () => {
  it('gives every entry its own non-empty title and symptom', () => {
    for (const e of MASK_CATALOGUE) {
      expect(e.title.trim().length, e.id).toBeGreaterThan(3);
      expect(e.symptom.trim().length, e.id).toBeGreaterThan(20);
    }
    const titles = MASK_CATALOGUE.map((e) => e.title);
    const symptoms = MASK_CATALOGUE.map((e) => e.symptom);
    expect(new Set(titles).size).toBe(titles.length);
    expect(new Set(symptoms).size).toBe(symptoms.length);
  });

  it('cites each report by a project name (owner/name for a repository), once per entry', () => {
    for (const e of MASK_CATALOGUE) {
      for (const report of e.seenIn) {
        expect(report, e.id).toMatch(/^[A-Za-z][\w.-]*(\/[\w.-]+)?( |$)/);
        expect(report, e.id).toBe(report.trim());
      }
      expect(new Set(e.seenIn).size, e.id).toBe(e.seenIn.length);
    }
  });

  it('cites a public report for every entry but the harmless mask on both axes', () => {
    for (const e of MASK_CATALOGUE.filter((x) => x.id !== 'both-axes')) {
      expect(e.seenIn.length, e.id).toBeGreaterThan(0);
    }
  });

  it("credits BERT for the correct key mask's -1e4, as its symptom says", () => {
    const correct = entry('key-additive');
    expect(correct.symptom).toMatch(/-1e4 is BERT's constant/);
    expect(correct.seenIn.some((report) => report.startsWith('google-research/bert'))).toBe(true);
  });

  it('runs arange position ids exactly in the entries named for them', () => {
    for (const e of MASK_CATALOGUE) {
      expect(e.positions === 'arange', e.id).toBe(/arange position ids/.test(e.title));
    }
  });

  it('offers only negative constants: a mask pushes the scores of padding down', () => {
    for (const e of MASK_CATALOGUE) {
      for (const c of e.constantChoices) expect(c, `${e.id} ${c}`).toBeLessThan(0);
    }
  });
});

describe('titleOf', () => {
  it('adds the constant exactly when the user can choose among several', () => {
    for (const e of MASK_CATALOGUE) {
      const canChoose = modeUsesConstant(e.mode) && e.constantChoices.length > 1;
      const expected = modeUsesConstant(e.mode)
        ? `${e.title} (c = ${formatConstant(e.mode.constant)})`
        : e.title;
      expect(titleOf(e), e.id).toBe(canChoose ? expected : e.title);
    }
    // A single fixed constant is already in the title: "Constant too weak (-1e-9)".
    expect(titleOf(entry('weak-constant'))).toBe(entry('weak-constant').title);
  });
});

describe('numericsNote', () => {
  it('names only the settings the run does not share with the entry', () => {
    const note = numericsNote(entry('causal-left-pad'), DEFAULT_NUMERICS) ?? '';
    expect(note).toMatch(/causal on/);
    expect(note).not.toMatch(/fp32|score scale/);
  });

  it('lists several missing settings one after another', () => {
    const note = numericsNote(entry('fp16-min-planes-sum'), DEFAULT_NUMERICS) ?? '';
    expect(note).toMatch(/with fp16, causal on;/);
  });

  it('says causal off when the run is causal and the entry is not', () => {
    const fp16 = entry('fp16-neg-1e9');
    const note = numericsNote(fp16, { ...numericsOf(fp16), isCausal: true }) ?? '';
    expect(note).toMatch(/with causal off;/);
  });

  it("names the entry's score scale when the run uses another", () => {
    const large = entry('large-scores-1e5');
    const note = numericsNote(large, DEFAULT_NUMERICS) ?? '';
    expect(note).toContain(`score scale ${formatScale(numericsOf(large).scoreScale)}`);
  });
});

describe('withConstant', () => {
  it('lists the constants the user may choose when it refuses one', () => {
    const correct = entry('key-additive');
    const message = thrownMessage(() => withConstant(correct, -1e-9));
    const listed = /choose one of \[(.*)\]/.exec(message)?.[1] ?? '';
    expect(listed.split(', ').map(Number)).toEqual(correct.constantChoices);
  });
});
