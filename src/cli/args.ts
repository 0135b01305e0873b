/** The command line of `maskscope check`, parsed into check options. */
import { isFramework, FRAMEWORK_NAMES, type Framework } from '../dump/fixes';
import { parseLengths, type MaskConvention } from '../dump/mask';
import type { PaddingSide } from '../masks/maskMode';

/** What `maskscope check` was asked. */
export interface CheckArgs {
  readonly files: readonly string[];
  readonly maskFile: string | null;
  readonly lengths: readonly number[] | null;
  readonly padSide: PaddingSide;
  readonly layout: string;
  readonly convention: MaskConvention | 'auto';
  /** The fix's framework; undefined: from the file's names (key_padding_mask → torch-mha), else pytorch. */
  readonly framework: Framework | undefined;
  readonly tokens: readonly string[] | null;
  readonly compareFiles: readonly string[];
  readonly isJson: boolean;
}

/** The usage text, printed by --help and after a usage error. */
export const USAGE = `Usage: maskscope check FILE... [options]

Reads attention weights your own code dumped (.npy, .npz, .safetensors or .json), finds which
axis is the query, and names the mask bug. All FILEs together are one dump (the attention, and
its mask and pre-softmax scores when you saved them).

Options:
  --mask FILE            the padding mask, if not in FILE (attention_mask, key_padding_mask, lengths)
  --lengths 7,12         real-token counts per batch item, instead of a mask
  --pad-side right|left  where the padding is, with --lengths (default right)
  --convention C         how the mask reads: auto (default), keep (1 = real), ignore (1 = padding,
                         PyTorch key_padding_mask), additive (0 = real, large negative = padding)
  --layout L             auto (default) or the axis letters, e.g. BHQK, BHKQ (DL4J), BQK, LBHQK;
                         Q may have any length (cross-attention, 1 for a decoding step) or be
                         left out for pooling weights over time (BK, BHK)
  --framework F          the fix's language: ${Object.keys(FRAMEWORK_NAMES).join(', ')}
                         (default: torch-mha when the file's names are key_padding_mask or
                         attn_weights, else pytorch)
  --tokens "a b c"       token labels for the evidence (space-separated, one per position)
  --compare FILE         a second dump of the same input (e.g. without padding): real-token drift
  --json                 print one JSON object instead of text

Exit status:
  0  every head is correct
  1  a bug was found (the text and --json give its evidence)
  2  the input could not be read
  3  cannot tell: no padding to test, input that is not attention probabilities, an
     undecidable layout, or a mask polarity that is only a guess between a bug and no bug
--json's "confidence" is sure or likely with 0 and 1, cannot-tell with 3.

Also: maskscope model FILE.onnx --help   (an ONNX export's padding-invariance test)`;

/** A usage error: the message, then the usage, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const CONVENTIONS = ['auto', 'keep', 'ignore', 'additive'] as const;

/** Parses argv (without node and the script): `check FILE... [options]`. */
export function parseArgs(argv: readonly string[]): CheckArgs | 'help' {
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) return 'help';
  const [command, ...rest] = argv;
  if (command !== 'check')
    throw new UsageError(
      `unknown command '${command ?? ''}': the commands are 'check', 'convention' and 'model'.`,
    );
  const files: string[] = [];
  const compareFiles: string[] = [];
  const values = new Map<string, string>();
  let isJson = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--json') {
      isJson = true;
    } else if (arg.startsWith('--')) {
      const [flag, inline] = arg.split(/=(.*)/s, 2);
      const value = inline ?? rest[++i];
      if (value === undefined) throw new UsageError(`${flag ?? arg} needs a value.`);
      if (flag === '--compare') compareFiles.push(value);
      else values.set(flag ?? arg, value);
    } else {
      files.push(arg);
    }
  }
  const known = [
    '--mask',
    '--lengths',
    '--pad-side',
    '--convention',
    '--layout',
    '--framework',
    '--tokens',
  ];
  const unknown = [...values.keys()].find((flag) => !known.includes(flag));
  if (unknown !== undefined) throw new UsageError(`unknown option ${unknown}.`);
  if (files.length === 0) throw new UsageError('no FILE to check.');
  const side = values.get('--pad-side') ?? 'right';
  if (side !== 'right' && side !== 'left')
    throw new UsageError(`--pad-side is right or left, not '${side}'.`);
  const convention = values.get('--convention') ?? 'auto';
  if (!(CONVENTIONS as readonly string[]).includes(convention)) {
    throw new UsageError(`--convention is one of ${CONVENTIONS.join(', ')}, not '${convention}'.`);
  }
  const framework = values.get('--framework');
  if (framework !== undefined && !isFramework(framework)) {
    throw new UsageError(
      `--framework is one of ${Object.keys(FRAMEWORK_NAMES).join(', ')}, not '${framework}'.`,
    );
  }
  const lengths = values.get('--lengths');
  const maskFile = values.get('--mask') ?? null;
  if (lengths !== undefined && maskFile !== null)
    throw new UsageError('give --mask or --lengths, not both.');
  const tokens = values.get('--tokens');
  return {
    files,
    maskFile,
    lengths: lengths === undefined ? null : parseLengths(lengths),
    padSide: side,
    layout: values.get('--layout') ?? 'auto',
    convention: convention as MaskConvention | 'auto',
    framework,
    tokens: tokens === undefined ? null : tokens.split(/\s+/).filter((t) => t !== ''),
    compareFiles,
    isJson,
  };
}
