/**
 * Mask polarity, the one place that says which value of a 0/1 (bool) padding mask means
 * "attend": frameworks disagree (mask-bugs.md row 18). Hugging Face's attention_mask, Keras,
 * Flax, DL4J and SDPA's bool mask attend where the value is true (non-zero); PyTorch's
 * key_padding_mask ignores where it is true. The dump reader and the convention checker both
 * read masks through this.
 */

/** Which way a 0/1 mask reads: true = the key takes part, or true = the key is ignored. */
export type Polarity = 'true-attends' | 'true-ignores';

/** True when a mask value (cast to bool: non-zero, NaN included, is true) lets the key attend. */
export function attendsUnder(polarity: Polarity, value: number): boolean {
  const isTrue = value !== 0;
  return polarity === 'true-attends' ? isTrue : !isTrue;
}
