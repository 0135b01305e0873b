/**
 * One model run as an Analysis: pad the sentence, run it under mode A and mode B, and measure
 * each against the unpadded run of the same mode (drift). Reference runs are cached by
 * sentence and mode, since typing changes the padded run far more often than the sentence, and
 * shared by the modes that compute the same thing without padding.
 */
import { rowDrift } from '../diagnostics/drift';
import { stateDrifts } from '../diagnostics/layerDrift';
import type { MaskKind, PaddingSide } from '../masks/maskMode';
import { modeKey, type ModeSpec } from '../masks/modeSpec';
import { DEFAULT_NUMERICS, numericsKey } from '../masks/numerics';
import { forwardBatch } from '../model/batchForward';
import type { EncoderOutput } from '../model/encoderIo';
import { analyseSide, type Analysis, type SideAnalysis } from './analysis';
import { attentionOf } from './attentionMaps';
import { padSentence, type RunnableModel } from './padSentence';
import { predictionsOf } from './predictions';

/** One analysis: a tokenized sentence, padded, run under mode A and mode B. */
export interface ModelRunRequest {
  /** Token ids of the sentence, [CLS] and [SEP] included: [T0]. */
  readonly ids: Int32Array;
  readonly paddingLength: number;
  readonly side: PaddingSide;
  readonly modeA: ModeSpec;
  readonly modeB: ModeSpec;
  /** Indices k into `ids` of the [MASK] tokens whose predictions to compute. */
  readonly maskIndices: readonly number[];
}

/** Final hidden states [T0, D] of unpadded runs, keyed by sentence and mode. */
export interface ReferenceCache {
  get(key: string): Float32Array | undefined;
  set(key: string, value: Float32Array): void;
  clear(): void;
}

