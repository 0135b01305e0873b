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

const HEADLINES: Readonly<Record<Family, string>> = {
  correct: 'Correct: real query rows put no weight on padding keys and sum to 1.',
  'missing-key-mask':
    'Padding leaks: real query rows put softmax weight on padding keys — the key mask is missing.',
  inverted:
    'Inverted mask: real query rows put their weight on padding keys and none on real ones.',
  'after-softmax':
    'Mask applied after the softmax without renormalising: padding gets exactly 0, but real rows sum to less than 1.',
  multiplicative:
    'Multiplicative mask: every padding key gets the same weight e^0/Z in each real row (scores × mask before the softmax).',
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
  lines.push(
    `${stats.paddedItems} of ${stats.batch} batch items have padding (padding keys per item: ${pads}); ${stats.realRows} real query rows of those items were measured over every layer and head.`,
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

function ambiguityOf(family: Family, stats: DumpStats): string | null {
  switch (family) {
    case 'missing-key-mask': {
      const hint =
        stats.nanPaddingRows > 0
          ? ' Here the padding query rows are NaN, which is what a mask on the query axis with −∞ does.'
          : stats.uniformPaddingRows > 0.9 * stats.paddingRows && stats.paddingRows > 0
            ? ' Here the padding query rows are uniform, which is what a mask on the query axis with c ≤ −1e9 does.'
            : '';
      return (
        'The probabilities alone cannot tell no mask, a mask on the query axis (rows) and a constant too weak (−1e-9) apart.' +
        hint +
        ' The pre-softmax scores would (dump them beside the weights as "scores"), and so would a second dump of the same input without padding, compared with this one: under all three the real tokens drift.'
      );
    }
    case 'multiplicative':
      return 'Equal padding weights also come from no mask at all over identical (e.g. all-zero) padding vectors; the scores tell them apart (0 at every padding key means S ⊙ m).';
    case 'unknown':
      return stats.paddedItems === 0
        ? 'No batch item has padding, so there is nothing a mask could leak onto: give the mask (or lengths) of a padded input.'
        : null;
    case 'correct':
    case 'inverted':
    case 'after-softmax':
    case 'float-add':
    case 'nan':
      return null;
  }
}

/** The verdict on measurements `stats` classified as `family`, with the fix for `framework`. */
export function dumpVerdict(
  family: Family,
  stats: DumpStats,
  framework: Framework,
  labels?: readonly string[] | null,
): DumpVerdict {
  return {
    family,
    headline: HEADLINES[family],
    evidence: evidenceOf(stats, labels),
    ambiguity: ambiguityOf(family, stats),
    fix: fixFor(family, framework),
    reports: reportsFor(family),
  };
}
