/** The command line of `maskscope model`, parsed. */
import type { Side } from '../onnx/feeds';
import { INPUT_ROLES, type InputRole } from '../onnx/roles';
import { UsageError } from './args';

/** What `maskscope model` was asked. */
export interface ModelArgs {
  readonly file: string;
  readonly pads: readonly number[];
  readonly sides: readonly Side[];
  readonly overrides: ReadonlyMap<string, InputRole>;
  readonly text: string | null;
  readonly vocabFile: string | null;
  readonly padId: number;
  readonly isJson: boolean;
}

/** The usage text of `maskscope model`. */
export const MODEL_USAGE = `Usage: maskscope model FILE.onnx [options]

Reads an ONNX export of your model, taps every Softmax, finds the attention-mask input, and runs
the padding-invariance test on ONNX Runtime (wasm): the unpadded input against N pads, comparing
the outputs at the real positions (pooled outputs whole).

Options:
  --pads 1,8,32          how many pads to add (default 1,8,32)
  --side right|left|both where the pads go (default right)
  --input NAME=ROLE      set an input's role (repeatable): ${INPUT_ROLES.join(', ')}
  --text "..."           the sentence to test, with --vocab (default: seeded random ids)
  --vocab FILE           a WordPiece vocab.txt, or a Hugging Face tokenizer.json (WordPiece)
  --pad-id N             the id padding positions get (default 0)
  --json                 print one JSON object instead of text

Weights in an external data file (model.onnx_data) are read from beside the model; a model
over 2 GB with its weights is refused (ONNX Runtime Web runs in 32-bit WebAssembly).

Exit status: 0 padding changes no output, 1 it does (or NaN appears), 2 the file cannot be read
or run, 3 cannot tell: it ran but nothing could be tested (the reason goes to stderr).`;

function parsePads(text: string): number[] {
  const pads = text.split(',').map((part) => Number(part.trim()));
  if (pads.length === 0 || pads.some((n) => !Number.isInteger(n) || n < 1 || n > 4096)) {
    throw new UsageError(`--pads is a list of whole numbers from 1 to 4096, not '${text}'.`);
  }
  return pads;
}

function parseOverride(text: string): [string, InputRole] {
  const at = text.lastIndexOf('=');
  const role = text.slice(at + 1);
  if (at < 1 || !(INPUT_ROLES as readonly string[]).includes(role)) {
    throw new UsageError(
      `--input is NAME=ROLE with ROLE one of ${INPUT_ROLES.join(', ')}, not '${text}'.`,
    );
  }
  return [text.slice(0, at), role as InputRole];
}

/** Parses argv after `model`. */
export function parseModelArgs(argv: readonly string[]): ModelArgs | 'help' {
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) return 'help';
  const files: string[] = [];
  const values = new Map<string, string>();
  const overrides = new Map<string, InputRole>();
  let isJson = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') {
      isJson = true;
    } else if (arg.startsWith('--')) {
      const [flag = arg, inline] = arg.split(/=(.*)/s, 2);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value.`);
      if (flag === '--input') overrides.set(...parseOverride(value));
      else if (['--pads', '--side', '--text', '--vocab', '--pad-id'].includes(flag))
        values.set(flag, value);
      else throw new UsageError(`unknown option ${flag}.`);
    } else {
      files.push(arg);
    }
  }
  if (files.length !== 1) throw new UsageError('give exactly one FILE.onnx.');
  const side = values.get('--side') ?? 'right';
  if (side !== 'right' && side !== 'left' && side !== 'both') {
    throw new UsageError(`--side is right, left or both, not '${side}'.`);
  }
  const padId = Number(values.get('--pad-id') ?? '0');
  if (!Number.isInteger(padId) || padId < 0)
    throw new UsageError('--pad-id is a whole number ≥ 0.');
  const text = values.get('--text') ?? null;
  const vocabFile = values.get('--vocab') ?? null;
  if (text !== null && vocabFile === null) throw new UsageError('--text needs --vocab.');
  return {
    file: files[0] ?? '',
    pads: parsePads(values.get('--pads') ?? '1,8,32'),
    sides: side === 'both' ? ['right', 'left'] : [side],
    overrides,
    text,
    vocabFile,
    padId,
    isJson,
  };
}
