import type { StateCreator } from 'zustand';
import type { BackendName, BackendReport } from '../../src/backend/backends';
import type { EncoderConfig } from '../../src/model/config';
import type { AppState } from './appState';

/** One model the app can load, from `public/models/index.json`. */
export interface ModelListEntry {
  /** URL-safe id; the folder is `models/<id>/` unless `path` says otherwise. */
  readonly id: string;
  readonly title: string;
  /** Folder holding config.json, vocab.txt and model.safetensors, relative to the app's root. */
  readonly path: string;
  readonly description: string;
}

/** Where loading the current model stands. */
export type LoadPhase = 'idle' | 'loading' | 'ready' | 'error';

/** What the app keeps about the loaded model: no weights, only what the UI needs. */
export interface ModelInfo {
  /** Where it came from ("models/maskscope-brown", "my-model.safetensors"). */
  readonly source: string;
  readonly config: EncoderConfig;
  /** Every vocabulary token in id order (the tokenizer's index is a selector). */
  readonly vocabTokens: readonly string[];
}

/** The backend the user asked for: one by name, or the best available. */
export type BackendPreference = BackendName | 'auto';

/** The model-status slice: catalogue of models, loading progress, backend and first-run notice. */
export interface ModelSlice {
  readonly models: readonly ModelListEntry[];
  readonly defaultModelId: string | null;
  /** Model asked for (URL or picker); null when the user loaded their own files. */
  readonly modelId: string | null;
  /** Id of the latest load; progress and results of older loads are dropped. */
  readonly loadId: number;
  readonly loadPhase: LoadPhase;
  readonly loadLabel: string;
  readonly loadedBytes: number;
  readonly totalBytes: number;
  readonly loadError: string | null;
  /** Something the user should know about the model that is not an error (a fallback). */
  readonly modelNotice: string | null;
  readonly model: ModelInfo | null;
  readonly backendPreference: BackendPreference;
  readonly backend: BackendReport | null;
  /** Why the asked-for backend is not the active one, or why switching failed. */
  readonly backendNotice: string | null;
  /** True once a forward finished on this model and backend (shaders compiled). */
  readonly isWarm: boolean;
  readonly setModelList: (models: readonly ModelListEntry[], defaultModelId: string | null) => void;
  readonly setModelId: (modelId: string | null) => void;
  /** Starts a load and returns its id. */
  readonly beginModelLoad: (label: string) => number;
  readonly setLoadProgress: (loadId: number, loadedBytes: number, totalBytes: number) => void;
  readonly finishModelLoad: (loadId: number, model: ModelInfo, notice?: string | null) => void;
  readonly failModelLoad: (loadId: number, message: string) => void;
  readonly setBackendPreference: (preference: BackendPreference) => void;
  readonly setBackend: (report: BackendReport, notice: string | null) => void;
  readonly setBackendNotice: (notice: string | null) => void;
  readonly markWarm: () => void;
}

/** Creates the model-status slice. */
export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set, get) => ({
  models: [],
  defaultModelId: null,
  modelId: null,
  loadId: 0,
  loadPhase: 'idle',
  loadLabel: '',
  loadedBytes: 0,
  totalBytes: 0,
  loadError: null,
  modelNotice: null,
  model: null,
  backendPreference: 'auto',
  backend: null,
  backendNotice: null,
  isWarm: false,
  setModelList: (models, defaultModelId) => set({ models, defaultModelId }),
  setModelId: (modelId) => set({ modelId }),
  beginModelLoad: (label) => {
    const loadId = get().loadId + 1;
    set({
      loadId,
      loadPhase: 'loading',
      loadLabel: label,
      loadedBytes: 0,
      totalBytes: 0,
      loadError: null,
      isWarm: false,
    });
    return loadId;
  },
  setLoadProgress: (loadId, loadedBytes, totalBytes) => {
    if (loadId === get().loadId) set({ loadedBytes, totalBytes });
  },
  finishModelLoad: (loadId, model, notice = null) => {
    if (loadId === get().loadId) {
      set({ loadPhase: 'ready', model, loadError: null, modelNotice: notice, isWarm: false });
    }
  },
  failModelLoad: (loadId, message) => {
    if (loadId === get().loadId) set({ loadPhase: 'error', loadError: message });
  },
  setBackendPreference: (backendPreference) => set({ backendPreference }),
  setBackend: (backend, backendNotice) => set({ backend, backendNotice, isWarm: false }),
  setBackendNotice: (backendNotice) => set({ backendNotice }),
  markWarm: () => {
    if (!get().isWarm) set({ isWarm: true });
  },
});
