/**
 * The pooling functions a sweep needs, passed in rather than imported: the shared pooling API
 * (src/diagnostics/pooling.ts: poolHidden, cosine, POOLING_KINDS) fits this shape as it is, so
 * the engine hands that module over and the sweep needs no copy of it.
 */

/** A pooled sentence vector [D] (other fields of the pooling module's result are ignored). */
export interface PooledLike {
  readonly vector: Float32Array;
}

/** poolHidden, cosine and the kinds of the pooling module. */
// Method syntax: a pooling over a narrower kind union (PoolingKind) is accepted where kinds are
// only ever taken from its own `kinds` list.
export interface SweepPooling<K extends string = string> {
  readonly kinds: readonly K[];
  /** hidden [T, D] row-major; keep [T], 1 = real token, or null to pool over every position. */
  pool(kind: K, hidden: Float32Array, width: number, keep: Int32Array | null): PooledLike;
  cosine(a: Float32Array, b: Float32Array): number;
}

/** Cosine of one pooling kind's vector at N pads with its vector without padding. */
export interface PooledCosine {
  readonly kind: string;
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
  pooling: SweepPooling,
  padded: Float32Array,
  mask: Int32Array,
  reference: Float32Array,
  width: number,
): PooledCosine[] {
  return pooling.kinds.map((kind) => {
    const base = pooling.pool(kind, reference, width, null).vector; // no padding: null = all real
    return {
      kind,
      masked: pooling.cosine(pooling.pool(kind, padded, width, mask).vector, base),
      unmasked: pooling.cosine(pooling.pool(kind, padded, width, null).vector, base),
    };
  });
}
