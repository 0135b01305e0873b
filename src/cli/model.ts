/**
 * `maskscope model FILE.onnx`: the padding-invariance test of an ONNX export, for CI. Exit 0
 * when padding changes no output, 1 when it does (NaN included), 2 when the file cannot be read
 * or run, 3 when it ran but nothing could be tested ("cannot tell"; the reason goes to stderr).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkLocation, externalDataFiles, handOver, sizeRefusal } from '../onnx/externalData';
import { checkModel } from '../onnx/modelCheck';
import { collectGarbage } from './collectGarbage';
import { vocabOfFile } from '../onnx/modelFiles';
import { tokenize } from '../tokenizer/tokenize';
import { UsageError } from './args';
import { MODEL_USAGE, parseModelArgs, type ModelArgs } from './modelArgs';
import { modelJson, modelText } from './modelReport';
import { loadOrtForNode } from './ortNode';

type Stream = Pick<NodeJS.WriteStream, 'write'>;

function idsOf(args: ModelArgs): Int32Array | null {
  if (args.text === null || args.vocabFile === null) return null;
  const vocab = vocabOfFile(args.vocabFile, readFileSync(args.vocabFile, 'utf8'));
  return tokenize(args.text, vocab).ids;
}

/** Exit status of a model that ran but gave no verdict: "cannot tell", as `maskscope check`. */
export const CANNOT_TELL = 3;

/** The model file, handed over, and its external data files, each read only when asked for. */
interface ModelSource {
  readonly model: () => Uint8Array;
  readonly externalData: ReadonlyMap<string, () => Uint8Array>;
}

/**
 * Reads the model and finds the external data files it names beside it; a missing one is left
 * out (checkModel names it). Sizes are checked before anything large is read. Synchronous, and
 * the model's bytes handed over, so that nothing here keeps them once ONNX Runtime has its copy.
 */
function modelSource(file: string): ModelSource {
  const refusal = sizeRefusal(statSync(file).size);
  if (refusal !== null) throw new Error(refusal);
  const bytes = readFileSync(file); // a Buffer is a Uint8Array: no second copy of the model
  const found = new Map<string, string>();
  for (const location of externalDataFiles(bytes)) {
    checkLocation(location);
    const path = join(dirname(file), location);
    if (existsSync(path)) found.set(location, path);
  }
  let total = bytes.length;
  for (const path of found.values()) total += statSync(path).size;
  const tooLarge = sizeRefusal(total);
  if (tooLarge !== null) throw new Error(tooLarge);
  return {
    model: handOver(bytes),
    externalData: new Map(
      [...found].map(([location, path]) => [location, () => readFileSync(path)]),
    ),
  };
}

async function run(args: ModelArgs, out: Stream, err: Stream): Promise<number> {
  const source = modelSource(args.file);
  const check = await checkModel(source.model, await loadOrtForNode(), {
    externalData: source.externalData,
    pads: args.pads,
    sides: args.sides,
    overrides: args.overrides,
    ids: idsOf(args),
    padId: args.padId,
    onOpened: collectGarbage,
  });
  out.write(
    `${args.isJson ? JSON.stringify(modelJson(check), null, 1) : modelText(args.file, check)}\n`,
  );
  if (check.result.verdict === 'cannot-test') {
    err.write(`maskscope: ${args.file}: cannot test: ${check.result.note ?? ''}\n`);
    return CANNOT_TELL;
  }
  return check.result.verdict === 'invariant' ? 0 : 1;
}

/** Runs `maskscope model` on argv (after `model`) and resolves to the exit status. */
export async function runModelCommand(
  argv: readonly string[],
  out: Stream = process.stdout,
  err: Stream = process.stderr,
): Promise<number> {
  let args: ModelArgs | 'help';
  try {
    args = parseModelArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err.write(`maskscope: ${error.message}\n\n${MODEL_USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    out.write(`${MODEL_USAGE}\n`);
    return 0;
  }
  try {
    return await run(args, out, err);
  } catch (error) {
    // Unreadable bytes, a graph ONNX Runtime refuses, a bad vocabulary: all say why and exit 2.
    const message = error instanceof Error ? error.message : String(error);
    err.write(`maskscope: ${args.file}: cannot be read or run: ${message}\n`);
    return 2;
  }
}
