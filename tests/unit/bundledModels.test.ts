// public/models/index.json as shipped: every listed model's files are there, every start setting
// names a catalogue mode and one of its constant choices, and the folder stays within its budget.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelIndex } from '../../src/checkpoint/modelIndex';
import { findMaskEntry } from '../../src/masks/catalogue';

const MODELS = 'public/models';
/** What the bundled models may weigh together (issue 14: under 25 MB in all). */
const BUDGET_BYTES = 25 * 1024 * 1024;

const index = parseModelIndex(JSON.parse(readFileSync(join(MODELS, 'index.json'), 'utf8')));

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

describe('the bundled model list', () => {
  it('opens a listed default model', () => {
    expect(index.models.map((m) => m.id)).toContain(index.defaultId);
  });

  it.each(index.models.map((m) => [m.id, m] as const))(
    '%s has its three files, and a model card with any start settings the app can run',
    (_id, model) => {
      const folder = join('public', model.path);
      for (const file of ['config.json', 'vocab.txt', 'model.safetensors']) {
        expect(statSync(join(folder, file)).size, `${folder}/${file}`).toBeGreaterThan(0);
      }
      expect(model.description.length).toBeGreaterThan(20);
      const start = model.start;
      if (start === null) return;
      for (const [modeId, constant] of [
        [start.modeA, start.constantA],
        [start.modeB, start.constantB],
      ] as const) {
        if (modeId === null) continue;
        const entry = findMaskEntry(modeId);
        expect(entry, `mode ${modeId}`).toBeDefined();
        if (constant !== null) expect(entry?.constantChoices).toContain(constant);
      }
      expect(statSync(join(folder, 'MODEL_CARD.md')).size).toBeGreaterThan(0);
    },
  );

  it('fits its size budget', () => {
    expect(sizeOf(MODELS)).toBeLessThan(BUDGET_BYTES);
  });
});
