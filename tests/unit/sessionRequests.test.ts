// The one request cycle: the generic request slice, and the session's on-demand requests (mask
// file, pooling, taint) answered into the store, against the real engine host where it matters.
import { describe, expect, it } from 'vitest';
import { createEngineHost } from '../../app/engine/engineHost';
import { startSession } from '../../app/session/session';
import { createAppStore } from '../../app/store/appState';
import { selectConventionFields } from '../../app/store/conventionSelectors';
import type { RunRecord } from '../../app/store/runRecord';

const noList = (): Promise<Response> => Promise.resolve(new Response('', { status: 404 }));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

/** A file whose bytes cannot be read: the browser rejects with a plain (non-dump) error. */
function unreadableFile(name: string): File {
  const file = new File([], name);
  Object.defineProperty(file, 'arrayBuffer', {
    value: () => Promise.reject(new TypeError('the file was moved while it was read')),
  });
  return file;
}

describe('the request slice', () => {
  it('shows a late run answer newer than the one on screen, but drops a late pooling answer', () => {
    const store = createAppStore();
    const s = () => store.getState();
    const audit = { layouts: [], a: [], b: [], forwardMs: 1 };
    const firstPooling = s().beginRequest('pooling');
    s().beginRequest('pooling');
    expect(s().settleRequest('pooling', firstPooling, { key: 'old', audit })).toBe(false);
    expect(s().pooling).toMatchObject({ phase: 'running', result: null });
    const firstRun = s().beginRequest('run');
    const secondRun = s().beginRequest('run');
    const record = { roundTripMs: 1 } as unknown as RunRecord; // the slice never reads it
    expect(s().settleRequest('run', firstRun, record)).toBe(true);
    expect(s().run).toMatchObject({ phase: 'running', resultId: firstRun });
    expect(s().settleRequest('run', secondRun, record)).toBe(true);
    expect(s().run).toMatchObject({ phase: 'done', resultId: secondRun });
  });

  it('forgets an answer on reset and drops the request that was in flight', () => {
    const store = createAppStore();
    const s = () => store.getState();
    const audit = { layouts: [], a: [], b: [], forwardMs: 1 };
    s().settleRequest('pooling', s().beginRequest('pooling'), { key: 'k', audit });
    const inFlight = s().beginRequest('pooling');
    s().resetRequest('pooling');
    expect(s().settleRequest('pooling', inFlight, { key: 'k', audit })).toBe(false);
    expect(s().pooling).toMatchObject({ phase: 'idle', result: null, error: null });
  });
});

describe('the session on demand', () => {
  it('shows a mask file that cannot be read with a non-dump error in the panel', async () => {
    const store = createAppStore();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      store.getState().setConventionFields({ conventionInput: 'file' });
      const services = startSession(store, createEngineHost(), {
        baseUrl: 'http://app.test/',
        fetch: noList,
      });
      services.openMaskFile(unreadableFile('mask.npy'));
      await until(() => store.getState().maskFile.phase === 'error', 'the read to fail');
      expect(selectConventionFields(store.getState()).conventionFileError).toBe(
        'the file was moved while it was read',
      );
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('reads a mask file in the engine and keeps its arrays in the store', async () => {
    const store = createAppStore();
    const session = startSession(store, createEngineHost(), {
      baseUrl: 'http://app.test/',
      fetch: noList,
    });
    const json = JSON.stringify({ attention_mask: [[1, 1, 0]] });
    session.openMaskFile(new File([json], 'mask.json'));
    await until(() => store.getState().maskFile.phase === 'done', 'the mask file');
    const file = selectConventionFields(store.getState()).conventionFile;
    expect(file?.fileName).toBe('mask.json');
    expect(file?.arrays.map((a) => [a.name, a.shape])).toEqual([['attention_mask', [1, 3]]]);
  });

  it('keeps the pooling answer and the input key it answers in the store', async () => {
    const audit = { layouts: [], a: [], b: [], forwardMs: 2 };
    const engine = { ...createEngineHost(), auditPooling: () => Promise.resolve(audit) };
    const store = createAppStore();
    const session = startSession(store, engine, { baseUrl: 'http://app.test/', fetch: noList });
    const request = { ids: Int32Array.from([1, 2]), paddingLength: 0 } as never;
    session.auditPooling(request, 'the key');
    await until(() => store.getState().pooling.phase === 'done', 'the audit');
    expect(store.getState().pooling.result).toEqual({ key: 'the key', audit });
  });
});
