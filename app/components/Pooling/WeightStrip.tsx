import type { CSSProperties } from 'react';
import { formatWeight } from '../../../src/diagnostics/format';

/** One pooling's weight over time: a cell per position, darker = more weight, pads hatched. */
export function WeightStrip({
  label,
  weights,
  keep,
  tokens,
  testId,
}: {
  readonly label: string;
  readonly weights: Float32Array;
  readonly keep: Int32Array;
  readonly tokens: readonly string[];
  readonly testId: string;
}) {
  return (
    <div className="ms-strip" role="group" aria-label={`${label}: weight per position`}>
      <span className="ms-strip__label">{label}</span>
      <span className="ms-strip__cells" data-testid={testId}>
        {Array.from(weights, (w, t) => {
          const isPad = keep[t] !== 1;
          const style = { '--ms-weight': String(Math.min(1, Math.max(0, w))) } as CSSProperties;
          const text = `${t}: ${tokens[t] ?? ''}${isPad ? ' (pad)' : ''}, weight ${formatWeight(w)}`;
          return (
            <span
              key={t}
              className={isPad ? 'ms-strip__cell is-pad' : 'ms-strip__cell'}
              style={style}
              title={text}
              aria-label={text}
              data-weight={w}
            />
          );
        })}
      </span>
    </div>
  );
}

/** Column labels of the strips: position index and token, pads marked. */
export function StripAxis({
  tokens,
  keep,
}: {
  readonly tokens: readonly string[];
  readonly keep: Int32Array;
}) {
  return (
    <div className="ms-strip ms-strip--axis" aria-hidden="true">
      <span className="ms-strip__label">position</span>
      <span className="ms-strip__cells">
        {tokens.map((token, t) => (
          <span key={t} className={keep[t] === 1 ? 'ms-strip__tick' : 'ms-strip__tick is-pad'}>
            {t}
            <br />
            {keep[t] === 1 ? token : 'pad'}
          </span>
        ))}
      </span>
    </div>
  );
}