/** A small least-recently-used cache of reference runs. */
export function createReferenceCache(capacity: number): ReferenceCache {
  const entries = new Map<string, Float32Array>();
  return {
    get: (key) => {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set: (key, value) => {
      entries.delete(key);
      entries.set(key, value);
      const oldest = entries.keys().next();
      if (entries.size > capacity && oldest.done !== true) entries.delete(oldest.value);
    },
    clear: () => entries.clear(),
  };
}

/**
 * Modes whose unpadded run is bit for bit plain softmax attention: with every token real their
 * mask terms are exact zeros or ones (S + 0·c, S·1, p·1). Both position schemes give 0..T-1
 * without padding too, so these modes share one reference run. Not in the list: the inverted
 * mask (it adds c to every score), floatAdd (S + 1 rounds) and renormalising (p / Σp rounds).
 */
const PLAIN_WHEN_UNPADDED: ReadonlySet<MaskKind> = new Set<MaskKind>([
  'keyAdditive',
  'queryAdditive',
  'bothAdditive',
  'multiplicative',
  'none',
  'keyAfterSoftmax',
]);

/**
 * The key of a mode's unpadded reference run: modes that compute the same share one (under the
 * same numerics: the causal plane and the rounding act on unpadded runs too).
 */
export function referenceKey(spec: ModeSpec): string {
  const numerics = numericsKey(spec.numerics ?? DEFAULT_NUMERICS);
  return PLAIN_WHEN_UNPADDED.has(spec.mode.kind) ? `plain/${numerics}` : modeKey(spec);
}

/** The final layer's hidden states [T, D] of batch item 0 (a view, no copy), 'all' or 'last'. */
function finalState(out: EncoderOutput): Float32Array {
  const [states = 0, , seqLen = 0, width = 0] = out.hiddenStates.shape;
  const size = seqLen * width;
  return out.hiddenStates.data.subarray((states - 1) * size, states * size);
}

interface Context {
  readonly model: RunnableModel;
  readonly request: ModelRunRequest;
  readonly cache: ReferenceCache;
}

/**
 * The unpadded final hidden states [T0, D] of each spec, from the cache or from one batched
 * forward of the missing ones (modes that compute the same share a run). Returns the forward's
 * time too (0 when everything was cached).
 */
async function referencesOf(
  ctx: Context,
  specs: readonly ModeSpec[],
): Promise<{ states: Float32Array[]; ms: number }> {
  const sentence = ctx.request.ids.join(',');
  const keyOf = (spec: ModeSpec) => `${referenceKey(spec)}|${sentence}`;
  const missing = new Map<string, ModeSpec>();
  for (const spec of specs) {
    const key = keyOf(spec);
    if (ctx.cache.get(key) === undefined) missing.set(key, spec);
  }
  let ms = 0;
  if (missing.size > 0) {
    const items = [...missing.values()].map((spec) => ({
      input: padSentence(ctx.model, ctx.request.ids, spec, 0, 'right').input,
      logitRows: [],
    }));
    const outs = await forwardBatch(ctx.model.encoder, items, { hiddenStates: 'last' });
    [...missing.keys()].forEach((key, i) => {
      const out = outs[i];
      if (out !== undefined) ctx.cache.set(key, finalState(out).slice());
    });
    ms = outs[0]?.latencyMs ?? 0;
  }
  const states = specs.map((spec) => {
    const state = ctx.cache.get(keyOf(spec));
    if (state === undefined) throw new Error('internal: a reference run is missing');
    return state;
  });
  return { states, ms };
}

/**
 * Runs `request` on `model` and measures it. Mode A and mode B run as one batch (mode B reuses
 * mode A's result when both are the same spec). Reference (unpadded) runs are cached in `cache`
 * by sentence and mode, and run as one batch too.
 */
export async function analyseModelRun(
  model: RunnableModel,
  request: ModelRunRequest,
  cache: ReferenceCache,
): Promise<Analysis> {
  const startMs = performance.now();
  const ctx: Context = { model, request, cache };
  const { config } = model.encoder;
  const isSame = modeKey(request.modeA) === modeKey(request.modeB);
  const specs = isSame ? [request.modeA] : [request.modeA, request.modeB];
  const runs = specs.map((spec) =>
    padSentence(model, request.ids, spec, request.paddingLength, request.side, request.maskIndices),
  );
  const outs = await forwardBatch(
    model.encoder,
    runs.map((run) => ({ input: run.input, logitRows: run.maskPositions })),
    { hiddenStates: 'last' },
  );
  const references =
    request.paddingLength === 0
      ? { states: outs.map(finalState), ms: 0 }
      : await referencesOf(ctx, specs);
  const sides = runs.map((run, i): SideAnalysis => {
    const out = outs[i];
    const reference = references.states[i];
    if (out === undefined || reference === undefined) throw new Error('internal: a run is missing');
    const seqLen = run.input.seqLen;
    const identity = Int32Array.from(run.realPositions, (_, k) => k);
    const [relative] = stateDrifts(
      { data: finalState(out), seqLen, positions: run.realPositions },
      { data: reference, seqLen: identity.length, positions: identity },
      config.hiddenSize,
    );
    return analyseSide(
      attentionOf(out.attention.data, config.numLayers, config.numHeads, seqLen), // [L, 1, H, T, T]
      run.input.attentionMask,
      {
        drift: rowDrift(
          { rows: finalState(out), positions: run.realPositions },
          { rows: reference, positions: identity },
          config.hiddenSize,
        ),
        predictions: predictionsOf(out.logits.data, run.maskPositions, model.vocab),
        relativeDrift: relative?.rel ?? null,
      },
    );
  });
  const [first] = runs;
  const [a] = sides;
  if (first === undefined || a === undefined) throw new Error('internal: mode A did not run');
  const { input } = first; // padding and ids do not depend on the mode
  return {
    mask: input.attentionMask,
    labels: Array.from(input.ids, (id) => model.vocab[id] ?? `#${id}`),
    a,
    b: sides[1] ?? a,
    totalMs: performance.now() - startMs,
    forwardMs: outs[0]?.latencyMs ?? null,
    referenceMs: references.ms,
  };
}
