import { describeComparison } from '../../../src/dump/compare';
import { FRAMEWORK_NAMES } from '../../../src/dump/fixes';
import { useAppState } from '../../store/useAppState';
import { ItemStrips } from './ItemStrips';
import './DumpReport.css';

/** ✓ correct, ✗ a bug, ? cannot tell (exit status 3; `status` null: this array's own is unknown). */
function badgeOf(family: string, status: number | null): string {
  if (family === 'unknown' || status === 3) return '?';
  return family === 'correct' ? '✓' : '✗';
}

/**
 * What maskscope found in your tensors, in reading order: which axis is the query (first, in
 * words), what was read as the mask, the bug family with its evidence, what cannot be told
 * apart, the fix in your framework, and where the bug was reported.
 */
export function DumpReport() {
  const record = useAppState((s) => s.tensorCheck.result);
  const framework = useAppState((s) => s.tensorCheck.result?.fields.framework ?? 'pytorch');
  if (record === null) {
    return (
      <section className="ms-dump-report" data-testid="dump-report" data-family="">
        <p className="ms-placeholder">
          Open a dump to see which axis is the query and which bug it has.
        </p>
      </section>
    );
  }
  const { report, comparison, compareFrom } = record.answer;
  const { layout, verdict } = report;
  const { outcome } = report;
  const badge = badgeOf(report.family, report.alsoChecked.length > 0 ? null : outcome.status);
  const isCorrect = badge === '✓';
  return (
    <section
      className="ms-dump-report"
      data-testid="dump-report"
      data-family={report.family}
      data-layout={layout.letters}
      data-confidence={layout.confidence}
      data-outcome={outcome.confidence}
    >
      <p className="ms-dump-report__layout" data-testid="layout-finding">
        <strong>
          Layout {layout.letters} ({layout.confidence}):
        </strong>{' '}
        {layout.reason}.
      </p>
      <p className="ms-dump-report__read">
        Attention {report.attention.from} [{report.attention.shape.join(', ')}]{' '}
        {report.attention.dtype}; mask {report.mask.description}.
      </p>
      <div
        className={isCorrect ? 'ms-dump-report__verdict is-ok' : 'ms-dump-report__verdict is-bad'}
      >
        <p className="ms-dump-report__family" data-testid="dump-family">
          <span className="ms-dump-report__badge">
            {badge} {report.family}
          </span>{' '}
          {verdict.headline}
        </p>
        <ul className="ms-dump-report__evidence">
          {verdict.evidence.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {verdict.ambiguity !== null && <p className="ms-dump-report__note">{verdict.ambiguity}</p>}
        {outcome.why !== null && (
          <p className="ms-dump-report__note" data-testid="dump-cannot-tell">
            Cannot tell: {outcome.why}.
          </p>
        )}
        {report.alsoChecked.map((other) => (
          <p
            key={other.attention.from}
            className="ms-dump-report__note"
            data-testid="dump-also-checked"
          >
            Also checked {other.attention.from}: {badgeOf(other.family, other.outcome.status)}{' '}
            {other.family}. {other.verdict.headline}
          </p>
        ))}
      </div>
      <ItemStrips />
      {comparison !== null && (
        <p className="ms-dump-report__compare" data-testid="dump-comparison">
          Compared with {compareFrom}: {describeComparison(comparison)}
        </p>
      )}
      {verdict.fix !== null && (
        <div className="ms-dump-report__fix" data-testid="dump-fix">
          <span>Fix ({FRAMEWORK_NAMES[framework]}):</span>
          <code>{verdict.fix}</code>
        </div>
      )}
      {verdict.reports.length > 0 && (
        <p className="ms-dump-report__reports">Seen in: {verdict.reports.join('; ')}</p>
      )}
    </section>
  );
}
