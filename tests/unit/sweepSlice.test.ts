// The sweep slice keeps only the newest sweep; the stale check ignores the padding (the sweep
// varies it) but not the sentence, modes or model.
import { describe, expect, it } from 'vitest';
import type { SweepResult } from '../../src/analysis/sweep';
import { createAppStore } from '../../app/store/appState';
import { DEFAULT_INPUT } from '../../app/store/inputSlice';
import { selectIsSweepStale } from '../../app/store/sweepSelectors';
import type { SweepRecord } from '../../app/store/sweepSlice';
import { readFileSync } from 'node:fs';
import { parseConfigText } from '../../src/checkpoint/configJson';
import { parseVocab } from '../../src/tokenizer/vocab';
import type { ModelInfo } from '../../app/store/modelSlice';

function tinyModelInfo(): ModelInfo {
  const dir = 'tests/golden/tiny';
  const config = parseConfigText(readFileSync(`${dir}/config.json`, 'utf8'), 'config.json');
  const vocab = parseVocab(readFileSync(`${dir}/vocab.txt`, 'utf8'), 'vocab.txt');
  return { source: dir, config, vocabTokens: vocab.tokens };
}

const RESULT: SweepResult = { steps: [], layers: 2, heads: 2, realTokens: 5, totalMs: 1 };

describe('the sweep slice', () => {
  const recordOf = (model = tinyModelInfo()): SweepRecord => ({
    model,
    input: DEFAULT_INPUT,
    stepPads: 8,
    maskLabels: [],
    result: RESULT,
    roundTripMs: 2,
  });

  it('drops the progress and answer of a sweep that a newer one replaced', () => {
    const store = createAppStore();
    const old = store.getState().beginRequest('sweep');
    const current = store.getState().beginRequest('sweep');
    store.getState().progressSweep(old, 3, 9);
    expect(store.getState().sweepProgress).toBeNull();
    store.getState().settleRequest('sweep', old, recordOf());
    expect(store.getState().sweep.result).toBeNull();
    store.getState().progressSweep(current, 1, 4);
    expect(store.getState().sweepProgress).toEqual({ done: 1, total: 4 });
    store.getState().settleRequest('sweep', current, recordOf());
    expect(store.getState().sweep.phase).toBe('done');
    expect(store.getState().sweep.resultId).toBe(current);
  });

  it('tells a stopped sweep from a failed one', () => {
    const store = createAppStore();
    store.getState().failRequest('sweep', store.getState().beginRequest('sweep'), null);
    expect(store.getState().sweep.phase).toBe('cancelled');
    store
      .getState()
      .failRequest('sweep', store.getState().beginRequest('sweep'), 'The sweep failed: boom');
    expect(store.getState().sweep).toMatchObject({
      phase: 'error',
      error: 'The sweep failed: boom',
    });
  });

  it('keeps the step a whole number of pads ≥ 1', () => {
    const store = createAppStore();
    store.getState().setSweepStep(0);
    expect(store.getState().sweepStep).toBe(1);
    store.getState().setSweepStep(12.6);
    expect(store.getState().sweepStep).toBe(13);
  });

  it('calls a sweep stale when the sentence or model changes, not the padding', () => {
    const store = createAppStore();
    const model = tinyModelInfo();
    store.getState().settleRequest('load', store.getState().beginRequest('load'), model);
    store
      .getState()
      .settleRequest('sweep', store.getState().beginRequest('sweep'), recordOf(model));
    expect(selectIsSweepStale(store.getState())).toBe(false);
    store.getState().setPaddingLength(40);
    expect(selectIsSweepStale(store.getState())).toBe(false);
    store.getState().setInputs({ sentence: 'another [MASK] .' });
    expect(selectIsSweepStale(store.getState())).toBe(true);
  });
});
