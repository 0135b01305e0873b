import { describe, expect, it } from 'vitest';
import { createRunScheduler } from '../../app/session/runScheduler';

/** Manual timers and a manual clock, so the schedule is deterministic. */
function fakeClock() {
  let nowMs = 0;
  let nextHandle = 1;
  const timers = new Map<number, { atMs: number; callback: () => void }>();
  return {
    now: () => nowMs,
    setTimer: (callback: () => void, delayMs: number) => {
      const handle = nextHandle++;
      timers.set(handle, { atMs: nowMs + delayMs, callback });
      return handle;
    },
    clearTimer: (handle: unknown) => {
      timers.delete(handle as number);
    },
    /** Advances the clock, firing due timers in order. */
    advance(ms: number): void {
      const endMs = nowMs + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.atMs <= endMs)
          .sort((a, b) => a[1].atMs - b[1].atMs)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        nowMs = due[1].atMs;
        due[1].callback();
      }
      nowMs = endMs;
    },
  };
}

/** A job runner whose jobs finish only when told to. */
function manualRunner() {
  const started: number[] = [];
  const finishers: (() => void)[] = [];
  let running = 0;
  let maxConcurrent = 0;
  const execute = (job: number): Promise<void> => {
    started.push(job);
    running++;
    maxConcurrent = Math.max(maxConcurrent, running);
    return new Promise((resolve) =>
      finishers.push(() => {
        running--;
        resolve();
      }),
    );
  };
  const finishNext = async (): Promise<void> => {
    finishers.shift()?.();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { execute, started, finishNext, maxConcurrent: () => maxConcurrent };
}

const OPTIONS = { debounceMs: 150, maxWaitMs: 400 };

describe('run scheduler', () => {
  it('runs the first change at once (leading edge)', () => {
    const clock = fakeClock();
    const runner = manualRunner();
    const scheduler = createRunScheduler(runner.execute, { ...OPTIONS, ...clock });
    scheduler.schedule(1);
    expect(runner.started).toEqual([1]);
  });

  it('keeps only the newest job while one is in flight and never overlaps runs', async () => {
    const clock = fakeClock();
    const runner = manualRunner();
    const dropped: number[] = [];
    const scheduler = createRunScheduler(runner.execute, { ...OPTIONS, ...clock }, (job) =>
      dropped.push(job),
    );
    scheduler.schedule(1);
    for (const job of [2, 3, 4]) {
      clock.advance(10);
      scheduler.schedule(job);
    }
    clock.advance(200);
    expect(runner.started).toEqual([1]);
    await runner.finishNext();
    expect(runner.started).toEqual([1, 4]);
    expect(dropped).toEqual([2, 3]);
    await runner.finishNext();
    expect(scheduler.isBusy()).toBe(false);
    expect(runner.maxConcurrent()).toBe(1);
  });

  it('waits for a quiet spell after a burst of changes (trailing edge)', async () => {
    const clock = fakeClock();
    const runner = manualRunner();
    const scheduler = createRunScheduler(runner.execute, { ...OPTIONS, ...clock });
    scheduler.schedule(1);
    await runner.finishNext();
    clock.advance(50);
    scheduler.schedule(2);
    clock.advance(100);
    scheduler.schedule(3);
    clock.advance(149);
    expect(runner.started).toEqual([1]);
    clock.advance(1);
    expect(runner.started).toEqual([1, 3]);
  });

  it('does not hold a job back longer than maxWaitMs while changes keep coming', async () => {
    const clock = fakeClock();
    const runner = manualRunner();
    const scheduler = createRunScheduler(runner.execute, { ...OPTIONS, ...clock });
    scheduler.schedule(0);
    await runner.finishNext();
    for (let job = 1; job <= 30; job++) {
      clock.advance(20);
      scheduler.schedule(job);
    }
    // Job 1 started waiting at 20 ms; the 400 ms cap fires at 420 ms, when job 20 is the newest.
    expect(runner.started).toEqual([0, 20]);
  });

  it('drops the waiting job on cancel', async () => {
    const clock = fakeClock();
    const runner = manualRunner();
    const scheduler = createRunScheduler(runner.execute, { ...OPTIONS, ...clock });
    scheduler.schedule(1);
    scheduler.schedule(2);
    scheduler.cancel();
    await runner.finishNext();
    clock.advance(1000);
    expect(runner.started).toEqual([1]);
  });
});
