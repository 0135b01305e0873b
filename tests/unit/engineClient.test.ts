// The worker client with fake workers: a worker that dies fails the commands in flight, is
// replaced by a fresh one and announced; one that keeps dying is given up on, with a message.
import { describe, expect, it } from 'vitest';
import { createWorkerEngine } from '../../app/engine/engineClient';
import type { EngineEvent } from '../../app/protocol/engineProtocol';

type Listener = (event: { data?: unknown; message?: string; preventDefault(): void }) => void;

/** Just enough of a Worker: records what it is sent and lets the test raise its events. */
class FakeWorker {
  readonly sent: unknown[] = [];
  isTerminated = false;
  private readonly listeners = new Map<string, Listener[]>();
  constructor(readonly name: string) {}
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.isTerminated = true;
  }
  raise(type: 'message' | 'error', payload: { data?: unknown; message?: string }): void {
    for (const listener of this.listeners.get(type) ?? []) {
      listener({ ...payload, preventDefault: () => undefined });
    }
  }
}

function setUp() {
  const workers: FakeWorker[] = [];
  const events: EngineEvent[] = [];
  const engine = createWorkerEngine((name) => {
    const worker = new FakeWorker(name);
    workers.push(worker);
    return worker as unknown as Worker;
  });
  engine.onEvent((event) => events.push(event));
  return { engine, workers, events };
}

describe('the worker client', () => {
  it('answers a command with the reply of the same id', async () => {
    const { engine, workers } = setUp();
    const pending = engine.setBackend({ preference: 'cpu' });
    const worker = workers[0];
    const sent = worker?.sent[0] as { id: number; command: string };
    expect(sent.command).toBe('setBackend');
    worker?.raise('message', { data: { id: sent.id, kind: 'result', value: { active: 'cpu' } } });
    await expect(pending).resolves.toEqual({ active: 'cpu' });
  });

  it('fails the commands in flight when the worker dies, and starts a new one', async () => {
    const { engine, workers, events } = setUp();
    const pending = engine.setBackend({ preference: 'cpu' });
    workers[0]?.raise('error', { message: 'Uncaught RangeError: out of memory' });
    await expect(pending).rejects.toThrow(/inference worker failed: Uncaught RangeError/);
    expect(workers[0]?.isTerminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]?.name).not.toBe(workers[0]?.name);
    expect(events).toEqual([
      { kind: 'restarted', reason: expect.stringMatching(/failed: Uncaught RangeError/) as string },
    ]);
    void engine.setBackend({ preference: 'cpu' });
    expect(workers[1]?.sent).toHaveLength(1);
  });

  it('ignores what a replaced worker still says', async () => {
    const { engine, workers } = setUp();
    workers[0]?.raise('error', { message: 'gone' });
    const pending = engine.setBackend({ preference: 'cpu' });
    const sent = workers[1]?.sent[0] as { id: number };
    workers[0]?.raise('message', { data: { id: sent.id, kind: 'error', message: 'stale' } });
    workers[1]?.raise('message', { data: { id: sent.id, kind: 'result', value: 'fresh' } });
    await expect(pending).resolves.toBe('fresh');
  });

  it('gives up after repeated deaths and says to reload', async () => {
    const { engine, workers, events } = setUp();
    for (let i = 0; i < 4; i++) workers.at(-1)?.raise('error', { message: 'crash' });
    expect(workers).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ kind: 'restarted' });
    expect(JSON.stringify(events.at(-1))).toMatch(/not restarted: reload the page/);
    await expect(engine.setBackend({ preference: 'cpu' })).rejects.toThrow(/reload the page/);
  });
});
