/**
 * One ONNX model checked end to end: read it, find its taps and input roles, patch the taps in,
 * open it on ONNX Runtime, run the padding test, and read the tapped attention the way
 * `maskscope check` reads a dump. The CLI and the app call `checkModel`.
 */
import { mulberry32 } from '../model/prng';
import type { Content, Side } from './feeds';
import {
  bytesOf,
  externalDataFor,
  handOver,
  type ExternalFile,
  type ModelBytes,
} from './externalData';
import { externaliseWeights, WEIGHTS_PATH } from './externalWeights';
import { planTaps, type TapPlan } from './inspect';
import { readModel, type OnnxGraph, type OnnxModel } from './modelProto';
import { openModel, type OrtModule } from './ortRunner';
import { paddingTest, type PaddingTestResult, type RunModel } from './paddingTest';
import { attentionOf, poolingOf, type TapAttention } from './tapFamilies';
import { withOutputs } from './patch';
import { findRoles, maskInputOf, type InputRole, type RoledInput } from './roles';

/** What the user may set; everything else is found from the model. */
export interface ModelCheckOptions {
  readonly pads?: readonly number[];
  readonly sides?: readonly Side[];
  readonly overrides?: ReadonlyMap<string, InputRole>;
  /** Token ids of the real input (from a tokenizer); default seeded random ids in the table's range. */
  readonly ids?: Int32Array | null;
  readonly padId?: number;
  readonly executionProviders?: readonly string[];
  /** Called after each forward of the test: `done` of about `total` (the page's progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Called once ONNX Runtime holds the weights, before the first forward: where the model was
   * handed over (`ModelBytes`), its bytes are garbage from here on, and the CLI collects them.
   */
  readonly onOpened?: () => void;
  /** External data files (`model.onnx_data`) by the name the model gives them. */
  readonly externalData?: ReadonlyMap<string, ModelBytes>;
}

/** Everything `checkModel` found. */
export interface ModelCheck {
  readonly model: OnnxModel;
  readonly plan: TapPlan;
  readonly roles: readonly RoledInput[];
  readonly maskInput: RoledInput | null;
  /** Real tokens (or frames) of the test input. */
  readonly realLength: number;
  readonly result: PaddingTestResult;
  /** The attention taps' family (`maskscope check`'s), or null when no tap is a matrix. */
  readonly attention: TapAttention | null;
  /** The first pooling over time's family, or null when no tap is a [B, T] softmax. */
  readonly pooling: TapAttention | null;
}

const DEFAULT_REAL_LENGTH = 12;
const DEFAULT_FRAME_WIDTH = 8;

/** Everything found before ONNX Runtime opens the model; the bytes are in `files` only. */
interface Prepared {
  readonly model: OnnxModel;
  readonly plan: TapPlan;
  readonly roles: readonly RoledInput[];
  readonly fixedSeqLen: number | null;
  readonly content: Content;
  readonly patched: Uint8Array;
  /** The weights ORT reads (the file itself under WEIGHTS_PATH, and any external data), once. */
  readonly files: () => readonly ExternalFile[];
}

/** Reads the model, plans its taps and roles and patches the taps in. Synchronous on purpose: an
 * async function's suspended frame would keep the bytes alive through the whole test. */
function prepare(source: ModelBytes, options: ModelCheckOptions): Prepared {
  const bytes = bytesOf(source);
  const model = readModel(bytes);
  const plan = planTaps(model);
  const external = externalDataFor(
    bytes,
    model.graph.initializers.filter((init) => init.isExternal).map((init) => init.name),
    options.externalData ?? new Map(),
  );
  const roles = findRoles(model.graph, plan.taps, options.overrides);
  const fixedSeqLen = fixedLengthOf(roles);
  return {
    model,
    plan,
    roles,
    fixedSeqLen,
    content: contentFor(model.graph, roles, options, fixedSeqLen),
    // The weights stay where they are in `bytes`; ORT reads them as external data (externalWeights.ts).
    patched: withOutputs(
      externaliseWeights(bytes),
      plan.taps.map((tap) => tap.output),
    ),
    files: handOver<readonly ExternalFile[]>([{ path: WEIGHTS_PATH, data: bytes }, ...external]),
  };
}

/**
 * Checks a model (one .onnx file, and the external data it names) on `ort`. Throws WireError on
 * unreadable bytes.
 */
