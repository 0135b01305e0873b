/**
 * The engine itself: owns the backend, the checkpoint, the encoder and the reference cache, and
 * answers commands one at a time. The worker serves it to the page; Node tests call it directly.
 */
import { analyseModelRun, createReferenceCache } from '../../src/analysis/modelRun';
import type { RunnableModel } from '../../src/analysis/padSentence';
import {
  fallBackFrom,
  initBackend,
  type BackendLoss,
  type BackendName,
  type BackendReport,
} from '../../src/backend/backends';
import { runPoolingAudit } from '../../src/analysis/poolingRun';
import { runTaintCheck } from '../../src/analysis/taintRun';
import { assembleCheckpoint, type CheckpointParts } from '../../src/checkpoint/load';
import type { Checkpoint } from '../../src/checkpoint/types';
import { createEncoder } from '../../src/model/encoder';
import type { DumpFile } from '../../src/dump/arrays';
import { readDump } from '../../src/dump/readDump';
import { checkOpenDump } from './checkTensors';
import { checkOnnxFiles } from './checkOnnx';
import { createSweepRunner } from './sweepRunner';
import type { Engine, EngineEvent, LoadedModel } from '../protocol/engineProtocol';

/** Unpadded reference runs kept per model and backend (sentence × mode pairs). */
const REFERENCE_CACHE_SIZE = 32;

interface Loaded {
  readonly checkpoint: Checkpoint;
  readonly model: RunnableModel;
}

/** What the engine holds between commands. */
interface HostState {
  backend: BackendReport | null;
  loaded: Loaded | null;
  dump: { files: DumpFile[]; compareFiles: DumpFile[] } | null;
  queue: Promise<unknown>;
  readonly cache: ReturnType<typeof createReferenceCache>;
  readonly listeners: ((event: EngineEvent) => void)[];
}

// Commands run strictly one after another: a backend switch never races a forward.
function serially<T>(host: HostState, task: () => Promise<T>): Promise<T> {
  const next = host.queue.then(task, task);
  host.queue = next.catch(() => undefined);
  return next;
}

function emit(host: HostState, event: EngineEvent): void {
  for (const listener of host.listeners) listener(event);
}

/** Uploads the loaded model again, to the backend that is now active. */
async function reupload(host: HostState): Promise<void> {
  host.cache.clear();
  if (host.loaded === null) return;
  const encoder = await createEncoder(host.loaded.checkpoint);
  host.loaded = { ...host.loaded, model: { ...host.loaded.model, encoder } };
}

/** The active backend was lost: fall back to the next one and move the model there. */
function onBackendLost(host: HostState, loss: BackendLoss): void {
  void serially(host, async () => {
    const backend = await fallBackFrom(loss.name, { onBackendLost: (l) => onBackendLost(host, l) });
    host.backend = backend;
    await reupload(host);
    const message = `${loss.name} was lost (${loss.message}); switched to ${backend.active}.`;
    emit(host, { kind: 'backendChanged', report: backend, message });
  });
}

async function setBackend(host: HostState, preference: BackendName | 'auto') {
  host.loaded?.model.encoder.dispose(); // freed on the backend that holds it
  try {
    host.backend = await initBackend(preference, {
      onBackendLost: (loss) => onBackendLost(host, loss),
    });
  } finally {
    // Whatever happened, the model must live on the backend that is now active.
    await reupload(host);
  }
  return host.backend;
}

async function loadModel(host: HostState, parts: CheckpointParts): Promise<LoadedModel> {
  const backend = (host.backend ??= await initBackend('auto', {
    onBackendLost: (loss) => onBackendLost(host, loss),
  }));
  const checkpoint = assembleCheckpoint(parts);
  const encoder = await createEncoder(checkpoint);
  host.loaded?.model.encoder.dispose();
  host.loaded = { checkpoint, model: { encoder, vocab: checkpoint.vocab } };
  host.cache.clear();
  const { source, config, vocab } = checkpoint;
  return { source, config, vocabTokens: vocab, backend };
}

/** The loaded model, or the error every model command gives without one. */
function modelOf(host: HostState): RunnableModel {
  if (host.loaded === null) throw new Error('No model is loaded yet.');
  return host.loaded.model;
}

function readDumps(files: readonly File[]): Promise<DumpFile[]> {
  return Promise.all(
    files.map(async (file) => readDump(new Uint8Array(await file.arrayBuffer()), file.name)),
  );
}

async function openTensors(host: HostState, files: readonly File[], compareFiles: readonly File[]) {
  host.dump = null; // the old dump is dropped even if the new one fails to read
  host.dump = { files: await readDumps(files), compareFiles: await readDumps(compareFiles) };
  return [...host.dump.files, ...host.dump.compareFiles].flatMap((file) =>
    file.arrays.map((array) => ({
      file: file.fileName,
      name: array.name,
      shape: array.shape,
      dtype: array.dtype,
    })),
  );
}

/** Creates an engine with no backend and no model; the first command picks the best backend. */
export function createEngineHost(): Engine {
  const host: HostState = {
    backend: null,
    loaded: null,
    dump: null,
    queue: Promise.resolve(),
    cache: createReferenceCache(REFERENCE_CACHE_SIZE),
    listeners: [],
  };
  const inTurn = <T>(task: () => Promise<T>) => serially(host, task);
  const sweeps = createSweepRunner({
    serially: inTurn,
    currentModel: () => host.loaded?.model ?? null,
    emit: (event) => emit(host, event),
  });
  return {
    setBackend: ({ preference }) => inTurn(() => setBackend(host, preference)),
    loadModel: ({ parts }) => inTurn(() => loadModel(host, parts)),
    analyse: ({ request }) => inTurn(() => analyseModelRun(modelOf(host), request, host.cache)),
    auditPooling: ({ request }) => inTurn(() => runPoolingAudit(modelOf(host), request)),
    checkTaint: ({ request }) => inTurn(() => runTaintCheck(modelOf(host), request)),
    openTensors: ({ files, compareFiles }) => inTurn(() => openTensors(host, files, compareFiles)),
    readMaskFile: async ({ file }) => {
      const [dump] = await readDumps([file]);
      return dump ?? { fileName: file.name, arrays: [] };
    },
    checkTensors: ({ options }) =>
      inTurn(() => {
        if (host.dump === null) throw new Error('No tensors are open yet.');
        return Promise.resolve(checkOpenDump(host.dump.files, host.dump.compareFiles, options));
      }),
    checkOnnx: ({ checkId, files, request }) =>
      inTurn(() =>
        checkOnnxFiles(files, request, (done, total) =>
          emit(host, { kind: 'onnxProgress', checkId, done, total }),
        ),
      ),
    sweep: sweeps.sweep,
    cancelSweep: sweeps.cancelSweep,
    onEvent: (listener) => {
      host.listeners.push(listener);
    },
    dispose: () => {
      host.loaded?.model.encoder.dispose();
      host.loaded = null;
    },
  };
}
