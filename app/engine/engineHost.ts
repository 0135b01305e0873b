/**
 * The engine itself: owns the backend, the checkpoint, the encoder and the reference cache, and
 * answers commands one at a time. The worker serves it to the page; Node tests call it directly.
 */
import {
  analyseModelRun,
  createReferenceCache,
  type RunnableModel,
} from '../../src/analysis/modelRun';
import {
  fallBackFrom,
  initBackend,
  type BackendLoss,
  type BackendReport,
} from '../../src/backend/backends';
import { runPoolingAudit } from '../../src/analysis/poolingRun';
import { runTaintCheck } from '../../src/analysis/taintRun';
import { assembleCheckpoint } from '../../src/checkpoint/load';
import type { Checkpoint } from '../../src/checkpoint/types';
import { createEncoder } from '../../src/model/encoder';
import type { DumpFile } from '../../src/dump/arrays';
import { readDump } from '../../src/dump/readDump';
import { checkOpenDump } from './checkTensors';
import { createSweepRunner } from './sweepRunner';
import type { Engine, EngineEvent } from '../protocol/engineProtocol';

/** Unpadded reference runs kept per model and backend (sentence × mode pairs). */
const REFERENCE_CACHE_SIZE = 32;

interface Loaded {
  readonly checkpoint: Checkpoint;
  readonly model: RunnableModel;
}

/** Creates an engine with no backend and no model; the first command picks the best backend. */
export function createEngineHost(): Engine {
  let backend: BackendReport | null = null;
  let loaded: Loaded | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const cache = createReferenceCache(REFERENCE_CACHE_SIZE);
  const listeners: ((event: EngineEvent) => void)[] = [];

  // Commands run strictly one after another: a backend switch never races a forward.
  function serially<T>(task: () => Promise<T>): Promise<T> {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  }

  /** Uploads the loaded model again, to the backend that is now active. */
  async function reupload(): Promise<void> {
    cache.clear();
    if (loaded === null) return;
    const encoder = await createEncoder(loaded.checkpoint);
    loaded = { ...loaded, model: { ...loaded.model, encoder } };
  }

  const onBackendLost = (loss: BackendLoss): void => {
    void serially(async () => {
      backend = await fallBackFrom(loss.name, { onBackendLost });
      await reupload();
      const message = `${loss.name} was lost (${loss.message}); switched to ${backend.active}.`;
      for (const listener of listeners)
        listener({ kind: 'backendChanged', report: backend, message });
    });
  };

  let dump: { files: DumpFile[]; compareFiles: DumpFile[] } | null = null;
  const sweeps = createSweepRunner({
    serially,
    currentModel: () => loaded?.model ?? null,
    emit: (event) => {
      for (const listener of listeners) listener(event);
    },
  });

  async function read(files: readonly File[]): Promise<DumpFile[]> {
    return Promise.all(
      files.map(async (file) => readDump(new Uint8Array(await file.arrayBuffer()), file.name)),
    );
  }

  return {
    setBackend: ({ preference }) =>
      serially(async () => {
        loaded?.model.encoder.dispose(); // freed on the backend that holds it
        try {
          backend = await initBackend(preference, { onBackendLost });
        } finally {
          // Whatever happened, the model must live on the backend that is now active.
          await reupload();
        }
        return backend;
      }),
    loadModel: ({ parts }) =>
      serially(async () => {
        backend ??= await initBackend('auto', { onBackendLost });
        const checkpoint = assembleCheckpoint(parts);
        const encoder = await createEncoder(checkpoint);
        loaded?.model.encoder.dispose();
        loaded = { checkpoint, model: { encoder, vocab: checkpoint.vocab } };
        cache.clear();
        const { source, config, vocab } = checkpoint;
        return { source, config, vocabTokens: vocab, backend };
      }),
    analyse: ({ request }) =>
      serially(async () => {
        if (loaded === null) throw new Error('No model is loaded yet.');
        return analyseModelRun(loaded.model, request, cache);
      }),
    auditPooling: ({ request }) =>
      serially(async () => {
        if (loaded === null) throw new Error('No model is loaded yet.');
        return runPoolingAudit(loaded.model, request);
      }),
    checkTaint: ({ request }) =>
      serially(async () => {
        if (loaded === null) throw new Error('No model is loaded yet.');
        return runTaintCheck(loaded.model, request);
      }),
    openTensors: ({ files, compareFiles }) =>
      serially(async () => {
        dump = null; // the old dump is dropped even if the new one fails to read
        dump = { files: await read(files), compareFiles: await read(compareFiles) };
        return [...dump.files, ...dump.compareFiles].flatMap((file) =>
          file.arrays.map((array) => ({
            file: file.fileName,
            name: array.name,
            shape: array.shape,
            dtype: array.dtype,
          })),
        );
      }),
    readMaskFile: async ({ file }) =>
      (await read([file]))[0] ?? { fileName: file.name, arrays: [] },
    checkTensors: ({ options }) =>
      serially(() => {
        if (dump === null) throw new Error('No tensors are open yet.');
        return Promise.resolve(checkOpenDump(dump.files, dump.compareFiles, options));
      }),
    sweep: sweeps.sweep,
    cancelSweep: sweeps.cancelSweep,
    onEvent: (listener) => {
      listeners.push(listener);
    },
    dispose: () => {
      loaded?.model.encoder.dispose();
      loaded = null;
    },
  };
}
