/**
 * Messages between the page and the inference worker. Everything is plain data: typed arrays
 * travel as transferables, so neither side ever sees a tensor or a model handle.
 */
import type { BackendName, BackendReport } from '../../src/backend/backends';
import type { MaskMode, PaddingSide, PositionScheme } from '../../src/masks/maskMode';
import type { EncoderConfig } from '../../src/model/config';

/** A mask mode to run, with the position-id scheme that goes with it. */
export interface ModeSpec {
  readonly mode: MaskMode;
  readonly positions: PositionScheme;
}

/** One analysis: a tokenized sentence, padded, run under mode A and mode B. */
export interface RunRequest {
  /** Token ids of the sentence, [CLS] and [SEP] included: [T0]. */
  readonly ids: Int32Array;
  readonly paddingLength: number;
  readonly side: PaddingSide;
  readonly modeA: ModeSpec;
  readonly modeB: ModeSpec;
  /** Indices k into `ids` of the [MASK] tokens whose MLM logits to compute. */
  readonly maskIndices: readonly number[];
}

/** What one mode's forward returned, reduced to what the app shows. */
export interface ModeRun {
  /** Attention probabilities [L, 1, H, T, T]; rows = queries, columns = keys. */
  readonly attention: Float32Array;
  /** MLM logits [N, V] of the [MASK] rows, in the order of `maskIndices`. */
  readonly logits: Float32Array;
  /** Final-layer hidden states of the padded run: [T, D]. */
  readonly finalHidden: Float32Array;
  /** Final-layer hidden states of the same sentence without padding, same mode: [T0, D]. */
  readonly referenceHidden: Float32Array;
  /** Forward time of the padded run including the read-back, ms. */
  readonly forwardMs: number;
}

/** The result of a RunRequest. */
export interface RunOutput {
  readonly layers: number;
  readonly heads: number;
  /** Padded length T = T0 + paddingLength. */
  readonly seqLen: number;
  /** Hidden width D. */
  readonly width: number;
  readonly vocabSize: number;
  /** Padded ids [T]. */
  readonly ids: Int32Array;
  /** 1 = real token, 0 = padding: [T]. */
  readonly attentionMask: Int32Array;
  /** realPositions[k] = index t in the padded sequence of sentence token k: [T0]. */
  readonly realPositions: Int32Array;
  readonly a: ModeRun;
  readonly b: ModeRun;
  /** Wall time of the whole analysis in the worker, ms. */
  readonly totalMs: number;
}

/** A model the worker holds, described for the page (no weights). */
export interface LoadedModel {
  readonly source: string;
  readonly config: EncoderConfig;
  readonly vocabTokens: readonly string[];
  readonly backend: BackendReport;
}

/** Each command the worker understands: its arguments and what it answers. */
export interface EngineCommands {
  /** Picks a backend; re-uploads the current model's weights there if one is loaded. */
  setBackend: { args: { preference: BackendName | 'auto' }; result: BackendReport };
  loadUrl: { args: { baseUrl: string }; result: LoadedModel };
  loadFiles: { args: { files: readonly File[] }; result: LoadedModel };
  run: { args: RunRequest; result: RunOutput };
}

/** A command's name. */
export type CommandName = keyof EngineCommands;

/** Page → worker. */
export type EngineRequest = {
  [K in CommandName]: {
    readonly id: number;
    readonly command: K;
    readonly args: EngineCommands[K]['args'];
  };
}[CommandName];

/** Worker → page: progress of a load, a command's result, or its failure. */
export type EngineReply =
  | {
      readonly id: number;
      readonly kind: 'progress';
      readonly loadedBytes: number;
      readonly totalBytes: number;
    }
  | {
      readonly id: number;
      readonly kind: 'result';
      readonly value: EngineCommands[CommandName]['result'];
    }
  | { readonly id: number; readonly kind: 'error'; readonly message: string }
  | {
      readonly id: number;
      readonly kind: 'backendChanged';
      readonly report: BackendReport;
      readonly message: string;
    };

/** The transferable buffers of a run output, so posting it copies nothing. */
export function transferablesOf(output: RunOutput): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [output.ids, output.attentionMask, output.realPositions];
  for (const run of [output.a, output.b]) {
    arrays.push(run.attention, run.logits, run.finalHidden, run.referenceHidden);
  }
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays) {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  }
  return [...buffers];
}
