/**
 * Checking a dump end to end: find the arrays, the layout and the mask, put the attention in
 * maskscope's order, measure it, name the bug and word the verdict. The CLI, the app's worker
 * and anyone importing maskscope from Node call `checkDump`.
 */
import { tolerancesFor } from '../diagnostics/tolerances';
import type { PaddingSide } from '../masks/maskMode';
import type { DumpFile, NamedArray } from './arrays';
import { DumpError } from './errors';
import {
  classify,
  measureDump,
  type CanonicalDump,
  type DumpStats,
  type Family,
} from './fingerprint';
import type { Framework } from './fixes';
import { labelsInFiles } from './fileLabels';
import { canonicalise, detectLayout, parseLayout, type Layout } from './axisLayout';
import {
  guessConvention,
  maskFromArray,
  maskFromLengths,
  type MaskConvention,
  type ResolvedMask,
} from './mask';
import { matchScores, type ScoreMatch } from './scores';
import { compareDumps, type Comparison } from './compare';
import { selectArrays, selectMask, type FoundAttention } from './select';
import { dumpVerdict, type DumpVerdict } from './dumpVerdict';

/** Where the padding mask comes from. */
export type MaskSource =
  | { readonly kind: 'found' }
  /** No padding at all: every token is real (a dump of the unpadded input). */
  | { readonly kind: 'none' }
  | { readonly kind: 'file'; readonly file: DumpFile }
  | { readonly kind: 'lengths'; readonly lengths: readonly number[]; readonly side: PaddingSide }
  | { readonly kind: 'rows'; readonly rows: readonly (readonly number[])[] };

/** What the user may declare; everything is found from the data otherwise. */
export interface CheckOptions {
  /** 'auto' (default) or axis letters such as "BHKQ". */
  readonly layout?: string;
  readonly mask?: MaskSource;
  /** How the mask's values read; 'auto' guesses from its name and values. */
  readonly convention?: MaskConvention | 'auto';
  readonly framework?: Framework;
  /** Token labels [T] for the evidence ("query 3 (doctor)"); default: the files' own `tokens`. */
  readonly labels?: readonly string[] | null;
}

/** Everything a check found. */
export interface CheckReport {
  readonly attention: {
    readonly from: string;
    readonly shape: readonly number[];
    readonly dtype: string;
  };
  readonly layout: Layout;
  readonly mask: ResolvedMask;
  readonly dump: CanonicalDump;
  readonly stats: DumpStats;
  readonly scores: ScoreMatch | null;
  readonly family: Family;
  readonly verdict: DumpVerdict;
}

/** The mask array of a 'file' or 'found' source (picked once), null for the others. */
type PickedMask = { readonly array: NamedArray; readonly file: string } | null;

function maskBatchOf(source: MaskSource, picked: PickedMask): number | null {
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

function resolveMask(
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

function noMaskError(): DumpError {
  return new DumpError(
    'no padding mask found: save it beside the weights (as attention_mask, key_padding_mask or lengths), or give the mask file or the lengths separately.',
  );
}

function layoutOf(
  attention: FoundAttention,
  options: CheckOptions,
  maskBatch: number | null,
): Layout {
  const declared = options.layout?.trim();
  if (declared !== undefined && declared !== '' && declared.toLowerCase() !== 'auto') {
    const letters =
      attention.isStackedLayers && declared.length === attention.shape.length - 1
        ? `L${declared}`
        : declared;
    return parseLayout(letters, attention.shape);
  }
  return detectLayout(attention.data, attention.shape, {
    maskBatch,
    tolerance: tolerancesFor(attention.dtype).layoutSum,
  });
}

/** True when the files hold a mask array of their own. */
export function hasOwnMask(files: readonly DumpFile[]): boolean {
  return selectArrays(files).mask !== null;
}

/** Checks the dump in `files` (the attention, and maybe its mask and scores). */
export function checkDump(files: readonly DumpFile[], options: CheckOptions = {}): CheckReport {
  const selection = selectArrays(files);
  const { attention } = selection;
  const source = options.mask ?? { kind: 'found' };
  const picked =
    source.kind === 'file'
      ? selectMask(source.file)
      : source.kind === 'found'
        ? selection.mask
        : null;
  // A missing mask is reported before the attention's data is read (and inflated).
  if (source.kind === 'found' && picked === null) throw noMaskError();
  const layout = layoutOf(attention, options, maskBatchOf(source, picked));
  const canonical = canonicalise(attention.data, attention.shape, layout);
  const [, batch, , seqLen] = canonical.shape;
  const mask = resolveMask(source, picked, options.convention ?? 'auto', batch, seqLen);
  const dump: CanonicalDump = {
    data: canonical.data,
    shape: canonical.shape,
    keep: mask.keep,
    tolerances: tolerancesFor(attention.dtype),
  };
  const stats = measureDump(dump);
  const scores = scoresOf(selection.scores?.array ?? null, attention, layout, dump);
  const family = scores?.family ?? classify(stats);
  const verdict = dumpVerdict(
    family,
    stats,
    options.framework ?? 'pytorch',
    options.labels ?? labelsInFiles(files),
  );
  return {
    attention: { from: attention.from, shape: attention.shape, dtype: attention.dtype },
    layout,
    mask,
    dump,
    stats,
    scores,
    family,
    verdict,
  };
}

function scoresOf(
  scores: NamedArray | null,
  attention: FoundAttention,
  layout: Layout,
  dump: CanonicalDump,
): ScoreMatch | null {
  if (scores === null) return null;
  if (scores.shape.join() !== attention.shape.join()) {
    throw new DumpError(
      `scores '${scores.name}' [${scores.shape.join(', ')}] must have the attention's shape [${attention.shape.join(', ')}].`,
    );
  }
  const canonical = canonicalise(scores.data, scores.shape, layout);
  return matchScores(dump, canonical.data, dump.tolerances.scoreMatch);
}

/** A report without its big arrays: what crosses from the worker to the page. */
export type CheckSummary = Omit<CheckReport, 'dump' | 'mask'> & {
  readonly mask: Omit<ResolvedMask, 'keep'>;
};

/** The report minus the canonical attention and the mask array (the page gets an Analysis). */
export function summariseReport(report: CheckReport): CheckSummary {
  const { mask } = report;
  return {
    attention: report.attention,
    layout: report.layout,
    stats: report.stats,
    scores: report.scores,
    family: report.family,
    verdict: report.verdict,
    mask: {
      batch: mask.batch,
      seqLen: mask.seqLen,
      convention: mask.convention,
      description: mask.description,
    },
  };
}

/** A dump checked, and compared with a second dump of the same input when one is given. */
export interface CheckedPair {
  readonly report: CheckReport;
  readonly other: CheckReport | null;
  readonly comparison: Comparison | null;
}

/**
 * Checks `files`, and `compareFiles` with the same options; the second dump uses its own mask,
 * or none at all (the same input without padding).
 */
export function checkWithComparison(
  files: readonly DumpFile[],
  compareFiles: readonly DumpFile[],
  options: CheckOptions,
): CheckedPair {
  const report = checkDump(files, options);
  if (compareFiles.length === 0) return { report, other: null, comparison: null };
  const mask: MaskSource = hasOwnMask(compareFiles) ? { kind: 'found' } : { kind: 'none' };
  const other = checkDump(compareFiles, { ...options, mask });
  return { report, other, comparison: compareDumps(report.dump, other.dump) };
}
