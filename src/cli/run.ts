/** The CLI's commands: `check` and `convention` answer at once; `model` runs ONNX Runtime, so it is async. */
import { main } from './main';
import { runModelCommand } from './model';

type Stream = Pick<NodeJS.WriteStream, 'write'>;

/** Runs the CLI on argv (without node and the script); the exit status, or a promise of it for `model`. */
export function runCli(
  argv: readonly string[],
  out: Stream = process.stdout,
  err: Stream = process.stderr,
): number | Promise<number> {
  if (argv[0] === 'model') return runModelCommand(argv.slice(1), out, err);
  return main(argv, out as typeof process.stdout, err as typeof process.stderr);
}
