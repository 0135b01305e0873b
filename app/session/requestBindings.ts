/**
 * The request table: for each kind of request, which engine command answers it, what the store
 * keeps of the answer and how a failure reads. The cycle around it is requestCycle.ts; a new
 * source of attention adds a row here and one in `RequestResults` (store/requestSlice.ts).
 */
import type { PoolingRequest } from '../../src/analysis/poolingRun';
import { SweepCancelledError } from '../../src/analysis/sweep';
import type { TaintRequest } from '../../src/analysis/taintRun';
import type { CheckpointParts } from '../../src/checkpoint/load';
import type { ModelRequest } from '../../src/onnx/modelFiles';
import type { TensorCheckOptions } from '../protocol/engineProtocol';
import type { ModelInfo } from '../store/modelSlice';
import { loadStartPatch } from '../store/modelSlice';
import type { TaintMode } from '../store/onDemandRecords';
import type { RequestKind } from '../store/requestSlice';
import { selectModel } from '../store/requestSelectors';
import type { RunPlan } from '../store/selectors';
import type { TensorFields } from '../store/tensorsSlice';
import { messageOf, type RequestBinding, type SessionContext } from './requestCycle';

/** One place a model's files may come from; a load tries them in turn. */
export interface ModelSource {
  /** What is loaded, in words ("maskscope-brown", "config.json, vocab.txt, …"). */
  readonly title: string;
  /** Reads the checkpoint's files; `onProgress` reports bytes. */
  readonly read: (onProgress: (loaded: number, total: number) => void) => Promise<CheckpointParts>;
  /** The failure in words, naming the source. */
  readonly failure: (message: string) => string;
}

/** A model load: sources tried in order, and a notice to show with whichever loads. */
export interface ModelLoad {
  readonly sources: readonly ModelSource[];
  readonly notice: string | null;
}

/** A check of the open dump: the options sent and the fields they came from. */
export interface TensorCheck {
  readonly options: TensorCheckOptions;
  readonly fields: TensorFields;
}

/** The user's dump files and the dump to compare with. */
export interface TensorFiles {
  readonly files: readonly File[];
  readonly compareFiles: readonly File[];
}

/** A sweep of the current input (null plan: the input cannot be run). */
export interface SweepAsk {
  readonly plan: RunPlan | null;
  readonly stepPads: number;
}

/** The pooling audit of an input, and the key naming that input. */
export interface PoolingAsk {
  readonly request: PoolingRequest;
  readonly key: string;
}

/** The taint test of an input under these modes, and the key naming that input. */
export interface TaintAsk {
  readonly request: TaintRequest;
  readonly rows: readonly TaintMode[];
  readonly key: string;
}

const CANCELLED_MESSAGE = new SweepCancelledError().message;

/** A request that cannot start: its message is shown as it is. */
class NotStartedError extends Error {}

const asItIs = (error: unknown): string => messageOf(error);

/** Times an engine call from the page: the round trip the status bar shows. */
async function timed<T>(call: Promise<T>): Promise<{ value: T; roundTripMs: number }> {
  const startMs = performance.now();
  const value = await call;
  return { value, roundTripMs: performance.now() - startMs };
}

const RUN: RequestBinding<'run', RunPlan> = {
  kind: 'run',
  ask: async ({ store, engine }, plan) => {
    const model = selectModel(store.getState());
    if (model === null) return null;
    const { value: analysis, roundTripMs } = await timed(engine.analyse({ request: plan.request }));
    if (selectModel(store.getState()) !== model) return null; // answered for a replaced model
    store.getState().markWarm(analysis.mask.length);
    return { result: { model, input: plan.input, analysis, roundTripMs } };
  },
  failure: (error) => `The run failed: ${messageOf(error)}`,
};

const LOAD: RequestBinding<'load', ModelLoad> = {
  kind: 'load',
  ask: async (context, load, id) => {
    const { model, notice } = await loadFirst(context, load, id);
    return { result: model, patch: { modelNotice: notice, warmSeqLens: [] } };
  },
  failure: asItIs,
  started: (load) => loadStartPatch(`Loading ${load.sources[0]?.title ?? 'a model'}`),
};

/**
 * Loads the first source that works and says which ones failed; a later source is tried only
 * while this load is the newest.
 */
