/** A catalogue entry: one mask mode the app can run, as data (see catalogue.ts). */
import type { PaddingSide } from './maskMode';
import type { ModeSpec } from './modeSpec';
import { FLOAT32_MIN } from './modes';

/** Large negative constants that mask correctly in float32: BERT's, the common -1e9, dtype min. */
export const STRONG_CONSTANTS: readonly number[] = [-1e4, -1e9, FLOAT32_MIN];

/**
 * One mask mode the app can run (its mode spec: mode, position scheme and the numerics that show
 * its behaviour, absent meaning fp32, bidirectional, ×1; picking the entry switches the run to
 * them), with what it looks like and where it was seen.
 */
export interface MaskEntry extends ModeSpec {
  /** Stable, URL-safe id (`[a-z0-9-]+`), used in the app's URL. */
  readonly id: string;
  /** The name without the constant; `titleOf` adds the constant when the user can choose it. */
  readonly title: string;
  /** What the bug looks like in the heatmaps and outputs. */
  readonly symptom: string;
  /** Public reports of the bug ("hyunwoongko/transformer PR 40"). */
  readonly seenIn: readonly string[];
  /** The padding side that shows the entry's behaviour (left only for position-id bugs). */
  readonly paddingSide: PaddingSide;
  /** Constants the user may pick for this entry; empty when the mode has none. */
  readonly constantChoices: readonly number[];
  /** True when real-token outputs are independent of padding and padding gets no weight. */
  readonly isCorrect: boolean;
}
