import { describeDivergence } from '../../../src/diagnostics/divergence';
import type { SweepView } from '../../store/sweepSelectors';
import { formatSweepValue } from './sweepFormat';

/** The values of every shown series at one padding, and where each mode first diverges there. */
export function SweepReadout({
  view,
  index,
  hidden,
}: {
  readonly view: SweepView;
  readonly index: number;
  readonly hidden: ReadonlySet<string>;
}) {
  const step = view.record.result.steps[index];
  if (step === undefined) return null;
  const sides = view.legend.b === null ? (['a'] as const) : (['a', 'b'] as const);
  return (
    <div className="ms-sweep__readout" data-testid="sweep-readout" data-pads={step.pads}>
      <h4>At {step.pads} pads</h4>
      <ul className="ms-sweep__where">
        {sides.map((slot) => (
          <li key={slot} data-testid={`sweep-divergence-${slot}`}>
            <span className={`ms-swatch ms-swatch--${slot}`} aria-hidden="true" />{' '}
            {slot.toUpperCase()}: {describeDivergence(step[slot].divergence)}
          </li>
        ))}
      </ul>
      <dl>
        {view.panels.map((panel) => (
          <div key={panel.id} className="ms-sweep__readrow">
            <dt>{panel.title}</dt>
            <dd>
              {panel.series
                .filter((s) => !hidden.has(s.slot))
                .map((s) => `${s.label} ${formatSweepValue(s.values[index] ?? NaN, panel.unit)}`)
                .join(' · ')}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
