/**
 * The session: the one place that turns store changes into engine work and engine answers into
 * store changes. Every engine answer the page waits for is a request (requestBindings.ts, one
 * row per kind) run through one cycle (requestCycle.ts); this file wires them to the store's
 * changes, the UI's calls and the engine's events, and recovers when the worker dies.
 */
import type { EngineEvent } from '../protocol/engineProtocol';
import type { Engine } from '../protocol/engineProtocol';
import type { AppStore } from '../store/appState';
import type { Session } from '../store/useAppState';
import {
  applyBackend,
  loadFiles,
  loadModelId,
  reloadModel,
  startModels,
  type LoaderContext,
} from './modelLoader';
import { createPlanFollower, type PlanFollower } from './planFollower';
import { REQUESTS, type TensorFiles } from './requestBindings';
import { runRequest } from './requestCycle';
import { cancelSweep, loseSweep, runSweep } from './sweepSession';
import {
  cancelLongTensorWork,
  idleTensorWork,
  trackTensorWork,
  type TensorWork,
} from './tensorWork';

export type { Session };

/** Knobs of the session. */
export interface SessionOptions {
  /** Absolute URL of the app's root, e.g. `document.baseURI`. */
  readonly baseUrl: string;
  /** The fetch to use for model files and the model list (default: the global one). */
  readonly fetch?: typeof fetch;
  /** Debounce of runs while the user types (the first change after a pause runs at once). */
  readonly debounceMs?: number;
  /** Longest a change waits while changes keep coming (dragging the slider). */
  readonly maxWaitMs?: number;
  /** A tensor read or check busy this long is cancelled when other files are opened. */
  readonly cancelTensorWorkAfterMs?: number;
}

const DEFAULT_DEBOUNCE_MS = 150;
const DEFAULT_MAX_WAIT_MS = 400;
/** A tensor read or check busy for longer than this is cancelled when other files are opened. */
const DEFAULT_CANCEL_AFTER_MS = 2000;

/** The session's context with what "Your tensors" needs to stop a long read. */
interface TensorContext extends LoaderContext {
  readonly tensorWork: TensorWork;
  readonly cancelAfterMs: number;
}

/** Opens the user's dump files in the engine, then checks them with the current options. */
async function openTensors(
  context: TensorContext,
  follower: PlanFollower,
  files: TensorFiles,
): Promise<void> {
  const { store, engine, memory, tensorWork } = context;
  // The engine drops its dump as a read begins: a restart re-reads none until this one is whole,
  // and nothing of the old files stays on screen if this read fails.
  memory.tensorFiles = null;
  cancelLongTensorWork(engine, tensorWork, files.files, context.cancelAfterMs);
  tensorWork.readingFiles = files.files;
  store.getState().resetRequest('tensorRead');
  store.getState().resetRequest('tensorCheck'); // its answer was for the old files
  const opened = await runRequest(context, REQUESTS.tensorRead, files);
  if (opened === null) return;
  context.memory.tensorFiles = files;
  follower.checkOpened();
}

/** A fresh worker holds nothing: give it the backend, the model and the tensors again. */
async function recover(context: TensorContext, follower: PlanFollower, reason: string) {
  const state = () => context.store.getState();
  state().setEngineNotice(`${reason} A new one was started and the last run is repeated.`);
  await applyBackend(context, state().backendPreference);
  await reloadModel(context);
  const { tensorFiles } = context.memory;
  if (tensorFiles !== null) await openTensors(context, follower, tensorFiles);
}

/** Routes what the engine announces without being asked. */
function onEngineEvent(context: TensorContext, follower: PlanFollower, event: EngineEvent): void {
  const state = () => context.store.getState();
  switch (event.kind) {
    case 'backendChanged':
      state().setBackend(event.report, event.message);
      follower.rerun();
      return;
    case 'restarted':
      state().failRequest('run', state().run.id, event.reason);
      loseSweep(context, event.reason);
      void recover(context, follower, event.reason);
      return;
    case 'sweepProgress':
      state().progressSweep(event.sweepId, event.done, event.total);
      return;
    case 'onnxProgress':
      state().progressOnnx(event.checkId, event.done, event.total);
      return;
  }
}

/** Follows the store: the backend choice, the model asked for, and the run and check plans. */
function followStore(context: LoaderContext, follower: PlanFollower): () => void {
  return context.store.subscribe((next, previous) => {
    if (next.backendPreference !== previous.backendPreference) {
      void applyBackend(context, next.backendPreference).then((isOk) => {
        if (isOk) follower.rerun();
      });
    }
    if (next.modelId !== previous.modelId && next.modelId !== null) {
      void loadModelId(context, next.modelId);
    }
    follower.follow(next, previous);
  });
}

/** Connects `store` to `engine` and starts loading; returns what the UI may ask. */
export function startSession(store: AppStore, engine: Engine, options: SessionOptions): Session {
  const tensorWork = idleTensorWork();
  const context: TensorContext = {
    store,
    engine: trackTensorWork(engine, tensorWork),
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    absolute: (path) => new URL(path, options.baseUrl).href.replace(/\/+$/, ''),
    memory: { index: null, origin: null, tensorFiles: null },
    tensorWork,
    cancelAfterMs: options.cancelTensorWorkAfterMs ?? DEFAULT_CANCEL_AFTER_MS,
  };
  const follower = createPlanFollower(context, {
    debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
  });
  engine.onEvent((event) => onEngineEvent(context, follower, event));
  const unsubscribe = followStore(context, follower);
  void startModels(context);
  return {
    loadFiles: (files) => void loadFiles(context, files),
    openTensors: (files, compareFiles) =>
      void openTensors(context, follower, { files, compareFiles }),
    openMaskFile: (file) => void runRequest(context, REQUESTS.maskFile, file),
    checkOnnx: (files, request) => void runRequest(context, REQUESTS.onnx, { files, request }),
    auditPooling: (request, key) => void runRequest(context, REQUESTS.pooling, { request, key }),
    checkTaint: (request, rows, key) =>
      void runRequest(context, REQUESTS.taint, { request, rows, key }),
    runSweep: () => runSweep(context),
    cancelSweep: () => cancelSweep(context),
    dispose: () => {
      unsubscribe();
      follower.cancel();
    },
  };
}
