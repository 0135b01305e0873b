/**
 * Position ids from the attention mask. `cumsum` numbers the real tokens 0…n-1 wherever the
 * padding sits (Hugging Face's `position_ids = cumsum(mask) - 1`); how the padding itself is
 * numbered is a separate choice (PadNumbering), by default what Hugging Face does on each side:
 * `BertModel`'s default 0…T-1 under right padding, the `generate` recipe's
 * `masked_fill(mask == 0, 1)` under left padding. `arange` is the bug that shifts every real
 * token under left padding (transformers issue 21080).
 */
import type { PaddingSide, PositionScheme } from './maskMode';

/**
 * How padding positions are numbered under `cumsum` (real tokens get cumsum(m) - 1 whatever
 * the choice). `huggingface`: each pad its index t under right padding, 1 under left padding.
 * `zero`, `one`: every pad 0 (maskscope before issue 25) or 1. `index`: every pad its index t.
 */
export type PadNumbering = 'huggingface' | 'zero' | 'one' | 'index';

/** The numberings, default first, for pickers and URL validation. */
export const PAD_NUMBERINGS: readonly PadNumbering[] = ['huggingface', 'zero', 'one', 'index'];

/** The numbering a run uses when none is chosen. */
export const DEFAULT_PAD_NUMBERING: PadNumbering = 'huggingface';

/** One padding rule as applied: the pad at index t gets t, 0 or 1. */
export type PadRule = 'index' | 'zero' | 'one';

/** The rule `numbering` applies on `side`: Hugging Face's is `index` on the right, `one` on the left. */
export function padRuleOf(numbering: PadNumbering, side: PaddingSide): PadRule {
  switch (numbering) {
    case 'huggingface':
      return side === 'right' ? 'index' : 'one';
    case 'zero':
    case 'one':
    case 'index':
      return numbering;
    default: {
      const unknown: never = numbering;
      throw new Error(`unknown pad numbering ${JSON.stringify(unknown)}`);
    }
  }
}

/** A short label for `numbering` on `side`, as the app and the README spell it. */
export function padNumberingLabel(numbering: PadNumbering, side: PaddingSide): string {
  const rule = padRuleOf(numbering, side);
  const pads = rule === 'index' ? 'pads numbered by index t' : `pads at ${rule === 'one' ? 1 : 0}`;
  if (numbering !== 'huggingface') return pads;
  return `${pads} (Hugging Face: ${side === 'right' ? 'BertModel default 0…T-1' : 'generate recipe'})`;
}

/**
 * Position ids [B*T] for an attention mask [B*T] (1 = real, 0 = padding), row-major.
 * `cumsum`: the k-th real token of a row gets k, the pad at index t gets t, 0 or 1 (`padRule`).
 * `arange`: 0..T-1 in every row, padding or not.
 */
export function positionIds(
  attentionMask: Int32Array,
  batch: number,
  seqLen: number,
  scheme: PositionScheme,
  padRule: PadRule,
): Int32Array {
  checkBatchShape(attentionMask.length, batch, seqLen, 'attentionMask');
  const positions = new Int32Array(batch * seqLen);
  for (let b = 0; b < batch; b++) {
    let realSeen = 0;
    for (let t = 0; t < seqLen; t++) {
      const i = b * seqLen + t;
      if (scheme === 'arange') {
        positions[i] = t;
      } else if (attentionMask[i] !== 0) {
        positions[i] = realSeen;
        realSeen++;
      } else {
        positions[i] = padRule === 'index' ? t : padRule === 'one' ? 1 : 0;
      }
    }
  }
  return positions;
}

/** Throws a RangeError unless `length` equals batch × seqLen with both positive integers. */
export function checkBatchShape(length: number, batch: number, seqLen: number, name: string): void {
  if (!Number.isInteger(batch) || !Number.isInteger(seqLen) || batch < 1 || seqLen < 1) {
    throw new RangeError(`batch (${batch}) and seqLen (${seqLen}) must be positive integers.`);
  }
  if (length !== batch * seqLen) {
    throw new RangeError(
      `${name} has ${length} entries, expected batch × seqLen = ${batch} × ${seqLen}.`,
    );
  }
}
