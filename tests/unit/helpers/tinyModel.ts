// A small seeded random model and a matching input, for encoder tests that need no files.
import type { MaskMode } from '../../../src/masks/maskMode';
import type { EncoderConfig } from '../../../src/model/config';
import { randomCheckpoint } from '../../../src/model/randomCheckpoint';
import type { EncoderInput } from '../../../src/model/encoderIo';

/** 2 layers, 2 heads, D = 8: small enough for many forwards in a test. */
export const TINY_CONFIG: EncoderConfig = {
  vocabSize: 20,
  hiddenSize: 8,
  numLayers: 2,
  numHeads: 2,
  intermediateSize: 16,
  maxPositions: 16,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenAct: 'gelu',
  padTokenId: 0,
};

/** The random checkpoint for TINY_CONFIG (seed 7). */
export const tinyCheckpoint = () => randomCheckpoint(TINY_CONFIG, 7);

/** B = 2, T = 5: row 0 unpadded, row 1 with two right pads; positions cumsum(m) - 1. */
export function tinyInput(mode: MaskMode = { kind: 'keyAdditive', constant: -1e4 }): EncoderInput {
  return {
    batch: 2,
    seqLen: 5,
    ids: Int32Array.from([2, 7, 8, 9, 3, 2, 10, 3, 0, 0]),
    attentionMask: Int32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
    positionIds: Int32Array.from([0, 1, 2, 3, 4, 0, 1, 2, 0, 0]),
    mode,
  };
}
