/**
 * One analysis, as plain data in and out: pad the sentence, run it under mode A and mode B,
 * and keep what the page shows (attention, [MASK] logits, final hidden states) plus the
 * unpadded reference run of each mode that drift is measured against.
 */
import { buildBatch } from '../../src/masks/batch';
import { serialiseMaskMode } from '../../src/masks/maskModeJson';
import type { Encoder } from '../../src/model/encoder';
import type { DenseTensor } from '../../src/checkpoint/types';
import type { ModeRun, ModeSpec, RunOutput, RunRequest } from './protocol';

/** Final hidden states [T0, D] of unpadded runs, keyed by sentence and mode. */
export interface ReferenceCache {
  get(key: string): Float32Array | undefined;
  set(key: string, value: Float32Array): void;
}

/** A small least-recently-used cache of reference runs. */
export function createReferenceCache(capacity: number): ReferenceCache & { clear(): void } {
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

/** The last of the L+1 hidden states of batch item 0, copied: [T, D]. */
function finalState(hidden: DenseTensor): Float32Array {
  const [states = 0, , seqLen = 0, width = 0] = hidden.shape;
  const size = seqLen * width;
  const start = ((states - 1) * hidden.data.length) / states;
  return hidden.data.slice(start, start + size);
}

interface Context {
  readonly encoder: Encoder;
  readonly request: RunRequest;
  readonly padId: number;
  readonly cache: ReferenceCache;
}

async function referenceOf(ctx: Context, spec: ModeSpec): Promise<Float32Array> {
  const key = `${modeKey(spec)}|${ctx.request.ids.join(',')}`;
  const cached = ctx.cache.get(key);
  if (cached !== undefined) return cached;
  const { input } = buildBatch({
    sentences: [ctx.request.ids],
    extraPadding: 0,
    side: 'right',
    padId: ctx.padId,
    entry: spec,
  });
  const out = await ctx.encoder.forward(input, { logitRows: [] });
  const hidden = finalState(out.hiddenStates);
  ctx.cache.set(key, hidden);
  return hidden;
}

async function runMode(
  ctx: Context,
  spec: ModeSpec,
): Promise<{ run: ModeRun; built: ReturnType<typeof buildBatch> }> {
  const { request } = ctx;
  const built = buildBatch({
    sentences: [request.ids],
    extraPadding: request.paddingLength,
    side: request.side,
    padId: ctx.padId,
    entry: spec,
  });
  const realPositions = built.realPositions[0] ?? new Int32Array(0);
  const logitRows = request.maskIndices.map((k) => realPositions[k] ?? 0);
  const out = await ctx.encoder.forward(built.input, { logitRows });
  const finalHidden = finalState(out.hiddenStates);
  // The reference is copied because the page takes ownership of what it is sent.
  const reference = request.paddingLength === 0 ? finalHidden : await referenceOf(ctx, spec);
  const run: ModeRun = {
    attention: out.attention.data,
    logits: out.logits.data,
    finalHidden,
    referenceHidden: reference.slice(),
    forwardMs: out.latencyMs,
  };
  return { run, built };
}

/**
 * Runs `request` on `encoder`. Mode B reuses mode A's run when both are the same spec.
 * Reference (unpadded) runs are cached in `cache` by sentence and mode.
 */
export async function analyse(
  encoder: Encoder,
  request: RunRequest,
  padId: number,
  cache: ReferenceCache,
): Promise<RunOutput> {
  const startMs = performance.now();
  const ctx: Context = { encoder, request, padId, cache };
  const a = await runMode(ctx, request.modeA);
  const b =
    modeKey(request.modeA) === modeKey(request.modeB) ? a : await runMode(ctx, request.modeB);
  const { config } = encoder;
  const { input } = a.built;
  return {
    layers: config.numLayers,
    heads: config.numHeads,
    seqLen: input.seqLen,
    width: config.hiddenSize,
    vocabSize: config.vocabSize,
    ids: input.ids,
    attentionMask: input.attentionMask,
    realPositions: a.built.realPositions[0] ?? new Int32Array(0),
    a: a.run,
    b: b.run,
    totalMs: performance.now() - startMs,
  };
}
