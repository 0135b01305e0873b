/**
 * An attention array's layout: which axis is which, written as letters (L layer, B batch,
 * H head, Q query, K key), how sure the detection is and why.
 */

/** How sure the detection is. */
export type Confidence = 'sure' | 'likely' | 'unsure';

/** The layout found (or declared) for an attention array. */
export interface Layout {
  /** One letter per axis of the array as stored, e.g. "BHKQ". */
  readonly letters: string;
  /** -1 when there is no query axis (pooling weights [B, T] or [B, H, T]). */
  readonly queryAxis: number;
  readonly keyAxis: number;
  readonly confidence: Confidence;
  /** Why, in words: "dim 3 sums to 1 over 100% of its 96 lines, dim 2 over 4%, so …". */
  readonly reason: string;
  readonly isDeclared: boolean;
}
