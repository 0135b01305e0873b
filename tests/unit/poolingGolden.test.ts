// Pooling drifts and taint outcomes on the tiny checkpoint against the independent PyTorch
// reference (training/golden/make_pooling_golden.py → tests/golden/tiny/pooling.json, taint.json).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnableModel } from '../../src/analysis/padSentence';
import { runPoolingAudit } from '../../src/analysis/poolingRun';
import { runTaintCheck } from '../../src/analysis/taintRun';
import { initBackend, type BackendName } from '../../src/backend/backends';
import { poolHidden, type PoolingKind } from '../../src/diagnostics/pooling';
import { buildBatch } from '../../src/masks/batch';
import type { MaskMode, PaddingSide } from '../../src/masks/maskMode';
import { parseMaskMode } from '../../src/masks/maskModeJson';
import { createEncoder } from '../../src/model/encoder';
import type { Taint } from '../../src/model/encoderIo';
import { loadGoldenSet } from './helpers/golden';

/** float32 encoder vs float32 reference, pooled in float64 on both sides. */
const ATOL = 1e-4;

interface GoldenCell {
  readonly kind: PoolingKind;
  readonly isMasked: boolean;
  readonly side: PaddingSide;
  readonly cosine: number;
  readonly relativeChange: number;
  readonly vector: number[];
  readonly weights: number[];
}
interface PoolingGolden {
  readonly sentence: string[];
  readonly padding: number;
  readonly modes: { slot: string; mode: unknown; cells: GoldenCell[] }[];
}
interface TaintGolden {
  readonly sentence: string[];
  readonly padding: number;
  readonly rows: {
    id: string;
    mode: unknown;
    isMaskscopeMode: boolean;
    outcomes: {
      at: Taint['at'];
      value: number | 'NaN';
      maxChange: number | null;
      passed: boolean;
    }[];
  }[];
}

const folder = join(process.cwd(), 'tests', 'golden', 'tiny');
const readJson = async <T>(name: string) =>
  JSON.parse(await readFile(join(folder, name), 'utf8')) as T;
const pooling = await readJson<PoolingGolden>('pooling.json');
const taint = await readJson<TaintGolden>('taint.json');
const set = await loadGoldenSet('tiny', async (path) => new Uint8Array(await readFile(path)));
const vocab = set.checkpoint.vocab;
const idsOf = (tokens: readonly string[]) => Int32Array.from(tokens, (t) => vocab.indexOf(t));
const specOf = (mode: unknown): { mode: MaskMode; positions: 'cumsum' } => ({
  mode: parseMaskMode(mode),
  positions: 'cumsum',
});

