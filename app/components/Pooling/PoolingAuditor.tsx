import { useState } from 'react';
import type { PoolingRequest } from '../../../src/analysis/poolingRun';
import { formatMs } from '../../../src/diagnostics/format';
import { POOLING_KINDS } from '../../../src/diagnostics/pooling';
import { selectRunTitles } from '../../store/resultSelectors';
import { selectRunPlan } from '../../store/selectors';
import { useAppServices, useAppState } from '../../store/useAppState';
import { POOLING_NOTES } from './poolingNotes';
import { PoolingTable } from './PoolingTable';
import { answerOf, poolingKeyOf } from '../../store/onDemandRecords';
import { OnDemandNotices } from './OnDemandNotices';
import { StripAxis, WeightStrip } from './WeightStrip';
import './Pooling.css';

/**
 * Pools the final hidden states (CLS, mean, max, last, attention) with and without the mask under
 * right and left padding, and shows how far each drifts from the unpadded sentence, for modes A
 * and B; then each pooling's weights over the positions.
 */
export function PoolingAuditor() {
  const { auditPooling } = useAppServices();
  const plan = useAppState(selectRunPlan);
  const titles = useAppState(selectRunTitles);
  const modelSource = useAppState((s) => s.load.result?.source ?? '');
  const state = useAppState((s) => s.pooling);
  const [stripSlot, setStripSlot] = useState<'a' | 'b'>('a');
  const [stripSide, setStripSide] = useState<0 | 1>(0);
  const request: PoolingRequest | null =
    plan === null
      ? null
      : {
          ids: plan.request.ids,
          paddingLength: plan.request.paddingLength,
          modeA: plan.request.modeA,
          modeB: plan.request.modeB,
        };
  const currentKey = request === null ? null : poolingKeyOf(modelSource, request);
  const run = () => {
    if (request !== null && currentKey !== null) auditPooling(request, currentKey);
  };
  const { value: answer, isStale } = answerOf(state, currentKey);
  const audit = answer?.audit ?? null;
  const layout = audit?.layouts[stripSide];
  const stripCells = audit === null ? [] : stripSlot === 'a' ? audit.a : audit.b;
  return (
    <section
      className="ms-pooling"
      aria-label="Pooling auditor"
      data-testid="pooling-auditor"
      data-phase={state.phase}
      data-stale={isStale}
    >
      <h3>Pooling auditor</h3>
      <p className="ms-pooling__what">
        The heatmap can be clean while the sentence vector drifts. Each pooling of the final hidden
        states, with and without the padding mask, under right and left padding, against the same
        pooling of the unpadded sentence: <b>cos</b> (1 = same direction) and <b>‖Δ‖/‖p‖</b>{' '}
        (relative change, ✓ ≤ 1e-4). Rows: pooling × mask; one table per encoder mode, since a wrong
        encoder mask compounds with the pooling&apos;s own.
      </p>
      <button
        type="button"
        onClick={run}
        disabled={request === null || state.phase === 'running'}
        data-testid="pooling-run"
        aria-label="Run the pooling audit for the current sentence and padding"
      >
        {state.phase === 'running' ? 'Auditing…' : 'Audit pooling'}
      </button>
      {request !== null && request.paddingLength === 0 && (
        <span className="ms-pooling__hint"> Add padding to see a drift.</span>
      )}
      <OnDemandNotices state={state} isStale={isStale} again="press Audit pooling again" />
      {audit !== null && (
        <>
          <p className="ms-pooling__hint">
            {audit.layouts[0]?.keep.length ?? 0} positions, forwards {formatMs(audit.forwardMs)}.
          </p>
          <div className="ms-pooling__tables">
            <PoolingTable slot="a" title={titles.a} cells={audit.a} />
            <PoolingTable slot="b" title={titles.b} cells={audit.b} />
          </div>
          <fieldset className="ms-pooling__pick">
            <legend>Weights over positions</legend>
            <label>
              mode{' '}
              <select
                value={stripSlot}
                onChange={(e) => setStripSlot(e.target.value === 'b' ? 'b' : 'a')}
              >
                <option value="a">A</option>
                <option value="b">B</option>
              </select>
            </label>{' '}
            <label>
              padding{' '}
              <select
                value={stripSide}
                onChange={(e) => setStripSide(e.target.value === '1' ? 1 : 0)}
              >
                <option value={0}>right</option>
                <option value={1}>left</option>
              </select>
            </label>{' '}
            <span className="ms-pooling__hint">
              darker blue = larger share (0 to 1); red hatched = padding
            </span>
          </fieldset>
          {layout !== undefined && (
            <div className="ms-pooling__strips" data-testid="pooling-strips">
              <StripAxis tokens={layout.labels} keep={layout.keep} />
              {stripCells
                .filter((cell) => cell.side === layout.side)
                .map((cell) => (
                  <WeightStrip
                    key={`${cell.kind}-${String(cell.isMasked)}`}
                    label={`${POOLING_NOTES[cell.kind].label} ${cell.isMasked ? 'masked' : 'no mask'}`}
                    weights={cell.weights}
                    keep={layout.keep}
                    tokens={layout.labels}
                    testId={`strip-${cell.kind}-${cell.isMasked ? 'masked' : 'unmasked'}`}
                  />
                ))}
            </div>
          )}
        </>
      )}
      <dl className="ms-pooling__notes">
        {POOLING_KINDS.map((kind) => (
          <div key={kind}>
            <dt>{POOLING_NOTES[kind].label}</dt>
            <dd>
              <code>{POOLING_NOTES[kind].formula}</code> — {POOLING_NOTES[kind].report}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
