/**
 * The sweep's pooled cosines: each pooling (src/diagnostics/pooling.ts) of the padded run's final
 * hidden states against the same pooling of the unpadded run, with and without the padding mask.
 */
import { cosine, poolHidden, POOLING_KINDS, type PoolingKind } from '../diagnostics/pooling';

/** Cosine of one pooling kind's vector at N pads with its vector without padding. */
export interface PooledCosine {
  readonly kind: PoolingKind;
  /** Pooled over the real tokens only (keep = the attention mask). */
  readonly masked: number;
  /** Pooled over every position, padding included (the pooling bug). */
  readonly unmasked: number;
}

/**
 * For each kind, the cosine between the pooled final hidden states of the padded run [T, D]
 * (mask [T]) and of the unpadded one [T0, D].
 */
export function pooledCosines(
  padded: Float32Array,
  mask: Int32Array,
  reference: Float32Array,
  width: number,
): PooledCosine[] {
  return POOLING_KINDS.map((kind) => {
    const base = poolHidden(kind, reference, width, null).vector; // no padding: null = all real
    return {
      kind,
      masked: cosine(poolHidden(kind, padded, width, mask).vector, base),
      unmasked: cosine(poolHidden(kind, padded, width, null).vector, base),
    };
  });
}
