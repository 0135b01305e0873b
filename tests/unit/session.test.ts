// The store, the session and the engine host together in Node on the CPU backend, with the
// golden tiny checkpoint served by a fake fetch that reads tests/golden/tiny from disk and
// counts what it serves.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHost } from '../../app/engine/engineHost';
import type { Engine, EngineEvent } from '../../app/protocol/engineProtocol';
import { startSession, type Session } from '../../app/session/session';
import { createAppStore, type AppStore } from '../../app/store/appState';
import { parseModelIndex } from '../../src/checkpoint/modelIndex';
import {
  selectIsStale,
  selectLeakScores,
  selectMeasurements,
  selectPredictions,
  selectRunTitles,
} from '../../app/store/resultSelectors';
import { selectBannerMessages } from '../../app/store/statusSelectors';

const ORIGIN = 'http://app.test/';
const TINY_FILES = 'tests/golden/tiny';
const INDEX = {
  default: 'missing',
  models: [
    { id: 'missing', title: 'Missing model', path: 'models/missing' },
    { id: 'tiny-random', title: 'Tiny', path: 'models/tiny-random' },
    {
      id: 'tiny-bug',
      title: 'Tiny with a bug',
      path: 'models/tiny-random',
      start: {
        modeA: 'query-axis',
        constantA: '-Infinity',
        modeB: 'key-additive',
        paddingLength: 5,
      },
    },
  ],
};

/** Serves index.json and models/tiny-random/* from tests/golden/tiny; anything else is a 404. */
function createFakeFetch(): { fetch: typeof fetch; served: string[] } {
  const served: string[] = [];
  const fakeFetch = (input: string | URL | Request): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    served.push(url);
    if (url.endsWith('/models/index.json')) {
      return Promise.resolve(new Response(JSON.stringify(INDEX)));
    }
    const match = /\/models\/tiny-random\/([\w.]+)$/.exec(url);
    if (match === null) return Promise.resolve(new Response('not found', { status: 404 }));
    return Promise.resolve(new Response(readFileSync(`${TINY_FILES}/${match[1]}`)));
  };
  return { fetch: fakeFetch, served };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

function isSettled(store: AppStore): boolean {
  const s = store.getState();
  return s.run.phase === 'done' && s.run.resultId === s.run.id;
}

/** The host as an engine whose worker can be "killed": it then behaves like a fresh worker. */
function restartableEngine(): Engine & { kill(reason: string): void } {
  let host = createEngineHost();
  const listeners: ((event: EngineEvent) => void)[] = [];
  return {
    setBackend: (args) => host.setBackend(args),
    loadModel: (args) => host.loadModel(args),
    analyse: (args) => host.analyse(args),
    openTensors: (args) => host.openTensors(args),
    readMaskFile: (args) => host.readMaskFile(args),
    checkTensors: (args) => host.checkTensors(args),
    checkOnnx: (args) => host.checkOnnx(args),
    auditPooling: (args) => host.auditPooling(args),
    checkTaint: (args) => host.checkTaint(args),
    sweep: (args) => host.sweep(args),
    cancelSweep: (args) => host.cancelSweep(args),
    onEvent: (listener) => listeners.push(listener),
    dispose: () => host.dispose(),
    kill: (reason) => {
      host.dispose();
      host = createEngineHost();
      for (const listener of listeners) listener({ kind: 'restarted', reason });
    },
  };
}

