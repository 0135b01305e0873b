import { formatPercent } from '../../../src/diagnostics/format';
import type { TokenProbability } from '../../store/predictionSelectors';
import { selectPredictions } from '../../store/predictionSelectors';
import { useAppState } from '../../store/useAppState';
import './Predictions.css';

function Column({
  slot,
  title,
  ranked,
}: {
  slot: 'a' | 'b';
  title: string;
  ranked: readonly TokenProbability[];
}) {
  return (
    <div className="ms-predictions__column">
      <h4 title={title}>
        <span className={`ms-swatch ms-swatch--${slot}`} aria-hidden="true" /> {slot.toUpperCase()}
        <span className="ms-predictions__title"> · {title}</span>
      </h4>
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
  const titleA = useAppState((s) => s.result?.titleA ?? 'A');
  const titleB = useAppState((s) => s.result?.titleB ?? 'B');
  const hasResult = useAppState((s) => s.result !== null);
  return (
    <section
      className="ms-predictions"
      data-testid="predictions"
      data-count={predictions.length}
      aria-label="Predictions"
    >
      <h3>[MASK] predictions</h3>
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
            [MASK] at position {prediction.position}
            {prediction.isTop1Changed ? ' · A and B disagree' : ' · same top-1'}
          </p>
          <div className="ms-predictions__columns">
            <Column slot="a" title={titleA} ranked={prediction.a} />
            <Column slot="b" title={titleB} ranked={prediction.b} />
          </div>
        </div>
      ))}
    </section>
  );
}
