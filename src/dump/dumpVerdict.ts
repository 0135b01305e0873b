/**
 * The dump's verdict in words: the family, its evidence (numbers, rows and heads), what the
 * probabilities alone cannot tell apart and what would, the fix, and the public reports.
 */
import { formatNearOne, formatPercent, formatSignificant } from '../diagnostics/format';
import type { DumpStats, Family, Place } from './fingerprint';
import { fixFor, reportsFor, type Framework } from './fixes';

/** What the user reads. */
export interface DumpVerdict {
  readonly family: Family;
  readonly headline: string;
  readonly evidence: readonly string[];
  /** What the evidence cannot tell apart, and what would; null when nothing is ambiguous. */
  readonly ambiguity: string | null;
  readonly fix: string | null;
  readonly reports: readonly string[];
}

/** What the verdict's wording needs beyond the measurements. */
export interface VerdictContext {
  /** The dump's own mask is a float array of 0s and 1s: it may have been added to the scores. */
  readonly isFloatZeroOneMask?: boolean;
  /** The other reading of a mask whose polarity was guessed (polarityGuess.ts); null if none. */
  readonly polarityNote?: string | null;
}

const HEADLINES: Readonly<Record<Family, string>> = {
  correct: 'Correct: real query rows put no weight on padding keys and sum to 1.',
  'missing-key-mask':
    'Padding leaks: real query rows put softmax weight on padding keys — the key mask is missing.',
  inverted:
    'Inverted mask: real query rows put their weight on padding keys and none on real ones.',
  'after-softmax':
    'Mask applied after the softmax without renormalising: padding gets exactly 0, but real rows sum to less than 1.',
  multiplicative:
    'Every padding key gets the same weight in each real row: either the mask multiplied the scores (scores × mask, so a masked score is 0 and still gets e^0/Z), or there is no mask at all and the padding keys are identical vectors (zero-padded input, key_padding_mask forgotten).',
  'float-add': 'The 0/1 mask was added to the scores as a float: padding is only dimmed by e^-1.',
  nan: 'NaN: rows of the attention are NaN (−∞ on a fully masked row), and NaN spreads to real tokens in the next layer.',
  unknown: 'No known mask bug fits these numbers; the measurements are below.',
};

/** "layer 0, head 2, item 1, query 3 (doctor)". */
export function placeText(place: Place | null, labels?: readonly string[] | null): string {
  if (place === null) return 'nowhere';
  const label = labels?.[place.query];
  return `layer ${place.layer}, head ${place.head}, item ${place.batch}, query ${place.query}${label === undefined ? '' : ` (${label})`}`;
}

function evidenceOf(stats: DumpStats, labels?: readonly string[] | null): string[] {
  const lines: string[] = [];
  const pads = stats.paddingKeys.join(', ');
  const empty = stats.paddingKeys.filter((keys) => keys === stats.seqLen).length;
  lines.push(
    `${stats.paddedItems} of ${stats.batch} batch items have both real tokens and padding (padding keys per item: ${pads}, of ${stats.seqLen})${empty > 0 ? `; by the mask, ${empty} items have no real token at all` : ''}; ${stats.realRows} real query rows of the padded items were measured over every layer and head.`,
  );
  if (stats.realRows > 0) {
    lines.push(
      `Padding mass of a real row: mean ${formatPercent(stats.leakMean)}, max ${formatPercent(stats.leakMax)}${stats.leakMax > 0 ? ` at ${placeText(stats.leakMaxAt, labels)}` : ''}; ${stats.leakingRows} rows above ${formatSignificant(stats.tolerances.leak)}.`,
    );
    const [worst] = stats.heads;
    if (worst !== undefined && worst.max > stats.tolerances.leak) {
      const top = stats.heads
        .slice(0, 3)
        .map(
          (h) =>
            `L${h.layer} H${h.head} (mean ${formatPercent(h.mean)}, max ${formatPercent(h.max)})`,
        );
      lines.push(`Most leaking heads: ${top.join(', ')}.`);
    }
    lines.push(
      `Real rows sum to ${stats.rowSumMin === stats.rowSumMax ? formatNearOne(stats.rowSumMin) : `${formatNearOne(stats.rowSumMin)}–${formatNearOne(stats.rowSumMax)}`} (lowest at ${placeText(stats.rowSumMinAt, labels)}); ${stats.shortRows} rows short of 1.`,
    );
  }
  if (stats.invertedRows > 0)
    lines.push(
      `${stats.invertedRows} real rows give real keys nothing and padding keys everything.`,
    );
  if (stats.equalPaddingRows > 0)
    lines.push(
      `${stats.equalPaddingRows} leaking rows give every padding key exactly the same weight.`,
    );
  if (stats.nanRealRows + stats.nanPaddingRows > 0) {
    lines.push(
      `NaN rows: ${stats.nanPaddingRows} padding rows and ${stats.nanRealRows} real rows, from layer ${stats.firstNaNLayer ?? '?'} on.`,
    );
  }
  if (stats.uniformPaddingRows > 0)
    lines.push(
      `${stats.uniformPaddingRows} of ${stats.paddingRows} padding query rows are uniform.`,
    );
  if (stats.unpaddedItems > 0 && stats.unpaddedBrokenRows > 0) {
    lines.push(
      `${stats.unpaddedBrokenRows} of ${stats.unpaddedRows} rows of items without padding are NaN or uniform.`,
    );
  }
  return lines;
}

