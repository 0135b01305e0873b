/**
 * Checking a dump end to end: find the arrays, the layout and the mask, put the attention in
 * maskscope's order, measure it, name the bug and word the verdict. The CLI, the app's worker
 * and anyone importing maskscope from Node call `checkDump`.
 */
import { tolerancesFor } from '../diagnostics/tolerances';
import type { DumpFile, NamedArray } from './arrays';
import { DumpError } from './dumpError';
import {
  classify,
  measureDump,
  type CanonicalDump,
  type DumpStats,
  type Family,
} from './fingerprint';
import type { Framework } from './fixes';
import { labelsInFiles } from './fileLabels';
import {
  canonicalise,
  detectLayout,
  parseLayout,
  type Layout,
  type LayoutHints,
} from './axisLayout';
import { isPolarityGuessed, type MaskConvention, type ResolvedMask } from './mask';
import {
  lengthsCountOf,
  maskBatchOf,
  maskKeysOf,
  noMaskError,
  resolveMask,
  type MaskSource,
  type PickedMask,
} from './maskSource';
import { matchScores, type ScoreMatch } from './scores';
import { compareDumps, type Comparison } from './compare';
import { modeBName, selectArrays, selectMask, type FoundAttention } from './select';
import { dumpVerdict, type DumpVerdict, type VerdictContext } from './dumpVerdict';
import {
  notProbabilities,
  notProbabilitiesError,
  summariseValues,
  undecidedLayoutError,
} from './probabilities';
import { weighPolarity, type PolarityGuess } from './polarityGuess';
import { assertMaskFitsKeys, attentionKindOf } from './attentionKind';
import { shapeVerdict } from './shapeVerdict';
import { outcomeOf, worstOutcome, type Outcome } from './outcome';

export type { MaskSource } from './maskSource';

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
  /** The attention array to check by name (`attentions_b`); default: found by its name. */
  readonly attentionName?: string;
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
  /** The fix's framework: the one asked for, or the one the file's names point to. */
  readonly framework: Framework;
  /** The other reading of a mask whose polarity was only guessed; null when it was not. */
  readonly polarity: PolarityGuess | null;
  /** Mode B of a Run JSON (`attentions_b`), checked beside mode A; empty otherwise. */
  readonly alsoChecked: readonly CheckReport[];
  /** The exit status and confidence of this check and those in `alsoChecked` together. */
  readonly outcome: Outcome;
}

function layoutOf(
  attention: FoundAttention,
  options: CheckOptions,
  hints: Pick<LayoutHints, 'maskBatch' | 'maskKeys' | 'lengthsCount'>,
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
    ...hints,
    // nn.MultiheadAttention averages its heads by default: [B, Tq, Tk], not pooling heads.
    threeAxes: /attn_weights|cross/i.test(attention.from) ? 'BQK' : 'BHK',
    tolerance: tolerancesFor(attention.dtype).layoutSum,
  });
}

/** True when the files hold a mask array of their own. */
export function hasOwnMask(files: readonly DumpFile[]): boolean {
  return selectArrays(files).mask !== null;
}

/** `torch-mha` when the file's names are nn.MultiheadAttention's (key_padding_mask, attn_weights). */
function frameworkOf(files: readonly DumpFile[], asked: Framework | undefined): Framework {
  if (asked !== undefined) return asked;
  const names = files.flatMap((file) => file.arrays.map((array) => array.name));
  return names.some((name) => /key_padding_mask|attn_weights/i.test(name))
    ? 'torch-mha'
    : 'pytorch';
}

/** Refuses attention that is not probabilities before any verdict is drawn from it. */
function assertProbabilities(attention: FoundAttention): void {
  const slack = tolerancesFor(attention.dtype).layoutSum;
  const why = notProbabilities(summariseValues(attention.data, slack));
  if (why !== null) throw notProbabilitiesError(attention.from, why);
}

