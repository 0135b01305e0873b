/**
 * Where a check's padding mask comes from (found in the dump, a mask file, lengths, typed rows,
 * or none at all) and how it is read into a keep-mask [B * T].
 */
import type { PaddingSide } from '../masks/maskMode';
import type { DumpFile, NamedArray } from './arrays';
import { DumpError } from './dumpError';
import {
  guessConvention,
  maskFromArray,
  maskFromLengths,
  type MaskConvention,
  type ResolvedMask,
} from './mask';

/** Where the padding mask comes from. */
export type MaskSource =
  | { readonly kind: 'found' }
  /** No padding at all: every token is real (a dump of the unpadded input). */
  | { readonly kind: 'none' }
  | { readonly kind: 'file'; readonly file: DumpFile }
  | { readonly kind: 'lengths'; readonly lengths: readonly number[]; readonly side: PaddingSide }
  | { readonly kind: 'rows'; readonly rows: readonly (readonly number[])[] };

/** The mask array of a 'file' or 'found' source (picked once), null for the others. */
export type PickedMask = { readonly array: NamedArray; readonly file: string } | null;

/** The batch size the mask implies, when it says one (it helps name the layout's axes). */
export function maskBatchOf(source: MaskSource, picked: PickedMask): number | null {
  switch (source.kind) {
    case 'lengths':
      return source.lengths.length;
    case 'rows':
      return source.rows.length;
    case 'none':
      return null;
    case 'file':
    case 'found': {
      if (picked === null) return null;
      const sizes = picked.array.shape.filter((size) => size !== 1);
      return sizes.length <= 1 ? 1 : (sizes[0] ?? null);
    }
  }
}

/** How many real-token counts the mask gives when it is lengths (given, or an array read so). */
export function lengthsCountOf(
  source: MaskSource,
  picked: PickedMask,
  convention: MaskConvention | 'auto',
): number | null {
  if (source.kind === 'lengths') return source.lengths.length;
  if (picked === null || (source.kind !== 'found' && source.kind !== 'file')) return null;
  const isLengths =
    convention === 'auto' ? guessConvention(picked.array) === 'lengths' : convention === 'lengths';
  return isLengths ? picked.array.data.length : null;
}

/** The mask's length (the key axis has it), when the source tells: null for lengths or none. */
export function maskKeysOf(source: MaskSource, picked: PickedMask): number | null {
  switch (source.kind) {
    case 'lengths':
    case 'none':
      return null;
    case 'rows':
      return source.rows[0]?.length ?? null;
    case 'file':
    case 'found': {
      if (picked === null || /length/i.test(picked.array.name)) return null;
      return picked.array.shape[picked.array.shape.length - 1] ?? null;
    }
  }
}

/** The keep-mask of `source` for `batch` items of `seqLen` tokens. */
export function resolveMask(
  source: MaskSource,
  picked: PickedMask,
  convention: MaskConvention | 'auto',
  batch: number,
  seqLen: number,
): ResolvedMask {
  switch (source.kind) {
    case 'none':
      return maskFromLengths([seqLen], batch, seqLen, 'right');
    case 'lengths':
      return maskFromLengths(source.lengths, batch, seqLen, source.side);
    case 'rows': {
      const data = Float32Array.from(source.rows.flat());
      const array: NamedArray = {
        name: 'typed mask',
        shape: [source.rows.length, seqLen],
        dtype: 'typed',
        kind: 'int',
        data,
      };
      if (source.rows.some((row) => row.length !== seqLen)) {
        throw new DumpError(`the typed mask needs ${seqLen} values per row, one per token.`);
      }
      return maskFromArray(array, convention === 'auto' ? 'keep' : convention, batch, seqLen);
    }
    case 'file':
    case 'found': {
      if (picked === null) throw noMaskError();
      const chosen = convention === 'auto' ? guessConvention(picked.array) : convention;
      return maskFromArray(picked.array, chosen, batch, seqLen);
    }
  }
}

/** The refusal when the files hold no mask and none was given. */
export function noMaskError(): DumpError {
  return new DumpError(
    'no padding mask found: save it beside the weights (as attention_mask, key_padding_mask or lengths), or give the mask file or the lengths separately.',
  );
}
