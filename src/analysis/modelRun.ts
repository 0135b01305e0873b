/**
 * One model run as an Analysis: pad the sentence, run it under mode A and mode B, and measure
 * each against the unpadded run of the same mode (drift). Reference runs are cached by
 * sentence and mode, since typing changes the padded run far more often than the sentence, and
 * shared by the modes that compute the same thing without padding.
 */
import { rowDrift } from '../diagnostics/drift';
import { buildBatch } from '../masks/batch';
import type { MaskKind, MaskMode, PaddingSide, PositionScheme } from '../masks/maskMode';
import { serialiseMaskMode } from '../masks/maskModeJson';
import type { Encoder } from '../model/encoder';
import type { EncoderInput, EncoderOutput } from '../model/types';
import { analyseSide, type Analysis, type SideAnalysis } from './analysis';
import { attentionOf } from './attention';
import { predictionsOf } from './predictions';

/** A mask mode to run, with the position-id scheme that goes with it. */
export interface ModeSpec {
  readonly mode: MaskMode;
  readonly positions: PositionScheme;
}

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

/** A model on the active backend with its vocabulary (id → token). */
export interface RunnableModel {
  readonly encoder: Encoder;
  readonly vocab: readonly string[];
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

/** A stable text key for a mode spec (constants such as -Infinity survive). */
export function modeKey(spec: ModeSpec): string {
  return `${JSON.stringify(serialiseMaskMode(spec.mode))}/${spec.positions}`;
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

/** The key of a mode's unpadded reference run: modes that compute the same share one. */
export function referenceKey(spec: ModeSpec): string {
  return PLAIN_WHEN_UNPADDED.has(spec.mode.kind) ? 'plain' : modeKey(spec);
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
  referenceMs: number;
}

async function referenceOf(ctx: Context, spec: ModeSpec): Promise<Float32Array> {
  const key = `${referenceKey(spec)}|${ctx.request.ids.join(',')}`;
  const cached = ctx.cache.get(key);
  if (cached !== undefined) return cached;
  const { input } = buildBatch({
    sentences: [ctx.request.ids],
    extraPadding: 0,
    side: 'right',
    padId: ctx.model.encoder.config.padTokenId,
    entry: spec,
  });
  const out = await ctx.model.encoder.forward(input, { logitRows: [], hiddenStates: 'last' });
  ctx.referenceMs += out.latencyMs;
  const hidden = finalState(out).slice(); // a copy: the view would keep the whole read-back alive
  ctx.cache.set(key, hidden);
  return hidden;
}

function paddedBatch(ctx: Context, spec: ModeSpec) {
  return buildBatch({
    sentences: [ctx.request.ids],
    extraPadding: ctx.request.paddingLength,
    side: ctx.request.side,
    padId: ctx.model.encoder.config.padTokenId,
    entry: spec,
  });
}

async function runMode(
  ctx: Context,
  spec: ModeSpec,
): Promise<{ side: SideAnalysis; input: EncoderInput }> {
  const { encoder, vocab } = ctx.model;
  const { config } = encoder;
  const built = paddedBatch(ctx, spec);
  const realPositions = built.realPositions[0] ?? new Int32Array(0);
  const maskPositions = ctx.request.maskIndices.map((k) => realPositions[k] ?? 0);
  const out = await encoder.forward(built.input, {
    logitRows: maskPositions,
    hiddenStates: 'last',
  });
  const padded = { rows: finalState(out), positions: realPositions };
  const reference = ctx.request.paddingLength === 0 ? padded.rows : await referenceOf(ctx, spec);
  const identity = Int32Array.from(realPositions, (_, k) => k);
  const seqLen = built.input.seqLen;
  const side = analyseSide(
    attentionOf(out.attention.data, config.numLayers, config.numHeads, seqLen), // [L, 1, H, T, T]
    built.input.attentionMask,
    {
      drift: rowDrift(padded, { rows: reference, positions: identity }, config.hiddenSize),
      predictions: predictionsOf(out.logits.data, maskPositions, vocab),
      forwardMs: out.latencyMs,
    },
  );
  return { side, input: built.input };
}

/**
 * Runs `request` on `model` and measures it. Mode B reuses mode A's result when both are the
 * same spec. Reference (unpadded) runs are cached in `cache` by sentence and mode.
 */
export async function analyseModelRun(
  model: RunnableModel,
  request: ModelRunRequest,
  cache: ReferenceCache,
): Promise<Analysis> {
  const startMs = performance.now();
  const ctx: Context = { model, request, cache, referenceMs: 0 };
  const a = await runMode(ctx, request.modeA);
  const b =
    modeKey(request.modeA) === modeKey(request.modeB) ? a : await runMode(ctx, request.modeB);
  const { input } = a; // padding and ids do not depend on the mode
  return {
    mask: input.attentionMask,
    labels: Array.from(input.ids, (id) => model.vocab[id] ?? `#${id}`),
    a: a.side,
    b: b.side,
    totalMs: performance.now() - startMs,
    referenceMs: ctx.referenceMs,
  };
}