describe.each<BackendName>(['cpu', 'wasm'])('on the %s backend', (backend) => {
  let model: RunnableModel;
  beforeAll(async () => {
    const report = await initBackend(backend);
    expect(report.active).toBe(backend);
    model = { encoder: await createEncoder(set.checkpoint), vocab };
  });
  afterAll(() => model.encoder.dispose());

  describe('pooling audit on the tiny checkpoint', () => {
    const [a, b] = pooling.modes;
    if (a === undefined || b === undefined) throw new Error('pooling.json needs modes A and B');

    it('every cell matches the PyTorch reference: cosine, ‖Δ‖/‖p‖ and weights', async () => {
      const audit = await runPoolingAudit(model, {
        ids: idsOf(pooling.sentence),
        paddingLength: pooling.padding,
        modeA: specOf(a.mode),
        modeB: specOf(b.mode),
      });
      for (const [cells, golden] of [
        [audit.a, a],
        [audit.b, b],
      ] as const) {
        expect(cells).toHaveLength(golden.cells.length);
        golden.cells.forEach((want) => {
          const got = cells.find(
            (c) => c.kind === want.kind && c.isMasked === want.isMasked && c.side === want.side,
          );
          const label = `${golden.slot} ${want.kind} ${want.isMasked ? 'masked' : 'unmasked'} ${want.side}`;
          expect(got, label).toBeDefined();
          expect(Math.abs((got?.cosine ?? NaN) - want.cosine), label).toBeLessThanOrEqual(ATOL);
          expect(
            Math.abs((got?.relativeChange ?? NaN) - want.relativeChange),
            label,
          ).toBeLessThanOrEqual(ATOL);
          const weights = Array.from(got?.weights ?? []);
          expect(weights).toHaveLength(want.weights.length);
          weights.forEach((w, t) =>
            expect(Math.abs(w - (want.weights[t] ?? NaN)), `${label} t=${t}`).toBeLessThanOrEqual(
              ATOL,
            ),
          );
        });
      }
    });

    it('masked mean does not drift under the correct mask; unmasked mean does', () => {
      const cell = (isMasked: boolean) =>
        a.cells.find((c) => c.kind === 'mean' && c.isMasked === isMasked && c.side === 'right');
      expect(cell(true)?.relativeChange).toBeLessThan(1e-5);
      expect(cell(false)?.relativeChange).toBeGreaterThan(0.1);
    });

    it.each(['right', 'left'] as const)(
      'pooled vectors of mode A under %s padding match the reference within 1e-4',
      async (side) => {
        const { input } = buildBatch({
          sentences: [idsOf(pooling.sentence)],
          extraPadding: pooling.padding,
          side,
          padId: 0,
          entry: specOf(a.mode),
        });
        const out = await model.encoder.forward(input, { hiddenStates: 'last', logitRows: [] });
        const width = model.encoder.config.hiddenSize;
        for (const want of a.cells.filter((c) => c.side === side)) {
          const keep = want.isMasked ? input.attentionMask : null;
          const got = poolHidden(want.kind, out.hiddenStates.data, width, keep).vector;
          const worst = Math.max(
            ...Array.from(got, (x, k) => Math.abs(x - (want.vector[k] ?? NaN))),
          );
          expect(worst, `${want.kind} ${String(want.isMasked)}`).toBeLessThanOrEqual(ATOL);
        }
      },
    );
  });

  describe('taint test on the tiny checkpoint', () => {
    const rows = taint.rows.filter((row) => row.isMaskscopeMode);
    const taints = (rows[0]?.outcomes ?? []).map((o): Taint => ({
      at: o.at,
      value: o.value === 'NaN' ? NaN : o.value,
    }));

    it('gives the same verdict and change as PyTorch for every mode and poison', async () => {
      const report = await runTaintCheck(model, {
        ids: idsOf(taint.sentence),
        paddingLength: taint.padding,
        side: 'right',
        modes: rows.map((row) => specOf(row.mode)),
        taints,
        maskIndices: [taint.sentence.indexOf('[MASK]')],
      });
      expect(report.logitRowCount).toBe(1);
      rows.forEach((row, m) => {
        row.outcomes.forEach((want, j) => {
          const got = report.outcomes[m]?.[j];
          const label = `${row.id} ${want.at} ${String(want.value)}`;
          expect(got?.isPassed, label).toBe(want.passed);
          if (want.maxChange === null) expect(got?.max, label).toBeNaN();
          else
            expect(Math.abs((got?.max ?? NaN) - want.maxChange), label).toBeLessThanOrEqual(
              1e-3 * Math.max(1, want.maxChange),
            );
        });
      });
    });

    it('a tainted forward frees every tensor it made', async () => {
      const { input } = buildBatch({
        sentences: [idsOf(taint.sentence)],
        extraPadding: taint.padding,
        side: 'right',
        padId: 0,
        entry: specOf(rows[0]?.mode),
      });
      const before = tf.memory().numTensors;
      await model.encoder.forward(input, { taint: { at: 'everyLayer', value: NaN } });
      expect(tf.memory().numTensors).toBe(before);
    });

    it('the reference says: float32-min key mask passes 1e4, after-softmax fails, NaN fails all', () => {
      const outcome = (id: string, value: number | 'NaN') =>
        taint.rows.find((r) => r.id === id)?.outcomes.find((o) => o.value === value)?.passed;
      expect(outcome('key-additive-f32min', 10000)).toBe(true);
      expect(outcome('after-softmax', 100)).toBe(false);
      expect(taint.rows.every((r) => r.outcomes.every((o) => o.value !== 'NaN' || !o.passed))).toBe(
        true,
      );
    });
  });
});
