/** `maskscope check`'s output: a few lines of text, or one JSON object for CI. */
import { formatSignificant } from '../diagnostics/format';
import type { CheckReport } from '../dump/checkDump';
import { describeComparison, type Comparison } from '../dump/compare';
import { FRAMEWORK_NAMES } from '../dump/fixes';

/** The JSON the CLI prints with --json: layout and family first, then the evidence. */
export function reportJson(report: CheckReport, comparison: Comparison | null): object {
  const { layout, verdict, framework } = report;
  return {
    layout: layout.letters,
    family: report.family,
    confidence: report.outcome.confidence,
    exitStatus: report.outcome.status,
    cannotTellBecause: report.outcome.why,
    layoutConfidence: layout.confidence,
    // null for pooling weights, which have no query axis.
    queryAxis: layout.queryAxis < 0 ? null : layout.queryAxis,
    keyAxis: layout.keyAxis,
    layoutReason: layout.reason,
    attention: report.attention,
    mask: { description: report.mask.description, convention: report.mask.convention },
    headline: verdict.headline,
    evidence: verdict.evidence,
    ambiguity: verdict.ambiguity,
    fix: verdict.fix === null ? null : { framework, line: verdict.fix },
    reports: verdict.reports,
    stats: { ...report.stats },
    scores: report.scores,
    comparison,
    alsoChecked: report.alsoChecked.map((other) => ({
      attention: other.attention.from,
      family: other.family,
      confidence: other.outcome.confidence,
      headline: other.verdict.headline,
    })),
  };
}

/** The text report: what was read, the layout in words, the verdict, its evidence and fix. */
export function reportText(report: CheckReport, comparison: Comparison | null): string {
  const { layout, verdict, framework, outcome } = report;
  const lines = [
    `attention: ${report.attention.from} [${report.attention.shape.join(', ')}] ${report.attention.dtype}`,
    `mask: ${report.mask.description}`,
    `layout: ${layout.letters} (${layout.confidence}): ${layout.reason}`,
    `family: ${report.family}`,
    `confidence: ${outcome.confidence}${outcome.why === null ? '' : ` (${outcome.why})`}`,
    `  ${verdict.headline}`,
    ...verdict.evidence.map((line) => `  - ${line}`),
  ];
  if (report.scores !== null) {
    const errors = Object.entries(report.scores.errors).map(
      ([mode, error]) => `${mode} ${formatSignificant(error)}`,
    );
    lines.push(
      `  - scores: simulated from your scores, the largest |Δ| to your weights per mode: ${errors.join(', ')}.`,
    );
  }
  if (verdict.ambiguity !== null) lines.push(`  note: ${verdict.ambiguity}`);
  if (comparison !== null) lines.push(`compare: ${describeComparison(comparison)}`);
  if (verdict.fix !== null) lines.push(`fix (${FRAMEWORK_NAMES[framework]}): ${verdict.fix}`);
  if (verdict.reports.length > 0) lines.push(`seen in: ${verdict.reports.join('; ')}`);
  for (const other of report.alsoChecked) {
    lines.push(`also checked: ${other.attention.from}: ${other.family}: ${other.verdict.headline}`);
  }
  return lines.join('\n');
}
