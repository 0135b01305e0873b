/**
 * The pooling audit's model runs: the sentence unpadded, right-padded and left-padded, under
 * mode A and mode B, reading back the final hidden states only; then the table of
 * poolingAudit.ts per mode. The padded drift compounds two bugs: the encoder's mask (mode) and
 * the pooling's (masked or not).
 */
import type { PaddingSide } from '../masks/maskMode';
import { forwardBatch } from '../model/batchForward';
import type { EncoderOutput } from '../model/encoderIo';
import type { ModeSpec } from '../masks/modeSpec';
import { padSentence, type RunnableModel } from './padSentence';
import { auditPooling, type PoolingCell } from './poolingAudit';

/** The current sentence, its padding and the two modes to audit. */
export interface PoolingRequest {
  /** Token ids of the sentence, [CLS] and [SEP] included: [T0]. */
  readonly ids: Int32Array;
  /** Padding tokens added on each side in turn (at least 0). */
  readonly paddingLength: number;
  readonly modeA: ModeSpec;
  readonly modeB: ModeSpec;
}

/** One padded layout of the sentence as the auditor draws it. */
export interface PoolingLayout {
  readonly side: PaddingSide;
  /** [T], 1 = real token. */
  readonly keep: Int32Array;
  /** Token of each position [T]. */
  readonly labels: readonly string[];
}

/** The audit: cells of mode A and mode B (see auditPooling) and the layouts they pool. */
export interface PoolingAudit {
  readonly layouts: readonly PoolingLayout[];
  readonly a: readonly PoolingCell[];
  readonly b: readonly PoolingCell[];
  /** Time of the two forwards, read-backs included, in ms. */
  readonly forwardMs: number;
}

const SIDES: readonly PaddingSide[] = ['right', 'left'];

/** Final hidden states [T, D] of batch item 0 of a 'last' output. */
function lastState(out: EncoderOutput | undefined): Float32Array {
  if (out === undefined) throw new Error('internal: a pooling run is missing');
  return out.hiddenStates.data;
}

/** Runs the four padded runs in one batch and the two unpadded ones in another. */
export async function runPoolingAudit(
  model: RunnableModel,
  request: PoolingRequest,
): Promise<PoolingAudit> {
  const { encoder, vocab } = model;
  const width = encoder.config.hiddenSize;
  const specs = [request.modeA, request.modeB];
  const batchOf = (spec: ModeSpec, padding: number, side: PaddingSide) =>
    padSentence(model, request.ids, spec, padding, side).input;
  const padded = specs.flatMap((spec) =>
    SIDES.map((side) => batchOf(spec, request.paddingLength, side)),
  );
  const options = { hiddenStates: 'last' } as const;
  const paddedOuts = await forwardBatch(
    encoder,
    padded.map((input) => ({ input, logitRows: [] })),
    options,
  );
  const plainOuts = await forwardBatch(
    encoder,
    specs.map((spec) => ({ input: batchOf(spec, 0, 'right'), logitRows: [] })),
    options,
  );
  const layouts = SIDES.map((side, s): PoolingLayout => {
    const input = padded[s];
    if (input === undefined) throw new Error('internal: a padded input is missing');
    const labels = Array.from(input.ids, (id) => vocab[id] ?? `#${id}`);
    return { side, keep: input.attentionMask, labels };
  });
  const cellsOf = (m: number) =>
    auditPooling(
      layouts.map((layout, s) => ({
        side: layout.side,
        keep: layout.keep,
        hidden: lastState(paddedOuts[m * SIDES.length + s]),
      })),
      lastState(plainOuts[m]),
      width,
    );
  return {
    layouts,
    a: cellsOf(0),
    b: cellsOf(1),
    forwardMs: (paddedOuts[0]?.latencyMs ?? 0) + (plainOuts[0]?.latencyMs ?? 0),
  };
}
