/**
 * The taint test's model runs: the padded sentence under each mode, once clean and once per
 * taint (poisoned padding rows), as one batch per taint; then, per mode and taint, how far the
 * real tokens' final hidden states and [MASK] logits moved (diagnostics/taintChange.ts).
 */
import { taintChange, type TaintChange } from '../diagnostics/taintChange';
import type { PaddingSide } from '../masks/maskMode';
import { forwardBatch } from '../model/batchForward';
import type { EncoderOutput, Taint } from '../model/encoderIo';
import type { ModeSpec } from '../masks/modeSpec';
import { padSentence, type RunnableModel } from './padSentence';

/** The sentence, its padding, the modes to test and the poisons to inject. */
export interface TaintRequest {
  /** Token ids of the sentence, [CLS] and [SEP] included: [T0]. */
  readonly ids: Int32Array;
  /** Padding tokens (at least 1, or nothing can be tainted). */
  readonly paddingLength: number;
  readonly side: PaddingSide;
  readonly modes: readonly ModeSpec[];
  readonly taints: readonly Taint[];
  /** Indices k into `ids` of the [MASK] tokens whose logits are compared too. */
  readonly maskIndices: readonly number[];
}

/** outcomes[m][j]: mode m under taint j. */
export interface TaintReport {
  readonly outcomes: readonly (readonly TaintChange[])[];
  /** How many logit rows ([MASK] tokens) were compared besides the hidden states. */
  readonly logitRowCount: number;
  /** Time of all the forwards, read-backs included, in ms. */
  readonly forwardMs: number;
}

function finalOf(out: EncoderOutput | undefined): EncoderOutput {
  if (out === undefined) throw new Error('internal: a taint run is missing');
  return out;
}

/** Runs every mode clean and under every taint (one batch each) and compares the real outputs. */
export async function runTaintCheck(
  model: RunnableModel,
  request: TaintRequest,
): Promise<TaintReport> {
  if (request.paddingLength < 1) {
    throw new RangeError('The taint test needs at least one padding token to poison.');
  }
  const { encoder } = model;
  const built = request.modes.map((spec) =>
    padSentence(model, request.ids, spec, request.paddingLength, request.side, request.maskIndices),
  );
  // Every mode pads the same way: one set of positions serves them all.
  const realPositions = built[0]?.realPositions ?? new Int32Array(0);
  const logitRows = built[0]?.maskPositions ?? [];
  const items = built.map(({ input }) => ({ input, logitRows }));
  const runAll = (taint?: Taint) =>
    forwardBatch(encoder, items, {
      hiddenStates: 'last',
      ...(taint === undefined ? {} : { taint }),
    });
  const clean = await runAll();
  let forwardMs = clean[0]?.latencyMs ?? 0;
  const tainted: EncoderOutput[][] = [];
  for (const taint of request.taints) {
    const outs = await runAll(taint);
    forwardMs += outs[0]?.latencyMs ?? 0;
    tainted.push(outs);
  }
  const outcomes = request.modes.map((_, m) => {
    const before = finalOf(clean[m]);
    return tainted.map((outs) => {
      const after = finalOf(outs[m]);
      return taintChange(
        {
          cleanHidden: before.hiddenStates.data,
          taintedHidden: after.hiddenStates.data,
          cleanLogits: before.logits.data,
          taintedLogits: after.logits.data,
          realPositions,
        },
        encoder.config.hiddenSize,
      );
    });
  });
  return { outcomes, logitRowCount: logitRows.length, forwardMs };
}
