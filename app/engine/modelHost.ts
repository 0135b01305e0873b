/**
 * The worker's side of the engine: owns the checkpoint, the encoder and the reference cache,
 * and answers the page's commands one at a time. Only plain data goes in and out.
 */
import {
  fallBackFrom,
  initBackend,
  type BackendLoss,
  type BackendName,
  type BackendReport,
} from '../../src/backend/backends';
import { loadCheckpointFromFiles, loadCheckpointFromUrl } from '../../src/checkpoint/load';
import type { Checkpoint } from '../../src/checkpoint/types';
import { createEncoder, type Encoder } from '../../src/model/encoder';
import { vocabFromTokens } from '../../src/tokenizer/vocab';
import { analyse, createReferenceCache } from './analyse';
import type { LoadedModel, RunOutput, RunRequest } from './protocol';

/** Unpadded reference runs kept per model and backend (sentence × mode pairs). */
const REFERENCE_CACHE_SIZE = 32;

/** What the host tells the page without being asked: the backend was lost and replaced. */
export type BackendChangeListener = (report: BackendReport, message: string) => void;

/** The commands of the worker, each resolved in the order they were issued. */
export interface ModelHost {
  setBackend(preference: BackendName | 'auto'): Promise<BackendReport>;
  loadUrl(
    baseUrl: string,
    onProgress: (loadedBytes: number, totalBytes: number) => void,
  ): Promise<LoadedModel>;
  loadFiles(files: readonly File[]): Promise<LoadedModel>;
  run(request: RunRequest): Promise<RunOutput>;
}

interface Loaded {
  readonly checkpoint: Checkpoint;
  readonly encoder: Encoder;
  readonly padId: number;
}

/** Creates a host with no backend and no model; the first command picks the best backend. */
export function createModelHost(onBackendChange: BackendChangeListener): ModelHost {
  let backend: BackendReport | null = null;
  let loaded: Loaded | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const cache = createReferenceCache(REFERENCE_CACHE_SIZE);

  // Commands run strictly one after another: a backend switch never races a forward.
  function serially<T>(task: () => Promise<T>): Promise<T> {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  }

  const onBackendLost = (loss: BackendLoss): void => {
    void serially(async () => {
      const report = await fallBackFrom(loss.name, { onBackendLost });
      await switchTo(report);
      onBackendChange(
        report,
        `${loss.name} was lost (${loss.message}); switched to ${report.active}.`,
      );
    });
  };

  async function switchTo(report: BackendReport): Promise<void> {
    backend = report;
    cache.clear();
    if (loaded !== null) {
      loaded = { ...loaded, encoder: await createEncoder(loaded.checkpoint) };
    }
  }

  async function ensureBackend(): Promise<BackendReport> {
    backend ??= await initBackend('auto', { onBackendLost });
    return backend;
  }

  async function adopt(checkpoint: Checkpoint): Promise<LoadedModel> {
    const report = await ensureBackend();
    const padId = vocabFromTokens(checkpoint.vocab, checkpoint.source).special.pad;
    const encoder = await createEncoder(checkpoint);
    loaded?.encoder.dispose();
    loaded = { checkpoint, encoder, padId };
    cache.clear();
    return {
      source: checkpoint.source,
      config: checkpoint.config,
      vocabTokens: checkpoint.vocab,
      backend: report,
    };
  }

  return {
    setBackend: (preference) =>
      serially(async () => {
        loaded?.encoder.dispose();
        let report: BackendReport;
        try {
          report = await initBackend(preference, { onBackendLost });
        } finally {
          // Whatever happened, the model must live on the backend that is now active.
          if (loaded !== null)
            loaded = { ...loaded, encoder: await createEncoder(loaded.checkpoint) };
        }
        backend = report;
        cache.clear();
        return report;
      }),
    loadUrl: (baseUrl, onProgress) =>
      serially(async () => adopt(await loadCheckpointFromUrl(baseUrl, { onProgress }))),
    loadFiles: (files) => serially(async () => adopt(await loadCheckpointFromFiles(files))),
    run: (request) =>
      serially(async () => {
        if (loaded === null) throw new Error('No model is loaded yet.');
        return analyse(loaded.encoder, request, loaded.padId, cache);
      }),
  };
}
