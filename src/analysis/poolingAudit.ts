/**
 * The pooling audit's table, from final hidden states: every pooling, masked and not, under
 * right and left padding, compared with the same pooling of the unpadded run (cosine and
 * ‖Δ‖/‖p‖). Pure: the model runs are in poolingRun.ts.
 */
import { measureAttention } from '../diagnostics/measureAttention';
import { cosine, POOLING_KINDS, poolHidden, type PoolingKind } from '../diagnostics/pooling';
import { TOLERANCES } from '../diagnostics/tolerances';
import type { PaddingSide } from '../masks/maskMode';

/** One padded run: final hidden states [T, D] and its mask [T] (1 = real). */
export interface PaddedHidden {
  readonly side: PaddingSide;
  readonly hidden: Float32Array;
  readonly keep: Int32Array;
}

/** One cell: a pooling, with or without the mask, of one padded run. */
export interface PoolingCell {
  readonly kind: PoolingKind;
  readonly isMasked: boolean;
  readonly side: PaddingSide;
  /** cos(pooled, pooled unpadded); 1 = same direction. */
  readonly cosine: number;
  /** ‖pooled − pooled unpadded‖ / ‖pooled unpadded‖ (unitless). */
  readonly relativeChange: number;
  /** [T]: each position's share of the pooled vector. */
  readonly weights: Float32Array;
  /** The weights' share on padding positions (0 to 1; measured like an attention row). */
  readonly paddingMass: number;
}

/** The share of pooling weights [T] on padding (keep [T], 1 = real): one row over the keys. */
export function poolingPaddingMass(weights: Float32Array, keep: Int32Array): number {
  const [head] = measureAttention(
    { data: weights, shape: [weights.length], axes: ['key'] },
    keep,
    TOLERANCES,
  ).heads;
  return head === undefined ? NaN : head.nanRealRows > 0 ? NaN : head.leakTotal;
}

/** ‖a − b‖ / ‖b‖ in float64 (NaN when b is zero or either holds NaN). */
export function relativeChange(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let norm = 0;
  b.forEach((y, k) => {
    const d = (a[k] ?? NaN) - y;
    diff += d * d;
    norm += y * y;
  });
  return norm === 0 ? NaN : Math.sqrt(diff) / Math.sqrt(norm);
}

/**
 * Rows = pooling × {masked, unmasked}, per padded run: POOLING_KINDS order, masked first, runs in
 * the order given. `reference` is the unpadded run's final hidden states [T0, D].
 */
export function auditPooling(
  runs: readonly PaddedHidden[],
  reference: Float32Array,
  width: number,
): PoolingCell[] {
  return runs.flatMap((run) =>
    POOLING_KINDS.flatMap((kind) => {
      const ref = poolHidden(kind, reference, width, null).vector;
      return [true, false].map((isMasked): PoolingCell => {
        const pooled = poolHidden(kind, run.hidden, width, isMasked ? run.keep : null);
        return {
          kind,
          isMasked,
          side: run.side,
          cosine: cosine(pooled.vector, ref),
          relativeChange: relativeChange(pooled.vector, ref),
          weights: pooled.weights,
          paddingMass: poolingPaddingMass(pooled.weights, run.keep),
        };
      });
    }),
  );
}
