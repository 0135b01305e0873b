/**
 * How a mask is (mis)applied to the attention scores S = QKᵀ/√d, shape [B, H, Tq, Tk].
 * m is the attention mask [B, T] with 1 = real token, 0 = padding.
 * K(x) = x[:, None, None, :] lays a per-token vector along the keys (columns), Q(x) =
 * x[:, None, :, None] along the queries (rows), so K(1-m) marks padding keys (FORMULA_NOTATION in
 * modes.ts). See docs of each variant; the catalogue lives in catalogue.ts.
 */
export type MaskMode =
  /** softmax(S + K(1-m)·c): the correct mask (c = -1e4, -1e9, float32 min); c = -1e-9 is the weak-constant bug; c = -Infinity gives NaN on fully masked rows. */
  | { readonly kind: 'keyAdditive'; readonly constant: number }
  /** softmax(S) ⊙ K(m) / Σ: mask after softmax, renormalised (correct). */
  | { readonly kind: 'keyRenormalised' }
  /** softmax(S): no mask at all. */
  | { readonly kind: 'none' }
  /** softmax(S + Q(1-m)·c): mask on the query axis (rows). */
  | { readonly kind: 'queryAdditive'; readonly constant: number }
  /** softmax(S + max(K(1-m), Q(1-m))·c): mask on both axes; padding rows are fully masked. */
  | { readonly kind: 'bothAdditive'; readonly constant: number }
  /** softmax(S + K(m)·c): inverted polarity, real keys masked and padding kept. */
  | { readonly kind: 'invertedKeyAdditive'; readonly constant: number }
  /** softmax(S) ⊙ K(m): mask after softmax without renormalising; real rows sum to < 1. */
  | { readonly kind: 'keyAfterSoftmax' }
  /** softmax(S ⊙ K(m)): multiplicative mask before softmax; padding columns get e^0/Z. */
  | { readonly kind: 'multiplicative' }
  /** softmax(S + K(m)): the 0/1 mask added as a float; padding only dimmed by e^-1. */
  | { readonly kind: 'floatAdd' };

/** The kinds, for exhaustive lists and validation. */
export type MaskKind = MaskMode['kind'];

/**
 * How position ids are derived from the mask. `cumsum`: real tokens get cumsum(m) - 1,
 * correct for left and right padding (the padding's own ids: PadNumbering in positions.ts).
 * `arange`: position = 0..T-1 whatever the padding, which shifts every real token under left
 * padding (mask-bugs.md #9).
 */
export type PositionScheme = 'cumsum' | 'arange';

/** Which side of the sentence the padding goes. */
export type PaddingSide = 'right' | 'left';
