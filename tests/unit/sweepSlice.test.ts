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
  const recordOf = (sweepId: number, model = tinyModelInfo()): SweepRecord => ({
    sweepId,
    model,
    input: DEFAULT_INPUT,
    stepPads: 8,
    maskLabels: [],
    result: RESULT,
    roundTripMs: 2,
  });

  it('drops the progress and answer of a sweep that a newer one replaced', () => {
    const store = createAppStore();
    const old = store.getState().requestSweep();
    const current = store.getState().requestSweep();
    store.getState().progressSweep(old, 3, 9);
    expect(store.getState().sweepProgress).toBeNull();
    store.getState().finishSweep(recordOf(old));
    expect(store.getState().sweep).toBeNull();
    store.getState().progressSweep(current, 1, 4);
    expect(store.getState().sweepProgress).toEqual({ done: 1, total: 4 });
    store.getState().finishSweep(recordOf(current));
    expect(store.getState().sweepPhase).toBe('done');
    expect(store.getState().sweep?.sweepId).toBe(current);
  });

  it('tells a stopped sweep from a failed one', () => {
    const store = createAppStore();
    store.getState().failSweep(store.getState().requestSweep(), null);
    expect(store.getState().sweepPhase).toBe('cancelled');
    store.getState().failSweep(store.getState().requestSweep(), 'The sweep failed: boom');
    expect(store.getState()).toMatchObject({
      sweepPhase: 'error',
      sweepError: 'The sweep failed: boom',
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
    store.setState({ model });
    store.getState().finishSweep(recordOf(store.getState().requestSweep(), model));
    expect(selectIsSweepStale(store.getState())).toBe(false);
    store.getState().setPaddingLength(40);
    expect(selectIsSweepStale(store.getState())).toBe(false);
    store.getState().setInputs({ sentence: 'another [MASK] .' });
    expect(selectIsSweepStale(store.getState())).toBe(true);
  });
});
