import { brokenInvariants } from '../../../src/diagnostics/verdict';
import type { ModeSlot } from '../../store/inputSlice';
import { selectMeasurements, selectVerdicts } from '../../store/resultSelectors';
import { useAppState } from '../../store/useAppState';
import './Verdict.css';

/** One sentence about a mode's run, green when every invariant holds and red otherwise. */
export function Verdict({ slot }: { readonly slot: ModeSlot }) {
  const verdicts = useAppState(selectVerdicts);
  const measurements = useAppState(selectMeasurements);
  const text = verdicts?.[slot] ?? null;
  const measured = measurements?.[slot] ?? null;
  const broken = measured === null ? [] : brokenInvariants(measured);
  const status = text === null ? 'pending' : broken.length === 0 ? 'ok' : 'broken';
  return (
    <p
      className={`ms-verdict ms-verdict--${status}`}
      data-testid={`verdict-${slot}`}
      data-status={status}
      data-broken={broken.join(' ')}
      aria-live="polite"
    >
      <span className={`ms-swatch ms-swatch--${slot}`} aria-hidden="true" />
      <span className="ms-verdict__mark" aria-hidden="true">
        {status === 'ok' ? '✓' : status === 'broken' ? '✗' : '…'}
      </span>
      <span className="ms-verdict__text">
        {text ?? `Mode ${slot.toUpperCase()}: waiting for the first run.`}
      </span>
    </p>
  );
}
