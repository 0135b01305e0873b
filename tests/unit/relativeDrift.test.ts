// The normal run's relative drift (max ‖Δh‖/‖h‖ of the final layer) against the PyTorch reference
// of tests/golden/tiny/sweep.json, at every padding the golden sweep ran.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseModelRun, createReferenceCache } from '../../src/analysis/modelRun';
import { initBackend } from '../../src/backend/backends';
import { parseMaskMode } from '../../src/masks/maskModeJson';
import type { PaddingSide, PositionScheme } from '../../src/masks/maskMode';
import { createEncoder, type Encoder } from '../../src/model/encoder';
import { loadGoldenSet } from './helpers/golden';

interface Spec {
  mode: unknown;
  positions: PositionScheme;
}
interface GoldenSweep {
  name: string;
  ids: number[];
  side: PaddingSide;
  modeA: Spec;
  modeB: Spec;
  maskIndices: number[];
  steps: { pads: number; a: { driftRel: number[] }; b: { driftRel: number[] } }[];
}

const golden = JSON.parse(await readFile('tests/golden/tiny/sweep.json', 'utf8')) as {
  cases: GoldenSweep[];
};
const set = await loadGoldenSet('tiny', async (path) => new Uint8Array(await readFile(path)));
const specOf = (json: Spec) => ({ mode: parseMaskMode(json.mode), positions: json.positions });

describe('the relative drift of a normal run', () => {
  let encoder: Encoder;
  beforeAll(async () => {
    await initBackend('cpu');
    encoder = await createEncoder(set.checkpoint);
  });
  afterAll(() => encoder.dispose());

  it.each(golden.cases.map((gold) => [gold.name, gold] as const))(
    'matches the PyTorch reference at every padding for %s',
    async (_, gold) => {
      const cache = createReferenceCache(4);
      for (const step of gold.steps) {
        const analysis = await analyseModelRun(
          { encoder, vocab: set.checkpoint.vocab },
          {
            ids: Int32Array.from(gold.ids),
            paddingLength: step.pads,
            side: gold.side,
            modeA: specOf(gold.modeA),
            modeB: specOf(gold.modeB),
            maskIndices: gold.maskIndices,
          },
          cache,
        );
        const expectedA = step.a.driftRel.at(-1) ?? NaN;
        const expectedB = step.b.driftRel.at(-1) ?? NaN;
        expect(Math.abs((analysis.a.relativeDrift ?? NaN) - expectedA)).toBeLessThanOrEqual(1e-4);
        expect(Math.abs((analysis.b?.relativeDrift ?? NaN) - expectedB)).toBeLessThanOrEqual(1e-4);
      }
    },
  );
});
