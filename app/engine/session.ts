/**
 * The session: the one place that turns store changes into engine work and engine answers into
 * store changes. It reads the model list, fetches model files on the page (once per load) and
 * hands their bytes to the engine, follows the backend choice, schedules runs (dropping stale
 * answers by run id and by model), and recovers when the worker dies. The engine only computes.
 */
import {
  fetchCheckpointParts,
  readCheckpointParts,
  type CheckpointParts,
} from '../../src/checkpoint/load';
import {
  loadOrder,
  parseModelIndex,
  type ModelIndex,
  type ModelListEntry,
} from '../../src/checkpoint/modelIndex';
import type { AppStore } from '../store/appState';
import { DEFAULT_INPUT } from '../store/inputSlice';
import type { BackendPreference } from '../store/modelSlice';
import { selectRunPlan, type RunPlan } from '../store/selectors';
import { selectTensorPlan, type TensorPlan } from '../store/tensorSelectors';
import type { TensorFields } from '../store/tensorsSlice';
import type { Engine, TensorCheckOptions } from './protocol';
import { createRunScheduler } from './runScheduler';
import { createSweepSession } from './sweepSession';

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

/** What the UI may ask of the session beyond store changes. */
export interface Session {
  /** Loads a model from the user's own files (config.json, vocab.txt, model.safetensors). */
  readonly loadFiles: (files: readonly File[]) => void;
  /** Opens the user's dump files (and a second dump to compare with) as "Your tensors". */
  readonly openTensors: (files: readonly File[], compareFiles: readonly File[]) => void;
  /** Runs the pooling auditor on the engine (on demand, outside the run schedule). */
  readonly auditPooling: Engine['auditPooling'];
  /** Runs the taint test on the engine (on demand, outside the run schedule). */
  readonly checkTaint: Engine['checkTaint'];
  /** Runs the padding sweep of the current input (sweepSession.ts). */
  readonly runSweep: () => void;
  /** Stops the running sweep. */
  readonly cancelSweep: () => void;
  readonly dispose: () => void;
}

const DEFAULT_DEBOUNCE_MS = 150;
const DEFAULT_MAX_WAIT_MS = 400;
/** A tensor read or check busy for longer than this is cancelled when other files are opened. */
const DEFAULT_CANCEL_AFTER_MS = 2000;

/** Where the current model's files come from, so a restarted worker can be given them again. */
type ModelOrigin =
  | { readonly kind: 'list'; readonly entries: readonly ModelListEntry[] }
  | { readonly kind: 'files'; readonly files: readonly File[] };

interface RunJob {
  readonly runId: number;
  readonly plan: RunPlan;
}

interface CheckJob {
  readonly checkId: number;
  readonly plan: { readonly options: TensorCheckOptions; readonly fields: TensorFields };
}

