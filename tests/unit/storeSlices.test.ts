import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../app/store/appState';
import { DEFAULT_INPUT } from '../../app/store/inputSlice';
import type { ModelInfo } from '../../app/store/modelSlice';
import type { RunRecord } from '../../app/store/runSlice';
import { analyseSide } from '../../src/analysis/analysis';
import { attentionOf } from '../../src/analysis/attentionMaps';
import { parseConfigText } from '../../src/checkpoint/configJson';
import { parseVocab } from '../../src/tokenizer/vocab';

const TINY = 'tests/golden/tiny';

/** The golden tiny model's config and vocabulary, as the store keeps them. */
export function tinyModelInfo(): ModelInfo {
  const config = parseConfigText(readFileSync(`${TINY}/config.json`, 'utf8'), 'config.json');
  const vocab = parseVocab(readFileSync(`${TINY}/vocab.txt`, 'utf8'), 'vocab.txt');
  return { source: TINY, config, vocabTokens: vocab.tokens };
}

function record(runId: number): RunRecord {
  const mask = Int32Array.from([1]);
  const side = analyseSide(attentionOf(Float32Array.from([1]), 1, 1, 1), mask);
  return {
    runId,
    model: tinyModelInfo(),
    input: DEFAULT_INPUT,
    analysis: {
      mask,
      labels: ['[CLS]'],
      a: side,
      b: null,
      totalMs: 1,
      forwardMs: 1,
      referenceMs: 0,
    },
    roundTripMs: 1,
  };
}

describe('run slice', () => {
  it('marks the newest request done only when its own result arrives', () => {
    const store = createAppStore();
    const first = store.getState().requestRun();
    const second = store.getState().requestRun();
    store.getState().finishRun(record(first));
    expect(store.getState().result?.runId).toBe(first);
    expect(store.getState().runPhase).toBe('running');
    store.getState().finishRun(record(second));
    expect(store.getState().runPhase).toBe('done');
  });

  it('drops a result older than the one on screen', () => {
    const store = createAppStore();
    const first = store.getState().requestRun();
    const second = store.getState().requestRun();
    store.getState().finishRun(record(second));
    store.getState().finishRun(record(first));
    expect(store.getState().result?.runId).toBe(second);
    expect(store.getState().runPhase).toBe('done');
  });

  it('blocks without an error and drops the answer of the run the block replaced', () => {
    const store = createAppStore();
    const first = store.getState().requestRun();
    store.getState().failRun(first, 'The run failed: boom');
    store.getState().blockRun();
    expect(store.getState().runPhase).toBe('blocked');
    expect(store.getState().runError).toBeNull();
    const second = store.getState().requestRun();
    store.getState().blockRun();
    store.getState().finishRun(record(second));
    expect(store.getState().runPhase).toBe('blocked');
  });

  it('ignores the failure of a request that a newer one replaced', () => {
    const store = createAppStore();
    const first = store.getState().requestRun();
    store.getState().requestRun();
    store.getState().failRun(first, 'stale');
    expect(store.getState().runPhase).toBe('running');
    expect(store.getState().runError).toBeNull();
  });
});

describe('model slice', () => {
  it('drops progress and results of a superseded load', () => {
    const store = createAppStore();
    const old = store.getState().beginModelLoad('old');
    const current = store.getState().beginModelLoad('new');
    store.getState().setLoadProgress(old, 5, 10);
    store.getState().finishModelLoad(old, tinyModelInfo());
    expect(store.getState().loadedBytes).toBe(0);
    expect(store.getState().model).toBeNull();
    store.getState().finishModelLoad(current, tinyModelInfo());
    expect(store.getState().loadPhase).toBe('ready');
  });

  it('keeps the previous model when a new one fails to load', () => {
    const store = createAppStore();
    const first = store.getState().beginModelLoad('first');
    store.getState().finishModelLoad(first, tinyModelInfo());
    const second = store.getState().beginModelLoad('broken');
    store.getState().failModelLoad(second, 'model.safetensors: bad header');
    expect(store.getState().model?.source).toBe(TINY);
    expect(store.getState().loadError).toBe('model.safetensors: bad header');
  });
});

describe('input and view slices', () => {
  it('stores padding as the whole number asked for, negative included (the run clamps it)', () => {
    const store = createAppStore();
    store.getState().setPaddingLength(-4);
    expect(store.getState().paddingLength).toBe(-4);
    store.getState().setPaddingLength(7.6);
    expect(store.getState().paddingLength).toBe(8);
    store.getState().setPaddingLength(Number.NaN);
    expect(store.getState().paddingLength).toBe(0);
  });

  it('resets a slot constant when its mode changes', () => {
    const store = createAppStore();
    store.getState().setConstant('a', -1e9);
    store.getState().setMode('a', 'query-axis');
    expect(store.getState().constantA).toBeNull();
  });

  it('picking a bug that only shows under left padding switches the padding to the left', () => {
    const store = createAppStore();
    expect(store.getState().paddingSide).toBe('right');
    store.getState().setMode('b', 'left-pad-arange');
    expect(store.getState().paddingSide).toBe('left');
    store.getState().setPaddingSide('right');
    store.getState().setMode('b', 'no-mask');
    expect(store.getState().paddingSide).toBe('right');
  });

  it('moves the selected head within the model and transposes on toggle', () => {
    const store = createAppStore();
    store.getState().moveSelection(0, -1, 4, 4);
    expect(store.getState().selected).toEqual({ layer: 0, head: 0 });
    store.getState().moveSelection(5, 2, 4, 4);
    expect(store.getState().selected).toEqual({ layer: 3, head: 2 });
    store.getState().toggleOrientation();
    expect(store.getState().orientation).toBe('rowsAreKeys');
  });
});
