/**
 * "Your model" in one call, for the app's engine worker: the dropped files (one .onnx, its
 * .onnx_data, a vocab.txt or tokenizer.json) checked like `maskscope model` checks a file, and
 * the answer as plain data the page draws: roles, verdict, drift per output and padding, and
 * every tapped head as the views' Analysis (tapViews.ts).
 */
import { tokenize } from '../tokenizer/tokenize';
import { vocabFromTokenizerJson } from '../tokenizer/tokenizerJson';
import { parseVocab, type Vocab } from '../tokenizer/vocab';
import type { Side } from './feeds';
import type { Untappable } from './inspect';
import { checkModel } from './modelCheck';
import type { TapAttention } from './tapFamilies';
import type { OrtModule } from './ortRunner';
import type { PaddingTestResult } from './paddingTest';
import type { InputRole } from './roles';
import { runViews, type RunView } from './tapViews';

/** A dropped file: its name and bytes. */
export interface DroppedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** What the page may set; everything else is found from the model. */
export interface ModelRequest {
  readonly pads: readonly number[];
  readonly sides: readonly Side[];
  /** Role overrides, [input name, role]. */
  readonly overrides: readonly (readonly [string, InputRole])[];
  /** The sentence to test with the dropped vocabulary; '' for seeded random ids. */
  readonly text: string;
  readonly padId: number;
}

/** One output's drift in one padded run. */
export interface OutputDrift {
  readonly output: string;
  readonly side: Side;
  readonly pads: number;
  /** Relative drift; NaN when NaN appeared; null when the output could not be compared. */
  readonly drift: number | null;
}

/** What the page draws of a checked model. */
export interface ModelAnswer {
  readonly fileName: string;
  readonly inputs: readonly {
    readonly name: string;
    readonly role: InputRole;
    readonly reachesSoftmax: boolean;
  }[];
  readonly maskInput: string | null;
  readonly softmaxTaps: number;
  readonly untappable: readonly Untappable[];
  readonly verdict: PaddingTestResult['verdict'];
  readonly note: string | null;
  readonly maxRelativeDrift: number | null;
  readonly firstDrift: PaddingTestResult['firstDrift'];
  readonly firstLeakingTap: PaddingTestResult['firstLeakingTap'];
  readonly firstNaN: PaddingTestResult['firstNaN'];
  readonly maskFlipChanges: boolean | null;
  readonly attention: TapAttention | null;
  readonly pooling: TapAttention | null;
  readonly drifts: readonly OutputDrift[];
  /** Each padded run's taps and Analysis, in test order. */
  readonly runs: readonly RunView[];
}

/** A vocabulary from a vocab.txt or a tokenizer.json, by its file name. */
export function vocabOfFile(name: string, text: string): Vocab {
  return name.endsWith('.json') ? vocabFromTokenizerJson(text, name) : parseVocab(text, name);
}

/** The one .onnx among `files`, the others by name; throws when there is not exactly one. */
function splitFiles(files: readonly DroppedFile[]): {
  model: DroppedFile;
  vocab: DroppedFile | null;
  others: Map<string, Uint8Array>;
} {
  const models = files.filter((f) => f.name.toLowerCase().endsWith('.onnx'));
  const model = models[0];
  if (model === undefined || models.length > 1) {
    throw new Error(
      `drop exactly one .onnx file (got ${models.length}), with its .onnx_data if any.`,
    );
  }
  const vocab = files.find((f) => /(?:vocab\.txt|tokenizer\.json)$/i.test(f.name)) ?? null;
  return { model, vocab, others: new Map(files.map((f) => [f.name, f.bytes])) };
}

/** Checks the dropped model on `ort`; `onProgress` hears after each forward. */
export async function checkDroppedModel(
  files: readonly DroppedFile[],
  ort: OrtModule,
  request: ModelRequest,
  onProgress?: (done: number, total: number) => void,
): Promise<ModelAnswer> {
  const { model, vocab, others } = splitFiles(files);
  const encoding =
    vocab === null || request.text.trim() === ''
      ? null
      : tokenize(request.text, vocabOfFile(vocab.name, new TextDecoder().decode(vocab.bytes)));
  const check = await checkModel(model.bytes, ort, {
    pads: request.pads,
    sides: request.sides,
    overrides: new Map(request.overrides),
    ids: encoding?.ids ?? null,
    padId: request.padId,
    externalData: others,
    ...(onProgress === undefined ? {} : { onProgress }),
  });
  const { result } = check;
  return {
    fileName: model.name,
    inputs: check.roles.map((r) => ({
      name: r.input.name,
      role: r.role,
      reachesSoftmax: r.reachesSoftmax,
    })),
    maskInput: check.maskInput?.input.name ?? null,
    softmaxTaps: check.plan.taps.length,
    untappable: check.plan.untappable,
    verdict: result.verdict,
    note: result.note,
    maxRelativeDrift: result.maxRelativeDrift,
    firstDrift: result.firstDrift,
    firstLeakingTap: result.firstLeakingTap,
    firstNaN: result.firstNaN,
    maskFlipChanges: result.maskFlipChanges,
    attention: check.attention,
    pooling: check.pooling,
    drifts: result.runs.flatMap((run) =>
      [...run.drifts].map(([output, drift]) => ({ output, side: run.side, pads: run.pads, drift })),
    ),
    runs: runViews(result, check.plan.taps, encoding?.pieces ?? null),
  };
}
