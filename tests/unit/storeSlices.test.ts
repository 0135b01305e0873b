import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../app/store/appState';
import { DEFAULT_INPUT } from '../../app/store/inputSlice';
import type { ModelInfo } from '../../app/store/modelSlice';
import type { RunRecord } from '../../app/store/runRecord';
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

function record(): RunRecord {
  const mask = Int32Array.from([1]);
  const side = analyseSide(attentionOf(Float32Array.from([1]), 1, 1, 1), mask);
  return {
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
    const first = store.getState().beginRequest('run');
    const second = store.getState().beginRequest('run');
    store.getState().settleRequest('run', first, record());
    expect(store.getState().run.resultId).toBe(first);
    expect(store.getState().run.phase).toBe('running');
    store.getState().settleRequest('run', second, record());
    expect(store.getState().run.phase).toBe('done');
  });

  it('drops a result older than the one on screen', () => {
    const store = createAppStore();
    const first = store.getState().beginRequest('run');
    const second = store.getState().beginRequest('run');
    store.getState().settleRequest('run', second, record());
    store.getState().settleRequest('run', first, record());
    expect(store.getState().run.resultId).toBe(second);
    expect(store.getState().run.phase).toBe('done');
  });

  it('blocks without an error and drops the answer of the run the block replaced', () => {
    const store = createAppStore();
    const first = store.getState().beginRequest('run');
    store.getState().failRequest('run', first, 'The run failed: boom');
    store.getState().blockRequest('run');
    expect(store.getState().run.phase).toBe('blocked');
    expect(store.getState().run.error).toBeNull();
    const second = store.getState().beginRequest('run');
    store.getState().blockRequest('run');
    store.getState().settleRequest('run', second, record());
    expect(store.getState().run.phase).toBe('blocked');
  });

  it('ignores the failure of a request that a newer one replaced', () => {
    const store = createAppStore();
    const first = store.getState().beginRequest('run');
    store.getState().beginRequest('run');
    store.getState().failRequest('run', first, 'stale');
    expect(store.getState().run.phase).toBe('running');
    expect(store.getState().run.error).toBeNull();
  });
});

describe('model slice', () => {
  it('drops progress and results of a superseded load', () => {
    const store = createAppStore();
    const old = store.getState().beginRequest('load');
    const current = store.getState().beginRequest('load');
    store.getState().setLoadProgress(old, 5, 10);
    store.getState().settleRequest('load', old, tinyModelInfo());
    expect(store.getState().loadedBytes).toBe(0);
    expect(store.getState().load.result).toBeNull();
    store.getState().settleRequest('load', current, tinyModelInfo());
    expect(store.getState().load.phase).toBe('done');
  });

  it('keeps the previous model when a new one fails to load', () => {
    const store = createAppStore();
    const first = store.getState().beginRequest('load');
    store.getState().settleRequest('load', first, tinyModelInfo());
    const second = store.getState().beginRequest('load');
    store.getState().failRequest('load', second, 'model.safetensors: bad header');
    expect(store.getState().load.result?.source).toBe(TINY);
    expect(store.getState().load.error).toBe('model.safetensors: bad header');
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
