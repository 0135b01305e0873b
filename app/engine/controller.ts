/**
 * The glue between the store and the engine: store changes become model loads, backend
 * switches and scheduled runs. The engine only computes; the run and model controllers alone
 * write its answers into the store.
 */
import type { AppStore } from '../store/appState';
import { selectRunPlan } from '../store/selectors';
import type { Engine } from './engineClient';
import { createModelController } from './modelController';
import { createRunController } from './runController';

/** Knobs of the controller. */
export interface ControllerOptions {
  /** Absolute URL of the app's root, e.g. `document.baseURI`. */
  readonly baseUrl: string;
  readonly debounceMs?: number;
  readonly maxWaitMs?: number;
  readonly fetchJson?: (url: string) => Promise<unknown>;
}

/** What the UI may ask of the controller beyond store changes. */
export interface Controller {
  /** Loads a model from the user's own files (config.json, vocab.txt, model.safetensors). */
  readonly loadFiles: (files: readonly File[]) => void;
  readonly dispose: () => void;
}

/** Debounce of runs while the user types (the first change after a pause runs at once). */
const DEFAULT_DEBOUNCE_MS = 150;
/** Longest a change waits while changes keep coming (dragging the slider). */
const DEFAULT_MAX_WAIT_MS = 400;

async function fetchJsonSameOrigin(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json() as Promise<unknown>;
}

/** Connects `store` to `engine` and starts loading; returns the handle for file loads. */
export function connectEngine(
  store: AppStore,
  engine: Engine,
  options: ControllerOptions,
): Controller {
  const runs = createRunController(store, engine, {
    debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
  });
  const models = createModelController(store, engine, {
    absolute: (path) => new URL(path, options.baseUrl).href.replace(/\/+$/, ''),
    fetchJson: options.fetchJson ?? fetchJsonSameOrigin,
    onBackendSwitched: runs.rerun,
  });

  engine.onBackendChanged((report, message) => {
    store.getState().setBackend(report, message);
    runs.rerun();
  });

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.backendPreference !== previous.backendPreference) {
      void models.switchBackend(state.backendPreference);
    }
    if (state.modelId !== previous.modelId && state.modelId !== null) {
      void models.loadModelId(state.modelId);
    }
    const plan = selectRunPlan(state);
    if (plan !== runs.lastPlan() || state.model !== previous.model) runs.planChanged(plan);
  });
  void models.start();

  return {
    loadFiles: models.loadFiles,
    dispose: () => {
      unsubscribe();
      runs.dispose();
    },
  };
}
