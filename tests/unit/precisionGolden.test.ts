// Emulated fp16 / bf16 attention, causal masks and score scales on the tiny checkpoint against
// the independent PyTorch reference in real half / bfloat16 arithmetic
// (training/golden/bert_lowp.py via make_precision_golden.py → tests/golden/tiny/precision/).
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import type { BackendName } from '../../src/backend/backends';
import { parseSafetensors } from '../../src/checkpoint/safetensors';
import type { DenseTensor } from '../../src/checkpoint/types';
import { parseMaskMode } from '../../src/masks/maskModeJson';
import type { AttentionNumerics, Precision } from '../../src/masks/numerics';
import { checkNumerics } from '../../src/masks/numerics';
import { createEncoder } from '../../src/model/encoder';
import type { Encoder } from '../../src/model/encoder';
import type { EncoderInput } from '../../src/model/encoderIo';
import { compareArrays, describeComparison } from './helpers/compare';
import { loadGoldenSet } from './helpers/golden';

const FOLDER = 'tests/golden/tiny/precision';
/**
 * Absolute tolerance on probabilities and hidden states. The reference computes S in float32
 * in another order (q·kᵀ/√d, not a pre-scaled query kernel), so a score within ~1e-7 of a
 * rounding boundary can land one step apart (measured: bf16 scores -3 vs -3.015625, a 5e-3
 * relative step; fp16 stays within 1e-3).
 */
const ATOL: Readonly<Record<Precision, number>> = { fp32: 1e-4, fp16: 1e-3, bf16: 1e-2 };

interface PrecisionCase {
  readonly name: string;
  readonly input: EncoderInput;
  readonly numerics: AttentionNumerics;
}

function parseCases(json: unknown): PrecisionCase[] {
  const doc = json as { cases: Record<string, unknown>[] };
  return doc.cases.map((c, i) => {
    const where = `${FOLDER}/cases.json cases[${i}]`;
    const numerics = c['numerics'] as AttentionNumerics;
    checkNumerics(numerics, `${where}.numerics`);
    const ints = (key: string) => Int32Array.from(c[key] as number[]);
    return {
      name: String(c['name']),
      numerics,
      input: {
        batch: Number(c['batch']),
        seqLen: Number(c['seqLen']),
        ids: ints('ids'),
        attentionMask: ints('attentionMask'),
        positionIds: ints('positionIds'),
        mode: parseMaskMode(c['mode'], `${where}.mode`),
        numerics,
      },
    };
  });
}

const read = async (path: string) => new Uint8Array(await readFile(path));
const cases = parseCases(JSON.parse(new TextDecoder().decode(await read(`${FOLDER}/cases.json`))));
const expected = parseSafetensors(await read(`${FOLDER}/expected.safetensors`), 'expected');
const { checkpoint } = await loadGoldenSet('tiny', read);

function tensor(name: string): DenseTensor {
  const found = expected.get(name);
  if (found === undefined) throw new Error(`${FOLDER}/expected.safetensors has no ${name}`);
  return found;
}

/** Same NaN and ±Infinity positions, finite values within `atol` (relative above 1 for scores). */
function expectClose(label: string, actual: DenseTensor, golden: DenseTensor, atol: number) {
  expect(actual.shape, label).toEqual(golden.shape);
  const comparison = compareArrays(actual.data, golden.data);
  const message = describeComparison(label, comparison, actual.shape);
  expect(comparison.mismatches, message).toBe(0);
  expect(comparison.maxScaledDiff, message).toBeLessThanOrEqual(atol);
}

it('has golden cases for fp16, bf16, causal masks and score scales', () => {
  const has = (test: (n: AttentionNumerics) => boolean) => cases.some((c) => test(c.numerics));
  expect(has((n) => n.precision === 'fp16')).toBe(true);
  expect(has((n) => n.precision === 'bf16')).toBe(true);
  expect(has((n) => n.isCausal)).toBe(true);
  expect(has((n) => n.scoreScale !== 1)).toBe(true);
});

describe.each<BackendName>(['cpu', 'wasm'])('on the %s backend', (backend) => {
  let encoder: Encoder;
  beforeAll(async () => {
    const report = await initBackend(backend);
    expect(report.active).toBe(backend);
    encoder = await createEncoder(checkpoint);
  });
  afterAll(() => encoder.dispose());

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s matches the half-precision PyTorch reference (NaN and -inf in the same places)',
    async (name, goldenCase) => {
      const out = await encoder.forward(goldenCase.input, { logitRows: [], includeScores: true });
      const atol = ATOL[goldenCase.numerics.precision];
      expectClose(`${name} attention`, out.attention, tensor(`${name}.attention`), atol);
      expectClose(`${name} hidden`, out.hiddenStates, tensor(`${name}.hidden`), atol);
      if (out.scores === undefined) throw new Error('scores were asked for');
      // Scaled scores carry the float32 error of S times the scale.
      const scoresTol = atol * goldenCase.numerics.scoreScale;
      expectClose(`${name} scores`, out.scores, tensor(`${name}.scores`), scoresTol);
    },
  );
});
