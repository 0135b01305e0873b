// The store, the controller and the model host together in Node on the CPU backend, with the
// golden tiny checkpoint served by a fake fetch that reads tests/golden/tiny from disk.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyse, createReferenceCache } from '../../app/engine/analyse';
import { connectEngine, type Controller } from '../../app/engine/controller';
import { createEnginePool } from '../../app/engine/enginePool';
import { createInProcessEngine } from '../../app/engine/inProcessEngine';
import type { RunRequest } from '../../app/engine/protocol';
import { createAppStore, type AppStore } from '../../app/store/appState';
import { selectPredictions } from '../../app/store/predictionSelectors';
import { selectLeakScores, selectMeasurements } from '../../app/store/resultSelectors';
import { initBackend } from '../../src/backend/backends';
import { loadCheckpointFromUrl } from '../../src/checkpoint/load';
import { createEncoder, type Encoder } from '../../src/model/encoder';

const ORIGIN = 'http://app.test/';
const TINY_FILES = 'tests/golden/tiny';
const INDEX = {
  default: 'missing',
  models: [
    { id: 'missing', title: 'Missing model', path: 'models/missing' },
    { id: 'tiny-random', title: 'Tiny', path: 'models/tiny-random' },
  ],
};
const CORRECT = { mode: { kind: 'keyAdditive', constant: -1e4 }, positions: 'cumsum' } as const;
const NO_MASK = { mode: { kind: 'none' }, positions: 'cumsum' } as const;

/** Serves models/tiny-random/* from tests/golden/tiny; anything else is a 404. */
function fakeFetch(input: string | URL | Request): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const match = /\/models\/tiny-random\/([\w.]+)$/.exec(url);
  if (match === null) return Promise.resolve(new Response('not found', { status: 404 }));
  return Promise.resolve(new Response(readFileSync(`${TINY_FILES}/${match[1]}`)));
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

function isSettled(store: AppStore): boolean {
  const s = store.getState();
  return s.runPhase === 'done' && s.result?.runId === s.latestRunId;
}

describe('the controller with the in-process engine', () => {
  let store: AppStore;
  let controller: Controller;

  beforeAll(async () => {
    vi.stubGlobal('fetch', fakeFetch);
    store = createAppStore();
    store.getState().setBackendPreference('cpu');
    store.getState().setInputs({ sentence: 'the cat sat on the [MASK] .', paddingLength: 16 });
    controller = connectEngine(store, createInProcessEngine(), {
      baseUrl: ORIGIN,
      debounceMs: 5,
      fetchJson: () => Promise.resolve(INDEX),
    });
    await until(() => isSettled(store), 'the first run');
  });

  afterAll(() => {
    controller.dispose();
    vi.unstubAllGlobals();
  });

  it('falls back to the next model when the default fails, and says so', () => {
    const s = store.getState();
    expect(s.model?.source).toBe(`${ORIGIN}models/tiny-random`);
    expect(s.modelNotice).toMatch(
      /^Missing model could not be loaded: .*404.*Showing Tiny instead\.$/,
    );
    expect(s.backend?.active).toBe('cpu');
  });

  it('finds no leak or drift under the correct mask and both under no mask', () => {
    const s = store.getState();
    expect(s.result?.output.seqLen).toBe(9 + 16);
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
      () => isSettled(store) && store.getState().result?.output.seqLen === 9,
      'the unpadded run',
    );
    expect(padded).toBeDefined();
    expect(selectPredictions(store.getState())[0]?.a[0]?.token).toBe(padded);
  });

  it('ends on the newest input after a burst of changes', async () => {
    for (let pads = 1; pads <= 12; pads++) store.getState().setPaddingLength(pads);
    await until(() => isSettled(store), 'the burst to settle');
    const s = store.getState();
    expect(s.result?.input.paddingLength).toBe(12);
    expect(s.result?.output.seqLen).toBe(9 + 12);
    expect(s.latestRunId).toBe(s.result?.runId);
  });

  it('reports a blocked input instead of running it, and recovers', async () => {
    store.getState().setSentence('');
    expect(store.getState().runPhase).toBe('error');
    store.getState().setSentence('a dog ran home .');
    await until(() => isSettled(store), 'the recovered run');
    expect(store.getState().result?.input.sentence).toBe('a dog ran home .');
  });
});

describe('analyse', () => {
  let encoder: Encoder;
  let forwards = 0;

  beforeAll(async () => {
    vi.stubGlobal('fetch', fakeFetch);
    await initBackend('cpu');
    const checkpoint = await loadCheckpointFromUrl(`${ORIGIN}models/tiny-random`);
    vi.unstubAllGlobals();
    const real = await createEncoder(checkpoint);
    encoder = {
      ...real,
      forward: (input, options) => {
        forwards++;
        return real.forward(input, options);
      },
    };
  });

  afterAll(() => encoder.dispose());

  const request = (padding: number, modeB: RunRequest['modeB']): RunRequest => ({
    ids: Int32Array.from([2, 5, 27, 54, 4, 3]),
    paddingLength: padding,
    side: 'left',
    modeA: CORRECT,
    modeB,
    maskIndices: [4],
  });

  it('runs the unpadded references once per sentence and mode', async () => {
    const cache = createReferenceCache(8);
    forwards = 0;
    await analyse(encoder, request(5, NO_MASK), 0, cache);
    expect(forwards).toBe(4);
    forwards = 0;
    const again = await analyse(encoder, request(9, NO_MASK), 0, cache);
    expect(forwards).toBe(2);
    expect(again.seqLen).toBe(15);
    expect([...again.realPositions]).toEqual([9, 10, 11, 12, 13, 14]);
  });

  it('runs mode B only once when it equals mode A', async () => {
    forwards = 0;
    const output = await analyse(encoder, request(3, CORRECT), 0, createReferenceCache(8));
    expect(forwards).toBe(2);
    expect(output.b.attention).toBe(output.a.attention);
  });

  it('returns the [MASK] logits only, one row of the vocabulary', async () => {
    const output = await analyse(encoder, request(2, NO_MASK), 0, createReferenceCache(8));
    expect(output.a.logits).toHaveLength(output.vocabSize);
    expect(output.a.attention).toHaveLength(output.layers * output.heads * output.seqLen ** 2);
  });
});

describe('the engine pool', () => {
  it('gives the same output as one engine while splitting A and B between two', async () => {
    vi.stubGlobal('fetch', fakeFetch);
    const single = createInProcessEngine();
    const pool = createEnginePool(createInProcessEngine(), createInProcessEngine());
    const url = `${ORIGIN}models/tiny-random`;
    for (const engine of [single, pool]) {
      await engine.setBackend('cpu');
      await engine.loadUrl(url);
    }
    vi.unstubAllGlobals();
    const request: RunRequest = {
      ids: Int32Array.from([2, 5, 27, 54, 4, 3]),
      paddingLength: 6,
      side: 'right',
      modeA: CORRECT,
      modeB: NO_MASK,
      maskIndices: [4],
    };
    const expected = await single.run(request);
    const actual = await pool.run(request);
    expect(actual.seqLen).toBe(expected.seqLen);
    for (const mode of ['a', 'b'] as const) {
      expect([...actual[mode].attention]).toEqual([...expected[mode].attention]);
      expect([...actual[mode].logits]).toEqual([...expected[mode].logits]);
      expect([...actual[mode].referenceHidden]).toEqual([...expected[mode].referenceHidden]);
    }
    expect(actual.a.attention).not.toBe(actual.b.attention);
  });
});
