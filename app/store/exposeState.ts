/**
 * A read-only window onto the app for end-to-end tests and benchmarks:
 * `window.__maskscope.getState()` returns a frozen snapshot of plain values; nothing can be set.
 */
import type { AppStore } from './appState';
import { selectLoadPhase, selectRunError, selectTensorPhase } from './requestSelectors';
import { selectSelectedHead } from './resultSelectors';
import { selectEffectivePadding } from './selectors';

/** What tests can read. */
export interface MaskscopeSnapshot {
  readonly backend: string | null;
  readonly isSoftwareAdapter: boolean;
  readonly loadPhase: string;
  readonly modelSource: string | null;
  readonly runPhase: string;
  /** Why the newest run failed, as the status bar says it; null unless runPhase is 'error'. */
  readonly runError: string | null;
  readonly latestRunId: number;
  /** Run id of the results on screen (0 before the first). */
  readonly shownRunId: number;
  readonly seqLen: number | null;
  readonly paddingLength: number;
  readonly selectedHead: { readonly layer: number; readonly head: number };
  readonly orientation: string;
  readonly scale: string;
  /** Encoder time of the padded A and B forwards (one when A = B), ms. */
  readonly forwardMs: number | null;
  /** The whole analysis in the worker (reference runs included), ms. */
  readonly analysisMs: number | null;
  /** From sending the request to the result arriving on the page, ms. */
  readonly roundTripMs: number | null;
  /** What the page shows: 'model', 'tensors' or 'onnx' ("Your model"). */
  readonly source: string;
  readonly tensorPhase: string;
  readonly latestCheckId: number;
  readonly shownCheckId: number;
  /** The layout letters and the bug family of the tensors on screen. */
  readonly layout: string | null;
  readonly family: string | null;
}

/** The read-only handle installed on `window`. */
export interface MaskscopeHandle {
  getState(): MaskscopeSnapshot;
}

function snapshot(store: AppStore): MaskscopeSnapshot {
  const s = store.getState();
  const analysis = s.run.result?.analysis;
  return Object.freeze({
    backend: s.backend?.active ?? null,
    isSoftwareAdapter: s.backend?.isSoftwareAdapter ?? false,
    loadPhase: selectLoadPhase(s),
    modelSource: s.load.result?.source ?? null,
    runPhase: s.run.phase,
    runError: selectRunError(s),
    latestRunId: s.run.id,
    shownRunId: s.run.resultId,
    seqLen: analysis?.mask.length ?? null,
    paddingLength: selectEffectivePadding(s),
    selectedHead: Object.freeze({ ...selectSelectedHead(s) }),
    orientation: s.orientation,
    scale: s.scale,
    forwardMs: analysis?.forwardMs ?? null,
    analysisMs: analysis?.totalMs ?? null,
    roundTripMs: s.run.result?.roundTripMs ?? null,
    source: s.source,
    tensorPhase: selectTensorPhase(s),
    latestCheckId: s.tensorCheck.id,
    shownCheckId: s.tensorCheck.resultId,
    layout: s.tensorCheck.result?.answer.report.layout.letters ?? null,
    family: s.tensorCheck.result?.answer.report.family ?? null,
  });
}

/** Installs `window.__maskscope` (non-writable). */
export function exposeState(store: AppStore, target: object = window): void {
  const handle: MaskscopeHandle = Object.freeze({ getState: () => snapshot(store) });
  Object.defineProperty(target, '__maskscope', {
    value: handle,
    writable: false,
    configurable: true,
  });
}
