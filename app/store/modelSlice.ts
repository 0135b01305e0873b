import type { StateCreator } from 'zustand';
import type { BackendName, BackendReport } from '../../src/backend/backends';
import type { ModelListEntry } from '../../src/checkpoint/modelIndex';
import type { EncoderConfig } from '../../src/model/config';
import type { AppState } from './appState';

export type { ModelListEntry };

/** Where loading the current model stands, as the status bar says it (requestSelectors.ts). */
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

/**
 * The model-status slice: catalogue of models, loading progress, backend and first-run notice.
 * The load itself (id, phase, error, the model the engine holds) is the `load` request.
 */
export interface ModelSlice {
  /** The models public/models/index.json offers; read once at start-up, nowhere else. */
  readonly models: readonly ModelListEntry[];
  /** index.json's default; kept beside the list it came from. */
  readonly defaultModelId: string | null;
  /** The model the user asked for (URL or picker); null when they loaded their own files. */
  readonly modelId: string | null;
  /** What is being loaded, in words, as the session named it when it started. */
  readonly loadLabel: string;
  /** Download progress as reported by the fetch, bytes. */
  readonly loadedBytes: number;
  readonly totalBytes: number;
  /** A fallback the user should know about (the asked-for model failed, another is shown). */
  readonly modelNotice: string | null;
  /** The backend the user asked for (URL or selector). */
  readonly backendPreference: BackendPreference;
  /** The backend the engine activated, as it reported it. */
  readonly backend: BackendReport | null;
  /** Why switching the backend failed, as the engine said it. */
  readonly backendNotice: string | null;
  /** Something the engine did on its own (a worker restarted after it died), for the banner. */
  readonly engineNotice: string | null;
  /**
   * Sequence lengths a forward finished at on this model and backend: events the session saw.
   * GPU backends compile most shaders on the first run and some again at a new length.
   */
  readonly warmSeqLens: readonly number[];
  readonly setModelList: (models: readonly ModelListEntry[], defaultModelId: string | null) => void;
  readonly setModelId: (modelId: string | null) => void;
  readonly setLoadProgress: (loadId: number, loadedBytes: number, totalBytes: number) => void;
  /** Load `loadId` moves on to another source (the asked-for one failed): new label, no bytes. */
  readonly restartLoad: (loadId: number, label: string) => void;
  readonly setBackendPreference: (preference: BackendPreference) => void;
  readonly setBackend: (report: BackendReport, notice: string | null) => void;
  readonly setBackendNotice: (notice: string | null) => void;
  readonly setEngineNotice: (notice: string | null) => void;
  readonly markWarm: (seqLen: number) => void;
}

/** Creates the model-status slice. */
export const createModelSlice: StateCreator<AppState, [], [], ModelSlice> = (set, get) => ({
  models: [],
  defaultModelId: null,
  modelId: null,
  loadLabel: '',
  loadedBytes: 0,
  totalBytes: 0,
  modelNotice: null,
  backendPreference: 'auto',
  backend: null,
  backendNotice: null,
  engineNotice: null,
  warmSeqLens: [],
  setModelList: (models, defaultModelId) => set({ models, defaultModelId }),
  setModelId: (modelId) => set({ modelId }),
  setLoadProgress: (loadId, loadedBytes, totalBytes) => {
    if (loadId === get().load.id) set({ loadedBytes, totalBytes });
  },
  restartLoad: (loadId, label) => {
    if (loadId === get().load.id) set({ loadLabel: label, loadedBytes: 0, totalBytes: 0 });
  },
  setBackendPreference: (backendPreference) => set({ backendPreference }),
  setBackend: (backend, backendNotice) => set({ backend, backendNotice, warmSeqLens: [] }),
  setBackendNotice: (backendNotice) => set({ backendNotice }),
  setEngineNotice: (engineNotice) => set({ engineNotice }),
  markWarm: (seqLen) => {
    const { warmSeqLens } = get();
    if (!warmSeqLens.includes(seqLen)) set({ warmSeqLens: [...warmSeqLens, seqLen] });
  },
});

/** What a new load resets beside its request: its label, progress and the warm lengths. */
export function loadStartPatch(label: string): Partial<ModelSlice> {
  return { loadLabel: label, loadedBytes: 0, totalBytes: 0, warmSeqLens: [] };
}
