/** Derived data for the status bar and the error banner: backend notices and messages. */
import type { BackendName, BackendReport } from '../../src/backend/backends';
import type { Analysis } from '../../src/analysis/analysis';
import type { HeadRef, QueryKind } from '../../src/analysis/attentionMaps';
import { formatMs } from '../../src/diagnostics/format';
import type { AppState } from './appState';
import { memoLast } from './memo';
import { selectAnalysis, selectSelectedHead } from './resultSelectors';
import type { BackendPreference } from './modelSlice';
import { selectLoadError, selectRunError, selectTensorError } from './requestSelectors';
import { selectInputProblems, selectRunPlan, type InputProblem } from './selectors';
import { selectTensorPlan, type TensorPlan } from './tensorSelectors';

/** Display names of the backends. */
export const BACKEND_LABELS: Readonly<Record<BackendName, string>> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

const noticeOf = memoLast(
  (
    preference: BackendPreference,
    backend: BackendReport | null,
    notice: string | null,
  ): string | null => {
    if (notice !== null) return notice;
    if (backend === null || preference === 'auto' || backend.active === preference) return null;
    const skipped = backend.skipped.find((entry) => entry.name === preference);
    const reason = skipped === undefined ? '' : ` (${skipped.reason})`;
    return `${BACKEND_LABELS[preference]} is not available${reason}; using ${BACKEND_LABELS[backend.active]} instead.`;
  },
);

/** Why the active backend is not the one asked for, or what went wrong switching; null if nothing. */
export function selectBackendNotice(state: AppState): string | null {
  return noticeOf(state.backendPreference, state.backend, state.backendNotice);
}

const choiceOf = memoLast(
  (preference: BackendPreference, backend: BackendReport | null): string | null => {
    const passed = backend?.skipped.filter((entry) => entry.isSoftware === true) ?? [];
    if (preference !== 'auto' || backend === null || passed.length === 0) return null;
    const names = passed.map((entry) => BACKEND_LABELS[entry.name]).join(' and ');
    const verb = passed.length === 1 ? 'runs' : 'run';
    return `auto chose ${BACKEND_LABELS[backend.active]}: ${names} ${verb} on a software adapter here, which is slower; pick ${BACKEND_LABELS[passed[0]?.name ?? 'webgpu']} to use it anyway.`;
  },
);

/** Why 'auto' passed over a faster-looking backend (a software adapter), in one line; else null. */
export function selectBackendChoice(state: AppState): string | null {
  return choiceOf(state.backendPreference, state.backend);
}

/**
 * The sequence length whose shaders a GPU backend is compiling now (a run at a length that has
 * not run on this model and backend yet), or null.
 */
export function selectCompilingSeqLen(state: AppState): number | null {
  const active = state.backend?.active;
  const plan = selectRunPlan(state);
  if (state.run.phase !== 'running' || plan === null) return null;
  if (active !== 'webgpu' && active !== 'webgl') return null;
  const seqLen = plan.request.ids.length + plan.request.paddingLength;
  return state.warmSeqLens.includes(seqLen) ? null : seqLen;
}

/**
 * What the status bar says while a GPU backend compiles, or null. Measured on SwiftShader
 * (`npm run bench:coldload -- --backend=webgpu --new-lengths=4`): the first run compiles nearly
 * every shader (first heatmap 19–25 s, against 2.8 s for a later run); a new sequence length
 * compiles only the matmul variants whose tiling changed (0–2 s more than a length seen before).
 */
export function selectShaderNotice(state: AppState): string | null {
  const seqLen = selectCompilingSeqLen(state);
  if (seqLen === null) return null;
  if (state.warmSeqLens.length > 0) {
    return `New sequence length (${seqLen} tokens): compiling the shaders whose tiling changed.`;
  }
  const cost =
    state.backend?.isSoftwareAdapter === true
      ? 'up to a minute on this software adapter'
      : 'a few seconds';
  return `Compiling shaders for the first run: ${cost}, once per model and backend.`;
}

/** A line of the error banner. */
export interface BannerMessage {
  readonly severity: 'error' | 'warning';
  readonly text: string;
}

const bannerOf = memoLast(
  (
    problems: readonly InputProblem[],
    loadError: string | null,
    runError: string | null,
    modelNotice: string | null,
    engineNotice: string | null,
    linkNotice: string | null,
    headNotice: string | null,
  ): BannerMessage[] => {
    const messages: BannerMessage[] = problems.map((p) => ({
      severity: p.isBlocking ? 'error' : 'warning',
      text: p.message,
    }));
    if (linkNotice !== null) messages.push({ severity: 'warning', text: linkNotice });
    if (headNotice !== null) messages.push({ severity: 'warning', text: headNotice });
    if (loadError !== null) messages.push({ severity: 'error', text: loadError });
    if (modelNotice !== null) messages.push({ severity: 'warning', text: modelNotice });
    if (engineNotice !== null) messages.push({ severity: 'warning', text: engineNotice });
    if (runError !== null) messages.push({ severity: 'error', text: runError });
    return messages;
  },
);

