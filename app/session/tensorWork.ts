/**
 * Reads and checks of the user's files hold the worker while they parse (synchronously, in the
 * worker): the session tracks how long the current one has held it, so that files opened after a
 * long read replace the worker instead of waiting behind it.
 */
import type { Engine } from '../protocol/engineProtocol';

/** The tensor commands in flight and since when the worker has been busy with them. */
export interface TensorWork {
  calls: number;
  busySinceMs: number;
  /** The primary files of the newest read. */
  readingFiles: readonly File[];
}

/** Nothing in flight. */
export function idleTensorWork(): TensorWork {
  return { calls: 0, busySinceMs: 0, readingFiles: [] };
}

/** `engine` with its tensor reads and checks counted in `work`. */
export function trackTensorWork(engine: Engine, work: TensorWork): Engine {
  const tracked =
    <Args, Result>(call: (args: Args) => Promise<Result>) =>
    async (args: Args): Promise<Result> => {
      if (work.calls++ === 0) work.busySinceMs = performance.now();
      try {
        return await call(args);
      } finally {
        work.calls--;
      }
    };
  return {
    ...engine,
    openTensors: tracked(engine.openTensors),
    checkTensors: tracked(engine.checkTensors),
  };
}

/**
 * Replaces the worker when a read or check has held it for over `cancelAfterMs` and `files` are
 * other files (adding a comparison to the dump being read still needs that read: it goes on).
 */
export function cancelLongTensorWork(
  engine: Engine,
  work: TensorWork,
  files: readonly File[],
  cancelAfterMs: number,
): void {
  const isLong = work.calls > 0 && performance.now() - work.busySinceMs > cancelAfterMs;
  const { readingFiles } = work;
  const isSameDump =
    files.length === readingFiles.length && files.every((f, i) => f === readingFiles[i]);
  if (!isLong || isSameDump || engine.restart === undefined) return;
  const names = files.map((file) => file.name).join(', ');
  engine.restart(
    `The inference worker was replaced to stop a long read or check (${names} was opened).`,
  );
}