/** The mask, or why the guessed layout is to blame when the mask does not fit it. */
function maskUnder(layout: Layout, from: string, resolve: () => ResolvedMask): ResolvedMask {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof DumpError) || layout.isDeclared || layout.confidence !== 'unsure') {
      throw error;
    }
    throw undecidedLayoutError(from, layout.reason, error.message);
  }
}

function polarityOf(
  picked: PickedMask,
  convention: MaskConvention | 'auto',
  mask: ResolvedMask,
  dump: CanonicalDump,
  family: Family,
): PolarityGuess | null {
  if (picked === null || convention !== 'auto' || !isPolarityGuessed(picked.array)) return null;
  if (mask.convention !== 'keep' && mask.convention !== 'ignore') return null;
  return weighPolarity(dump, family, mask.convention, picked.array.name);
}

function contextOf(picked: PickedMask, polarity: PolarityGuess | null): VerdictContext {
  const array = picked?.array;
  return {
    isFloatZeroOneMask:
      array !== undefined &&
      array.kind === 'float' &&
      array.data.every((value) => value === 0 || value === 1),
    polarityNote: polarity?.note ?? null,
  };
}

/** Checks the dump in `files` (the attention, and maybe its mask and scores). */
export function checkDump(files: readonly DumpFile[], options: CheckOptions = {}): CheckReport {
  const selection = selectArrays(files, options.attentionName);
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
  assertProbabilities(attention);
  const maskKeys = maskKeysOf(source, picked);
  const layout = layoutOf(attention, options, {
    maskBatch: maskBatchOf(source, picked),
    maskKeys,
    lengthsCount: lengthsCountOf(source, picked, options.convention ?? 'auto'),
  });
  assertMaskFitsKeys(maskKeys, layout, attention.shape, attention.from);
  const canonical = canonicalise(attention.data, attention.shape, layout);
  // The mask is over the keys: [B, Tk] (Tq may differ, be 1, or be absent).
  const [, batch, , , seqLen] = canonical.shape;
  const convention = options.convention ?? 'auto';
  const mask = maskUnder(layout, attention.from, () =>
    resolveMask(source, picked, convention, batch, seqLen),
  );
  const dump: CanonicalDump = {
    data: canonical.data,
    shape: canonical.shape,
    keep: mask.keep,
    tolerances: tolerancesFor(attention.dtype),
  };
  const stats = measureDump(dump);
  const scores = scoresOf(selection.scores?.array ?? null, attention, layout, dump);
  const family = scores?.family ?? classify(stats);
  const polarity = scores === null ? polarityOf(picked, convention, mask, dump, family) : null;
  const framework = frameworkOf(files, options.framework);
  const labels = options.labels ?? labelsInFiles(files);
  const kind = attentionKindOf(layout, attention.shape);
  const general = dumpVerdict(family, stats, framework, labels, contextOf(picked, polarity));
  const verdict = shapeVerdict(general, kind, stats, framework, dump);
  const modeB = options.attentionName === undefined ? modeBName(files) : null;
  const alsoChecked =
    modeB === null ? [] : [checkDump(files, { ...options, attentionName: modeB })];
  const own = outcomeOf({
    family,
    layoutConfidence: layout.confidence,
    isLayoutDeclared: layout.isDeclared,
    isPolarityDeciding: polarity?.decides ?? false,
  });
  const outcome = worstOutcome([own, ...alsoChecked.map((other) => other.outcome)]);
  return {
    attention: { from: attention.from, shape: attention.shape, dtype: attention.dtype },
    ...{ layout, mask, dump, stats, scores, family, verdict, framework, polarity },
    ...{ alsoChecked, outcome },
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
export type CheckSummary = Omit<CheckReport, 'dump' | 'mask' | 'alsoChecked'> & {
  readonly mask: Omit<ResolvedMask, 'keep'>;
  readonly alsoChecked: readonly CheckSummary[];
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
    framework: report.framework,
    polarity: report.polarity,
    alsoChecked: report.alsoChecked.map(summariseReport),
    outcome: report.outcome,
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
