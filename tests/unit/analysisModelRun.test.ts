// analyseModelRun on the golden tiny checkpoint (CPU backend): what it runs, what it caches and
// what it hands back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyseModelRun,
  createReferenceCache,
  type ModelRunRequest,
  type RunnableModel,
} from '../../src/analysis/modelRun';
import { initBackend } from '../../src/backend/backends';
import { loadCheckpointFromFiles } from '../../src/checkpoint/load';
import { createEncoder } from '../../src/model/encoder';
import { readFile } from 'node:fs/promises';

const CORRECT = { mode: { kind: 'keyAdditive', constant: -1e4 }, positions: 'cumsum' } as const;
const NO_MASK = { mode: { kind: 'none' }, positions: 'cumsum' } as const;

describe('analyseModelRun', () => {
  let model: RunnableModel;
  let forwards = 0;

  beforeAll(async () => {
    await initBackend('cpu');
    const files = await Promise.all(
      ['config.json', 'vocab.txt', 'model.safetensors'].map(
        async (name) => new File([await readFile(`tests/golden/tiny/${name}`)], name),
      ),
    );
    const checkpoint = await loadCheckpointFromFiles(files);
    const real = await createEncoder(checkpoint);
    const encoder = {
      ...real,
      forward: (...args: Parameters<typeof real.forward>) => {
        forwards++;
        return real.forward(...args);
      },
    };
    model = { encoder, vocab: checkpoint.vocab };
  });

  afterAll(() => model.encoder.dispose());

  const request = (padding: number, modeB: ModelRunRequest['modeB']): ModelRunRequest => ({
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
    const first = await analyseModelRun(model, request(5, NO_MASK), cache);
    expect(forwards).toBe(4);
    expect(first.referenceMs).toBeGreaterThan(0);
    forwards = 0;
    const again = await analyseModelRun(model, request(9, NO_MASK), cache);
    expect(forwards).toBe(2);
    expect(again.referenceMs).toBe(0);
    expect([...again.mask]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('runs mode B only once when it equals mode A', async () => {
    forwards = 0;
    const analysis = await analyseModelRun(model, request(3, CORRECT), createReferenceCache(8));
    expect(forwards).toBe(2);
    expect(analysis.b).toBe(analysis.a);
  });

  it('hands back attention with its shape and axes, labels, and [MASK] predictions', async () => {
    const analysis = await analyseModelRun(model, request(2, NO_MASK), createReferenceCache(8));
    const { config } = model.encoder;
    expect(analysis.a.attention.shape).toEqual([config.numLayers, config.numHeads, 8, 8]);
    expect(analysis.a.attention.axes).toEqual(['layer', 'head', 'query', 'key']);
    expect(analysis.labels).toEqual([
      '[PAD]',
      '[PAD]',
      ...[2, 5, 27, 54, 4, 3].map((id) => model.vocab[id]),
    ]);
    const [prediction] = analysis.a.predictions;
    expect(prediction?.position).toBe(2 + 4);
    expect(prediction?.top).toHaveLength(5);
    expect(analysis.a.measurements.drift).toBeLessThanOrEqual(1e-5);
    expect(analysis.b?.measurements.drift).toBeGreaterThan(1e-3);
    expect(analysis.a.heads.leak).toHaveLength(config.numLayers);
  });
});
