// The mask invariants of trusted libraries (pytorch/text test_padded_input_inference,
// transformers test_batching_equivalence / test_left_padding_compatibility) run on the tfjs
// encoder with the tiny golden checkpoint: every correct catalogue entry keeps them, every bug
// entry breaks the ones listed for it, measured by the same code.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import { drift } from '../../src/diagnostics/drift';
import { leakScores } from '../../src/diagnostics/leak';
import { nanRowCounts } from '../../src/diagnostics/nan';
import type { Invariant, Measurements } from '../../src/diagnostics/verdict';
import { brokenInvariants, measure, verdict } from '../../src/diagnostics/verdict';
import { buildBatch } from '../../src/masks/batch';
import type { BuiltBatch } from '../../src/masks/batch';
import type { MaskEntry } from '../../src/masks/catalogue';
import { findMaskEntry, MASK_CATALOGUE, titleOf, withConstant } from '../../src/masks/catalogue';
import type { PaddingSide } from '../../src/masks/maskMode';
import { FLOAT32_MIN } from '../../src/masks/modes';
import { DEFAULT_NUMERICS } from '../../src/masks/numerics';
import { createEncoder } from '../../src/model/encoder';
import type { Encoder } from '../../src/model/encoder';
import type { EncoderOutput } from '../../src/model/encoderIo';
import { loadGoldenSet } from './helpers/golden';

/** Extra padding tokens after the longest sentence (the shorter one gets 5 more). */
const PAD_COUNTS = [5, 20] as const;
const SIDES: readonly PaddingSide[] = ['right', 'left'];

let encoder: Encoder;
let sentences: Int32Array[];
let padId: number;

beforeAll(async () => {
  const report = await initBackend('cpu');
  expect(report.active).toBe('cpu');
  const set = await loadGoldenSet('tiny', async (path) => new Uint8Array(await readFile(path)));
  // The two sentences of the golden set, unpadded: 13 and 8 tokens.
  const reference = set.cases.find((c) => c.name === 'right_pad_correct');
  if (reference === undefined) throw new Error('tests/golden/tiny has no right_pad_correct case');
  const { ids, attentionMask, batch, seqLen } = reference.input;
  sentences = Array.from({ length: batch }, (_, b) =>
    ids.slice(b * seqLen, (b + 1) * seqLen).filter((_, t) => attentionMask[b * seqLen + t] === 1),
  );
  padId = set.checkpoint.config.padTokenId;
  encoder = await createEncoder(set.checkpoint);
});

afterAll(() => encoder.dispose());

/** One padded batch of both sentences and the measurements of each (drift against it alone). */
interface PaddedRun {
  readonly pads: number;
  readonly side: PaddingSide;
  readonly built: BuiltBatch;
  readonly output: EncoderOutput;
  readonly items: readonly Measurements[];
}

async function forward(built: BuiltBatch): Promise<EncoderOutput> {
  return encoder.forward(built.input, { logitRows: [] });
}

/** Both sentences in one batch with `pads` extra padding, measured against each sentence alone. */
async function runPadded(entry: MaskEntry, pads: number, side: PaddingSide): Promise<PaddedRun> {
  const built = buildBatch({ sentences, extraPadding: pads, side, padId, entry });
  const output = await forward(built);
  const items: Measurements[] = [];
  for (const [b, sentence] of sentences.entries()) {
    const alone = buildBatch({ sentences: [sentence], extraPadding: 0, side, padId, entry });
    const reference = await forward(alone);
    const realPositions = built.realPositions[b] ?? new Int32Array();
    const d = drift(
      reference.hiddenStates,
      alone.realPositions[0] ?? new Int32Array(),
      output.hiddenStates,
      realPositions,
      { batchB: b },
    );
    items.push(measure(output.attention, built.input.attentionMask, b, d));
  }
  return { pads, side, built, output, items };
}

// Every constant a correct entry offers must keep it correct, so each is tested on its own.
const correct = MASK_CATALOGUE.filter((entry) => entry.isCorrect).flatMap((entry) =>
  entry.constantChoices.length > 1
    ? entry.constantChoices.map((c) => withConstant(entry, c))
    : [entry],
);
const bugs = MASK_CATALOGUE.filter((entry) => !entry.isCorrect);

