/**
 * Drift per hidden state: how far each real token moves, at every depth, between two runs of
 * the same sentence with different padding. Absolute (max |Δh| over tokens and dims, as
 * drift.ts) and relative: max over real tokens k of ‖h_k − r_k‖₂ / ‖r_k‖₂, r the reference run.
 * The relative drift reads the same for any model width and scale: 0.01 = 1% of the vector.
 */
import { TOLERANCES } from './tolerances';

/** Stacked hidden states of one sequence, [S, T, D] (S = L+1 or 1), and where each real token is. */
export interface StateStack {
  /** [S, T, D] row-major. */
  readonly data: Float32Array;
  readonly seqLen: number;
  /** positions[k] = row t of real token k, [K]. */
  readonly positions: Int32Array;
}

/** One state's drift: absolute max |Δh| and relative max ‖Δh‖/‖h_ref‖ over real tokens. */
export interface StateDrift {
  readonly abs: number;
  readonly rel: number;
}

/**
 * Drift of every state s in 0..S-1 of `run` against `reference` (both [S, T_x, D] with the same
 * S, D and real-token count). NaN anywhere in a compared row makes both numbers NaN.
 */
export function stateDrifts(run: StateStack, reference: StateStack, width: number): StateDrift[] {
  const states = run.data.length / (run.seqLen * width);
  if (
    reference.data.length / (reference.seqLen * width) !== states ||
    run.positions.length !== reference.positions.length
  ) {
    throw new RangeError('stateDrifts needs stacks with the same states, width and real tokens.');
  }
  const out: StateDrift[] = [];
  for (let s = 0; s < states; s++) {
    let abs = 0;
    let rel = 0;
    for (let k = 0; k < run.positions.length; k++) {
      const a = (s * run.seqLen + (run.positions[k] ?? 0)) * width;
      const b = (s * reference.seqLen + (reference.positions[k] ?? 0)) * width;
      let diff2 = 0;
      let norm2 = 0;
      for (let d = 0; d < width; d++) {
        const ref = reference.data[b + d] ?? NaN;
        const diff = (run.data[a + d] ?? NaN) - ref;
        abs = Math.max(abs, Math.abs(diff)); // Math.max keeps NaN
        diff2 += diff * diff;
        norm2 += ref * ref;
      }
      rel = Math.max(rel, Math.sqrt(diff2) / Math.sqrt(norm2));
    }
    out.push({ abs, rel });
  }
  return out;
}

/** True when a state's drift is beyond float32 noise (NaN counts as diverged). */
export function isDiverged(drift: StateDrift): boolean {
  return !(drift.abs <= TOLERANCES.drift);
}

/** The first state index whose drift is beyond tolerance, or null when none is. */
export function firstDivergingState(drifts: readonly StateDrift[]): number | null {
  const index = drifts.findIndex(isDiverged);
  return index === -1 ? null : index;
}
