/**
 * The padding sweep: one sentence from 0 pads to the model's limit under modes A and B, and how
 * each padding changes what the model computes for the real tokens: per-layer leak, drift (per
 * hidden state, absolute and relative), each [MASK]'s top-1, pooled-vector cosines, and where the
 * run first departs from the unpadded one. Each padding is one forward with A and B as one
 * batch, reading back only padding masses (not [T, T] maps), the hidden states and the [MASK]
 * logit rows. The pads = 0 step is the unpadded reference of every later step.
 */
import { stateDrifts, type StateDrift, type StateStack } from '../diagnostics/layerDrift';
import { findDivergence, type Divergence } from '../diagnostics/divergence';
import type { PaddingSide } from '../masks/maskMode';
import { forwardBatch } from '../model/batchForward';
import type { EncoderOutput } from '../model/encoderIo';
import { modeKey, type ModeSpec } from '../masks/modeSpec';
import { padSentence, type PaddedSentence, type RunnableModel } from './padSentence';
import { topK } from './predictions';
import { sweepPads, type SweepRange } from './sweepPlan';
import { pooledCosines, type PooledCosine } from './sweepPooling';

/** One sentence to sweep under modes A and B. */
export interface SweepRequest {
  /** Token ids of the sentence, [CLS] and [SEP] included: [T0]. */
  readonly ids: Int32Array;
  readonly side: PaddingSide;
  readonly modeA: ModeSpec;
  readonly modeB: ModeSpec;
  /** Indices k into `ids` of the [MASK] tokens to follow. */
  readonly maskIndices: readonly number[];
  readonly range: SweepRange;
}

/** A [MASK]'s most likely token at one padding; null when its logits hold NaN. */
export interface MaskTop {
  readonly id: number;
  readonly token: string;
  readonly probability: number;
}

/** What one mode computed at one padding, against its own unpadded run. */
export interface SweepSide {
  /** Per layer [L]: real query rows' attention mass on padding, mean over heads and real rows (0..1). */
  readonly leakPerLayer: readonly number[];
  /** Per layer and head [L][H]: the largest real row's mass on padding (0..1). */
  readonly headLeakMax: readonly (readonly number[])[];
  /** Per hidden state [L+1] (0 = embeddings, last = final layer): max |Δh| and max ‖Δh‖/‖h‖. */
  readonly drifts: readonly StateDrift[];
  readonly divergence: Divergence;
  /** Per [MASK] of the request, in order. */
  readonly maskTop: readonly (MaskTop | null)[];
  /** Per pooling kind (POOLING_KINDS), masked and unmasked. */
  readonly pooled: readonly PooledCosine[];
}

/** One padding of the sweep. */
export interface SweepStep {
  readonly pads: number;
  readonly a: SweepSide;
  /** Mode B (the same object as `a` when both modes are the same spec). */
  readonly b: SweepSide;
  /** Time of this padding's forward, read-back included, ms. */
  readonly forwardMs: number;
}

/** A whole sweep, as plain data. */
export interface SweepResult {
  readonly steps: readonly SweepStep[];
  readonly layers: number;
  readonly heads: number;
  /** Real tokens T0 of the sentence ([CLS] and [SEP] included). */
  readonly realTokens: number;
  /** Wall time of the whole sweep, ms. */
  readonly totalMs: number;
}