const FLOAT_MASK_NOTE =
  " Your dump's own mask is a float array of 0s and 1s: if it was added to the scores (scores + mask), padding is only dimmed by e^-1, which leaks just like this (float-add).";

function missingMaskNote(stats: DumpStats, context: VerdictContext): string {
  const hint =
    stats.nanPaddingRows > 0
      ? ' Here the padding query rows are NaN, which is what a mask on the query axis with −∞ does.'
      : stats.uniformPaddingRows > 0.9 * stats.paddingRows && stats.paddingRows > 0
        ? ' Here the padding query rows are uniform, which is what a mask on the query axis with c ≤ −1e9 does.'
        : '';
  return (
    'The probabilities alone cannot tell no mask, a mask on the query axis (rows), a constant too weak (−1e-9) and a 0/1 float mask added to the scores (float-add) apart.' +
    hint +
    (context.isFloatZeroOneMask === true ? FLOAT_MASK_NOTE : '') +
    ' The pre-softmax scores would (dump them beside the weights as "scores"), and so would a second dump of the same input without padding, compared with this one: under all of them the real tokens drift.'
  );
}

function unknownNote(stats: DumpStats): string | null {
  if (stats.paddedItems > 0) return null;
  const empty = stats.paddingKeys.some((keys) => keys === stats.seqLen);
  if (empty) {
    return 'By the mask, no item has both real tokens and padding (some have no real token at all), so nothing can be tested: is its polarity right (--convention keep or ignore)? Give the mask of a padded input.';
  }
  const uniform =
    stats.unpaddedBrokenRows > 0
      ? ` ${stats.unpaddedBrokenRows} rows are uniform or NaN: an inverted mask does that to items without padding, but so do T = 1 and a model that attends evenly, so it proves nothing.`
      : '';
  return `No batch item has padding, so there is nothing a mask could leak onto.${uniform} Give the mask (or lengths) of a padded input.`;
}

function ambiguityOf(family: Family, stats: DumpStats, context: VerdictContext): string | null {
  switch (family) {
    case 'missing-key-mask':
      return missingMaskNote(stats, context);
    case 'multiplicative':
      return 'Two readings fit: scores × mask before the softmax, or no mask at all over identical (e.g. all-zero) padding vectors, the usual way to meet this with nn.MultiheadAttention and key_padding_mask forgotten. The scores tell them apart (a 0 at every padding key means scores × mask; equal but non-zero scores mean no mask), and so does the code: look for key_padding_mask= in the call.';
    case 'unknown':
      return unknownNote(stats);
    case 'correct':
    case 'inverted':
    case 'after-softmax':
    case 'float-add':
    case 'nan':
      return null;
  }
}

function withPolarity(note: string | null, context: VerdictContext): string | null {
  const polarity = context.polarityNote ?? null;
  if (polarity === null) return note;
  return note === null ? polarity : `${polarity} ${note}`;
}

/**
 * The verdict on measurements `stats` classified as `family`, with the fix for `framework`;
 * `context` adds what the dump's mask says (a float 0/1 mask, a guessed polarity).
 */
export function dumpVerdict(
  family: Family,
  stats: DumpStats,
  framework: Framework,
  labels?: readonly string[] | null,
  context: VerdictContext = {},
): DumpVerdict {
  return {
    family,
    headline: HEADLINES[family],
    evidence: evidenceOf(stats, labels),
    ambiguity: withPolarity(ambiguityOf(family, stats, context), context),
    fix: fixFor(family, framework),
    reports: reportsFor(family),
  };
}
