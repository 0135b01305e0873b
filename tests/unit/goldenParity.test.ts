// minGPT-style parity: the tfjs encoder against an independent PyTorch reference
// (training/golden/bert_ref.py), on every golden set present and on the cpu and wasm backends.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import type { BackendName } from '../../src/backend/backends';
import type { DenseTensor } from '../../src/checkpoint/types';
import { createEncoder } from '../../src/model/encoder';
import type { Encoder } from '../../src/model/encoder';
import { compareArrays, describeComparison } from './helpers/compare';
import { expectedLogitRows, loadGoldenSet } from './helpers/golden';
import type { GoldenSet } from './helpers/golden';

/** Absolute tolerance on logits, hidden states and attention probabilities (float32 vs float32). */
const ATOL = 1e-4;
const GOLDEN_ROOT = join(process.cwd(), 'tests', 'golden');
const setNames = readdirSync(GOLDEN_ROOT).filter((name) =>
  existsSync(join(GOLDEN_ROOT, name, 'cases.json')),
);
const readRepoFile = async (path: string) => new Uint8Array(await readFile(path));
const sets: GoldenSet[] = await Promise.all(
  setNames.map((name) => loadGoldenSet(name, readRepoFile)),
);

function expectClose(label: string, actual: DenseTensor, expected: Float32Array) {
  const comparison = compareArrays(actual.data, expected);
  const message = describeComparison(label, comparison, actual.shape);
  expect(comparison.mismatches, message).toBe(0);
  expect(comparison.maxAbsDiff, message).toBeLessThanOrEqual(ATOL);
}

/** Masked scores reach ±3.4e38 (float32 min), so they are compared relative to their size. */
function expectScoresClose(label: string, actual: DenseTensor, expected: Float32Array) {
  const comparison = compareArrays(actual.data, expected);
  const message = describeComparison(label, comparison, actual.shape);
  expect(comparison.mismatches, message).toBe(0);
  expect(comparison.maxScaledDiff, message).toBeLessThanOrEqual(ATOL);
}

it('finds at least one golden set', () => {
  expect(setNames).toContain('tiny');
});

describe.each<BackendName>(['cpu', 'wasm'])('on the %s backend', (backend) => {
  for (const set of sets) {
    describe(`golden set ${set.name}`, () => {
      let encoder: Encoder;
      beforeAll(async () => {
        const report = await initBackend(backend);
        expect(report.active).toBe(backend);
        encoder = await createEncoder(set.checkpoint);
      });
      afterAll(() => encoder.dispose());

      it.each(set.cases.map((c) => [c.name, c] as const))(
        '%s matches the PyTorch reference within 1e-4',
        async (name, goldenCase) => {
          const expected = set.expected.get(name);
          if (expected === undefined) throw new Error(`no expected outputs for ${name}`);
          const out = await encoder.forward(goldenCase.input, {
            logitRows: goldenCase.logitRows,
            includeScores: true,
          });
          expect(out.hiddenStates.shape).toEqual(expected.hidden.shape);
          expect(out.attention.shape).toEqual(expected.attention.shape);
          expectClose(`${name} logits`, out.logits, expectedLogitRows(expected.logits, goldenCase));
          expectClose(`${name} hidden`, out.hiddenStates, expected.hidden.data);
          expectClose(`${name} attention`, out.attention, expected.attention.data);
          if (expected.scores !== undefined && out.scores !== undefined) {
            expectScoresClose(`${name} scores`, out.scores, expected.scores.data);
          }
        },
      );
    });
  }
});
