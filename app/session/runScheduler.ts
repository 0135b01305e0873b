/**
 * When to run: the first change after a quiet spell runs at once (leading edge); changes that
 * follow within `debounceMs` wait until the input has been quiet that long (trailing edge), or at
 * most `maxWaitMs`. While a job is in flight only the newest waiting job is kept, and it runs
 * as soon as the flight lands. Jobs never overlap.
 */

/** Timing knobs of the scheduler, in milliseconds. */
export interface SchedulerOptions {
  readonly debounceMs: number;
  /** Longest a waiting job is held back while changes keep coming. */
  readonly maxWaitMs: number;
  /** Injected for tests; default the global timers. */
  readonly setTimer?: (callback: () => void, delayMs: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
  readonly now?: () => number;
}

/** Runs the newest job, never two at once. */
export interface RunScheduler<Job> {
  /** Offers a job; an older waiting job is dropped (its `onDropped` is called). */
  schedule(job: Job): void;
  /** True while a job runs or waits. */
  isBusy(): boolean;
  /** Drops the waiting job and stops the timer; a running job finishes. */
  cancel(): void;
}

/** Creates a scheduler that hands jobs to `execute`; `onDropped` hears of superseded jobs. */
export function createRunScheduler<Job>(
  execute: (job: Job) => Promise<void>,
  options: SchedulerOptions,
  onDropped: (job: Job) => void = () => undefined,
): RunScheduler<Job> {
  const setTimer = options.setTimer ?? ((callback, delayMs) => setTimeout(callback, delayMs));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const now = options.now ?? (() => performance.now());
  let waiting: { readonly job: Job } | null = null;
  let waitingSinceMs = 0;
  let isRunning = false;
  let timer: unknown = null;

  function start(job: Job): void {
    isRunning = true;
    execute(job)
      .catch(() => undefined)
      .finally(() => {
        isRunning = false;
        if (timer === null) startWaiting();
      });
  }

  function startWaiting(): void {
    if (waiting === null || isRunning) return;
    const { job } = waiting;
    waiting = null;
    armTimer(options.debounceMs);
    start(job);
  }

  function armTimer(delayMs: number): void {
    if (timer !== null) clearTimer(timer);
    timer = setTimer(() => {
      timer = null;
      startWaiting();
    }, delayMs);
  }

  return {
    schedule: (job) => {
      const isQuiet = timer === null && !isRunning && waiting === null;
      if (waiting !== null) onDropped(waiting.job);
      else waitingSinceMs = now();
      if (isQuiet) {
        armTimer(options.debounceMs);
        start(job);
        return;
      }
      waiting = { job };
      const waitedMs = now() - waitingSinceMs;
      armTimer(Math.max(0, Math.min(options.debounceMs, options.maxWaitMs - waitedMs)));
    },
    isBusy: () => isRunning || waiting !== null,
    cancel: () => {
      if (waiting !== null) onDropped(waiting.job);
      waiting = null;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}