describe('the session with the engine host', () => {
  let store: AppStore;
  let session: Session;
  let served: string[];
  let engine: ReturnType<typeof restartableEngine>;

  beforeAll(async () => {
    const fake = createFakeFetch();
    served = fake.served;
    engine = restartableEngine();
    store = createAppStore();
    store.getState().setBackendPreference('cpu');
    store.getState().setInputs({ sentence: 'the cat sat on the [MASK] .', paddingLength: 16 });
    session = startSession(store, engine, { baseUrl: ORIGIN, debounceMs: 5, fetch: fake.fetch });
    await until(() => isSettled(store), 'the first run');
  });

  afterAll(() => {
    session.dispose();
    engine.dispose();
  });

  it('falls back to the next model when the default fails, and says so', () => {
    const s = store.getState();
    expect(s.load.result?.source).toBe(`${ORIGIN}models/tiny-random`);
    expect(s.modelNotice).toMatch(
      /^Missing model could not be loaded: .*404.*Showing Tiny instead\.$/,
    );
    expect(s.backend?.active).toBe('cpu');
  });

  it('fetches each model file once per load, on the page', () => {
    for (const file of ['config.json', 'vocab.txt', 'model.safetensors']) {
      const url = `${ORIGIN}models/tiny-random/${file}`;
      expect(
        served.filter((u) => u === url),
        file,
      ).toHaveLength(1);
    }
  });

  it('finds no leak or drift under the correct mask and both under no mask', () => {
    const s = store.getState();
    expect(s.run.result?.analysis.mask).toHaveLength(9 + 16);
    expect(s.run.result?.analysis.labels.slice(0, 2)).toEqual(['[CLS]', 'the']);
    const leak = selectLeakScores(s);
    const worst = (table: { max: number }[][] | undefined): number =>
      Math.max(...(table ?? []).flat().map((score) => score.max));
    expect(worst(leak?.a)).toBe(0);
    expect(worst(leak?.b)).toBeGreaterThan(0.1);
    const measured = selectMeasurements(s);
    expect(measured?.a.drift).toBeLessThanOrEqual(1e-5);
    expect(measured?.b.drift).toBeGreaterThan(1e-3);
  });

  it('predicts the same [MASK] token under the correct mask with and without padding', async () => {
    const padded = selectPredictions(store.getState())[0]?.a[0]?.token;
    store.getState().setPaddingLength(0);
    await until(
      () => isSettled(store) && store.getState().run.result?.analysis.mask.length === 9,
      'the unpadded run',
    );
    expect(padded).toBeDefined();
    expect(selectPredictions(store.getState())[0]?.a[0]?.token).toBe(padded);
  });

  it('ends on the newest input after a burst of changes', async () => {
    for (let pads = 1; pads <= 12; pads++) store.getState().setPaddingLength(pads);
    await until(() => isSettled(store), 'the burst to settle');
    const s = store.getState();
    expect(s.run.result?.input.paddingLength).toBe(12);
    expect(s.run.result?.analysis.mask).toHaveLength(9 + 12);
    expect(s.run.id).toBe(s.run.resultId);
  });

  it('relabels the results when another constant has run', async () => {
    store.getState().setConstant('a', -1e9);
    await until(() => isSettled(store), 'the -1e9 run');
    expect(selectRunTitles(store.getState()).a).toBe('Correct key mask (c = -1e9)');
    store.getState().setConstant('a', null);
    await until(() => isSettled(store), 'the -1e4 run');
  });

  it('blocks bad input without an error, keeps the old results stale, and recovers', async () => {
    store.getState().setSentence(Array.from({ length: 70 }, () => 'cat').join(' '));
    expect(store.getState().run.phase).toBe('blocked');
    expect(selectIsStale(store.getState())).toBe(true);
    store.getState().setSentence('');
    const banner = selectBannerMessages(store.getState()).map((m) => m.text);
    expect(banner.filter((text) => /empty/.test(text))).toHaveLength(1);
    expect(banner.filter((text) => /remove \d+ tokens|run failed/.test(text))).toEqual([]);
    store.getState().setSentence('a dog ran home .');
    expect(selectIsStale(store.getState())).toBe(true);
    await until(() => isSettled(store), 'the recovered run');
    expect(store.getState().run.result?.input.sentence).toBe('a dog ran home .');
    expect(selectIsStale(store.getState())).toBe(false);
  });

  it('says when the worker died, gives a new one the model and runs again', async () => {
    const before = store.getState().run.id;
    engine.kill('The inference worker stopped (terminated, crashed or out of memory).');
    await until(
      () => isSettled(store) && store.getState().run.id > before,
      'the run after the restart',
    );
    const s = store.getState();
    expect(s.engineNotice).toMatch(/stopped.*A new one was started/);
    expect(selectBannerMessages(s).some((m) => /A new one was started/.test(m.text))).toBe(true);
    expect(s.run.error).toBeNull();
    expect(s.run.result?.input.sentence).toBe('a dog ran home .');
  });
});

describe('model start settings', () => {
  it('reads them from index.json and refuses bad ones by name', () => {
    const index = parseModelIndex(INDEX);
    expect(index.models[2]?.start).toEqual({
      modeA: 'query-axis',
      modeB: 'key-additive',
      constantA: -Infinity,
      constantB: null,
      paddingLength: 5,
    });
    expect(index.models[0]?.start).toBeNull();
    expect(() => parseModelIndex({ models: [{ id: 'x', start: { paddingLength: -1 } }] })).toThrow(
      /models\[0\]\.start\.paddingLength/,
    );
    expect(() => parseModelIndex({ models: [{ id: 'x', start: { constantB: '-inf' } }] })).toThrow(
      /models\[0\]\.start\.constantB must be a number or "-Infinity"/,
    );
    expect(
      parseModelIndex({ models: [{ id: 'x', start: { constantB: -1e9 } }] }).models[0]?.start,
    ).toMatchObject({ constantB: -1e9 });
  });

  it("open a link to a model trained with a bug in that bug's mode", async () => {
    const fake = createFakeFetch();
    const store = createAppStore();
    store.getState().setBackendPreference('cpu');
    store.getState().setModelId('tiny-bug');
    const engine = createEngineHost();
    const session = startSession(store, engine, {
      baseUrl: ORIGIN,
      debounceMs: 5,
      fetch: fake.fetch,
    });
    await until(() => isSettled(store), 'the first run');
    expect(store.getState()).toMatchObject({
      modeAId: 'query-axis',
      constantA: -Infinity,
      modeBId: 'key-additive',
      constantB: null,
      paddingLength: 5,
    });
    expect(selectRunTitles(store.getState()).a).toMatch(/^Mask on the query axis \(c = -∞\)/);
    session.dispose();
    engine.dispose();
  });
});