describe.each(correct.map((entry) => [titleOf(entry), entry] as const))(
  'correct entry %s',
  (_id, entry) => {
    for (const side of SIDES) {
      it.each(PAD_COUNTS)(
        `keeps padding keys at 0, rows at 1 and real outputs within 1e-5 with %d extra ${side} pads`,
        async (pads) => {
          const run = await runPadded(entry, pads, side);
          run.items.forEach((item, b) => {
            const message = `sentence ${b}: ${verdict(titleOf(entry), item)}`;
            expect(item.leak.max, message).toBeLessThanOrEqual(1e-6);
            expect(Math.abs(item.realRowSums.min - 1), message).toBeLessThanOrEqual(1e-5);
            expect(Math.abs(item.realRowSums.max - 1), message).toBeLessThanOrEqual(1e-5);
            expect(item.drift, message).toBeLessThanOrEqual(1e-5);
            expect(item.nanRows, message).toEqual({ real: 0, padding: 0 });
            expect(brokenInvariants(item), message).toEqual([]);
          });
        },
      );
    }
  },
);

function entryById(id: string): MaskEntry {
  const entry = findMaskEntry(id);
  if (entry === undefined) throw new Error(`no catalogue entry ${id}`);
  return entry;
}

/** The first layer's attention, [1, B, H, T, T]. */
function firstLayerOf(run: PaddedRun): { data: Float32Array; shape: number[] } {
  const { data, shape } = run.output.attention;
  const [layers = 1, ...rest] = shape;
  return { data: data.subarray(0, data.length / layers), shape: [1, ...rest] };
}

/** Per-head padding mass of each sentence's real rows in the first layer, [b][head]. */
function firstLayerLeak(run: PaddedRun): { mean: number; max: number }[][] {
  const { data, shape } = firstLayerOf(run);
  return sentences.map((_, b) => leakScores(data, shape, run.built.input.attentionMask, b).flat());
}

/** For each real query row of each head and layer, the largest minus smallest padding-column weight. */
function paddingStripeSpread(run: PaddedRun): number[] {
  const { data, shape } = run.output.attention;
  const [layers = 0, batch = 0, heads = 0, seqLen = 0] = shape;
  const mask = run.built.input.attentionMask;
  const spreads: number[] = [];
  for (let m = 0; m < layers * batch * heads; m++) {
    const b = Math.floor(m / heads) % batch;
    const row = (t: number) => mask[b * seqLen + t];
    for (let q = 0; q < seqLen; q++) {
      if (row(q) === 0) continue;
      const start = (m * seqLen + q) * seqLen;
      const padWeights = Array.from(data.subarray(start, start + seqLen)).filter(
        (_, k) => row(k) === 0,
      );
      spreads.push(Math.max(...padWeights) - Math.min(...padWeights));
    }
  }
  return spreads;
}

/** What each bug breaks, and the signature that tells it apart (mask-bugs notes, "signature"). */
interface BugSignature {
  readonly breaks: readonly Invariant[];
  readonly check: (run: PaddedRun) => Promise<void> | void;
}

const LEAK_AND_DRIFT: readonly Invariant[] = ['paddingLeak', 'drift'];

/** Every real and padding row NaN somewhere: the NaN of fully masked rows has spread. */
function expectSpreadNaN(run: PaddedRun): void {
  run.items.forEach((item) => {
    expect(item.nanRows.padding, 'NaN in padding rows').toBeGreaterThan(0);
    expect(item.nanRows.real, 'NaN reaches real rows a layer later').toBeGreaterThan(0);
  });
}

/** Masked scores of the padded batch of `entry` (with its numerics), [L, B, H, T, T]. */
async function scoresOf(entry: MaskEntry, run: PaddedRun): Promise<Float32Array> {
  const built = buildBatch({ sentences, extraPadding: run.pads, side: run.side, padId, entry });
  const out = await encoder.forward(built.input, { logitRows: [], includeScores: true });
  if (out.scores === undefined) throw new Error('scores were asked for');
  return out.scores.data;
}

