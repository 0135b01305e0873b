// analyseModelRun on the golden tiny checkpoint (CPU backend): what it runs, what it caches and
// what it hands back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyseModelRun,
  createReferenceCache,
  referenceKey,
  type ModelRunRequest,
} from '../../src/analysis/modelRun';
import type { ModeSpec } from '../../src/masks/modeSpec';
import type { RunnableModel } from '../../src/analysis/padSentence';
import type { AttentionNumerics } from '../../src/masks/numerics';
import { DEFAULT_NUMERICS } from '../../src/masks/numerics';
import type { MaskMode } from '../../src/masks/maskMode';
import { initBackend } from '../../src/backend/backends';
import { loadCheckpointFromFiles } from '../../src/checkpoint/load';
import { createEncoder } from '../../src/model/encoder';
import { readFile } from 'node:fs/promises';

const CORRECT = { mode: { kind: 'keyAdditive', constant: -1e4 }, positions: 'cumsum' } as const;
const NO_MASK = { mode: { kind: 'none' }, positions: 'cumsum' } as const;
const RENORMALISED = { mode: { kind: 'keyRenormalised' }, positions: 'cumsum' } as const;
const EVERY_MODE: readonly ModeSpec[] = [
  CORRECT,
  { mode: { kind: 'keyAdditive', constant: -Infinity }, positions: 'arange' },
  { mode: { kind: 'queryAdditive', constant: -1e4 }, positions: 'cumsum' },
  { mode: { kind: 'bothAdditive', constant: -1e9 }, positions: 'cumsum' },
  { mode: { kind: 'multiplicative' }, positions: 'cumsum' },
  NO_MASK,
  { mode: { kind: 'keyAfterSoftmax' }, positions: 'cumsum' },
  RENORMALISED,
  { mode: { kind: 'invertedKeyAdditive', constant: -1e4 }, positions: 'cumsum' },
  { mode: { kind: 'floatAdd' }, positions: 'cumsum' },
];

describe('analyseModelRun', () => {
  let model: RunnableModel;
  /** The batch size of each forward since the last reset. */
  let batches: number[] = [];

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
        batches.push(args[0].batch);
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
    batches = [];
    const first = await analyseModelRun(model, request(5, RENORMALISED), cache);
    expect(batches).toEqual([2, 2]); // A and B padded, then both references
    expect(first.referenceMs).toBeGreaterThan(0);
    batches = [];
    const again = await analyseModelRun(model, request(9, RENORMALISED), cache);
    expect(batches).toEqual([2]);
    expect(again.referenceMs).toBe(0);
    expect([...again.mask]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it('shares one reference between modes that are plain softmax without padding', async () => {
    batches = [];
    const analysis = await analyseModelRun(model, request(5, NO_MASK), createReferenceCache(8));
    expect(batches).toEqual([2, 1]);
    // The shared reference is exact for both: the correct mode with left padding drifts by
    // rounding only, and without padding every mode is its own reference.
    expect(analysis.a.measurements.drift).toBeLessThan(1e-4);
    const unpadded = await analyseModelRun(model, request(0, NO_MASK), createReferenceCache(8));
    expect(unpadded.b?.measurements.drift).toBe(0);
  });

  it('computes bit for bit the same unpadded run under every mode that shares the reference', async () => {
    const ids = Int32Array.from([2, 5, 27, 54, 4, 3]);
    const run = async (mode: MaskMode, numerics: AttentionNumerics = DEFAULT_NUMERICS) => {
      const input = {
        batch: 1,
        seqLen: ids.length,
        ids,
        attentionMask: new Int32Array(ids.length).fill(1),
        positionIds: Int32Array.from(ids, (_, t) => t),
        mode,
        numerics,
      };
      return (await model.encoder.forward(input, { logitRows: [] })).hiddenStates.data;
    };
    const plainKey = referenceKey({ mode: { kind: 'none' }, positions: 'cumsum' });
    const shared = EVERY_MODE.filter((spec) => referenceKey(spec) === plainKey);
    expect(shared.length).toBe(7);
    // Under other numerics too (fp16 rounding, the causal plane): one shared run per numerics.
    const causal16: AttentionNumerics = { precision: 'fp16', isCausal: true, scoreScale: 1 };
    for (const numerics of [DEFAULT_NUMERICS, causal16]) {
      const plain = await run({ kind: 'none' }, numerics);
      for (const spec of shared) expect(await run(spec.mode, numerics)).toEqual(plain);
    }
    const [firstShared] = shared;
    if (firstShared === undefined) throw new Error('no shared mode');
    expect(referenceKey({ ...firstShared, numerics: causal16 })).not.toBe(plainKey);
    expect(referenceKey(RENORMALISED)).not.toBe(plainKey);
  });

  it('runs mode B only once when it equals mode A', async () => {
    batches = [];
    const analysis = await analyseModelRun(model, request(3, CORRECT), createReferenceCache(8));
    expect(batches).toEqual([1, 1]);
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

  it('refuses a [MASK] index outside the sentence instead of predicting for [CLS]', async () => {
    const outside = { ...request(3, NO_MASK), maskIndices: [6] }; // the sentence has 6 tokens
    await expect(analyseModelRun(model, outside, createReferenceCache(2))).rejects.toThrow(
      /\[MASK\] index 6 is outside the sentence of 6 tokens/,
    );
  });
});
