// The bundled default model end to end in Node: the app's loader reads the exported files, the
// TypeScript tokenizer rebuilds PyTorch's inputs, and the tfjs encoder makes PyTorch's top-1
// predictions on held-out sentences (tests/fixtures/mlm-eval-subset.json, written by
// training/evaluate.py), with and without padding.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import type { Checkpoint } from '../../src/checkpoint/types';
import type { Encoder } from '../../src/model/encoder';
import { parseVocab } from '../../src/tokenizer/vocab';
import { tokenize } from '../../src/tokenizer/tokenize';
import { MIN_MARGIN, maskedTop1, openModelFolder } from './helpers/mlmModel';

interface EvalCase {
  readonly text: string;
  readonly inputIds: readonly number[];
  readonly originalIds: readonly number[];
  readonly maskedPositions: readonly number[];
  readonly expectedTop1: readonly number[];
  readonly top1Margin: readonly number[];
}

const CORRECT_MASK = { kind: 'keyAdditive', constant: -1e4 } as const;

const fixture = JSON.parse(
  await readFile(join('tests', 'fixtures', 'mlm-eval-subset.json'), 'utf8'),
) as { checkpoint: string; cases: EvalCase[] };

describe('the bundled default model', () => {
  let checkpoint: Checkpoint;
  let encoder: Encoder;
  beforeAll(async () => {
    await initBackend('cpu');
    ({ checkpoint, encoder } = await openModelFolder(fixture.checkpoint));
  });
  afterAll(() => encoder.dispose());

  it('has a fixture with masked positions to check', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(10);
    expect(fixture.cases.flatMap((c) => c.maskedPositions).length).toBeGreaterThanOrEqual(20);
  });

  it('tokenizes every held-out sentence to the ids PyTorch used', () => {
    const vocab = parseVocab(checkpoint.vocab.join('\n'), 'vocab.txt');
    for (const c of fixture.cases) {
      expect([...tokenize(c.text, vocab).ids], c.text).toEqual(c.originalIds);
    }
  });

  it.each([0, 16])(
    'makes PyTorch top-1 predictions at every clearly decided [MASK] with %i pads',
    async (pads) => {
      for (const c of fixture.cases) {
        const predicted = await maskedTop1(
          encoder,
          c.inputIds,
          c.maskedPositions,
          pads,
          CORRECT_MASK,
        );
        c.expectedTop1.forEach((expected, i) => {
          if ((c.top1Margin[i] ?? 0) >= MIN_MARGIN) {
            expect(predicted[i], `${c.text} @ ${c.maskedPositions[i] ?? -1}`).toBe(expected);
          }
        });
      }
    },
  );
});