/** The entries of numericsEntries.ts (precision, causal, score scale, bool cast). */
const NUMERICS_SIGNATURES: Readonly<Record<string, BugSignature>> = {
  'causal-left-pad': { breaks: ['paddingLeak', 'rowSums', 'drift', 'nan'], check: expectSpreadNaN },
  'causal-left-pad-arange': {
    breaks: ['drift'],
    check: async (run) => {
      run.items.forEach((item) => expect(item.drift).toBeGreaterThan(1e-3));
      const right = await runPadded(entryById('causal-left-pad-arange'), run.pads, 'right');
      right.items.forEach((item) => expect(brokenInvariants(item)).toEqual([]));
    },
  },
  'bool-cast-mask': {
    breaks: LEAK_AND_DRIFT,
    check: async (run) => {
      run.items.forEach((item) =>
        expect(item.leak.mean, 'weight on padding').toBeGreaterThan(0.99),
      );
      const alone = buildBatch({
        sentences: [sentences[0] ?? new Int32Array()],
        extraPadding: 0,
        side: 'right',
        padId,
        entry: entryById('bool-cast-mask'),
      });
      const unpadded = await forward(alone);
      expect(unpadded.attention.data.every(Number.isNaN), 'an unpadded row is all -∞').toBe(true);
    },
  },
  'large-scores-1e5': {
    breaks: LEAK_AND_DRIFT,
    check: async (run) => {
      run.items.forEach((item) => expect(item.leak.max).toBeGreaterThan(0.5));
      const strong = {
        ...entryById('large-scores-1e5'),
        mode: { kind: 'keyAdditive', constant: FLOAT32_MIN },
      } as const;
      const clean = await runPadded(strong, run.pads, run.side);
      clean.items.forEach((item) =>
        expect(brokenInvariants(item), 'float32 min still masks').toEqual([]),
      );
      const unscaled = await runPadded(
        { ...entryById('large-scores-1e5'), numerics: DEFAULT_NUMERICS },
        run.pads,
        run.side,
      );
      unscaled.items.forEach((item) =>
        expect(brokenInvariants(item), '-1e5 masks at ×1').toEqual([]),
      );
    },
  },
  'nan-masked-values': {
    breaks: ['rowSums', 'drift'],
    check: (run) => run.items.forEach((item) => expect(item.leak.max).toBe(0)),
  },
  'fp16-neg-1e9': {
    breaks: ['paddingLeak', 'rowSums', 'drift', 'nan'],
    check: async (run) => {
      expectSpreadNaN(run);
      const entry = entryById('fp16-neg-1e9');
      const fp32 = await runPadded({ ...entry, numerics: DEFAULT_NUMERICS }, run.pads, run.side);
      fp32.items.forEach((item) => expect(brokenInvariants(item), 'correct in fp32').toEqual([]));
      const keyOnly = { ...entry, mode: { kind: 'keyAdditive', constant: -1e9 } } as const;
      const partly = await runPadded(keyOnly, run.pads, run.side);
      partly.items.forEach((item) => expect(brokenInvariants(item), 'key mask fine').toEqual([]));
    },
  },
  'fp16-min-planes-sum': {
    breaks: [],
    check: async (run) => {
      const entry = entryById('fp16-min-planes-sum');
      const fp16 = await scoresOf(entry, run);
      expect(
        fp16.filter((s) => s === -Infinity).length,
        'the summed planes overflow',
      ).toBeGreaterThan(0);
      const fp32 = await scoresOf(
        { ...entry, numerics: { ...DEFAULT_NUMERICS, isCausal: true } },
        run,
      );
      expect(
        fp32.some((s) => !Number.isFinite(s)),
        '-131008 is finite in fp32',
      ).toBe(false);
      run.items.forEach((item) => expect(item.nanRows).toEqual({ real: 0, padding: 0 }));
    },
  },
};

