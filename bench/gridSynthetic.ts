// Synthetic attention for the grid benchmark and the component demo: softmax rows of random
// scores over T tokens, the last `padCount` of them padding. A correctly masked map gives the
// padding keys exactly 0 in every row; an unmasked one lets them keep weight.
import { mulberry32 } from '../src/model/prng';
import { attentionOf, type Attention } from '../src/analysis/attentionMaps';

/** What kind of synthetic attention to make. */
export interface SyntheticSpec {
  readonly layers: number;
  readonly heads: number;
  readonly seqLen: number;
  readonly padCount: number;
  readonly isMasked: boolean;
  /** Seed of the deterministic generator, so A and B share scores. */
  readonly seed: number;
}

/** Attention [L, H, T, T] with rows = queries, each row a softmax. */
export function syntheticAttention(spec: SyntheticSpec): Attention {
  const { layers, heads, seqLen, padCount } = spec;
  const random = mulberry32(spec.seed);
  const data = new Float32Array(layers * heads * seqLen * seqLen);
  const realCount = seqLen - padCount;
  const row = new Float64Array(seqLen);
  for (let matrix = 0; matrix < layers * heads; matrix += 1) {
    const sharpness = 1 + 4 * random();
    for (let query = 0; query < seqLen; query += 1) {
      let total = 0;
      for (let key = 0; key < seqLen; key += 1) {
        const isMaskedKey = spec.isMasked && key >= realCount;
        const near = Math.exp(-Math.abs(query - key) / 3);
        row[key] = isMaskedKey ? 0 : Math.exp(sharpness * (random() + 2 * near));
        total += row[key] ?? 0;
      }
      const start = (matrix * seqLen + query) * seqLen;
      for (let key = 0; key < seqLen; key += 1) data[start + key] = (row[key] ?? 0) / total;
    }
  }
  return attentionOf(data, layers, heads, seqLen);
}

/** Padding flags [T] for the synthetic sequence: the last `padCount` positions. */
export function syntheticPadding(seqLen: number, padCount: number): Uint8Array {
  return Uint8Array.from({ length: seqLen }, (_, i) => (i >= seqLen - padCount ? 1 : 0));
}
