/**
 * The on-demand checks the run export carries, read from the store: the pooling audit and the
 * taint test when they answer the input on screen, and the convention check as the card shows it.
 */
import type { RunChecks, RunPoolingRow, RunTaintRow } from '../../src/export/runJson';
import type { AppState } from '../store/appState';
import { selectConventionView } from '../store/conventionSelectors';
import { answerOf, poolingKeyOf, taintKeyOf, type TaintRecord } from '../store/onDemandRecords';
import { selectModel } from '../store/requestSelectors';
import { selectRunPlan } from '../store/selectors';

function poolingRows(state: AppState, modelSource: string): RunPoolingRow[] | null {
  const plan = selectRunPlan(state);
  if (plan === null) return null;
  const { ids, paddingLength, modeA, modeB } = plan.request;
  const key = poolingKeyOf(modelSource, { ids, paddingLength, modeA, modeB });
  const { value, isStale } = answerOf(state.pooling, key);
  if (value === null || isStale) return null;
  const { a, b } = value.audit;
  return [
    ...a.map((cell) => ({ cell, mode: 'A' as const })),
    ...b.map((cell) => ({ cell, mode: 'B' as const })),
  ].map(({ cell, mode }) => ({
    mode,
    pooling: cell.kind,
    isMasked: cell.isMasked,
    side: cell.side,
    cosine: cell.cosine,
    relativeChange: cell.relativeChange,
  }));
}

function taintRows(record: TaintRecord): RunTaintRow[] {
  return record.rows.flatMap((row, m) =>
    record.taints.map((taint, j) => {
      const change = record.report.outcomes[m]?.[j];
      return {
        mode: row.title,
        value: taint.value,
        hidden: change?.hidden ?? NaN,
        logits: change?.logits ?? NaN,
        isPassed: change?.isPassed ?? false,
      };
    }),
  );
}

/** The taint test, if its answer is for the input on screen (any site and modes it ran). */
function taintOf(state: AppState, modelSource: string): RunChecks['taint'] {
  const plan = selectRunPlan(state);
  const record = state.taint.phase === 'done' ? state.taint.result : null;
  const at = record?.taints[0]?.at;
  if (plan === null || record === null || at === undefined) return null;
  const specs = record.rows.map((row) => row.spec);
  if (taintKeyOf(modelSource, plan.request, at, specs) !== record.key) return null;
  return { at, rows: taintRows(record) };
}

/** The checks for the run on screen (model runs only). */
export function runChecksOf(state: AppState): RunChecks {
  const modelSource = selectModel(state)?.source ?? '';
  const view = selectConventionView(state);
  return {
    pooling: poolingRows(state, modelSource),
    taint: taintOf(state, modelSource),
    convention:
      view.kind === 'checked'
        ? {
            api: state.conventionApi,
            verdict: view.check.diagnosis.verdict,
            headline: view.check.diagnosis.headline,
            details: view.check.diagnosis.details,
          }
        : null,
  };
}
