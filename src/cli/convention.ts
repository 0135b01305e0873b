/**
 * `maskscope convention --api API --meant "1 1 1 0 0" (--mask "…" | FILE)`: the keep-matrix
 * an attention API builds from the mask array you pass, next to the one you meant, and the
 * problem named. Exit 0 when correct, 1 when not, 2 when the input cannot be read.
 */
import { readFileSync } from 'node:fs';
import { API_CONVENTIONS, isApiId } from '../conventions/apis';
import { checkConvention, type ConventionCheck } from '../conventions/checkConvention';
import { ConventionError } from '../conventions/conventionError';
import { castMask, parseTypedMask } from '../conventions/parseMask';
import type { NamedArray, ValueKind } from '../dump/arrays';
import { DumpError } from '../dump/dumpError';
import { readDump } from '../dump/readDump';

/** Usage of the convention command. */
export const CONVENTION_USAGE = `Usage: maskscope convention --api API --meant "1 1 1 0 0" (--mask "ARRAY" | FILE) [options]

Shows the keep-matrix (rows = queries, columns = keys, 1 = attends) that API builds from the
mask array you pass, next to the one you meant, and names the problem (inverted polarity, bool
cast of an additive mask, wrong axis, NaN rows…).

  --api API        ${API_CONVENTIONS.map((api) => api.id).join(', ')}
  --meant "1 1 0"  the padding you meant: 1 = real token, 0 = padding (at most 2,048 keys:
                   a convention is the same at any length)
  --mask "ARRAY"   the array as typed: 1 1 0, [[True, False]], 0 0 -inf …
  FILE             or a .npy, .npz, .safetensors or .json file holding it
  --array NAME     which array of FILE (default: the first)
  --dtype D        read the values as bool, int or float (default: as written or stored)
  --item N         batch item (default 0)
  --json           print one JSON object

Exit status: 0 correct, 1 a problem was found, 2 the input could not be read.`;

type Writer = Pick<NodeJS.WriteStream, 'write'>;

/** Runs `maskscope convention …` (argv after the command) and returns the exit status. */
export function runConvention(argv: readonly string[], out: Writer, err: Writer): number {
  try {
    const flags = parseFlags(argv);
    if (flags === 'help') {
      out.write(`${CONVENTION_USAGE}\n`);
      return 0;
    }
    const api = flags.get('--api') ?? '';
    if (!isApiId(api)) throw new ConventionError(`--api '${api}' is not one of the APIs.`);
    const meant = parseTypedMask(required(flags, '--meant'), 'meant');
    if (meant.data.some((v) => v !== 0 && v !== 1)) {
      throw new ConventionError('--meant must be 0/1 values, 1 = real token.');
    }
    const real = Int32Array.from(meant.data);
    const dtype = flags.get('--dtype');
    const found = maskOf(flags);
    const array = dtype === undefined ? found : castMask(found, kindOf(dtype));
    const check = checkConvention(api, array, real, Number(flags.get('--item') ?? 0));
    out.write(
      `${flags.has('--json') ? JSON.stringify(asJson(check, real)) : asText(check, real)}\n`,
    );
    return check.diagnosis.verdict === 'correct' ? 0 : 1;
  } catch (error) {
    if (error instanceof ConventionError || error instanceof DumpError) {
      err.write(`maskscope convention: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function parseFlags(argv: readonly string[]): Map<string, string> | 'help' {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return 'help';
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--json') flags.set(arg, '');
    else if (arg.startsWith('--')) {
      const value = argv[++i];
      if (value === undefined) throw new ConventionError(`${arg} needs a value.`);
      flags.set(arg, value);
    } else flags.set('file', arg);
  }
  return flags;
}

function required(flags: Map<string, string>, flag: string): string {
  const value = flags.get(flag);
  if (value === undefined) throw new ConventionError(`${flag} is required.`);
  return value;
}

function maskOf(flags: Map<string, string>): NamedArray {
  const typed = flags.get('--mask');
  if (typed !== undefined) return parseTypedMask(typed);
  const file = flags.get('file');
  if (file === undefined) throw new ConventionError('give the mask with --mask "…" or a FILE.');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch {
    throw new DumpError(`${file}: cannot be read.`);
  }
  const { arrays } = readDump(bytes, file);
  const name = flags.get('--array');
  const array = name === undefined ? arrays[0] : arrays.find((a) => a.name === name);
  if (array === undefined) {
    throw new ConventionError(
      `${file} has no array '${name ?? ''}': it holds ${arrays.map((a) => a.name).join(', ')}.`,
    );
  }
  return array;
}

function kindOf(dtype: string): ValueKind {
  if (dtype === 'bool' || dtype === 'int' || dtype === 'float') return dtype;
  throw new ConventionError(`--dtype '${dtype}' is not bool, int or float.`);
}

/** A keep-matrix as text rows: 1 attends, 0 masked, a fraction for a weak mask, nan. */
function grid(weight: Float32Array, T: number): string[] {
  return Array.from({ length: T }, (_, q) =>
    Array.from(weight.subarray(q * T, (q + 1) * T), (w) =>
      Number.isNaN(w) ? 'nan' : w >= 0.995 ? '1' : w <= 0.005 ? '0' : w.toFixed(2),
    ).join(' '),
  );
}

function asText(check: ConventionCheck, real: Int32Array): string {
  const T = real.length;
  const { diagnosis } = check;
  const lines = [`verdict: ${diagnosis.verdict}`, diagnosis.headline, ...diagnosis.details];
  if (check.built !== null) {
    lines.push(`read as: ${check.built.reading}`, 'built (rows = queries, columns = keys):');
    lines.push(...grid(check.built.weight, T).map((row) => `  ${row}`));
  }
  lines.push('meant:', ...grid(check.intended, T).map((row) => `  ${row}`));
  lines.push(`${diagnosis.differingCells} of ${T * T} cells differ`);
  return lines.join('\n');
}

function asJson(check: ConventionCheck, real: Int32Array): object {
  const nanToNull = (a: Float32Array) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));
  return {
    verdict: check.diagnosis.verdict,
    headline: check.diagnosis.headline,
    details: check.diagnosis.details,
    seqLen: real.length,
    built: check.built === null ? null : nanToNull(check.built.weight),
    intended: nanToNull(check.intended),
    differingCells: check.diagnosis.differingCells,
  };
}
