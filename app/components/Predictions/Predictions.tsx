import { formatPercent } from '../../../src/diagnostics/format';
import {
  selectPredictions,
  selectRunTitles,
  type ComparedToken,
} from '../../store/resultSelectors';
import { useAppState } from '../../store/useAppState';
import './Predictions.css';

function Column({
  slot,
  title,
  ranked,
  hasNaN,
}: {
  slot: 'a' | 'b';
  title: string;
  ranked: readonly ComparedToken[];
  hasNaN: boolean;
}) {
  return (
    <div className="ms-predictions__column">
      <h4 title={title}>
        <span className={`ms-swatch ms-swatch--${slot}`} aria-hidden="true" /> {slot.toUpperCase()}
        <span className="ms-predictions__title"> · {title}</span>
      </h4>
      {hasNaN && <p className="ms-predictions__nan">NaN: no ranking.</p>}
      <ol>
        {ranked.map((entry) => (
          <li key={entry.id} className={entry.isChanged ? 'is-changed' : undefined}>
            <span className="ms-predictions__token">{entry.token}</span>
            <span
              className="ms-predictions__bar"
              style={{ width: `${Math.max(1, entry.probability * 100)}%` }}
            />
            <span className="ms-predictions__p">{formatPercent(entry.probability)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** For each [MASK], the top-5 tokens under A and under B; differences are highlighted. */
export function Predictions() {
  const predictions = useAppState(selectPredictions);
  const titles = useAppState(selectRunTitles);
  const hasResult = useAppState((s) => s.run.result !== null);
  return (
    <section
      className="ms-predictions"
      data-testid="predictions"
      data-count={predictions.length}
      aria-label="Predictions"
    >
      <h3>[MASK] predictions</h3>
      {predictions.length > 0 && (
        <p className="ms-predictions__legend" data-testid="predictions-legend">
          <span className="ms-predictions__legend-swatch" aria-hidden="true" /> highlighted: the
          other mode ranks another token at this place
        </p>
      )}
      {hasResult && predictions.length === 0 && (
        <p className="ms-predictions__empty">
          Put [MASK] in the sentence to see what the model predicts.
        </p>
      )}
      {predictions.map((prediction, n) => (
        <div
          key={prediction.position}
          className={
            prediction.isTop1Changed
              ? 'ms-predictions__mask is-top1-changed'
              : 'ms-predictions__mask'
          }
          data-testid={`prediction-${n}`}
          data-top1-a={prediction.a[0]?.token ?? ''}
          data-top1-b={prediction.b[0]?.token ?? ''}
        >
          <p className="ms-predictions__where">
            [MASK] at position {prediction.position} · {prediction.comparison}
          </p>
          <div className="ms-predictions__columns">
            <Column slot="a" title={titles.a} ranked={prediction.a} hasNaN={prediction.hasNaN.a} />
            <Column slot="b" title={titles.b} ranked={prediction.b} hasNaN={prediction.hasNaN.b} />
          </div>
        </div>
      ))}
    </section>
  );
}
