// The engine's sweep command: progress per padding, a newer sweep stops an older one, and a
// normal run asked for during a sweep does not wait for the whole sweep.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepRequest } from '../../src/analysis/sweep';
import { createEngineHost } from '../../app/engine/engineHost';
import type { Engine, EngineEvent } from '../../app/protocol/engineProtocol';

const DIR = 'tests/golden/tiny';
const CORRECT = { mode: { kind: 'keyAdditive', constant: -1e4 }, positions: 'cumsum' } as const;
const NONE = { mode: { kind: 'none' }, positions: 'cumsum' } as const;
const IDS = Int32Array.from([2, 5, 6, 4, 15, 5, 32, 3]); // [CLS] the cat [MASK] on the mat [SEP]

const request = (stepPads: number): SweepRequest => ({
  ids: IDS,
  side: 'right',
  modeA: CORRECT,
  modeB: NONE,
  maskIndices: [3],
  range: { stepPads, maxPads: null },
});

describe('the engine sweep command', () => {
  let engine: Engine;
  const events: EngineEvent[] = [];
  beforeAll(async () => {
    engine = createEngineHost();
    engine.onEvent((event) => events.push(event));
    await engine.setBackend({ preference: 'cpu' });
    await engine.loadModel({
      parts: {
        source: DIR,
        configText: readFileSync(`${DIR}/config.json`, 'utf8'),
        configName: 'config.json',
        vocabText: readFileSync(`${DIR}/vocab.txt`, 'utf8'),
        vocabName: 'vocab.txt',
        weightsBytes: new Uint8Array(readFileSync(`${DIR}/model.safetensors`)),
        weightsName: 'model.safetensors',
      },
    });
  });
  afterAll(() => engine.dispose());

  it('sweeps to the model limit (64 positions − 8 tokens) and reports each padding', async () => {
    events.length = 0;
    const result = await engine.sweep({ sweepId: 1, request: request(20) });
    expect(result.steps.map((step) => step.pads)).toEqual([0, 20, 40, 56]);
    expect(events).toEqual(
      [1, 2, 3, 4].map((done) => ({ kind: 'sweepProgress', sweepId: 1, done, total: 4 })),
    );
    const last = result.steps.at(-1);
    expect(last?.a.divergence.state).toBeNull(); // the correct mask
    expect(last?.b.divergence.head).not.toBeNull(); // no mask leaks
  });

  it('stops an older sweep when a newer one starts', async () => {
    const older = engine.sweep({ sweepId: 2, request: request(1) });
    const newer = engine.sweep({ sweepId: 3, request: request(28) });
    await expect(older).rejects.toThrow('The sweep was stopped before it finished.');
    expect((await newer).steps).toHaveLength(3);
  });

  it('stops a sweep that is cancelled', async () => {
    const sweep = engine.sweep({ sweepId: 4, request: request(1) });
    expect(await engine.cancelSweep({ sweepId: 4 })).toBe(true);
    await expect(sweep).rejects.toThrow('stopped');
    expect(await engine.cancelSweep({ sweepId: 4 })).toBe(false);
  });

  it('lets a normal run go between two paddings instead of after the whole sweep', async () => {
    const order: string[] = [];
    const sweep = engine.sweep({ sweepId: 5, request: request(2) }).then(() => order.push('sweep'));
    const run = engine
      .analyse({
        request: {
          ids: IDS,
          paddingLength: 4,
          side: 'right',
          modeA: CORRECT,
          modeB: NONE,
          maskIndices: [3],
        },
      })
      .then(() => order.push('run'));
    await Promise.all([sweep, run]);
    expect(order).toEqual(['run', 'sweep']);
  });
});
