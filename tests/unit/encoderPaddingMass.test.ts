// ForwardOptions.attention = 'paddingMass': each query row's probability on padding keys, computed
// in the graph, equals the sum read from the full [L, B, H, T, T] probabilities (NaN rows too).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/backends';
import type { MaskMode } from '../../src/masks/maskMode';
import { createEncoder, type Encoder } from '../../src/model/encoder';
import { tinyCheckpoint, tinyInput } from './helpers/tinyModel';

describe('the padding-mass read-back', () => {
  let encoder: Encoder;
  beforeAll(async () => {
    await initBackend('cpu');
    encoder = await createEncoder(tinyCheckpoint());
  });
  afterAll(() => encoder.dispose());

  it.each<[string, MaskMode]>([
    ['the correct mask', { kind: 'keyAdditive', constant: -1e4 }],
    ['no mask', { kind: 'none' }],
    ['the query-axis mask', { kind: 'queryAdditive', constant: -1e4 }],
    ['both axes at -inf (NaN padding rows)', { kind: 'bothAdditive', constant: -Infinity }],
  ])('matches the full probabilities for %s', async (_, mode) => {
    const input = tinyInput(mode);
    const full = await encoder.forward(input, { logitRows: [] });
    const mass = await encoder.forward(input, { logitRows: [], attention: 'paddingMass' });
    const [layers = 0, batch = 0, heads = 0, seqLen = 0] = full.attention.shape;
    expect(mass.attention.shape).toEqual([layers, batch, heads, seqLen, 1]);
    for (let row = 0; row < layers * batch * heads * seqLen; row++) {
      const b = Math.floor(row / (heads * seqLen)) % batch;
      let expected = 0;
      for (let k = 0; k < seqLen; k++) {
        if (input.attentionMask[b * seqLen + k] === 0) {
          expected += full.attention.data[row * seqLen + k] ?? NaN;
        }
      }
      const actual = mass.attention.data[row] ?? -1;
      if (Number.isNaN(expected)) expect(actual).toBeNaN();
      else expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6);
    }
    expect(mass.hiddenStates).toEqual(full.hiddenStates);
  });
});
