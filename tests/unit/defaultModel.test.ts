// The bundled default model end to end in Node: the app's loader reads the exported files, the
// TypeScript tokenizer rebuilds PyTorch's inputs, and the tfjs encoder makes PyTorch's top-1
// predictions on held-out sentences (tests/fixtures/mlm-eval-subset.json, written by
// training/evaluate.py), with and without padding.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import { loadCheckpointFromFiles } from '../../src/checkpoint/load';
import type { Checkpoint } from '../../src/checkpoint/types';
import { padSequence } from '../../src/masks/padding';
import { positionIds } from '../../src/masks/positions';
import { createEncoder } from '../../src/model/encoder';
import type { Encoder } from '../../src/model/encoder';
import { parseVocab } from '../../src/tokenizer/vocab';
import { tokenize } from '../../src/tokenizer/tokenize';

interface EvalCase {
  readonly text: string;
  readonly inputIds: readonly number[];
  readonly originalIds: readonly number[];
  readonly maskedPositions: readonly number[];
  readonly expectedTop1: readonly number[];
  readonly top1Margin: readonly number[];
}

/** Logit gaps below this are near-ties that float32 rounding may legitimately flip. */
const MIN_MARGIN = 1e-3;
const CORRECT_MASK = { kind: 'keyAdditive', constant: -1e4 } as const;

const fixture = JSON.parse(
  await readFile(join('tests', 'fixtures', 'mlm-eval-subset.json'), 'utf8'),
) as { checkpoint: string; cases: EvalCase[] };

async function fileOf(folder: string, name: string): Promise<File> {
  return new File([await readFile(join(folder, name))], name);
}

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i += 1) {
    if ((row[i] ?? -Infinity) > (row[best] ?? -Infinity)) best = i;
  }
  return best;
}

/** Top-1 ids at the masked positions of one sentence, right-padded by `pads` tokens. */
async function top1(encoder: Encoder, c: EvalCase, pads: number): Promise<number[]> {
  const padded = padSequence(Int32Array.from(c.inputIds), pads, 'right', encoder.config.padTokenId);
  const seqLen = padded.ids.length;
  const output = await encoder.forward(
    {
      batch: 1,
      seqLen,
      ids: padded.ids,
      attentionMask: padded.attentionMask,
      positionIds: positionIds(padded.attentionMask, 1, seqLen, 'cumsum'),
      mode: CORRECT_MASK,
    },
    { logitRows: c.maskedPositions },
  );
  const vocab = encoder.config.vocabSize;
  return c.maskedPositions.map((_, i) =>
    argmax(output.logits.data.subarray(i * vocab, (i + 1) * vocab)),
  );
}

describe('the bundled default model', () => {
  let checkpoint: Checkpoint;
  let encoder: Encoder;
  beforeAll(async () => {
    await initBackend('cpu');
    const names = ['config.json', 'vocab.txt', 'model.safetensors'];
    checkpoint = await loadCheckpointFromFiles(
      await Promise.all(names.map((n) => fileOf(fixture.checkpoint, n))),
    );
    encoder = await createEncoder(checkpoint);
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
        const predicted = await top1(encoder, c, pads);
        c.expectedTop1.forEach((expected, i) => {
          if ((c.top1Margin[i] ?? 0) >= MIN_MARGIN) {
            expect(predicted[i], `${c.text} @ ${c.maskedPositions[i] ?? -1}`).toBe(expected);
          }
        });
      }
    },
  );
});
