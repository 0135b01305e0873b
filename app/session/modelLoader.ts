/**
 * Models and backends for the session: reads the model list once, fetches a model's files on
 * the page (once per load) and hands their bytes to the engine, follows the backend choice, and
 * remembers where the model came from so a restarted worker can be given it again.
 */
import { fetchCheckpointParts, readCheckpointParts } from '../../src/checkpoint/load';
import {
  loadOrder,
  parseModelIndex,
  type ModelIndex,
  type ModelListEntry,
} from '../../src/checkpoint/modelIndex';
import { DEFAULT_INPUT } from '../store/inputSlice';
import { loadStartPatch, type BackendPreference } from '../store/modelSlice';
import { REQUESTS, type ModelSource, type TensorFiles } from './requestBindings';
import { messageOf, runRequest, type SessionContext } from './requestCycle';

/** Where the current model's files come from, so a restarted worker can be given them again. */
export type ModelOrigin =
  | { readonly kind: 'list'; readonly entries: readonly ModelListEntry[] }
  | { readonly kind: 'files'; readonly files: readonly File[] };

/** What the session remembers between requests: the model list and the files the engine holds. */
export interface SessionMemory {
  index: ModelIndex | null;
  origin: ModelOrigin | null;
  tensorFiles: TensorFiles | null;
}

/** The session's context for loading: where the app lives and how to fetch from it. */
export interface LoaderContext extends SessionContext {
  readonly fetch: typeof fetch;
  /** Absolute URL of a path under the app's root, without a trailing slash. */
  readonly absolute: (path: string) => string;
  readonly memory: SessionMemory;
}

/** Loads the first of `entries` that works, saying which ones failed. */
export async function loadEntries(
  context: LoaderContext,
  entries: readonly ModelListEntry[],
  notice: string | null,
): Promise<void> {
  if (entries.length === 0) return;
  context.memory.origin = { kind: 'list', entries };
  const sources = entries.map((entry): ModelSource => ({
    title: entry.title,
    read: (onProgress) =>
      fetchCheckpointParts(context.absolute(entry.path), { fetch: context.fetch, onProgress }),
    failure: (message) => `${entry.title} could not be loaded: ${message}`,
  }));
  await runRequest(context, REQUESTS.load, { sources, notice });
}

/** Loads a model from the user's own files. */
export async function loadFiles(context: LoaderContext, files: readonly File[]): Promise<void> {
  const source: ModelSource = {
    title: files.map((f) => f.name).join(', '),
    read: () => readCheckpointParts(files),
    failure: (message) => `Your files could not be loaded: ${message}`,
  };
  const model = await runRequest(context, REQUESTS.load, { sources: [source], notice: null });
  if (model === null) return;
  context.memory.origin = { kind: 'files', files };
  context.store.getState().setModelId(null);
}

/** Loads the listed model `modelId` (null: the default) unless it is the one loaded. */
export async function loadModelId(
  context: LoaderContext,
  modelId: string | null,
  notice: string | null = null,
): Promise<void> {
  const { index } = context.memory;
  if (index === null) return;
  const order = loadOrder(index, modelId);
  const { load } = context.store.getState();
  const first = order[0];
  const isLoaded = first !== undefined && load.result?.source === context.absolute(first.path);
  if (!(isLoaded && load.phase === 'done')) await loadEntries(context, order, notice);
}

/** Gives a fresh worker the model it held before, from wherever it came. */
export async function reloadModel(context: LoaderContext): Promise<void> {
  const { origin } = context.memory;
  if (origin?.kind === 'files') await loadFiles(context, origin.files);
  else if (origin?.kind === 'list') {
    await loadEntries(context, origin.entries, context.store.getState().modelNotice);
  }
}

/** Activates the preferred backend; true when it worked. */
export async function applyBackend(
  { store, engine }: SessionContext,
  preference: BackendPreference,
): Promise<boolean> {
  try {
    store.getState().setBackend(await engine.setBackend({ preference }), null);
    return true;
  } catch (error) {
    store.getState().setBackendNotice(`Could not switch to ${preference}: ${messageOf(error)}`);
    return false;
  }
}

/** Reads models/index.json into the store; null (and the banner says why) when it cannot. */
async function readModelList(context: LoaderContext): Promise<ModelIndex | null> {
  const state = () => context.store.getState();
  const listing = state().beginRequest('load', loadStartPatch('Reading the model list'));
  try {
    const response = await context.fetch(context.absolute('models/index.json'));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const index = parseModelIndex(await response.json());
    state().setModelList(index.models, index.defaultId);
    return index;
  } catch (error) {
    const message = `The model list could not be read: ${messageOf(error)}`;
    state().failRequest('load', listing, message);
    return null;
  }
}

/**
 * A link to a model trained with a bug opens in that bug's mode unless it names modes itself;
 * a link to a model the list lacks falls back to the default. Returns the notice to show.
 */
function followModelLink(context: LoaderContext, index: ModelIndex): string | null {
  const state = () => context.store.getState();
  const { modelId, modeAId, modeBId } = state();
  const asked = index.models.find((m) => m.id === modelId);
  const isDefaultModes = modeAId === DEFAULT_INPUT.modeAId && modeBId === DEFAULT_INPUT.modeBId;
  if (asked?.start != null && isDefaultModes) state().applyModelStart(asked.start);
  if (modelId === null || asked !== undefined) return null;
  const fallback = loadOrder(index, null)[0]?.title ?? 'the default model';
  state().setModelId(null); // the URL drops the unknown id
  return `The link asks for model "${modelId}", which models/index.json does not list, so ${fallback} is shown instead.`;
}

/** Reads the model list, then starts the backend and loads the asked-for model together. */
export async function startModels(context: LoaderContext): Promise<void> {
  const index = await readModelList(context);
  if (index === null) return;
  context.memory.index = index;
  const notice = followModelLink(context, index);
  // The model's files download while the worker starts its backend: the engine runs commands
  // in order, so the model still lands on the backend chosen here.
  const { backendPreference, modelId } = context.store.getState();
  await Promise.all([
    applyBackend(context, backendPreference),
    loadModelId(context, modelId, notice),
  ]);
}