async function loadFirst({ store, engine }: SessionContext, load: ModelLoad, loadId: number) {
  const state = () => store.getState();
  let notice = load.notice;
  for (const [n, source] of load.sources.entries()) {
    if (n > 0) state().restartLoad(loadId, `Loading ${source.title}`);
    try {
      const parts = await source.read((loaded, total) =>
        state().setLoadProgress(loadId, loaded, total),
      );
      const { source: from, config, vocabTokens, backend } = await engine.loadModel({ parts });
      state().setBackend(backend, state().backendNotice);
      const model: ModelInfo = { source: from, config, vocabTokens };
      return { model, notice };
    } catch (error) {
      const next = load.sources[n + 1];
      const message = source.failure(messageOf(error));
      if (next === undefined || state().load.id !== loadId) throw new Error(message);
      notice = `${message}. Showing ${next.title} instead.`;
    }
  }
  throw new Error('There is no model to load.');
}

const TENSOR_READ: RequestBinding<'tensorRead', TensorFiles> = {
  kind: 'tensorRead',
  ask: async ({ engine }, { files, compareFiles }) => {
    const arrays = await engine.openTensors({ files, compareFiles });
    const names = (list: readonly File[]) => list.map((f) => f.name);
    return { result: { files: names(files), compareFiles: names(compareFiles), arrays } };
  },
  failure: asItIs,
};

const TENSOR_CHECK: RequestBinding<'tensorCheck', TensorCheck> = {
  kind: 'tensorCheck',
  ask: async ({ engine }, { options, fields }) => {
    const { value: answer, roundTripMs } = await timed(engine.checkTensors({ options }));
    return { result: { fields, answer, roundTripMs } };
  },
  failure: asItIs,
};

const SWEEP: RequestBinding<'sweep', SweepAsk> = {
  kind: 'sweep',
  ask: async ({ store, engine }, { plan, stepPads }, sweepId) => {
    const model = selectModel(store.getState());
    if (plan === null || model === null) {
      const why = model === null ? 'no model is loaded yet' : 'the input cannot be run';
      throw new NotStartedError(`The sweep cannot start: ${why}.`);
    }
    const { ids, side, modeA, modeB, maskIndices } = plan.request;
    const request = { ids, side, modeA, modeB, maskIndices, range: { stepPads, maxPads: null } };
    const { value: result, roundTripMs } = await timed(engine.sweep({ sweepId, request }));
    if (selectModel(store.getState()) !== model) return null;
    const maskLabels = maskIndices.map((k, n) => `[MASK] ${n + 1} (token ${k})`);
    return { result: { model, input: plan.input, stepPads, maskLabels, result, roundTripMs } };
  },
  failure: (error) => {
    if (error instanceof NotStartedError) return error.message;
    const message = messageOf(error);
    return message === CANCELLED_MESSAGE ? null : `The sweep failed: ${message}`;
  },
  started: () => ({ sweepProgress: null }),
};

const POOLING: RequestBinding<'pooling', PoolingAsk> = {
  kind: 'pooling',
  ask: async ({ engine }, { request, key }) => ({
    result: { key, audit: await engine.auditPooling({ request }) },
  }),
  failure: asItIs,
};

const TAINT: RequestBinding<'taint', TaintAsk> = {
  kind: 'taint',
  ask: async ({ engine }, { request, rows, key }) => {
    const report = await engine.checkTaint({ request });
    return { result: { key, rows, taints: request.taints, report } };
  },
  failure: asItIs,
};

const MASK_FILE: RequestBinding<'maskFile', File> = {
  kind: 'maskFile',
  ask: async ({ engine }, file) => ({
    result: await engine.readMaskFile({ file }),
    patch: { conventionArrayName: null },
  }),
  failure: asItIs,
};

/** "Your model": the dropped files and what the page set. */
export interface OnnxAsk {
  readonly files: readonly File[];
  readonly request: ModelRequest;
}

const ONNX: RequestBinding<'onnx', OnnxAsk> = {
  kind: 'onnx',
  ask: async ({ engine }, { files, request }, checkId) => {
    const answer = await engine.checkOnnx({ checkId, files, request });
    return { result: { files: files.map((f) => f.name), answer }, patch: { onnxProgress: null } };
  },
  failure: (error) => `The model could not be tested: ${messageOf(error)}`,
  started: () => ({ onnxProgress: null, onnxRun: 0 }),
};

/** Every request kind's binding, by kind. */
export const REQUESTS = {
  run: RUN,
  load: LOAD,
  tensorRead: TENSOR_READ,
  tensorCheck: TENSOR_CHECK,
  sweep: SWEEP,
  pooling: POOLING,
  taint: TAINT,
  maskFile: MASK_FILE,
  onnx: ONNX,
} as const satisfies { readonly [K in RequestKind]: RequestBinding<K, never> };