/** An error's message, for the banner. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Connects `store` to `engine` and starts loading; returns the handle for file loads. */
export function startSession(store: AppStore, engine: Engine, options: SessionOptions): Session {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const absolute = (path: string): string =>
    new URL(path, options.baseUrl).href.replace(/\/+$/, '');
  let index: ModelIndex | null = null;
  let origin: ModelOrigin | null = null;
  let lastPlan: RunPlan | null = null;
  const state = () => store.getState();

  // ---- runs ----
  async function execute(job: RunJob): Promise<void> {
    const model = state().model;
    if (model === null) return;
    const startMs = performance.now();
    try {
      const analysis = await engine.analyse({ request: job.plan.request });
      if (state().model !== model) return; // answered for a model that has since been replaced
      const roundTripMs = performance.now() - startMs;
      state().finishRun({ runId: job.runId, model, input: job.plan.input, analysis, roundTripMs });
      state().markWarm(analysis.mask.length);
    } catch (error) {
      state().failRun(job.runId, `The run failed: ${messageOf(error)}`);
    }
  }

  const scheduler = createRunScheduler<RunJob>(execute, {
    debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
  });

  function planChanged(plan: RunPlan | null): void {
    lastPlan = plan;
    if (state().model === null) return;
    if (plan === null) {
      state().blockRun(); // the banner says why: input problems are selectors
      return;
    }
    scheduler.schedule({ runId: state().requestRun(), plan });
  }
  const rerun = (): void => planChanged(lastPlan);

  // ---- your tensors ----
  /** The dump the engine holds, read whole: what a restarted worker is given again. */
  let tensorFiles: { files: readonly File[]; compareFiles: readonly File[] } | null = null;
  let lastTensorPlan: TensorPlan | null = null;
  let latestReadId = 0;
  /** The primary files of the newest read. */
  let readingFiles: readonly File[] = [];
  /** Tensor commands (reads, checks) in flight, and since when the engine has been busy. */
  let tensorCalls = 0;
  let tensorBusySinceMs = 0;

  async function tracked<T>(call: () => Promise<T>): Promise<T> {
    if (tensorCalls++ === 0) tensorBusySinceMs = performance.now();
    try {
      return await call();
    } finally {
      tensorCalls--;
    }
  }

  async function check(job: CheckJob): Promise<void> {
    const startMs = performance.now();
    try {
      const answer = await tracked(() => engine.checkTensors({ options: job.plan.options }));
      const roundTripMs = performance.now() - startMs;
      state().finishCheck({ checkId: job.checkId, fields: job.plan.fields, answer, roundTripMs });
    } catch (error) {
      state().failTensors(job.checkId, messageOf(error));
    }
  }

  const checks = createRunScheduler<CheckJob>(check, {
    debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
  });

  function tensorPlanChanged(plan: TensorPlan): void {
    lastTensorPlan = plan;
    if (state().opened === null || !('options' in plan)) return;
    checks.schedule({ checkId: state().requestCheck(), plan });
  }

  /**
   * A long read or check of the previous files would hold the worker (it parses synchronously):
   * replace the worker instead of making the new files wait.
   */
  function cancelLongTensorWork(files: readonly File[]): void {
    const cancelAfterMs = options.cancelTensorWorkAfterMs ?? DEFAULT_CANCEL_AFTER_MS;
    const isLong = tensorCalls > 0 && performance.now() - tensorBusySinceMs > cancelAfterMs;
    const isSameDump =
      files.length === readingFiles.length && files.every((f, i) => f === readingFiles[i]);
    // Adding a comparison to the dump being read still needs that read: let it finish.
    if (!isLong || isSameDump || engine.restart === undefined) return;
    const names = files.map((file) => file.name).join(', ');
    engine.restart(
      `The inference worker was replaced to stop a long read or check (${names} was opened).`,
    );
  }

  async function openTensors(files: readonly File[], compareFiles: readonly File[]): Promise<void> {
    const readId = ++latestReadId;
    tensorFiles = null; // the engine drops its dump as a read begins, and a restart re-reads none
    cancelLongTensorWork(files);
    readingFiles = files;
    state().beginTensorRead();
    try {
      const arrays = await tracked(() => engine.openTensors({ files, compareFiles }));
      if (readId !== latestReadId) return; // a newer read took its place
      tensorFiles = { files, compareFiles };
      state().finishTensorRead({
        files: files.map((f) => f.name),
        compareFiles: compareFiles.map((f) => f.name),
        arrays,
      });
      tensorPlanChanged(selectTensorPlan(state()));
    } catch (error) {
      if (readId === latestReadId) state().failTensors(null, messageOf(error));
    }
  }

  // ---- models ----
  async function loadParts(parts: CheckpointParts, loadId: number, notice: string | null) {
    const { source, config, vocabTokens, backend } = await engine.loadModel({ parts });
    state().setBackend(backend, state().backendNotice);
    state().finishModelLoad(loadId, { source, config, vocabTokens }, notice);
  }

  /** Loads the first entry that works, saying which ones failed. */
  async function loadEntries(
    entries: readonly ModelListEntry[],
    notice: string | null,
  ): Promise<void> {
    const [entry, ...rest] = entries;
    if (entry === undefined) return;
    origin = { kind: 'list', entries };
    const loadId = state().beginModelLoad(`Loading ${entry.title}`);
    try {
      const parts = await fetchCheckpointParts(absolute(entry.path), {
        fetch: fetchFn,
        onProgress: (loaded, total) => state().setLoadProgress(loadId, loaded, total),
      });
      await loadParts(parts, loadId, notice);
    } catch (error) {
      const message = `${entry.title} could not be loaded: ${messageOf(error)}`;
      const next = rest[0];
      if (next === undefined || state().loadId !== loadId) {
        state().failModelLoad(loadId, message);
        return;
      }
      await loadEntries(rest, `${message}. Showing ${next.title} instead.`);
    }
  }

  async function loadFiles(files: readonly File[]): Promise<void> {
    const loadId = state().beginModelLoad(`Loading ${files.map((f) => f.name).join(', ')}`);
    try {
      await loadParts(await readCheckpointParts(files), loadId, null);
      origin = { kind: 'files', files };
      state().setModelId(null);
    } catch (error) {
      state().failModelLoad(loadId, `Your files could not be loaded: ${messageOf(error)}`);
    }
  }

  async function loadModelId(modelId: string | null, notice: string | null = null): Promise<void> {
    if (index === null) return;
    const order = loadOrder(index, modelId);
    const { model, loadPhase } = state();
    const isLoaded = order[0] !== undefined && model?.source === absolute(order[0].path);
    if (!(isLoaded && loadPhase === 'ready')) await loadEntries(order, notice);
  }

  /** Activates the preferred backend; true when it worked. */
  async function applyBackend(preference: BackendPreference): Promise<boolean> {
    try {
      state().setBackend(await engine.setBackend({ preference }), null);
      return true;
    } catch (error) {
      state().setBackendNotice(`Could not switch to ${preference}: ${messageOf(error)}`);
      return false;
    }
  }

  async function switchBackend(preference: BackendPreference): Promise<void> {
    if (await applyBackend(preference)) rerun();
  }

  async function start(): Promise<void> {
    const loadId = state().beginModelLoad('Reading the model list');
    try {
      const response = await fetchFn(absolute('models/index.json'));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      index = parseModelIndex(await response.json());
    } catch (error) {
      state().failModelLoad(loadId, `The model list could not be read: ${messageOf(error)}`);
      return;
    }
    state().setModelList(index.models, index.defaultId);
    // A link to a model trained with a bug opens in that bug's mode unless it names modes itself.
    const { modelId, modeAId, modeBId } = state();
    const asked = index.models.find((m) => m.id === modelId);
    const isDefaultModes = modeAId === DEFAULT_INPUT.modeAId && modeBId === DEFAULT_INPUT.modeBId;
    if (asked?.start != null && isDefaultModes) state().applyModelStart(asked.start);
    let notice: string | null = null;
    if (modelId !== null && asked === undefined) {
      const fallback = loadOrder(index, null)[0]?.title ?? 'the default model';
      notice = `The link asks for model "${modelId}", which models/index.json does not list, so ${fallback} is shown instead.`;
      state().setModelId(null); // the URL drops the unknown id
    }
    // The model's files download while the worker starts its backend: the engine runs commands
    // in order, so the model still lands on the backend chosen here.
    await Promise.all([
      applyBackend(state().backendPreference),
      loadModelId(state().modelId, notice),
    ]);
  }

  /** A fresh worker holds nothing: give it the backend and the model again (which runs again). */
  async function recover(reason: string): Promise<void> {
    // Only a dump read whole is read again: not one whose read was cut short (which may be what
    // killed the worker), nor the files before it.
    const reopen = tensorFiles;
    state().setEngineNotice(`${reason} A new one was started and the last run is repeated.`);
    await applyBackend(state().backendPreference);
    if (origin?.kind === 'files') await loadFiles(origin.files);
    else if (origin?.kind === 'list') await loadEntries(origin.entries, state().modelNotice);
    if (reopen !== null) await openTensors(reopen.files, reopen.compareFiles);
  }

  const sweeps = createSweepSession(store, engine);
  engine.onEvent((event) => {
    switch (event.kind) {
      case 'backendChanged':
        state().setBackend(event.report, event.message);
        rerun();
        return;
      case 'restarted':
        state().failRun(state().latestRunId, event.reason);
        sweeps.lost(event.reason);
        void recover(event.reason);
        return;
      case 'sweepProgress':
        sweeps.progress(event.sweepId, event.done, event.total);
        return;
    }
  });

  const unsubscribe = store.subscribe((next, previous) => {
    if (next.backendPreference !== previous.backendPreference) {
      void switchBackend(next.backendPreference);
    }
    if (next.modelId !== previous.modelId && next.modelId !== null) void loadModelId(next.modelId);
    const plan = selectRunPlan(next);
    if (plan !== lastPlan || next.model !== previous.model) planChanged(plan);
    const tensorPlan = selectTensorPlan(next);
    if (tensorPlan !== lastTensorPlan) tensorPlanChanged(tensorPlan);
  });
  void start();

  return {
    loadFiles: (files) => void loadFiles(files),
    openTensors: (files, compareFiles) => void openTensors(files, compareFiles),
    auditPooling: (args) => engine.auditPooling(args),
    checkTaint: (args) => engine.checkTaint(args),
    runSweep: sweeps.runSweep,
    cancelSweep: sweeps.cancelSweep,
    dispose: () => {
      unsubscribe();
      scheduler.cancel();
      checks.cancel();
    },
  };
}
