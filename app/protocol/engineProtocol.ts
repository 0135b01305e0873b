/**
 * The engine's interface and the messages that carry it between the page and the inference
 * worker. Everything is plain data: typed arrays travel as transferables, so neither side ever
 * sees a tensor or a model handle.
 */
import type { Analysis } from '../../src/analysis/analysis';
import type { ModelRunRequest } from '../../src/analysis/modelRun';
import type { PoolingAudit, PoolingRequest } from '../../src/analysis/poolingRun';
import type { TaintReport, TaintRequest } from '../../src/analysis/taintRun';
import type { SweepRequest, SweepResult } from '../../src/analysis/sweep';
import type { BackendName, BackendReport } from '../../src/backend/backends';
import type { CheckpointParts } from '../../src/checkpoint/load';
import type { DumpFile } from '../../src/dump/arrays';
import type { CheckSummary } from '../../src/dump/checkDump';
import type { ItemStrips } from '../../src/dump/itemStrips';
import type { Comparison } from '../../src/dump/compare';
import type { Framework } from '../../src/dump/fixes';
import type { MaskConvention } from '../../src/dump/mask';
import type { PaddingSide as PadSide } from '../../src/masks/maskMode';
import type { EncoderConfig } from '../../src/model/config';
import type { ModelAnswer, ModelRequest } from '../../src/onnx/modelFiles';

/** A model the engine holds, described for the page (no weights). */
export interface LoadedModel {
  readonly source: string;
  readonly config: EncoderConfig;
  readonly vocabTokens: readonly string[];
  readonly backend: BackendReport;
}

/** One array found in the user's files, described for the page. */
export interface ArrayInfo {
  readonly file: string;
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
}

/** How to read the user's tensors: everything the dump check may be told. */
export interface TensorCheckOptions {
  /** 'auto' or axis letters such as "BHKQ". */
  readonly layout: string;
  readonly convention: MaskConvention | 'auto';
  readonly mask:
    | { readonly kind: 'found' }
    | { readonly kind: 'lengths'; readonly lengths: readonly number[]; readonly side: PadSide }
    | { readonly kind: 'rows'; readonly rows: readonly (readonly number[])[] };
  readonly framework: Framework;
  /** Labels for the positions, or null for their indices. */
  readonly tokens: readonly string[] | null;
  /** Which batch item the views draw; null for the first one with padding. */
  readonly item: number | null;
}

/** A checked dump: what the views draw, and the report with its verdict. */
export interface TensorsAnswer {
  /** What the views draw: one batch item, of any shape the check reads. */
  readonly analysis: Analysis;
  /** The batch item drawn: the one asked for, or the first with padding. */
  readonly item: number;
  /** Pooling weights of every item, a strip each; null for attention with queries. */
  readonly itemStrips: ItemStrips | null;
  readonly report: CheckSummary;
  /** The real-token comparison with the second dump, when one was given. */
  readonly comparison: Comparison | null;
  /** Shape of the compared dump's attention, when one was given. */
  readonly compareFrom: string | null;
}

/** What the engine announces without being asked. */
export type EngineEvent =
  /** The active backend was lost (a GPU reset) and replaced; the model was re-uploaded there. */
  | { readonly kind: 'backendChanged'; readonly report: BackendReport; readonly message: string }
  /** The worker died and a fresh one took its place: it holds no backend and no model yet. */
  | { readonly kind: 'restarted'; readonly reason: string }
  /** Sweep `sweepId` has run `done` of its `total` paddings. */
  | {
      readonly kind: 'sweepProgress';
      readonly sweepId: number;
      readonly done: number;
      readonly total: number;
    }
  /** "Your model" check `checkId` has run `done` of about `total` forwards. */
  | {
      readonly kind: 'onnxProgress';
      readonly checkId: number;
      readonly done: number;
      readonly total: number;
    };

/** Each command the engine understands: its arguments and what it answers. */
export interface EngineCommands {
  /** Picks a backend; re-uploads the current model's weights there if one is loaded. */
  setBackend: { args: { preference: BackendName | 'auto' }; result: BackendReport };
  /** Parses and uploads a checkpoint whose files the page fetched or read. */
  loadModel: { args: { parts: CheckpointParts }; result: LoadedModel };
  /** Runs a padded sentence under modes A and B (each with its numerics) and measures it. */
  analyse: { args: { request: ModelRunRequest }; result: Analysis };
  /** Reads the user's dump files (and a second dump to compare with); keeps them for checks. */
  openTensors: {
    args: { files: readonly File[]; compareFiles: readonly File[] };
    result: readonly ArrayInfo[];
  };
  /** Reads a mask file for the convention check: every user file is parsed in the worker. */
  readMaskFile: { args: { file: File }; result: DumpFile };
  /** Checks the opened dump with these options. */
  checkTensors: { args: { options: TensorCheckOptions }; result: TensorsAnswer };
  /**
   * "Your model": the padding test of a dropped ONNX export (with its .onnx_data and a vocab.txt
   * or tokenizer.json) on ONNX Runtime Web, loaded on this first use; progress as events.
   */
  checkOnnx: {
    args: { checkId: number; files: readonly File[]; request: ModelRequest };
    result: ModelAnswer;
  };
  /** Pools the final hidden states of the sentence unpadded and padded, under modes A and B. */
  auditPooling: { args: { request: PoolingRequest }; result: PoolingAudit };
  /** Poisons the padding rows and measures how far the real outputs move, per mode. */
  checkTaint: { args: { request: TaintRequest }; result: TaintReport };
  /**
   * Runs the padding sweep. Each padding is queued on its own, so runs asked for meanwhile go
   * between two paddings; a newer sweep (or cancelSweep) stops this one, which then fails.
   */
  sweep: { args: { sweepId: number; request: SweepRequest }; result: SweepResult };
  /** Stops the running sweep, if any; answers whether one was running. */
  cancelSweep: { args: { sweepId: number }; result: boolean };
}

/** A command's name. */
export type CommandName = keyof EngineCommands;

/** Inference as a service: plain data in, plain data out, one command at a time. */
export type Engine = {
  readonly [K in CommandName]: (
    args: EngineCommands[K]['args'],
  ) => Promise<EngineCommands[K]['result']>;
} & {
  /** Subscribes to the engine's own announcements. */
  readonly onEvent: (listener: (event: EngineEvent) => void) => void;
  /**
   * Stops whatever the engine is doing by replacing its worker (commands in flight fail, then a
   * `restarted` event): how a long read of a user's file is cancelled. Absent where nothing can
   * be stopped (the in-process host).
   */
  readonly restart?: (reason: string) => void;
  readonly dispose: () => void;
};

/** Page → worker. */
export type EngineRequest = {
  [K in CommandName]: {
    readonly id: number;
    readonly command: K;
    readonly args: EngineCommands[K]['args'];
  };
}[CommandName];

/** Worker → page: a command's result or failure, an event, or "alive" once it can be watched. */
export type EngineReply =
  | {
      readonly id: number;
      readonly kind: 'result';
      readonly value: EngineCommands[CommandName]['result'];
    }
  | { readonly id: number; readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'event'; readonly event: EngineEvent }
  | { readonly kind: 'alive' };
