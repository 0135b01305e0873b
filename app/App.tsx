import { useCallback } from 'react';
import type { HeadRef } from '../src/viz/attention';
import { Drift } from './components/Drift/Drift';
import { ErrorBanner } from './components/ErrorBanner/ErrorBanner';
import { HeadDetail } from './components/HeadDetail/HeadDetail';
import { HeadGrid } from './components/HeadGrid/HeadGrid';
import { InputPanel } from './components/InputPanel/InputPanel';
import { ModelPicker } from './components/ModelPicker/ModelPicker';
import { Predictions } from './components/Predictions/Predictions';
import { StatusBar } from './components/StatusBar/StatusBar';
import { TokenStrip } from './components/TokenStrip/TokenStrip';
import { Verdict } from './components/Verdict/Verdict';
import { selectLeakScores, selectRunMaps, selectSelectedHead } from './store/resultSelectors';
import type { RunPhase } from './store/runSlice';
import { useAppServices, useAppState } from './store/useAppState';
import { useKeyboard } from './store/useKeyboard';
import type { GridPane } from './store/viewSlice';
import './App.css';

/** Largest side of the detail heatmap, so that its colour bar fits beside it at 1280 px. */
const DETAIL_PLOT_PX = 500;

/** The root's `data-run-state`: `done` only once the newest request's results are painted. */
function runStateOf(phase: RunPhase): 'idle' | 'running' | 'done' {
  switch (phase) {
    case 'running':
      return 'running';
    case 'done':
      return 'done';
    case 'idle':
    case 'error':
      return 'idle';
  }
}

function GridPanel({ pane }: { readonly pane: GridPane }) {
  const maps = useAppState(selectRunMaps);
  const leak = useAppState(selectLeakScores);
  const selected = useAppState(selectSelectedHead);
  const view = useAppState((s) => s.gridViews[pane]);
  const orientation = useAppState((s) => s.orientation);
  const scale = useAppState((s) => s.scale);
  const hovered = useAppState((s) => s.hoveredToken);
  const titleA = useAppState((s) => s.result?.titleA ?? 'A');
  const titleB = useAppState((s) => s.result?.titleB ?? 'B');
  const selectHead = useAppState((s) => s.selectHead);
  const setGridView = useAppState((s) => s.setGridView);
  const onSelect = useCallback((head: HeadRef) => selectHead(head), [selectHead]);
  const onViewChange = useCallback(
    (next: typeof view) => setGridView(pane, next),
    [setGridView, pane],
  );
  if (maps === null)
    return <div className="ms-placeholder">Heatmaps appear after the first run.</div>;
  const title = view === 'A' ? titleA : view === 'B' ? titleB : `${titleA} − ${titleB}`;
  return (
    <div className={`ms-grid-pane ms-grid-pane--${view}`} data-testid={`grid-${pane}`}>
      <h2 className="ms-grid-pane__title">
        {view !== 'diff' && (
          <span className={`ms-swatch ms-swatch--${view.toLowerCase()}`} aria-hidden="true" />
        )}{' '}
        {title}
      </h2>
      <HeadGrid
        a={maps.a}
        b={maps.b}
        batchIndex={0}
        padding={maps.padding}
        leakA={leak?.a ?? null}
        leakB={leak?.b ?? null}
        selected={selected}
        onSelect={onSelect}
        view={view}
        onViewChange={onViewChange}
        orientation={orientation}
        scale={scale}
        labelA={titleA}
        labelB={titleB}
        highlightToken={hovered}
      />
    </div>
  );
}

function DetailPanel() {
  const maps = useAppState(selectRunMaps);
  const selected = useAppState(selectSelectedHead);
  const pieces = useAppState((s) => s.result?.pieces ?? null);
  const orientation = useAppState((s) => s.orientation);
  const scale = useAppState((s) => s.scale);
  const colorBy = useAppState((s) => s.colorBy);
  const hovered = useAppState((s) => s.hoveredToken);
  const titleA = useAppState((s) => s.result?.titleA ?? 'A');
  const titleB = useAppState((s) => s.result?.titleB ?? 'B');
  const setOrientation = useAppState((s) => s.setOrientation);
  const setScale = useAppState((s) => s.setScale);
  const setColorBy = useAppState((s) => s.setColorBy);
  if (maps === null || pieces === null)
    return <div className="ms-placeholder">The selected head appears here.</div>;
  return (
    <HeadDetail
      a={maps.a}
      b={maps.b}
      batchIndex={0}
      head={selected}
      pieces={pieces}
      padding={maps.padding}
      orientation={orientation}
      onOrientationChange={setOrientation}
      scale={scale}
      onScaleChange={setScale}
      colorBy={colorBy}
      onColorByChange={setColorBy}
      highlightToken={hovered}
      labelA={titleA}
      labelB={titleB}
      maxPlotPx={DETAIL_PLOT_PX}
    />
  );
}

/** The whole page: status, input, verdicts, the A and B grids side by side, then the detail. */
export function App() {
  const { store } = useAppServices();
  const runPhase = useAppState((s) => s.runPhase);
  const shownRunId = useAppState((s) => s.result?.runId ?? 0);
  useKeyboard(store);
  return (
    <div
      className="ms-app"
      data-testid="app-root"
      data-run-state={runStateOf(runPhase)}
      data-run-id={shownRunId}
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
        <section className="ms-card ms-card--input">
          <InputPanel />
          <ModelPicker />
        </section>
        <TokenStrip />
        <section className="ms-verdicts" aria-label="Verdicts">
          <Verdict slot="a" />
          <Verdict slot="b" />
        </section>
        <section className="ms-grids" aria-label="Every head">
          <GridPanel pane="left" />
          <GridPanel pane="right" />
        </section>
        <section className="ms-lower">
          <div className="ms-card ms-card--detail">
            <DetailPanel />
          </div>
          <aside className="ms-card ms-card--side">
            <Predictions />
            <Drift />
          </aside>
        </section>
      </main>
      <footer className="ms-footer">
        Keys: ← → change head · ↑ ↓ change layer · t swaps the axes. Everything runs in this tab;
        nothing leaves it.
      </footer>
    </div>
  );
}
