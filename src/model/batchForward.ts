// Several one-sequence inputs of the same length run as ONE batch, each under its own mask mode,
// and handed back one output each as if it had run alone. A forward has a fixed cost (hundreds
// of kernel launches, one read-back) that a batch pays once: the app's mode A and mode B runs
// share it.
import type { DenseTensor } from '../checkpoint/types';
import type { Encoder } from './encoder';
import { EncoderError } from './encoderError';
import { modesOf, numericsOf } from './encoderIo';
import type { EncoderInput, EncoderOutput, ForwardOptions } from './encoderIo';

/** One sequence to run: a batch-1 input and the logit rows (its own positions) it wants. */
export interface BatchItem {
  readonly input: EncoderInput;
  readonly logitRows: readonly number[];
}

function concatInt32(parts: readonly Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Item `b` of an array whose axis 1 is the batch ([S, N, ...rest]): [S, 1, ...rest], copied.
 */
function itemOf(tensor: DenseTensor, b: number): DenseTensor {
  const [outer = 0, items = 0, ...rest] = tensor.shape;
  const inner = rest.reduce((n, size) => n * size, 1);
  const data = new Float32Array(outer * inner);
  for (let s = 0; s < outer; s++) {
    data.set(tensor.data.subarray((s * items + b) * inner, (s * items + b + 1) * inner), s * inner);
  }
  return { shape: [outer, 1, ...rest], data };
}

/**
 * Runs `items` (each batch 1, all the same length) as one batch of N, each with its own mask
 * mode, and returns their outputs in order with batch 1, logits for their own rows.
 * `latencyMs` of each is the time of the shared forward.
 */
export async function forwardBatch(
  encoder: Encoder,
  items: readonly BatchItem[],
  options: Omit<ForwardOptions, 'logitRows'> = {},
): Promise<EncoderOutput[]> {
  const [first] = items;
  if (first === undefined) return [];
  const { seqLen } = first.input;
  if (items.some(({ input }) => input.batch !== 1 || input.seqLen !== seqLen)) {
    throw new EncoderError(
      `forwardBatch needs batch-1 inputs of one length (the first has ${seqLen} tokens)`,
    );
  }
  const typeIds = items.map(({ input }) => input.tokenTypeIds);
  const merged: EncoderInput = {
    batch: items.length,
    seqLen,
    ids: concatInt32(items.map(({ input }) => input.ids)),
    attentionMask: concatInt32(items.map(({ input }) => input.attentionMask)),
    positionIds: concatInt32(items.map(({ input }) => input.positionIds)),
    ...(typeIds.every((ids) => ids === undefined)
      ? {}
      : {
          tokenTypeIds: concatInt32(typeIds.map((ids) => ids ?? new Int32Array(seqLen))),
        }),
    mode: items.flatMap(({ input }) => modesOf(input.mode, 1)),
    numerics: items.flatMap(({ input }) => numericsOf(input.numerics, 1)),
  };
  const out = await encoder.forward(merged, {
    ...options,
    logitRows: items.flatMap(({ logitRows }, b) => logitRows.map((row) => b * seqLen + row)),
  });
  const vocab = out.logits.shape[1] ?? 0;
  let row = 0;
  return items.map(({ logitRows }, b) => {
    const logits = out.logits.data.slice(row * vocab, (row + logitRows.length) * vocab);
    row += logitRows.length;
    const { scores } = out;
    return {
      logits: { shape: [logitRows.length, vocab], data: logits },
      hiddenStates: itemOf(out.hiddenStates, b),
      attention: itemOf(out.attention, b),
      ...(scores === undefined ? {} : { scores: itemOf(scores, b) }),
      latencyMs: out.latencyMs,
    };
  });
}
