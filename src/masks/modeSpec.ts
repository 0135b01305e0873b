/**
 * A mask mode's one identity, from the catalogue to the encoder's mask plan: the mode, the
 * position-id scheme and the attention numerics around it. A catalogue entry is one (plus its
 * story), a batch request takes one, and the attention reads its `mode` and `numerics`.
 */
import type { MaskMode, PositionScheme } from './maskMode';
import { serialiseMaskMode } from './maskModeJson';
import type { AttentionNumerics } from './numerics';
import { DEFAULT_NUMERICS, numericsKey } from './numerics';

/** A mask mode to run, with the position-id scheme and attention numerics that go with it. */
export interface ModeSpec {
  readonly mode: MaskMode;
  readonly positions: PositionScheme;
  /** Precision, causal mask, score scale; fp32, bidirectional, ×1 when omitted. */
  readonly numerics?: AttentionNumerics;
}

/** What the attention computes from a spec: its mask mode under its numerics. */
export interface AttentionSpec {
  readonly mode: MaskMode;
  readonly numerics: AttentionNumerics;
}

/**
 * A stable text key of the attention a spec computes: equal keys, the same computation
 * (constants such as -Infinity survive, e.g. `{"kind":"keyAdditive","constant":"-Infinity"}/fp32/bidirectional/x1`).
 */
export function attentionKey(spec: Pick<ModeSpec, 'mode' | 'numerics'>): string {
  const numerics = numericsKey(spec.numerics ?? DEFAULT_NUMERICS);
  return `${JSON.stringify(serialiseMaskMode(spec.mode))}/${numerics}`;
}

/** A stable text key of a whole spec: its attention and its position scheme. */
export function modeKey(spec: ModeSpec): string {
  return `${attentionKey(spec)}/${spec.positions}`;
}