const BUG_SIGNATURES: Readonly<Record<string, BugSignature>> = {
  'no-mask': {
    breaks: LEAK_AND_DRIFT,
    check: async (run) => {
      const more = await runPadded(entryById('no-mask'), run.pads + 15, run.side);
      run.items.forEach((item, b) => {
        expect(item.leak.mean).toBeGreaterThan(0.01);
        expect(more.items[b]?.leak.mean, 'the leak grows with the padding').toBeGreaterThan(
          item.leak.mean,
        );
      });
    },
  },
  'weak-constant': {
    breaks: LEAK_AND_DRIFT,
    check: async (run) => {
      const unmasked = await runPadded(entryById('no-mask'), run.pads, run.side);
      const diff = maxAbsDiff(run.output.attention.data, unmasked.output.attention.data);
      expect(diff, 'a -1e-9 mask is the same as no mask').toBeLessThanOrEqual(1e-6);
    },
  },
  'query-axis': {
    breaks: LEAK_AND_DRIFT,
    check: async (run) => {
      const unmasked = await runPadded(entryById('no-mask'), run.pads, run.side);
      expect(firstLayerLeak(run), 'real rows look unmasked').toEqual(firstLayerLeak(unmasked));
      run.items.forEach((item) => expect(item.leak.mean).toBeGreaterThan(0.01));
    },
  },
  'inverted-polarity': {
    breaks: LEAK_AND_DRIFT,
    check: (run) => {
      run.items.forEach((item) =>
        expect(item.leak.mean, 'almost all weight on padding').toBeGreaterThan(0.99),
      );
    },
  },
  'after-softmax': {
    breaks: ['rowSums', 'drift'],
    check: async (run) => {
      const more = await runPadded(entryById('after-softmax'), run.pads + 15, run.side);
      run.items.forEach((item, b) => {
        expect(item.leak.max, 'padding columns are exactly 0').toBe(0);
        expect(item.realRowSums.min).toBeLessThan(0.99);
        expect(more.items[b]?.realRowSums.min, 'rows shrink as padding grows').toBeLessThan(
          item.realRowSums.min,
        );
      });
    },
  },
  multiplicative: {
    breaks: LEAK_AND_DRIFT,
    check: (run) => {
      const spreads = paddingStripeSpread(run);
      expect(spreads.length).toBeGreaterThan(0);
      expect(
        Math.max(...spreads),
        'every padding column gets e^0/Z: equal stripes',
      ).toBeLessThanOrEqual(1e-9);
      run.items.forEach((item) => expect(item.leak.mean).toBeGreaterThan(0.01));
    },
  },
  'float-add': {
    breaks: LEAK_AND_DRIFT,
    check: async (run) => {
      // Layer 1 sees the same S either way; S + m scales padding by e^-1 against real keys, so a
      // row with unmasked padding mass P keeps P / (e(1 - P) + P), monotonic in P.
      const unmasked = firstLayerLeak(await runPadded(entryById('no-mask'), run.pads, run.side));
      firstLayerLeak(run).forEach((heads, b) =>
        heads.forEach((score, h) => {
          const p = unmasked[b]?.[h]?.max ?? NaN;
          expect(score.max).toBeCloseTo(p / (Math.E * (1 - p) + p), 5);
          expect(score.max).toBeGreaterThan(0.01);
        }),
      );
    },
  },
  'left-pad-arange': {
    breaks: ['drift'],
    check: async (run) => {
      run.items.forEach((item) =>
        expect(item.drift, 'drift behind a clean heatmap').toBeGreaterThan(1e-3),
      );
      const right = await runPadded(entryById('left-pad-arange'), run.pads, 'right');
      right.items.forEach((item) =>
        expect(brokenInvariants(item), 'arange is harmless on the right').toEqual([]),
      );
    },
  },
  ...NUMERICS_SIGNATURES,
  'neg-inf-fully-masked': {
    breaks: ['paddingLeak', 'rowSums', 'drift', 'nan'],
    check: (run) => {
      run.items.forEach((item) => {
        expect(item.nanRows.padding, 'NaN in padding rows').toBeGreaterThan(0);
        expect(item.nanRows.real, 'NaN reaches real rows a layer later').toBeGreaterThan(0);
      });
    },
  },
};

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - (b[i] ?? NaN))), 0);
}

describe.each(bugs.map((entry) => [entry.id, entry] as const))('bug entry %s', (id, entry) => {
  const signature = BUG_SIGNATURES[id];

  it('has a signature in the table', () => {
    expect(signature, `add ${id} to BUG_SIGNATURES`).toBeDefined();
  });

  it.each(PAD_COUNTS)(
    `breaks the invariants it is known for with %d extra ${entry.paddingSide} pads`,
    async (pads) => {
      if (signature === undefined) return;
      const run = await runPadded(entry, pads, entry.paddingSide);
      run.items.forEach((item, b) => {
        const message = `sentence ${b}: ${verdict(titleOf(entry), item)}`;
        expect(brokenInvariants(item), message).toEqual(signature.breaks);
      });
      await signature.check(run);
    },
  );
});

describe('NaN from -∞ on fully masked rows', () => {
  it('fills the padding rows of layer 1 with NaN and leaves its real rows finite', async () => {
    const run = await runPadded(entryById('neg-inf-fully-masked'), PAD_COUNTS[0], 'right');
    const { data, shape } = firstLayerOf(run);
    const [, batch = 0, heads = 0, seqLen = 0] = shape;
    const mask = run.built.input.attentionMask;
    for (let b = 0; b < batch; b++) {
      const paddingRows = mask.subarray(b * seqLen, (b + 1) * seqLen).filter((m) => m === 0);
      expect(nanRowCounts(data, shape, mask, b)).toEqual({
        real: 0,
        padding: heads * paddingRows.length,
      });
    }
    expect(
      firstLayerLeak(run)
        .flat()
        .every((score) => score.max === 0),
    ).toBe(true);
  });
});
