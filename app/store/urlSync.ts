/**
 * Keeps the address bar and the store in step: the URL is read once at start-up, and every
 * change of a URL field afterwards replaces the current history entry (no history spam).
 */
import type { AppState, AppStore } from './appState';
import { selectSelectedHead } from './resultSelectors';
import { selectEffectivePadding } from './selectors';
import { readUrlState, serialiseUrlState, type UrlState } from './urlState';

/** Applies a parsed URL to the store. */
export function applyUrlState(store: AppStore, url: UrlState): void {
  const state = store.getState();
  state.setInputs({
    sentence: url.sentence,
    paddingLength: url.paddingLength,
    paddingSide: url.paddingSide,
    modeAId: url.modeAId,
    modeBId: url.modeBId,
    constantA: url.constantA,
    constantB: url.constantB,
    numerics: url.numerics,
  });
  state.setView({
    selected: url.selected,
    orientation: url.orientation,
    scale: url.scale,
    colorBy: url.colorBy,
    isPaddingQueriesHidden: url.isPaddingQueriesHidden,
  });
  state.setModelId(url.modelId);
  state.setBackendPreference(url.backend);
}

/**
 * The URL fields of the state (a fresh object; serialise it to compare). Once a model is loaded
 * the padding is the one that runs, and once results are in the head is the one shown, so a link
 * never keeps a value that was clamped.
 */
export function selectUrlState(state: AppState): UrlState {
  return {
    sentence: state.sentence,
    paddingLength: state.load.result === null ? state.paddingLength : selectEffectivePadding(state),
    paddingSide: state.paddingSide,
    modeAId: state.modeAId,
    modeBId: state.modeBId,
    constantA: state.constantA,
    constantB: state.constantB,
    numerics: state.numerics,
    selected: selectSelectedHead(state),
    orientation: state.orientation,
    scale: state.scale,
    colorBy: state.colorBy,
    isPaddingQueriesHidden: state.isPaddingQueriesHidden,
    modelId: state.modelId,
    backend: state.backendPreference,
  };
}

/**
 * Reads `location.search` into the store, then mirrors the store into the URL at the end of each
 * task that changed it; returns a stop function. A link with values that could not be used is
 * rewritten at once, without them.
 */
export function syncUrl(store: AppStore, location: Location, history: History): () => void {
  const reading = readUrlState(location.search);
  applyUrlState(store, reading.state);
  store.getState().setLinkNotice(reading.problems.length === 0 ? null : reading.problems.join(' '));
  let lastQuery: string | null = null;
  const write = (state: AppState): void => {
    const query = serialiseUrlState(selectUrlState(state));
    if (query === lastQuery) return;
    lastQuery = query;
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${query === '' ? '' : `?${query}`}${location.hash}`,
    );
  };
  if (reading.problems.length > 0) write(store.getState());
  else lastQuery = serialiseUrlState(selectUrlState(store.getState()));
  // Written at the end of the current task, once for all the store's changes in it: the URL
  // (history.replaceState costs about 1 ms in Chromium) then never delays the run an input
  // change starts, and a run's several state changes write it once.
  let isQueued = false;
  const unsubscribe = store.subscribe(() => {
    if (isQueued) return;
    isQueued = true;
    queueMicrotask(() => {
      isQueued = false;
      write(store.getState());
    });
  });
  return unsubscribe;
}
