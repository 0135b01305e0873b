// "Your tensors" through the session when reads fail, hang or outlive their worker (issue 22,
// items 11 and 13): nothing of the previous file stays "opened" after a failure, a restarted
// worker does not bring back the previous file's verdict, and a good file opened during a long
// read replaces the worker instead of waiting for it. The engine host runs in process; reads of
// files named slow* hang until the worker is replaced.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, type Session } from '../../app/session/session';
import { createAppStore, type AppStore } from '../../app/store/appState';
import { hostEngine, until, type HostEngine } from './helpers/hostEngine';
import {
  selectOpened,
  selectTensorError,
  selectTensorPhase,
} from '../../app/store/requestSelectors';

const DIR = 'tests/fixtures/dumps';
const file = (name: string, as = name) => new File([readFileSync(`${DIR}/${name}`)], as);

const notFound = () => Promise.resolve(new Response('not found', { status: 404 }));

describe('reads that fail, hang or outlive their worker', () => {
  let store: AppStore;
  let session: Session;
  let engine: HostEngine;

  function start(): void {
    engine = hostEngine({ hangs: (name) => name.startsWith('slow'), canRestart: true });
    store = createAppStore();
    session = startSession(store, engine, {
      cancelTensorWorkAfterMs: 200,
      baseUrl: 'http://app.test/',
      debounceMs: 5,
      fetch: notFound,
    });
  }
  const family = () => store.getState().tensorCheck.result?.answer.report.family ?? null;
  const isDone = () => selectTensorPhase(store.getState()) === 'done';

  afterEach(() => {
    session.dispose();
    engine.dispose();
  });

  it('a file that fails to read leaves nothing "Opened" from the file before', async () => {
    start();
    session.openTensors([file('mha_inverted.npz')], []);
    await until(isDone, 'the first verdict');
    session.openTensors([new File(['not a dump'], 'bad.npy')], []);
    await until(() => selectTensorPhase(store.getState()) === 'error', 'the failed read');
    const s = store.getState();
    expect(selectOpened(s)).toBeNull();
    expect(s.tensorCheck.result).toBeNull();
    expect(selectTensorError(s)).toContain('bad.npy');
  });

  it("a worker that dies during a read does not bring back the previous file's verdict", async () => {
    start();
    session.openTensors([file('mha_inverted.npz')], []);
    await until(isDone, 'the first verdict');
    expect(family()).toBe('inverted');
    session.openTensors([file('mha_key_padding_mask.npz', 'slow.npz')], []);
    engine.kill('The inference worker stopped (terminated, crashed or out of memory).');
    await until(() => selectTensorPhase(store.getState()) === 'error', 'the failed read');
    await new Promise((r) => setTimeout(r, 100)); // what recovery would do, it has done by now
    expect(store.getState().tensorCheck.result).toBeNull();
    expect(selectOpened(store.getState())).toBeNull();
    expect(engine.reads).toEqual(['mha_inverted.npz', 'slow.npz']);
  });

  it('a good file opened during a long read replaces the worker instead of waiting', async () => {
    start();
    session.openTensors([file('mha_key_padding_mask.npz', 'slow.npz')], []);
    await new Promise((r) => setTimeout(r, 300));
    session.openTensors([file('mha_inverted.npz')], []);
    await until(isDone, 'the good file checked');
    expect(engine.restarts).toBe(1);
    expect(family()).toBe('inverted');
    expect(selectOpened(store.getState())?.files).toEqual(['mha_inverted.npz']);
  });

  it('a comparison added while its dump is read does not replace the worker', async () => {
    start();
    const slow = file('mha_key_padding_mask.npz', 'slow.npz');
    session.openTensors([slow], []);
    await new Promise((r) => setTimeout(r, 300));
    session.openTensors([slow], [file('mha_inverted.npz')]);
    expect(engine.restarts).toBe(0);
    expect(engine.reads).toEqual(['slow.npz', 'slow.npz']);
  });
});
