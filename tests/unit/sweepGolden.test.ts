// The padding sweep against the independent PyTorch reference: per padding, the leak per layer,
// the drift per hidden state (absolute and relative), each [MASK]'s top-1 and where the run first
// departs from the unpadded one (tests/golden/tiny/sweep.json, training/golden/make_sweep_golden.py).
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep, type SweepResult, type SweepSide } from '../../src/analysis/sweep';
import type { ModeSpec } from '../../src/masks/modeSpec';
import { initBackend, type BackendName } from '../../src/backend/backends';
import { parseMaskMode } from '../../src/masks/maskModeJson';
import type { PaddingSide, PositionScheme } from '../../src/masks/maskMode';
import { createEncoder, type Encoder } from '../../src/model/encoder';
import { loadGoldenSet } from './helpers/golden';

/** Float32 against float32: attention masses and probabilities. */
const ATOL = 1e-5;
/** Hidden states (the parity test's tolerance) and their relative drift. */
const HIDDEN_ATOL = 1e-4;

interface GoldenSide {
  readonly leakPerLayer: number[];
  readonly headLeakMax: number[][];
  readonly driftAbs: number[];
  readonly driftRel: number[];
  readonly firstDivergingState: number | null;
  readonly firstLeakingHead: [number, number] | null;
  readonly maskTop: { id: number; probability: number }[];
  readonly pooled: { kind: string; masked: number; unmasked: number }[];
}
interface GoldenSweep {
  readonly name: string;
  readonly ids: number[];
  readonly side: PaddingSide;
  readonly modeA: { mode: unknown; positions: PositionScheme };
  readonly modeB: { mode: unknown; positions: PositionScheme };
  readonly maskIndices: number[];
  readonly range: { stepPads: number; maxPads: number };
  readonly pads: number[];
  readonly steps: { pads: number; a: GoldenSide; b: GoldenSide }[];
}

const golden = JSON.parse(await readFile('tests/golden/tiny/sweep.json', 'utf8')) as {
  cases: GoldenSweep[];
};
const set = await loadGoldenSet('tiny', async (path) => new Uint8Array(await readFile(path)));
const specOf = (json: GoldenSweep['modeA']): ModeSpec => ({
  mode: parseMaskMode(json.mode),
  positions: json.positions,
});

function expectSide(label: string, actual: SweepSide, expected: GoldenSide) {
  const near = (what: string, a: readonly number[], e: readonly number[], atol: number) => {
    expect(a.length, `${label} ${what}`).toBe(e.length);
    a.forEach((value, i) => {
      const gap = Math.abs(value - (e[i] ?? NaN));
      expect(gap, `${label} ${what}[${i}]: ${value} vs ${e[i]}`).toBeLessThanOrEqual(atol);
    });
  };
  near('leakPerLayer', actual.leakPerLayer, expected.leakPerLayer, ATOL);
  near('headLeakMax', actual.headLeakMax.flat(), expected.headLeakMax.flat(), ATOL);
  near(
    'driftAbs',
    actual.drifts.map((d) => d.abs),
    expected.driftAbs,
    HIDDEN_ATOL,
  );
  near(
    'driftRel',
    actual.drifts.map((d) => d.rel),
    expected.driftRel,
    HIDDEN_ATOL,
  );
  expect(actual.divergence.state, `${label} first diverging state`).toBe(
    expected.firstDivergingState,
  );
  const head = actual.divergence.head;
  expect(head === null ? null : [head.layer, head.head], `${label} first leaking head`).toEqual(
    expected.firstLeakingHead,
  );
  expect(
    actual.maskTop.map((top) => top?.id),
    `${label} top-1 ids`,
  ).toEqual(expected.maskTop.map((top) => top.id));
  expect(actual.pooled.map((p) => p.kind)).toEqual(expected.pooled.map((p) => p.kind));
  near(
    'pooled cosine (masked)',
    actual.pooled.map((p) => p.masked),
    expected.pooled.map((p) => p.masked),
    HIDDEN_ATOL,
  );
  near(
    'pooled cosine (unmasked)',
    actual.pooled.map((p) => p.unmasked),
    expected.pooled.map((p) => p.unmasked),
    HIDDEN_ATOL,
  );
  near(
    'top-1 probability',
    actual.maskTop.map((top) => top?.probability ?? NaN),
    expected.maskTop.map((top) => top.probability),
    ATOL,
  );
}

describe.each<BackendName>(['cpu', 'wasm'])('the padding sweep on %s', (backend) => {
  let encoder: Encoder;
  const results = new Map<string, SweepResult>();
  beforeAll(async () => {
    expect((await initBackend(backend)).active).toBe(backend);
    encoder = await createEncoder(set.checkpoint);
  });
  afterAll(() => encoder.dispose());

  const sweep = async (gold: GoldenSweep, range = gold.range) =>
    runSweep(
      { encoder, vocab: set.checkpoint.vocab },
      {
        ids: Int32Array.from(gold.ids),
        side: gold.side,
        modeA: specOf(gold.modeA),
        modeB: specOf(gold.modeB),
        maskIndices: gold.maskIndices,
        range,
      },
    );

  it.each(golden.cases.map((gold) => [gold.name, gold] as const))(
    'matches the PyTorch reference at every padding for %s',
    async (name, gold) => {
      const result = await sweep(gold);
      results.set(name, result);
      expect(result.steps.map((step) => step.pads)).toEqual(gold.pads);
      gold.steps.forEach((expected, i) => {
        const step = result.steps[i];
        if (step === undefined) throw new Error(`${name}: no step ${i}`);
        expectSide(`${name} A at ${expected.pads} pads`, step.a, expected.a);
        expectSide(`${name} B at ${expected.pads} pads`, step.b, expected.b);
      });
    },
  );

  it('would catch a sweep one pad off: N + 1 pads do not match the golden N', async () => {
    const gold = golden.cases[0];
    const last = gold?.steps.at(-1);
    if (gold === undefined || last === undefined) throw new Error('no golden case');
    const shifted = await sweep(gold, { stepPads: last.pads + 1, maxPads: last.pads + 1 });
    const b = shifted.steps[1]?.b;
    expect(shifted.steps[1]?.pads).toBe(last.pads + 1);
    const gaps = (b?.leakPerLayer ?? []).map((leak, l) =>
      Math.abs(leak - (last.b.leakPerLayer[l] ?? NaN)),
    );
    expect(Math.max(...gaps)).toBeGreaterThan(100 * ATOL);
  });

  it('frees every tensor it makes', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    const gold = golden.cases[1];
    if (gold === undefined) throw new Error('no golden case');
    const before = tf.memory().numTensors;
    await sweep(gold);
    expect(tf.memory().numTensors).toBe(before);
  });
});
