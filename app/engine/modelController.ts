/**
 * Loading models and picking backends: reads public/models/index.json, loads the asked-for
 * model (falling back to the default and then the others, saying so), follows the backend
 * choice, and loads the user's own files. Progress and results are tagged by load id.
 */
import type { AppStore } from '../store/appState';
import type { BackendPreference, ModelListEntry } from '../store/modelSlice';
import type { Engine } from './engineClient';
import { loadOrder, parseModelIndex, type ModelIndex } from './modelIndex';
import { messageOf } from './runController';

/** What the model controller needs from its surroundings. */
export interface ModelControllerOptions {
  /** Resolves a path inside the app to an absolute URL (the worker has another base). */
  readonly absolute: (path: string) => string;
  readonly fetchJson: (url: string) => Promise<unknown>;
  /** Called once a backend switch has finished, to run the current plan there. */
  readonly onBackendSwitched: () => void;
}

/** Model and backend actions. */
export interface ModelController {
  /** Reads the model list, picks the backend and loads the asked-for model. */
  readonly start: () => Promise<void>;
  readonly loadModelId: (modelId: string | null) => Promise<void>;
  readonly switchBackend: (preference: BackendPreference) => Promise<void>;
  readonly loadFiles: (files: readonly File[]) => void;
}

/** Creates the model controller. */
export function createModelController(
  store: AppStore,
  engine: Engine,
  options: ModelControllerOptions,
): ModelController {
  const { absolute } = options;
  let index: ModelIndex | null = null;

  async function loadFrom(
    entries: readonly ModelListEntry[],
    notice: string | null,
  ): Promise<void> {
    const [entry, ...rest] = entries;
    if (entry === undefined) return;
    const loadId = store.getState().beginModelLoad(`Loading ${entry.title}`);
    try {
      const loaded = await engine.loadUrl(absolute(entry.path), (loadedBytes, totalBytes) =>
        store.getState().setLoadProgress(loadId, loadedBytes, totalBytes),
      );
      const { source, config, vocabTokens, backend } = loaded;
      store.getState().setBackend(backend, store.getState().backendNotice);
      store.getState().finishModelLoad(loadId, { source, config, vocabTokens }, notice);
    } catch (error) {
      const message = `${entry.title} could not be loaded: ${messageOf(error)}`;
      const next = rest[0];
      if (next === undefined || store.getState().loadId !== loadId) {
        store.getState().failModelLoad(loadId, message);
        return;
      }
      await loadFrom(rest, `${message}. Showing ${next.title} instead.`);
    }
  }

  async function loadModelId(modelId: string | null): Promise<void> {
    if (index === null) return;
    const order = loadOrder(index, modelId);
    const { model, loadPhase } = store.getState();
    const isLoaded = order[0] !== undefined && model?.source === absolute(order[0].path);
    if (isLoaded && loadPhase === 'ready') return;
    await loadFrom(order, null);
  }

  async function switchBackend(preference: BackendPreference): Promise<void> {
    try {
      const report = await engine.setBackend(preference);
      store.getState().setBackend(report, null);
      options.onBackendSwitched();
    } catch (error) {
      store.getState().setBackendNotice(`Could not switch to ${preference}: ${messageOf(error)}`);
    }
  }

  async function start(): Promise<void> {
    const loadId = store.getState().beginModelLoad('Reading the model list');
    try {
      index = parseModelIndex(await options.fetchJson(absolute('models/index.json')));
    } catch (error) {
      const message = `The model list could not be read: ${messageOf(error)}`;
      store.getState().failModelLoad(loadId, message);
      return;
    }
    store.getState().setModelList(index.models, index.defaultId);
    await switchBackend(store.getState().backendPreference);
    await loadModelId(store.getState().modelId);
  }

  const loadFiles = (files: readonly File[]): void => {
    const names = files.map((f) => f.name).join(', ');
    const loadId = store.getState().beginModelLoad(`Loading ${names}`);
    engine
      .loadFiles(files)
      .then(({ source, config, vocabTokens }) => {
        store.getState().setModelId(null);
        store.getState().finishModelLoad(loadId, { source, config, vocabTokens });
      })
      .catch((error: unknown) => {
        store
          .getState()
          .failModelLoad(loadId, `Your files could not be loaded: ${messageOf(error)}`);
      });
  };

  return { start, loadModelId, switchBackend, loadFiles };
}
