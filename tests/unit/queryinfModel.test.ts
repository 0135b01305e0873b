// The seed-000 model (public/models/maskscope-brown-queryinf) in Node: the app's loader and tfjs
// encoder reproduce a corner of its model card's accuracy-by-padding table, token by token
// against PyTorch (tests/fixtures/queryinf-eval-subset.json, written by
// `python -m training.querybug --model queryinf`): the collapse under the -inf query-axis mask it
// was trained with, and the recovery under the correct key mask.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import type { MaskMode } from '../../src/masks/maskMode';
import type { Encoder } from '../../src/model/encoder';
import { MIN_MARGIN, maskedTop1, openModelFolder } from './helpers/mlmModel';

interface SubsetCase {
  readonly inputIds: readonly number[];
  readonly originalIds: readonly number[];
  readonly maskedPositions: readonly number[];
  /** PyTorch's top-1 per "mode/pads" at each masked position; null where its logits are NaN. */
  readonly top1: Readonly<Record<string, readonly (number | null)[]>>;
  readonly top1Margin: Readonly<Record<string, readonly (number | null)[]>>;
}

interface Subset {
  readonly checkpoint: string;
  readonly pads: readonly number[];
  readonly modes: readonly string[];
  readonly maskedTokens: number;
  /** Masked tokens whose PyTorch top-1 is right, per "mode/pads". */
  readonly top1Hits: Readonly<Record<string, number>>;
  readonly cases: readonly SubsetCase[];
}

/** training/model.py's mask modes as the app's catalogue runs them. */
const MODES: Readonly<Record<string, MaskMode>> = {
  query_inf: { kind: 'queryAdditive', constant: -Infinity },
  query: { kind: 'queryAdditive', constant: -1e4 },
  key: { kind: 'keyAdditive', constant: -1e4 },
};

const fixture = JSON.parse(
  await readFile(join('tests', 'fixtures', 'queryinf-eval-subset.json'), 'utf8'),
) as Subset;

const runs = fixture.modes.flatMap((mode) => fixture.pads.map((pads) => [mode, pads] as const));

describe('the bundled seed-000 model (query axis, -inf)', () => {
  let encoder: Encoder;
  const accuracy = new Map<string, number>();

  beforeAll(async () => {
    // wasm: the backend the app runs on a machine without a GPU, fused kernels included.
    expect((await initBackend('wasm')).active).toBe('wasm');
    ({ encoder } = await openModelFolder(fixture.checkpoint));
  });
  afterAll(() => encoder.dispose());

  it('has a fixture covering its own bug and the correct mask', () => {
    expect(fixture.modes).toEqual(expect.arrayContaining(['query_inf', 'key']));
    expect(fixture.pads).toEqual(expect.arrayContaining([0, 3]));
    expect(fixture.maskedTokens).toBeGreaterThanOrEqual(40);
  });

  it.each(runs)(
    'matches PyTorch at every masked token under %s with %i pads',
    async (mode, pads) => {
      const key = `${mode}/${pads}`;
      const maskMode = MODES[mode];
      if (maskMode === undefined) throw new Error(`no app mode for ${mode}`);
      let hits = 0;
      let ties = 0;
      for (const c of fixture.cases) {
        const predicted = await maskedTop1(
          encoder,
          c.inputIds,
          c.maskedPositions,
          pads,
          maskMode,
          'arange',
        );
        const expected = c.top1[key] ?? [];
        const margin = c.top1Margin[key] ?? [];
        c.maskedPositions.forEach((at, i) => {
          const where = `${key} @ ${at} of [${c.inputIds.join(' ')}]`;
          if (expected[i] === null) expect(predicted[i], where).toBeNull();
          else if ((margin[i] ?? 0) >= MIN_MARGIN) expect(predicted[i], where).toBe(expected[i]);
          else ties += 1;
          if (predicted[i] === c.originalIds[at]) hits += 1;
        });
      }
      accuracy.set(key, hits / fixture.maskedTokens);
      // Only a near-tie may flip between float32 engines, and each flip moves one token.
      expect(Math.abs(hits - (fixture.top1Hits[key] ?? NaN))).toBeLessThanOrEqual(ties);
    },
  );

  it('collapses from the first pads under its own bug and recovers under the correct mask', () => {
    const at = (key: string): number => {
      const value = accuracy.get(key);
      if (value === undefined) throw new Error(`the ${key} test above did not run`);
      return value;
    };
    expect(at('query_inf/0')).toBeGreaterThan(0.15);
    expect(at('query_inf/3')).toBe(0);
    expect(at('key/3')).toBe(at('query_inf/0'));
    const most = Math.max(...fixture.pads);
    expect(at(`key/${most}`)).toBe(at('key/0'));
  });
});
