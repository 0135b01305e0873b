// A bundled model's folder opened in Node the way the app opens it, and its top-1 predictions
// at masked positions: shared by the tests of the bundled models against PyTorch's fixtures.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCheckpointFromFiles } from '../../../src/checkpoint/load';
import type { Checkpoint } from '../../../src/checkpoint/types';
import type { MaskMode, PositionScheme } from '../../../src/masks/maskMode';
import { padSequence } from '../../../src/masks/padding';
import { positionIds } from '../../../src/masks/positions';
import { createEncoder } from '../../../src/model/encoder';
import type { Encoder } from '../../../src/model/encoder';

/** Logit gaps below this are near-ties that float32 rounding may legitimately flip. */
export const MIN_MARGIN = 1e-3;

/** A model folder (config.json, vocab.txt, model.safetensors) through the app's loader. */
export async function openModelFolder(
  folder: string,
): Promise<{ checkpoint: Checkpoint; encoder: Encoder }> {
  const names = ['config.json', 'vocab.txt', 'model.safetensors'];
  const files = await Promise.all(
    names.map(async (n) => new File([await readFile(join(folder, n))], n)),
  );
  const checkpoint = await loadCheckpointFromFiles(files);
  return { checkpoint, encoder: await createEncoder(checkpoint) };
}

/** The best id of one logit row, or null when the row holds a NaN (no ranking). */
function top1Of(row: Float32Array): number | null {
  let best = 0;
  for (let i = 0; i < row.length; i += 1) {
    const v = row[i] ?? NaN;
    if (Number.isNaN(v)) return null;
    if (v > (row[best] ?? -Infinity)) best = i;
  }
  return best;
}

/**
 * Top-1 ids at the masked positions of one sequence, right-padded by `pads` tokens. Padding's
 * position ids matter only where a mode lets real tokens see padding: PyTorch's evaluation
 * (like Hugging Face's BertModel) numbers every position, `arange`, as pads by index do here.
 */
export async function maskedTop1(
  encoder: Encoder,
  inputIds: readonly number[],
  maskedPositions: readonly number[],
  pads: number,
  mode: MaskMode,
  positions: PositionScheme = 'cumsum',
): Promise<(number | null)[]> {
  const padded = padSequence(Int32Array.from(inputIds), pads, 'right', encoder.config.padTokenId);
  const seqLen = padded.ids.length;
  const output = await encoder.forward(
    {
      batch: 1,
      seqLen,
      ids: padded.ids,
      attentionMask: padded.attentionMask,
      positionIds: positionIds(padded.attentionMask, 1, seqLen, positions, 'index'),
      mode,
    },
    { logitRows: maskedPositions },
  );
  const vocab = encoder.config.vocabSize;
  return maskedPositions.map((_, i) =>
    top1Of(output.logits.data.subarray(i * vocab, (i + 1) * vocab)),
  );
}
