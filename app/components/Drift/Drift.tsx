import { dataValue, formatDrift, formatSignificant } from '../../../src/diagnostics/format';
import { driftStatus, TOLERANCES } from '../../../src/diagnostics/tolerances';
import { formatRelativeDrift } from '../../../src/diagnostics/divergence';
import { selectMeasurements, selectRunTitles, selectSides } from '../../store/resultSelectors';
import { useAppState } from '../../store/useAppState';
import './Drift.css';

/**
 * How far the real tokens' final hidden states move between no padding and this padding
 * (max |Δ|), under A and B; a correct mask stays within float32 noise.
 */
export function Drift() {
  const measurements = useAppState(selectMeasurements);
  const titles = useAppState(selectRunTitles);
  const padding = measurements?.a.paddingKeys ?? null;
  const driftA = measurements?.a.drift ?? null;
  const driftB = measurements?.b.drift ?? null;
  const relA = useAppState((s) => selectSides(s)?.a.relativeDrift ?? null);
  const relB = useAppState((s) => selectSides(s)?.b.relativeDrift ?? null);
  const rows = [
    { slot: 'a', title: titles.a, drift: driftA, rel: relA },
    { slot: 'b', title: titles.b, drift: driftB, rel: relB },
  ] as const;
  return (
    <section
      className="ms-drift"
      data-testid="drift"
      data-drift-a={dataValue(driftA)}
      data-drift-b={dataValue(driftB)}
      data-rel-drift-a={dataValue(relA)}
      data-rel-drift-b={dataValue(relB)}
      aria-label="Drift"
    >
      <h3>Drift of real tokens</h3>
      <p className="ms-drift__what">
        max |Δ hidden| of the final layer, {padding === null ? 'this padding' : `${padding} pads`}{' '}
        vs no padding (tolerance {formatSignificant(TOLERANCES.drift)}); in brackets, the largest
        real token's ‖Δh‖ as a share of its unpadded ‖h‖
      </p>
      <dl>
        {rows.map((row) => {
          const status = driftStatus(row.drift);
          return (
            <div
              key={row.slot}
              className={`ms-drift__row is-${status}`}
              data-testid={`drift-${row.slot}`}
              data-status={status}
            >
              <dt>
                <span className={`ms-swatch ms-swatch--${row.slot}`} aria-hidden="true" />{' '}
                {row.title}
              </dt>
              <dd>
                {formatDrift(row.drift)}
                {row.rel !== null && row.drift !== null && (
                  <span className="ms-drift__rel"> ({formatRelativeDrift(row.rel)})</span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
