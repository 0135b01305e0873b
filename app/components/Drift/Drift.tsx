import { formatSignificant } from '../../../src/diagnostics/format';
import { TOLERANCES } from '../../../src/diagnostics/verdict';
import { selectMeasurements } from '../../store/resultSelectors';
import { useAppState } from '../../store/useAppState';
import './Drift.css';

function describe(drift: number | null): string {
  if (drift === null) return '–';
  return Number.isNaN(drift) ? 'NaN' : formatSignificant(drift);
}

/**
 * How far the real tokens' final hidden states move between no padding and this padding
 * (max |Δ|), under A and B; a correct mask stays within float32 noise.
 */
export function Drift() {
  const measurements = useAppState(selectMeasurements);
  const padding = useAppState((s) =>
    s.result === null ? null : s.result.output.seqLen - s.result.output.realPositions.length,
  );
  const titleA = useAppState((s) => s.result?.titleA ?? 'A');
  const titleB = useAppState((s) => s.result?.titleB ?? 'B');
  const driftA = measurements?.a.drift ?? null;
  const driftB = measurements?.b.drift ?? null;
  const rows = [
    { slot: 'a', title: titleA, drift: driftA },
    { slot: 'b', title: titleB, drift: driftB },
  ] as const;
  return (
    <section
      className="ms-drift"
      data-testid="drift"
      data-drift-a={driftA ?? ''}
      data-drift-b={driftB ?? ''}
      aria-label="Drift"
    >
      <h3>Drift of real tokens</h3>
      <p className="ms-drift__what">
        max |Δ hidden| of the final layer, {padding === null ? 'this padding' : `${padding} pads`}{' '}
        vs no padding (tolerance {formatSignificant(TOLERANCES.drift)})
      </p>
      <dl>
        {rows.map((row) => {
          const isOk = row.drift !== null && row.drift <= TOLERANCES.drift;
          return (
            <div key={row.slot} className={isOk ? 'ms-drift__row is-ok' : 'ms-drift__row is-bad'}>
              <dt>
                <span className={`ms-swatch ms-swatch--${row.slot}`} aria-hidden="true" />{' '}
                {row.title}
              </dt>
              <dd>{describe(row.drift)}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
