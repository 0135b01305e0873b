/**
 * Where a padding bug starts: the first hidden state whose real tokens move beyond float32 noise
 * between no padding and N pads, and the first head (in layer, then head order) whose real query
 * rows put weight on padding. Together they tell the user where to look.
 */
import { formatPercent, formatSignificant } from './format';
import { firstDivergingState, type StateDrift } from './layerDrift';
import { TOLERANCES } from './tolerances';

/** A head by 0-based layer and head index ("L0 H3"). */
export interface HeadRef {
  readonly layer: number;
  readonly head: number;
}

/** Where one run first departs from the unpadded run. */
export interface Divergence {
  /** First hidden state beyond tolerance: 0 = embeddings, s = output of layer s-1; null = none. */
  readonly state: number | null;
  /** That state's drift (null when none diverges). */
  readonly drift: StateDrift | null;
  /** First head whose largest real-row padding mass exceeds the leak tolerance, or null. */
  readonly head: HeadRef | null;
  /** That head's largest real-row padding mass, 0..1 (null when none leaks). */
  readonly headLeak: number | null;
}

/**
 * Finds the divergence from per-state drifts ([L+1], see stateDrifts) and each head's largest
 * real-row padding mass, [layer][head] (NaN counts as leaking).
 */
export function findDivergence(
  drifts: readonly StateDrift[],
  headLeakMax: readonly (readonly number[])[],
): Divergence {
  const state = firstDivergingState(drifts);
  let head: HeadRef | null = null;
  let headLeak: number | null = null;
  for (let layer = 0; layer < headLeakMax.length && head === null; layer++) {
    const row = headLeakMax[layer] ?? [];
    const at = row.findIndex((mass) => !(mass <= TOLERANCES.leak));
    if (at !== -1) {
      head = { layer, head: at };
      headLeak = row[at] ?? NaN;
    }
  }
  return { state, drift: state === null ? null : (drifts[state] ?? null), head, headLeak };
}

/** "the embeddings" for state 0, "layer L1's output" for state 2. */
export function stateName(state: number): string {
  return state === 0 ? 'the embeddings' : `layer L${state - 1}'s output`;
}

/** A relative drift as a percentage of the hidden-state norm: "3.2% of ‖h‖". */
export function formatRelativeDrift(rel: number): string {
  return Number.isNaN(rel) ? 'NaN' : `${formatPercent(rel)} of ‖h‖`;
}

/**
 * "first diverges at layer L1's output (max ‖Δh‖/‖h‖ = 3.2%, max |Δh| = 0.41); first leaking
 * head: L0 H1 (12.5% of a real row on padding)", or that nothing diverges.
 */
export function describeDivergence(divergence: Divergence): string {
  const { state, drift, head, headLeak } = divergence;
  const where =
    state === null || drift === null
      ? `no layer diverges (max |Δh| ≤ ${formatSignificant(TOLERANCES.drift)})`
      : `first diverges at ${stateName(state)} (max ‖Δh‖/‖h‖ = ${formatRelativeDrift(drift.rel)}, max |Δh| = ${formatSignificant(drift.abs)})`;
  const leak =
    head === null || headLeak === null
      ? 'no head leaks onto padding'
      : `first leaking head: L${head.layer} H${head.head} (${formatPercent(headLeak)} of a real row on padding)`;
  return `${where}; ${leak}`;
}
