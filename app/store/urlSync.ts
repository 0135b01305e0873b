/**
 * Keeps the address bar and the store in step: the URL is read once at start-up, and every
 * change of a URL field afterwards replaces the current history entry (no history spam).
 */
import type { AppState, AppStore } from './appState';
import { parseUrlState, serialiseUrlState, type UrlState } from './urlState';

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

/** The URL fields of the state (a fresh object; serialise it to compare). */
export function selectUrlState(state: AppState): UrlState {
  return {
    sentence: state.sentence,
    paddingLength: state.paddingLength,
    paddingSide: state.paddingSide,
    modeAId: state.modeAId,
    modeBId: state.modeBId,
    constantA: state.constantA,
    constantB: state.constantB,
    selected: state.selected,
    orientation: state.orientation,
    scale: state.scale,
    colorBy: state.colorBy,
    isPaddingQueriesHidden: state.isPaddingQueriesHidden,
    modelId: state.modelId,
    backend: state.backendPreference,
  };
}

/** Reads `location.search` into the store, then mirrors the store into the URL; returns a stop function. */
export function syncUrl(store: AppStore, location: Location, history: History): () => void {
  applyUrlState(store, parseUrlState(location.search));
  let lastQuery = serialiseUrlState(selectUrlState(store.getState()));
  return store.subscribe((state) => {
    const query = serialiseUrlState(selectUrlState(state));
    if (query === lastQuery) return;
    lastQuery = query;
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${query === '' ? '' : `?${query}`}${location.hash}`,
    );
  });
}