export async function checkModel(
  source: ModelBytes,
  ort: OrtModule,
  options: ModelCheckOptions = {},
): Promise<ModelCheck> {
  const { model, plan, roles, fixedSeqLen, content, patched, files } = prepare(source, options);
  const open = await openModel(ort, patched, options.executionProviders, files);
  options.onOpened?.();
  try {
    const result = await paddingTest(
      {
        roles,
        outputs: model.graph.outputs.map((o) => o.name),
        taps: plan.taps,
        content,
        pads: fixedSeqLen === null ? (options.pads ?? [1, 8, 32]) : [],
        sides: options.sides ?? ['right'],
        fixedSeqLen,
      },
      counted(open.run, runsOf(roles, fixedSeqLen, options), options.onProgress),
    );
    const padded = result.runs.find((r) => r.pads > 0) ?? null;
    return {
      model,
      plan,
      roles,
      maskInput: maskInputOf(roles),
      realLength: content.ids.length,
      result,
      attention: attentionOf(padded),
      pooling: poolingOf(padded),
    };
  } finally {
    await open.release();
  }
}

/** How many forwards the test makes: the reference, the mask-flip pair, one per padding. */
function runsOf(
  roles: readonly RoledInput[],
  fixedSeqLen: number | null,
  options: ModelCheckOptions,
): number {
  const sides = (options.sides ?? ['right']).length;
  if (fixedSeqLen !== null) return 2 * sides;
  const flips = maskInputOf(roles) === null ? 0 : 2;
  return 1 + flips + sides * (options.pads ?? [1, 8, 32]).length;
}

/** `run`, reporting each finished forward to `onProgress`. */
function counted(
  run: RunModel,
  total: number,
  onProgress: ModelCheckOptions['onProgress'],
): RunModel {
  if (onProgress === undefined) return run;
  let done = 0;
  return async (feeds) => {
    const outputs = await run(feeds);
    done += 1;
    onProgress(Math.min(done, total), Math.max(done, total));
    return outputs;
  };
}

/** The fixed sequence length of the ids or features input, or null when T is symbolic. */
function fixedLengthOf(roles: readonly RoledInput[]): number | null {
  const sequence = roles.find((r) => r.role === 'ids' || r.role === 'features');
  const dim = sequence?.input.dims?.[1];
  return typeof dim === 'number' ? dim : null;
}

/** Rows of the embedding table that the ids index (the Gather fed by the ids input), or null. */
export function embeddingRows(graph: OnnxGraph, idsName: string): number | null {
  const weights = new Map(graph.initializers.map((init) => [init.name, init]));
  const fromIds = new Set([idsName]);
  for (const node of graph.nodes) {
    if (!node.inputs.some((input) => fromIds.has(input))) continue;
    if (node.opType === 'Gather' && fromIds.has(node.inputs[1] ?? '')) {
      const rows = weights.get(node.inputs[0] ?? '')?.dims[0];
      if (rows !== undefined) return rows;
    }
    // Casts and reshapes carry the ids on unchanged.
    if (['Cast', 'Unsqueeze', 'Reshape', 'Squeeze', 'Identity'].includes(node.opType)) {
      node.outputs.forEach((out) => fromIds.add(out));
    }
  }
  return null;
}

function contentFor(
  graph: OnnxGraph,
  roles: readonly RoledInput[],
  options: ModelCheckOptions,
  fixedSeqLen: number | null,
): Content {
  const padId = options.padId ?? 0;
  const random = mulberry32(21); // the same ids and frames on every run and machine
  const realLength = fixedSeqLen === null ? DEFAULT_REAL_LENGTH : Math.ceil((fixedSeqLen * 3) / 4);
  const idsInput = roles.find((r) => r.role === 'ids');
  const features = roles.find((r) => r.role === 'features');
  let ids = options.ids ?? null;
  if (ids === null) {
    const rows = idsInput ? (embeddingRows(graph, idsInput.input.name) ?? 100) : 100;
    // Ids 1 … rows−1, never the pad id, so the real tokens differ from the padding.
    ids = Int32Array.from({ length: realLength }, () => {
      const id = 1 + Math.floor(random() * (rows - 1));
      return id === padId ? (id % (rows - 1)) + 1 : id;
    });
  }
  if (fixedSeqLen !== null) ids = ids.slice(0, Math.min(ids.length, fixedSeqLen - 1));
  const widthDim = features?.input.dims?.[2];
  const frameWidth =
    features === undefined ? 0 : typeof widthDim === 'number' ? widthDim : DEFAULT_FRAME_WIDTH;
  const frames = Float32Array.from({ length: ids.length * frameWidth }, () => 2 * random() - 1);
  return { ids, frames, frameWidth, padId, padFrame: 0 };
}
