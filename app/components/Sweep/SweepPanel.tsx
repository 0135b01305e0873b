import { useState } from 'react';
import { formatMs } from '../../../src/diagnostics/format';
import { selectIsSweepStale, selectSweepView } from '../../store/sweepSelectors';
import type { AppState } from '../../store/appState';
import { useAppServices, useAppState } from '../../store/useAppState';
import { DownloadSvgButton } from '../ExportBar/DownloadSvgButton';
import { SweepChart } from './SweepChart';
import { SweepReadout } from './SweepReadout';
import { layoutSweep } from './sweepScales';
import './Sweep.css';

/** The one-line status of the newest sweep. */
function statusOf(state: AppState): string {
  const limit = state.load.result?.config.maxPositions;
  switch (state.sweep.phase) {
    case 'idle':
    case 'blocked':
      return `Runs this sentence from 0 pads to the model's limit${limit === undefined ? '' : ` (${limit} positions)`} under A and B, every ${state.sweepStep} pads.`;
    case 'running': {
      const progress = state.sweepProgress;
      return progress === null
        ? 'Running the sweep…'
        : `Running the sweep: ${progress.done} of ${progress.total} paddings done…`;
    }
    case 'done': {
      const record = state.sweep.result;
      if (record === null) return '';
      const { steps, totalMs } = record.result;
      const last = steps.at(-1)?.pads ?? 0;
      return `${steps.length} paddings, 0 to ${last} pads every ${record.stepPads}, in ${formatMs(totalMs)} (in the worker).`;
    }
    case 'error':
      return state.sweep.error ?? 'The sweep failed.';
    case 'cancelled':
      return 'The sweep was stopped.';
  }
}

/** The padding sweep: step, Run/Stop, status, mode toggles, the chart and its readout. */
export function SweepPanel() {
  const { store, runSweep, cancelSweep } = useAppServices();
  const view = useAppState(selectSweepView);
  const isStale = useAppState(selectIsSweepStale);
  const status = useAppState(statusOf);
  const phase = useAppState((s) => s.sweep.phase);
  const sweepId = useAppState((s) => s.sweep.resultId);
  const step = useAppState((s) => s.sweepStep);
  const hasModel = useAppState((s) => s.load.result !== null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [hovered, setHovered] = useState<number | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const layout = view === null ? null : layoutSweep(view.panels, view.pads.at(-1) ?? 0);
  const shown = hovered ?? picked ?? (view === null ? null : view.pads.length - 1);
  const toggle = (slot: string) =>
    setHidden((before) => {
      const next = new Set(before);
      if (!next.delete(slot)) next.add(slot);
      return next;
    });
  const isRunning = phase === 'running';
  return (
    <section
      className="ms-sweep"
      data-testid="sweep"
      data-sweep-phase={phase}
      data-sweep-id={view === null ? 0 : sweepId}
      data-sweep-ms={view?.record.result.totalMs ?? ''}
      data-sweep-pads={view?.pads.join(',') ?? ''}
      aria-label="Padding sweep"
    >
      <h3>Padding sweep</h3>
      <div className="ms-sweep__controls">
        <label>
          Step (pads){' '}
          <input
            type="number"
            min={1}
            value={step}
            data-testid="sweep-step-input"
            onChange={(event) => store.getState().setSweepStep(event.target.valueAsNumber)}
          />
        </label>
        <button type="button" data-testid="sweep-run" disabled={!hasModel} onClick={runSweep}>
          {isRunning ? 'Restart sweep' : 'Run sweep'}
        </button>
        <button type="button" data-testid="sweep-stop" disabled={!isRunning} onClick={cancelSweep}>
          Stop
        </button>
        {view !== null && (
          <span className="ms-sweep__toggles" role="group" aria-label="Modes shown">
            {(['a', 'b'] as const).map((slot) =>
              slot === 'b' && view.legend.b === null ? null : (
                <label key={slot}>
                  <input
                    type="checkbox"
                    checked={!hidden.has(slot)}
                    onChange={() => toggle(slot)}
                    data-testid={`sweep-show-${slot}`}
                  />{' '}
                  <span className={`ms-swatch ms-swatch--${slot}`} aria-hidden="true" />{' '}
                  {slot.toUpperCase()}
                </label>
              ),
            )}
          </span>
        )}
        {view !== null && (
          <DownloadSvgButton svgTestId="sweep-chart" fileName="maskscope-sweep.svg" />
        )}
      </div>
      <p className="ms-sweep__status" role="status" data-testid="sweep-status">
        {status}
        {isStale && ' This sweep is for an earlier sentence, model or modes: run it again.'}
      </p>
      {view !== null && layout !== null && (
        <>
          <div className="ms-sweep__scroll">
            <SweepChart
              layout={layout}
              pads={view.pads}
              title={`Padding sweep: ${view.record.input.sentence}`}
              legend={view.legend}
              hidden={hidden}
              hovered={hovered}
              onHover={setHovered}
              onPick={(pads) => {
                setPicked(view.pads.indexOf(pads));
                store.getState().setPaddingLength(pads);
              }}
            />
          </div>
          <p className="ms-sweep__hint">
            Hover a padding to read its values; click it (or focus it and press Enter) to show it
            above.
          </p>
          {shown !== null && <SweepReadout view={view} index={shown} hidden={hidden} />}
        </>
      )}
    </section>
  );
}
