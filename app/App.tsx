import { memo } from 'react';
import { ConventionsCard } from './components/Conventions/ConventionsCard';
import { Drift } from './components/Drift/Drift';
import { DumpReport } from './components/DumpReport/DumpReport';
import { SourceSwitch } from './components/SourceSwitch/SourceSwitch';
import { TensorsPanel } from './components/TensorsPanel/TensorsPanel';
import { YourModelPanel } from './components/YourModel/YourModelPanel';
import { YourModelReport } from './components/YourModel/YourModelReport';
import { ErrorBanner } from './components/ErrorBanner/ErrorBanner';
import { ExportBar } from './components/ExportBar/ExportBar';
import { HeadDetail } from './components/HeadDetail/HeadDetail';
import { HeadGridPane } from './components/HeadGrid/HeadGridPane';
import { InputPanel } from './components/InputPanel/InputPanel';
import { ModelPicker } from './components/ModelPicker/ModelPicker';
import { PoolingPanel } from './components/Pooling/PoolingPanel';
import { Predictions } from './components/Predictions/Predictions';
import { StatusBar } from './components/StatusBar/StatusBar';
import { DivergenceNote } from './components/Sweep/DivergenceNote';
import { SweepPanel } from './components/Sweep/SweepPanel';
import { TokenStrip } from './components/TokenStrip/TokenStrip';
import { Verdict } from './components/Verdict/Verdict';
import { selectIsStale } from './store/resultSelectors';
import { selectShownResultId, selectSourcePhase, type RunPhase } from './store/requestSelectors';
import type { Source } from './store/tensorsSlice';
import { useAppServices, useAppState } from './store/useAppState';
import { useKeyboard } from './store/useKeyboard';
import { SLOW_RUN_MS, useDelayedFlag } from './components/useDelayedFlag';
import './App.css';

/** The root's `data-run-state`: `done` only once the newest request's results are painted. */
function runStateOf(phase: RunPhase): 'idle' | 'running' | 'done' {
  switch (phase) {
    case 'running':
      return 'running';
    case 'done':
      return 'done';
    case 'idle':
    case 'blocked':
    case 'error':
      return 'idle';
  }
}

/** The root's `data-run-state` for "Your tensors": `done` once the newest check is shown. */
/** Says that the results below answer an earlier input, and what happens next. */
function StaleNotice({ phase }: { readonly phase: RunPhase }) {
  const next =
    phase === 'running'
      ? 'new results are being computed'
      : phase === 'blocked'
        ? 'fix the input above to run again'
        : 'they will be replaced by the next run';
  return (
    <p className="ms-stale-notice" data-testid="stale-notice" role="status">
      Out of date: these results are for an earlier input; {next}.
    </p>
  );
}

// The sections read the store themselves. Memoised, they do not re-render with the root, which
// re-renders on every change of run phase or staleness (three times per run).

/** The input card: the sentence and its controls, or the tensor files. */
const InputCard = memo(function InputCard({ source }: { readonly source: Source }) {
  return (
    <section className="ms-card ms-card--input">
      <SourceSwitch />
      {source === 'onnx' ? (
        <YourModelPanel />
      ) : source === 'tensors' ? (
        <TensorsPanel />
      ) : (
        <>
          <InputPanel />
          <ModelPicker />
        </>
      )}
    </section>
  );
});

/** Everything that shows a result, from the token strip down. */
const Results = memo(function Results({
  source,
  hasCompare,
}: {
  readonly source: Source;
  readonly hasCompare: boolean;
}) {
  const isTensors = source !== 'model';
  return (
    <>
      <TokenStrip />
      {source === 'onnx' ? (
        <section className="ms-card" aria-label="What maskscope found">
          <YourModelReport />
        </section>
      ) : isTensors ? (
        <section className="ms-card" aria-label="What maskscope found">
          <DumpReport />
        </section>
      ) : (
        <section className="ms-verdicts" aria-label="Verdicts">
          <Verdict slot="a" />
          <Verdict slot="b" />
        </section>
      )}
      <ExportBar />
      <section className="ms-grids" aria-label="Every head">
        <HeadGridPane pane="left" />
        {(!isTensors || hasCompare) && <HeadGridPane pane="right" />}
      </section>
      <section className="ms-lower">
        <div className="ms-card ms-card--detail">
          <HeadDetail />
        </div>
        {!isTensors && (
          <aside className="ms-card ms-card--side">
            <Predictions />
            <Drift />
            <DivergenceNote />
          </aside>
        )}
      </section>
      {!isTensors && (
        <section className="ms-card" aria-label="Padding sweep">
          <SweepPanel />
        </section>
      )}
      {!isTensors && <PoolingPanel />}
    </>
  );
});

/** The whole page: status, input, verdicts, the A and B grids side by side, then the detail. */
export function App() {
  const { store } = useAppServices();
  const source = useAppState((s) => s.source);
  const runPhase = useAppState(selectSourcePhase);
  const shownRunId = useAppState(selectShownResultId);
  const hasCompare = useAppState((s) => (s.tensorRead.result?.compareFiles.length ?? 0) > 0);
  const isStale = useAppState(selectIsStale);
  useKeyboard(store);
  // While a run is under way the old results are dimmed only if it takes a while: a fast run
  // replaces them without a flash (and without two whole-page repaints competing with it).
  const isSlowRun = useDelayedFlag(isStale && runPhase === 'running', SLOW_RUN_MS);
  const isDimmed = isStale && (runPhase !== 'running' || isSlowRun);
  return (
    <div
      className="ms-app"
      data-testid="app-root"
      data-run-state={runStateOf(runPhase)}
      data-source={source}
      data-run-id={shownRunId}
      data-stale={isStale}
    >
      <header className="ms-header">
        <h1 className="ms-header__title">
          maskscope{' '}
          <span className="ms-header__tagline">which heads leak attention onto padding?</span>
        </h1>
        <StatusBar />
      </header>
      <ErrorBanner />
      <main className="ms-main">
        <InputCard source={source} />
        {isDimmed && <StaleNotice phase={runPhase} />}
        <div
          className={isDimmed ? 'ms-results is-stale' : 'ms-results'}
          data-testid="results"
          aria-busy={runPhase === 'running'}
        >
          <Results source={source} hasCompare={hasCompare} />
        </div>
        <ConventionsCard />
      </main>
      <footer className="ms-footer">
        Keys: ← → change head · ↑ ↓ change layer · t swaps the axes. Everything runs in this tab;
        nothing leaves it.
      </footer>
    </div>
  );
}
