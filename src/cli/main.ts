/**
 * `maskscope check FILE...`: the command line for CI. Exit 0 when every head is correct, 1
 * when a bug is found (or the two dumps of --compare drift), 2 when the input cannot be read
 * (the message goes to stderr), 3 when the check cannot tell (dump/outcome.ts).
 */
import { readFileSync } from 'node:fs';
import { checkWithComparison, type MaskSource } from '../dump/checkDump';
import { isDrifting } from '../dump/compare';
import { DumpError } from '../dump/dumpError';
import { EXIT } from '../dump/outcome';
import { UndecidableInput } from '../dump/probabilities';
import { readDump } from '../dump/readDump';
import { parseArgs, UsageError, USAGE, type CheckArgs } from './args';
import { runConvention } from './convention';
import { reportJson, reportText } from './report';

function load(path: string) {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new DumpError(
      `${path}: cannot be read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  return readDump(bytes, path);
}

function run(args: CheckArgs): { text: string; status: number } {
  const mask: MaskSource =
    args.maskFile !== null
      ? { kind: 'file', file: load(args.maskFile) }
      : args.lengths !== null
        ? { kind: 'lengths', lengths: args.lengths, side: args.padSide }
        : { kind: 'found' };
  const options = {
    layout: args.layout,
    mask,
    convention: args.convention,
    labels: args.tokens,
    ...(args.framework === undefined ? {} : { framework: args.framework }),
  };
  const { report, comparison } = checkWithComparison(
    args.files.map(load),
    args.compareFiles.map(load),
    options,
  );
  const drifts = comparison !== null && isDrifting(comparison);
  const status = drifts ? EXIT.bug : report.outcome.status;
  const text = args.isJson
    ? JSON.stringify(reportJson(report, comparison), null, 1)
    : reportText(report, comparison);
  return { text, status };
}

/** Runs the CLI on `argv` (without node and the script) and returns the exit status. */
export function main(argv: readonly string[], out = process.stdout, err = process.stderr): number {
  if (argv[0] === 'convention') return runConvention(argv.slice(1), out, err);
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      out.write(`${USAGE}\n`);
      return 0;
    }
    const { text, status } = run(args);
    out.write(`${text}\n`);
    return status;
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`maskscope: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof UndecidableInput) {
      // Readable, but not something a verdict can be drawn from: say so where CI reads it.
      out.write(
        argv.includes('--json')
          ? `${JSON.stringify({ family: 'unknown', confidence: 'cannot-tell', headline: error.message }, null, 1)}\n`
          : `maskscope: ${error.message}\n`,
      );
      return EXIT.cannotTell;
    }
    if (error instanceof DumpError) {
      err.write(`maskscope: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
