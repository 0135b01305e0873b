/**
 * One request cycle for every engine answer the page waits for: a run, a model load, a dump read
 * and check, a sweep, the pooling audit, the taint test, a mask file, an ONNX export's test. Each kind is a row of
 * `RequestResults`; its state is one `Request` (id, phase, result, error) under its own key, and
 * four generic actions move it. Late answers are dropped by id.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './appState';
import type { ConventionFile } from './conventionsSlice';
import type { ModelInfo } from './modelSlice';
import type { OnnxRecord } from './onnxSlice';
import type { PoolingRecord, TaintRecord } from './onDemandRecords';
import type { RunRecord } from './runRecord';
import type { SweepRecord } from './sweepSlice';
import type { OpenedTensors, TensorRecord } from './tensorsSlice';

/**
 * Where a request stands: `done` once its answer is in the store, `blocked` while the input
 * cannot be asked (the banner says why), `cancelled` when the user stopped it.
 */
export type RequestPhase = 'idle' | 'running' | 'done' | 'error' | 'blocked' | 'cancelled';

/** The state of one kind of request. */
export interface Request<Result> {
  /** Id of the newest request (0 before the first): answers to older ones are dropped by it. */
  readonly id: number;
  readonly phase: RequestPhase;
  /** The newest answer kept; `resultId` says which request it answers. */
  readonly result: Result | null;
  /**
   * Id of the request `result` answers (0 for none): below `id` while a newer one runs. After a
   * reset, the reset's id with no result: answers to requests asked before it are dropped.
   */
  readonly resultId: number;
  /** Why the newest request failed, as the engine or reader said it. */
  readonly error: string | null;
}

/** Every kind of request and what its answer is: adding a source of attention adds a row. */
export interface RequestResults {
  /** The built-in model run on the current input. */
  readonly run: RunRecord;
  /** The model the engine holds (from the list or the user's files). */
  readonly load: ModelInfo;
  /** The user's dump files, read in the worker. */
  readonly tensorRead: OpenedTensors;
  /** The open dump checked with the panel's options. */
  readonly tensorCheck: TensorRecord;
  readonly sweep: SweepRecord;
  readonly pooling: PoolingRecord;
  readonly taint: TaintRecord;
  /** A mask file for the convention check, read in the worker. */
  readonly maskFile: ConventionFile;
  /** "Your model": a dropped ONNX export's padding test. */
  readonly onnx: OnnxRecord;
}

/** A request kind's name. */
export type RequestKind = keyof RequestResults;

/** The state of every request kind, each under its own key. */
export type Requests = { readonly [K in RequestKind]: Request<RequestResults[K]> };

/**
 * Kinds whose late answers are still shown when they are newer than the answer on screen: while
 * the user types, each finished run shows at once instead of waiting for the newest.
 */
const SHOWS_LATE_ANSWERS: ReadonlySet<RequestKind> = new Set<RequestKind>(['run', 'tensorCheck']);

/** Other state an action changes with the request, in the same update. */
type Patch = Partial<AppState>;

/** The generic actions, one set for every kind. */
export interface RequestActions {
  /** Registers a new request of `kind` and returns its id. */
  readonly beginRequest: (kind: RequestKind, patch?: Patch) => number;
  /** Keeps an answer unless a newer one is already kept; true when kept. */
  readonly settleRequest: <K extends RequestKind>(
    kind: K,
    id: number,
    result: RequestResults[K],
    patch?: Patch,
  ) => boolean;
  /** Request `id` failed (`message`) or was stopped (null); ignored if a newer one exists. */
  readonly failRequest: (kind: RequestKind, id: number, message: string | null) => void;
  /** The input cannot be asked (its problems are derived): no request, no error, no answer. */
  readonly blockRequest: (kind: RequestKind) => void;
  /** Forgets the answer and drops whatever is in flight (the data it answered is gone). */
  readonly resetRequest: (kind: RequestKind) => void;
}

/** The slice: every request's state and the actions that move it. */
export type RequestSlice = Requests & RequestActions;

/** A request never asked. */
export const IDLE_REQUEST: Request<never> = {
  id: 0,
  phase: 'idle',
  result: null,
  resultId: 0,
  error: null,
};

/** True when the answer kept is for an older request than the newest (which still runs). */
export function isAnswerStale(request: Request<unknown>): boolean {
  return request.result !== null && request.resultId !== request.id;
}

/** Creates the request slice. */
export const createRequestSlice: StateCreator<AppState, [], [], RequestSlice> = (set, get) => {
  const update = (kind: RequestKind, change: Partial<Request<unknown>>, patch: Patch = {}) =>
    set({ ...patch, [kind]: { ...get()[kind], ...change } });
  return {
    run: IDLE_REQUEST,
    load: IDLE_REQUEST,
    tensorRead: IDLE_REQUEST,
    tensorCheck: IDLE_REQUEST,
    sweep: IDLE_REQUEST,
    pooling: IDLE_REQUEST,
    taint: IDLE_REQUEST,
    maskFile: IDLE_REQUEST,
    onnx: IDLE_REQUEST,
    beginRequest: (kind, patch) => {
      const id = get()[kind].id + 1;
      update(kind, { id, phase: 'running', error: null }, patch);
      return id;
    },
    settleRequest: (kind, id, result, patch) => {
      const request = get()[kind];
      const isLatest = id === request.id;
      if (!isLatest && !(SHOWS_LATE_ANSWERS.has(kind) && id > request.resultId)) return false;
      const phase = isLatest ? { phase: 'done' as const, error: null } : {};
      update(kind, { ...phase, result, resultId: id }, patch);
      return true;
    },
    failRequest: (kind, id, message) => {
      if (id !== get()[kind].id) return;
      update(kind, { phase: message === null ? 'cancelled' : 'error', error: message });
    },
    blockRequest: (kind) => update(kind, { id: get()[kind].id + 1, phase: 'blocked', error: null }),
    // The reset's id becomes the floor of late answers: none asked before it is kept after it.
    resetRequest: (kind) => {
      const id = get()[kind].id + 1;
      update(kind, { id, phase: 'idle', result: null, resultId: id, error: null });
    },
  };
};