const tensorBannerOf = memoLast(
  (plan: TensorPlan, error: string | null, engineNotice: string | null): BannerMessage[] => [
    ...('problem' in plan ? [{ severity: 'error' as const, text: plan.problem }] : []),
    ...(error === null ? [] : [{ severity: 'error' as const, text: error }]),
    ...(engineNotice === null ? [] : [{ severity: 'warning' as const, text: engineNotice }]),
  ],
);

const onnxBannerOf = memoLast((error: string | null): BannerMessage[] =>
  error === null ? [] : [{ severity: 'error', text: error }],
);

/** Everything the error banner shows: input problems, load and run failures, fallbacks. */
export function selectBannerMessages(state: AppState): BannerMessage[] {
  if (state.source === 'onnx') {
    return onnxBannerOf(state.onnx.phase === 'error' ? state.onnx.error : null);
  }
  if (state.source === 'tensors') {
    return tensorBannerOf(selectTensorPlan(state), selectTensorError(state), state.engineNotice);
  }
  return bannerOf(
    selectInputProblems(state),
    selectLoadError(state),
    selectRunError(state),
    state.modelNotice,
    state.engineNotice,
    state.linkNotice,
    selectHeadClampNotice(state),
  );
}

const headClampNoticeOf = memoLast(
  (asked: HeadRef, shown: HeadRef, shape: readonly number[] | undefined): string | null => {
    if (shape === undefined || (asked.layer === shown.layer && asked.head === shown.head)) {
      return null;
    }
    const [layers = 0, heads = 0] = shape;
    return `Layer ${asked.layer}, head ${asked.head} is not in this model (layers 0–${layers - 1}, heads 0–${heads - 1}), so layer ${shown.layer}, head ${shown.head} is shown.`;
  },
);

/** Says so when the selected head (from a link) is past the results' layers or heads. */
export function selectHeadClampNotice(state: AppState): string | null {
  return headClampNoticeOf(
    state.selected,
    selectSelectedHead(state),
    selectAnalysis(state)?.a.attention.shape,
  );
}

const timingOf = memoLast(
  (analysis: Analysis | null, roundTripMs: number | null): string | null => {
    if (analysis === null || roundTripMs === null) return null;
    const isPair = analysis.b !== null && analysis.b !== analysis.a;
    const forwards = [`forward ${isPair ? 'A+B ' : ''}${formatMs(analysis.forwardMs ?? NaN)}`];
    if (analysis.referenceMs > 0) forwards.push(`references ${formatMs(analysis.referenceMs)}`);
    // The forwards run one after the other in the worker; the run's wall time is the round trip.
    return `run ${formatMs(roundTripMs)} (${forwards.join(' · ')})`;
  },
);

/**
 * "run 133 ms (forward A+B 70 ms · references 20 ms)" for the model's results on screen, or
 * "check 12 ms" for the user's tensors while they are the source.
 */
export function selectTiming(state: AppState): string | null {
  if (state.source === 'tensors') {
    const ms = state.tensorCheck.result?.roundTripMs;
    return ms === undefined ? null : `check ${formatMs(ms)}`;
  }
  return timingOf(state.run.result?.analysis ?? null, state.run.result?.roundTripMs ?? null);
}

/** The sequence part of the header: "T 12", or the query and key lengths of other shapes. */
function lengthsOf(shape: readonly number[], kind: QueryKind | undefined): string {
  const [, , queries = 0, keys = 0] = shape;
  switch (kind) {
    case undefined:
      return `T ${keys}`;
    case 'pooling':
      return `pooling over T ${keys}`;
    case 'step':
      return `${queries} new token${queries === 1 ? '' : 's'} over T ${keys}`;
    case 'cross':
      return `Tq ${queries} × Tk ${keys}`;
  }
}

const tensorSourceOf = memoLast(
  (
    files: readonly string[],
    shape: readonly number[] | undefined,
    kind: QueryKind | undefined,
  ): string => {
    const named = files.length === 0 ? 'no file open' : files.join(', ');
    if (shape === undefined) return `Your tensors · ${named}`;
    const [layers = 0, heads = 0] = shape;
    return `Your tensors · ${named} · ${layers} layer${layers === 1 ? '' : 's'} × ${heads} head${heads === 1 ? '' : 's'} · ${lengthsOf(shape, kind)}`;
  },
);

/** What the header names while the user's tensors are the source (null: the model is). */
export function selectTensorSourceLabel(state: AppState): string | null {
  if (state.source !== 'tensors') return null;
  return tensorSourceOf(
    state.tensorRead.result?.files ?? [],
    state.tensorCheck.result?.answer.analysis?.a.attention.shape,
    state.tensorCheck.result?.answer.analysis?.queries?.kind,
  );
}
