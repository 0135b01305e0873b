import { useState } from 'react';
import { BACKEND_ORDER, type BackendName } from '../../../src/backend/backendNames';
import type { BackendPreference } from '../../store/modelSlice';
import {
  BACKEND_LABELS,
  selectBackendChoice,
  selectBackendNotice,
  selectShaderNotice,
  selectTensorSourceLabel,
  selectTiming,
} from '../../store/statusSelectors';
import { useAppState } from '../../store/useAppState';
import { selectLoadPhase, selectRunPhase, type RunPhase } from '../../store/requestSelectors';
import { SLOW_RUN_MS, useDelayedFlag } from '../useDelayedFlag';
import './StatusBar.css';

const BYTES_PER_MIB = 1024 * 1024;

function preferenceOf(value: string): BackendPreference {
  return (BACKEND_ORDER as readonly string[]).includes(value) ? (value as BackendName) : 'auto';
}

function LoadProgress() {
  const phase = useAppState(selectLoadPhase);
  const label = useAppState((s) => s.loadLabel);
  const loaded = useAppState((s) => s.loadedBytes);
  const total = useAppState((s) => s.totalBytes);
  const source = useAppState((s) => s.load.result?.source ?? null);
  const config = useAppState((s) => s.load.result?.config ?? null);
  const tensorSource = useAppState(selectTensorSourceLabel);
  if (tensorSource !== null) {
    return (
      <span className="ms-status__model" data-testid="source-label">
        {tensorSource}
      </span>
    );
  }
  if (phase === 'loading') {
    const mib = `${(loaded / BYTES_PER_MIB).toFixed(1)}${total > 0 ? ` / ${(total / BYTES_PER_MIB).toFixed(1)}` : ''} MiB`;
    return (
      <span className="ms-status__load" data-testid="model-progress">
        {label}…{' '}
        <progress max={total > 0 ? total : undefined} value={total > 0 ? loaded : undefined} />{' '}
        {mib}
      </span>
    );
  }
  if (source === null || config === null) return null;
  return (
    <span className="ms-status__model" data-testid="source-label" title={source}>
      {source.split('/').pop()} · {config.numLayers} layers × {config.numHeads} heads · d{' '}
      {config.hiddenSize}
    </span>
  );
}

function BackendBadge() {
  const backend = useAppState((s) => s.backend);
  const preference = useAppState((s) => s.backendPreference);
  const setPreference = useAppState((s) => s.setBackendPreference);
  const choice = useAppState(selectBackendChoice);
  const threads = backend?.wasm?.threads;
  const threadsNotice = backend?.wasm?.threadsNotice ?? null;
  return (
    <span className="ms-status__backend">
      <span
        className={backend?.isSoftwareAdapter === true ? 'ms-badge ms-badge--software' : 'ms-badge'}
        data-testid="backend-badge"
        data-backend={backend?.active ?? ''}
        data-software={backend?.isSoftwareAdapter === true}
        title={backend?.adapterDescription ?? undefined}
      >
        {backend === null ? 'no backend yet' : BACKEND_LABELS[backend.active]}
        {backend?.isSoftwareAdapter === true && (
          <span className="ms-badge__mark"> · software adapter</span>
        )}
        {threads !== undefined && (
          <span className="ms-badge__mark" data-testid="backend-threads" data-threads={threads}>
            {` · ${threads} ${threads === 1 ? 'thread' : 'threads'}`}
          </span>
        )}
      </span>
      {threadsNotice !== null && (
        <span className="ms-status__choice" data-testid="threads-notice">
          {threadsNotice}
        </span>
      )}
      {choice !== null && (
        <span className="ms-status__choice" data-testid="backend-choice">
          {choice}
        </span>
      )}
      <select
        data-testid="backend-select"
        aria-label="Backend"
        value={preference}
        onChange={(event) => setPreference(preferenceOf(event.target.value))}
      >
        <option value="auto">auto (best available)</option>
        {BACKEND_ORDER.map((name) => (
          <option key={name} value={name}>
            {BACKEND_LABELS[name]}
          </option>
        ))}
      </select>
    </span>
  );
}

const PHASE_TEXT: Record<RunPhase, string> = {
  idle: 'idle',
  running: 'running…',
  done: 'up to date',
  blocked: 'waiting for valid input',
  error: 'not run',
};

/** Model loading progress, backend badge and selector, run status, shader notice, forward time. */
export function StatusBar() {
  const runPhase = useAppState(selectRunPhase);
  const shaderNotice = useAppState(selectShaderNotice);
  const notice = useAppState(selectBackendNotice);
  const timing = useAppState(selectTiming);
  // "running…" shows only once a run takes a while: a fast one would flash it (and announce it
  // to screen readers) and re-lay the page out while the forward runs.
  const isSlowRun = useDelayedFlag(runPhase === 'running', SLOW_RUN_MS);
  const [settledPhase, setSettledPhase] = useState<RunPhase>(runPhase);
  if (runPhase !== 'running' && runPhase !== settledPhase) setSettledPhase(runPhase);
  const shownPhase = runPhase === 'running' && !isSlowRun ? settledPhase : runPhase;
  const phaseText = PHASE_TEXT[shownPhase];
  return (
    <div className="ms-status" role="status">
      <LoadProgress />
      <BackendBadge />
      <span className="ms-status__phase" data-testid="status" data-phase={runPhase}>
        {phaseText}
      </span>
      {shaderNotice !== null && (
        <span className="ms-status__notice" data-testid="shader-notice">
          {shaderNotice}
        </span>
      )}
      {timing !== null && (
        <span
          className="ms-status__timing"
          data-testid="run-timing"
          title="The run's wall time on this page; the forwards ran one after another in the worker"
        >
          {timing}
        </span>
      )}
      {notice !== null && (
        <span className="ms-status__warning" data-testid="backend-notice">
          {notice}
        </span>
      )}
    </div>
  );
}