/** How the caller steers a sweep; every hook is optional. */
export interface SweepHooks {
  /** Runs each padding's work, e.g. queued between other commands (default: at once). */
  readonly schedule?: <T>(task: () => Promise<T>) => Promise<T>;
  /** Checked before each padding; true stops the sweep with a SweepCancelledError. */
  readonly isCancelled?: () => boolean;
  /** Called after each padding with the steps done so far and their total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Thrown when a sweep was stopped (superseded or cancelled) before it finished. */
export class SweepCancelledError extends Error {
  constructor() {
    super('The sweep was stopped before it finished.');
    this.name = 'SweepCancelledError';
  }
}

/** Leak per layer (mean) and per head (max) over the real rows of padding masses [L, 1, H, T, 1]. */
function leakOf(mass: Float32Array, mask: Int32Array, layers: number, heads: number) {
  const seqLen = mask.length;
  const real = [...mask.keys()].filter((t) => mask[t] === 1);
  const headLeakMax: number[][] = [];
  const leakPerLayer: number[] = [];
  for (let l = 0; l < layers; l++) {
    const maxima: number[] = [];
    let total = 0;
    for (let h = 0; h < heads; h++) {
      const offset = (l * heads + h) * seqLen;
      let max = 0;
      for (const t of real) {
        const value = mass[offset + t] ?? NaN;
        total += value;
        max = Math.max(max, value); // keeps NaN
      }
      maxima.push(max);
    }
    headLeakMax.push(maxima);
    leakPerLayer.push(real.length === 0 ? 0 : total / (real.length * heads));
  }
  return { leakPerLayer, headLeakMax };
}

function maskTopOf(
  logits: Float32Array,
  count: number,
  vocab: readonly string[],
): (MaskTop | null)[] {
  const size = vocab.length;
  return Array.from({ length: count }, (_, n) => {
    const row = logits.subarray(n * size, (n + 1) * size);
    const [best] = row.some(Number.isNaN) ? [] : topK(row, 1);
    return best === undefined ? null : { ...best, token: vocab[best.id] ?? `#${best.id}` };
  });
}

interface Measured {
  readonly side: SweepSide;
  readonly stack: StateStack;
}

function measureSide(
  model: RunnableModel,
  run: PaddedSentence,
  out: EncoderOutput,
  reference: StateStack | null,
): Measured {
  const { numLayers, numHeads, hiddenSize } = model.encoder.config;
  const stack = {
    data: out.hiddenStates.data,
    seqLen: run.input.seqLen,
    positions: run.realPositions,
  };
  const base = reference ?? stack;
  const drifts = stateDrifts(stack, base, hiddenSize);
  const { leakPerLayer, headLeakMax } = leakOf(
    out.attention.data,
    run.input.attentionMask,
    numLayers,
    numHeads,
  );
  const finalOf = (s: StateStack) => s.data.subarray(numLayers * s.seqLen * hiddenSize);
  const side: SweepSide = {
    leakPerLayer,
    headLeakMax,
    drifts,
    divergence: findDivergence(drifts, headLeakMax),
    maskTop: maskTopOf(out.logits.data, run.maskPositions.length, model.vocab),
    pooled: pooledCosines(finalOf(stack), run.input.attentionMask, finalOf(base), hiddenSize),
  };
  return { side, stack };
}

/**
 * Sweeps `request` on `model`: pads 0, step, … to the limit (see sweepPads), modes A and B as
 * one batch per padding (one item when both are the same spec). Throws SweepCancelledError when
 * `hooks.isCancelled` says so, and a RangeError for a bad range.
 */
export async function runSweep(
  model: RunnableModel,
  request: SweepRequest,
  hooks: SweepHooks = {},
): Promise<SweepResult> {
  const startMs = performance.now();
  const { config } = model.encoder;
  const pads = sweepPads(request.range, request.ids.length, config.maxPositions);
  const specs =
    modeKey(request.modeA) === modeKey(request.modeB)
      ? [request.modeA]
      : [request.modeA, request.modeB];
  const schedule = hooks.schedule ?? (<T>(task: () => Promise<T>) => task());
  let references: (StateStack | null)[] = specs.map(() => null);
  const steps: SweepStep[] = [];
  for (const n of pads) {
    if (hooks.isCancelled?.() === true) throw new SweepCancelledError();
    const step = await schedule(async () => {
      const runs = specs.map((spec) =>
        padSentence(model, request.ids, spec, n, request.side, request.maskIndices),
      );
      const outs = await forwardBatch(
        model.encoder,
        runs.map((run) => ({ input: run.input, logitRows: run.maskPositions })),
        { hiddenStates: 'all', attention: 'paddingMass' },
      );
      const measured = runs.map((run, i) => {
        const out = outs[i];
        if (out === undefined) throw new Error('internal: a sweep run is missing');
        return measureSide(model, run, out, references[i] ?? null);
      });
      if (n === 0) references = measured.map(({ stack }) => stack);
      const [a, b] = measured.map(({ side }) => side);
      if (a === undefined) throw new Error('internal: mode A did not run');
      return { pads: n, a, b: b ?? a, forwardMs: outs[0]?.latencyMs ?? 0 };
    });
    steps.push(step);
    hooks.onProgress?.(steps.length, pads.length);
  }
  return {
    steps,
    layers: config.numLayers,
    heads: config.numHeads,
    realTokens: request.ids.length,
    totalMs: performance.now() - startMs,
  };
}
