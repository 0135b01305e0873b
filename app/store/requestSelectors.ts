/** The phases the panels show, derived from the generic requests (requestSlice.ts). */
import type { AppState } from './appState';
import type { LoadPhase, ModelInfo } from './modelSlice';
import type { RequestPhase } from './requestSlice';
import type { OpenedTensors, TensorPhase } from './tensorsSlice';

/** Where the newest run stands (a run is never cancelled, only superseded). */
export type RunPhase = Exclude<RequestPhase, 'cancelled'>;

/** The model the engine holds now, as it reported it; null before the first load. */
export const selectModel = (state: AppState): ModelInfo | null => state.load.result;

/** The user's files the engine holds, as it reported them; null before any were opened. */
export const selectOpened = (state: AppState): OpenedTensors | null => state.tensorRead.result;

/** Where the newest run stands. */
export function selectRunPhase(state: AppState): RunPhase {
  const { phase } = state.run;
  return phase === 'cancelled' ? 'idle' : phase;
}

/** Where loading the current model stands, in the status bar's words. */
export function selectLoadPhase(state: AppState): LoadPhase {
  switch (state.load.phase) {
    case 'running':
      return 'loading';
    case 'done':
      return 'ready';
    case 'error':
      return 'error';
    case 'idle':
    case 'blocked':
    case 'cancelled':
      return 'idle';
  }
}

/** Why the newest run failed; null when it did not. */
export const selectRunError = (state: AppState): string | null =>
  state.run.phase === 'error' ? state.run.error : null;

/** Why the newest model load failed; null when it did not. */
export const selectLoadError = (state: AppState): string | null =>
  state.load.phase === 'error' ? state.load.error : null;

/** Where reading and checking the user's tensors stands: a read in flight or failed comes first. */
export function selectTensorPhase(state: AppState): TensorPhase {
  const read = state.tensorRead.phase;
  if (read === 'running') return 'reading';
  if (read === 'error') return 'error';
  switch (state.tensorCheck.phase) {
    case 'running':
      return 'checking';
    case 'done':
      return 'done';
    case 'error':
      return 'error';
    case 'idle':
    case 'blocked':
    case 'cancelled':
      return 'idle';
  }
}

/** Why the newest read or check of the user's tensors failed; null when it did not. */
export function selectTensorError(state: AppState): string | null {
  if (state.tensorRead.phase === 'error') return state.tensorRead.error;
  return state.tensorCheck.phase === 'error' ? state.tensorCheck.error : null;
}

/** Where the answer of the source on screen (model run, tensor check, ONNX test) stands. */
export function selectSourcePhase(state: AppState): RunPhase {
  switch (state.source) {
    case 'model':
      return selectRunPhase(state);
    case 'tensors': {
      const phase = selectTensorPhase(state);
      if (phase === 'reading' || phase === 'checking') return 'running';
      return phase;
    }
    case 'onnx': {
      const { phase } = state.onnx;
      return phase === 'running' || phase === 'done' || phase === 'error' ? phase : 'idle';
    }
  }
}

/** Id of the request whose answer the source on screen shows (0 before any). */
export function selectShownResultId(state: AppState): number {
  switch (state.source) {
    case 'model':
      return state.run.resultId;
    case 'tensors':
      return state.tensorCheck.resultId;
    case 'onnx':
      return state.onnx.resultId;
  }
}
