import { apiConvention } from '../../../src/conventions/apis';
import { keepColorCss } from '../../../src/viz/keepCells';
import type { ConventionView } from '../../store/conventionSelectors';
import type { ConventionFields } from '../../store/conventionsSlice';
import { KeepMatrix } from './KeepMatrix';

const LEGEND = [
  ['attend', 'attends (1)'],
  ['masked', 'masked (0)'],
  ['leaks', 'attends a padding key'],
  ['blocked', 'masks a real key'],
  ['nan', 'NaN row'],
] as const;

/** The verdict and the two keep-matrices: what the API builds next to what was meant. */
export function ConventionsResult({
  view,
  fields,
}: {
  readonly view: ConventionView;
  readonly fields: ConventionFields;
}) {
  if (view.kind !== 'checked') {
    return (
      <p
        className={view.kind === 'error' ? 'ms-conventions__error' : 'ms-conventions__hint'}
        data-testid="convention-verdict"
        data-verdict={view.kind}
        role={view.kind === 'error' ? 'alert' : 'status'}
      >
        {view.message}
      </p>
    );
  }
  const { check, real } = view;
  const api = apiConvention(fields.conventionApi);
  const T = real.length;
  const isGood = check.diagnosis.verdict === 'correct';
  return (
    <div className="ms-conventions__result">
      <div
        className={isGood ? 'ms-conventions__verdict is-good' : 'ms-conventions__verdict is-bad'}
        data-testid="convention-verdict"
        data-verdict={check.diagnosis.verdict}
        role="status"
      >
        <strong>{isGood ? '✓ ' : '✗ '}</strong>
        {check.diagnosis.headline}
        {check.diagnosis.details.length > 0 && (
          <ul className="ms-conventions__details">
            {check.diagnosis.details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
      <p className="ms-conventions__read">
        Checked {api.argument} = <code>{clip(view.arrayText)}</code> (shape [
        {view.arrayShape.join(', ')}]){check.built && <>: {check.built.reading}</>}. Meant:{' '}
        {view.meantFrom}.
      </p>
      <div className="ms-conventions__matrices">
        {check.built && (
          <KeepMatrix
            title={`What ${api.argument} builds`}
            weight={check.built.weight}
            seqLen={T}
            intended={check.intended}
            testId="convention-built"
            ariaLabel={`Keep-matrix ${api.call} builds, ${T} queries by ${T} keys; ${check.diagnosis.differingCells} cells differ from the intended one`}
          />
        )}
        <KeepMatrix
          title="What you meant (real keys kept)"
          weight={check.intended}
          seqLen={T}
          testId="convention-intended"
          ariaLabel={`Intended keep-matrix, ${T} queries by ${T} keys: every query keeps the ${real.reduce((a, b) => a + b, 0)} real keys`}
        />
        <ul className="ms-conventions__legend" aria-label="Colours">
          {LEGEND.map(([name, words]) => (
            <li key={name}>
              <span className="ms-conventions__swatch" style={{ background: keepColorCss(name) }} />
              {words}
            </li>
          ))}
          {check.built !== null && (
            <li data-testid="convention-differing" data-cells={check.diagnosis.differingCells}>
              {check.diagnosis.differingCells} of {T * T} cells differ
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}

function clip(text: string): string {
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
