import { useState } from 'react';
import { formatMs, formatSignificant } from '../../../src/diagnostics/format';
import { TAINT_TOLERANCE } from '../../../src/diagnostics/taintChange';
import type { Taint } from '../../../src/model/encoderIo';
import { selectEntryA, selectEntryB, selectRunPlan } from '../../store/selectors';
import { useAppServices, useAppState } from '../../store/useAppState';
import { answerOf, taintKeyOf } from '../../store/onDemandRecords';
import { OnDemandNotices } from '../Pooling/OnDemandNotices';
import { catalogueRows, formatTaintValue, rowOf, TAINT_SITES, TAINT_VALUES } from './taintRows';
import './Taint.css';

function formatChange(max: number): string {
  return Number.isNaN(max) ? 'NaN' : formatSignificant(max, 2);
}

/**
 * Poisons the padding rows (embeddings or every layer's input) with 100, 1e4 or NaN and says,
 * per mode, whether the real tokens' final hidden states and [MASK] logits stayed put.
 */
export function TaintCheck() {
  const { checkTaint } = useAppServices();
  const plan = useAppState(selectRunPlan);
  const entryA = useAppState(selectEntryA);
  const entryB = useAppState(selectEntryB);
  const modelSource = useAppState((s) => s.load.result?.source ?? '');
  const [at, setAt] = useState<Taint['at']>('everyLayer');
  const [isAll, setIsAll] = useState(false);
  const state = useAppState((s) => s.taint);
  const rows = isAll ? catalogueRows() : [rowOf('a', entryA), rowOf('b', entryB)];
  const taints = TAINT_VALUES.map((value): Taint => ({ at, value }));
  const key =
    plan === null
      ? null
      : taintKeyOf(
          modelSource,
          plan.request,
          at,
          rows.map((row) => row.spec),
        );
  const run = () => {
    if (plan === null || key === null) return;
    const { ids, paddingLength, side, maskIndices } = plan.request;
    const request = {
      ids,
      paddingLength,
      side,
      maskIndices,
      modes: rows.map((r) => r.spec),
      taints,
    };
    checkTaint(request, rows, key);
  };
  const { value: answer, isStale } = answerOf(state, key);
  return (
    <section
      className="ms-taint"
      aria-label="Taint test"
      data-testid="taint-check"
      data-phase={state.phase}
      data-stale={isStale}
    >
      <h3>Taint test</h3>
      <p className="ms-pooling__what">
        Overwrites every padding row with a poison value and measures the largest change of the real
        tokens&apos; final hidden states and [MASK] logits (pass ≤{' '}
        {formatSignificant(TAINT_TOLERANCE)}). NaN fails every dense attention, even a correct mask:
        padding rows of V meet probability 0 in p·V, and 0·NaN = NaN. 1e4 beats BERT&apos;s -1e4
        constant; float32 min still masks it.
      </p>
      <div className="ms-taint__controls">
        <label>
          inject at{' '}
          <select value={at} onChange={(e) => setAt(e.target.value as Taint['at'])}>
            {TAINT_SITES.map((site) => (
              <option key={site.at} value={site.at}>
                {site.label}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          <input
            type="checkbox"
            checked={isAll}
            onChange={(e) => setIsAll(e.target.checked)}
            data-testid="taint-all"
          />{' '}
          every catalogue mode
        </label>{' '}
        <button
          type="button"
          onClick={run}
          disabled={plan === null || plan.request.paddingLength === 0 || state.phase === 'running'}
          data-testid="taint-run"
          aria-label="Run the taint test for the current sentence and padding"
        >
          {state.phase === 'running' ? 'Testing…' : 'Run taint test'}
        </button>
        {plan !== null && plan.request.paddingLength === 0 && (
          <span className="ms-pooling__hint"> Add padding: there is nothing to poison.</span>
        )}
      </div>
      <OnDemandNotices
        state={state}
        isStale={isStale}
        earlier="input or choice"
        again="run the test again"
      />
      {answer !== null && (
        <table className="ms-pooling__table" data-testid="taint-table">
          <caption>
            Max |Δ| of the real tokens&apos; final hidden states and the logits of{' '}
            {answer.report.logitRowCount} [MASK] token(s), per value injected at{' '}
            {answer.taints[0]?.at === 'embeddings' ? 'the embeddings' : 'every layer input'};
            forwards {formatMs(answer.report.forwardMs)}
          </caption>
          <thead>
            <tr>
              <th scope="col">mode</th>
              {answer.taints.map((taint) => (
                <th key={formatTaintValue(taint.value)} scope="col">
                  {formatTaintValue(taint.value)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {answer.rows.map((row, m) => (
              <tr key={row.id}>
                <th scope="row">{row.title}</th>
                {answer.taints.map((taint, j) => {
                  const change = answer.report.outcomes[m]?.[j];
                  const isPassed = change?.isPassed === true;
                  return (
                    <td
                      key={formatTaintValue(taint.value)}
                      className={isPassed ? 'is-ok' : 'is-bad'}
                      data-testid={`taint-${row.id}-${formatTaintValue(taint.value)}`}
                      data-status={isPassed ? 'pass' : 'fail'}
                      data-max={String(change?.max ?? NaN)}
                    >
                      {isPassed ? 'pass' : 'FAIL'} ({formatChange(change?.max ?? NaN)})
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
