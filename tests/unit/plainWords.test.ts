// What a newcomer reads where a model or a pooling is chosen: plain words and the numbers that
// tell the model's story, not the project's own names for its experiments.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POOLING_NOTES } from '../../app/components/Pooling/poolingNotes';

interface IndexEntry {
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

const index = JSON.parse(readFileSync('public/models/index.json', 'utf8')) as {
  models: IndexEntry[];
};
const IN_HOUSE = /\bseed[ -]?0\d\d\b/i;

describe('words where a model or a pooling is chosen', () => {
  it('names no seed of the project in the model picker', () => {
    for (const model of index.models) {
      expect(`${model.title} ${model.description}`).not.toMatch(IN_HOUSE);
    }
  });

  it('gives the query-axis model its accuracy story beside the picker', () => {
    const queryinf = index.models.find((m) => m.id === 'maskscope-brown-queryinf');
    expect(queryinf?.description).toMatch(/23\.5% with no padding, 0% from 3 pads/);
    expect(queryinf?.description).toMatch(/23\.5% at 64 pads under the correct key mask/);
  });

  it('names no seed of the project in the pooling notes', () => {
    for (const note of Object.values(POOLING_NOTES)) {
      expect(JSON.stringify(note)).not.toMatch(IN_HOUSE);
    }
  });
});
