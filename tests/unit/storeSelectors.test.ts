import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModeRun, RunOutput } from '../../app/engine/protocol';
import { createAppStore, type AppStore } from '../../app/store/appState';
import { DEFAULT_INPUT } from '../../app/store/inputSlice';
import type { ModelInfo } from '../../app/store/modelSlice';
import { selectPredictions, topK } from '../../app/store/predictionSelectors';
import {
  selectLeakScores,
  selectMeasurements,
  selectRunMaps,
  selectSelectedHead,
  selectVerdicts,
} from '../../app/store/resultSelectors';
import { selectBackendNotice } from '../../app/store/statusSelectors';
import {
  selectEffectivePadding,
  selectInputProblems,
  selectRunPlan,
} from '../../app/store/selectors';
import { paddedPieces } from '../../app/engine/runController';
import { parseConfigText } from '../../src/checkpoint/configJson';
import { parseVocab } from '../../src/tokenizer/vocab';

const TINY = 'tests/golden/tiny';

function tinyModelInfo(): ModelInfo {
  const config = parseConfigText(readFileSync(`${TINY}/config.json`, 'utf8'), 'config.json');
  const vocab = parseVocab(readFileSync(`${TINY}/vocab.txt`, 'utf8'), 'vocab.txt');
  return { source: TINY, config, vocabTokens: vocab.tokens };
}

function storeWithModel(): AppStore {
  const store = createAppStore();
  const loadId = store.getState().beginModelLoad('tiny');
  store.getState().finishModelLoad(loadId, tinyModelInfo());
  return store;
}

describe('input selectors', () => {
  it('blocks an empty sentence with a message', () => {
    const store = storeWithModel();
    store.getState().setSentence('  \n ');
    const [problem] = selectInputProblems(store.getState());
    expect(problem?.isBlocking).toBe(true);
    expect(problem?.message).toMatch(/empty/);
    expect(selectRunPlan(store.getState())).toBeNull();
  });

  it('names the token count and the limit of a sentence longer than the model', () => {
    const store = storeWithModel();
    store.getState().setSentence(Array.from({ length: 70 }, () => 'cat').join(' '));
    const [problem] = selectInputProblems(store.getState());
    expect(problem?.message).toBe(
      'The sentence is 72 tokens long with [CLS] and [SEP], but this model takes at most 64: remove 8 tokens.',
    );
    expect(selectRunPlan(store.getState())).toBeNull();
  });

  it('clamps padding beyond the positions and says so without blocking the run', () => {
    const store = storeWithModel();
    store.getState().setSentence('the cat sat on the [MASK] .');
    store.getState().setPaddingLength(500);
    expect(selectEffectivePadding(store.getState())).toBe(64 - 9);
    const [problem] = selectInputProblems(store.getState());
    expect(problem?.isBlocking).toBe(false);
    expect(problem?.message).toMatch(/Padding 500 does not fit.*room for 55/);
    expect(selectRunPlan(store.getState())?.request.paddingLength).toBe(55);
  });

  it('asks for the logits of the [MASK] rows only', () => {
    const store = storeWithModel();
    store.getState().setSentence('[MASK] cat sat on the [MASK] .');
    const plan = selectRunPlan(store.getState());
    expect(plan?.request.maskIndices).toEqual([1, 6]);
    expect(plan?.pieces[1]).toBe('[MASK]');
  });

  it('returns the same plan object until an input that matters changes', () => {
    const store = storeWithModel();
    const plan = selectRunPlan(store.getState());
    store.getState().setHoveredToken(3);
    store.getState().selectHead({ layer: 1, head: 1 });
    expect(selectRunPlan(store.getState())).toBe(plan);
    store.getState().setPaddingSide('left');
    expect(selectRunPlan(store.getState())).not.toBe(plan);
  });

  it('explains a backend fallback', () => {
    const store = createAppStore();
    store.getState().setBackendPreference('webgl');
    store.getState().setBackend(
      {
        active: 'wasm',
        isSoftwareAdapter: false,
        adapterDescription: null,
        skipped: [{ name: 'webgl', reason: 'no context' }],
      },
      null,
    );
    expect(selectBackendNotice(store.getState())).toBe(
      'WebGL is not available (no context); using WASM instead.',
    );
  });
});

/** One layer, one head, T = 3 with the last token padding; mode A masks it, mode B does not. */
function syntheticOutput(): RunOutput {
  const run = (attention: number[], reference: number[], final: number[]): ModeRun => ({
    attention: Float32Array.from(attention),
    logits: Float32Array.from([0, 3, 1, 2, -1, 0]),
    finalHidden: Float32Array.from(final),
    referenceHidden: Float32Array.from(reference),
    forwardMs: 1,
  });
  const reference = [1, 2, 3, 4];
  return {
    layers: 1,
    heads: 1,
    seqLen: 3,
    width: 2,
    vocabSize: 6,
    ids: Int32Array.from([2, 4, 0]),
    attentionMask: Int32Array.from([1, 1, 0]),
    realPositions: Int32Array.from([0, 1]),
    a: run([0.5, 0.5, 0, 0.25, 0.75, 0, 0.3, 0.3, 0.4], reference, [1, 2, 3, 4, 9, 9]),
    b: run([0.4, 0.4, 0.2, 0.2, 0.5, 0.3, 0.3, 0.3, 0.4], reference, [1, 2.5, 3, 4, 9, 9]),
    totalMs: 2,
  };
}

function storeWithResult(): AppStore {
  const store = storeWithModel();
  const runId = store.getState().requestRun();
  const output = syntheticOutput();
  store.getState().finishRun({
    runId,
    input: DEFAULT_INPUT,
    pieces: paddedPieces(['[CLS]', '[MASK]'], output),
    titleA: 'Correct',
    titleB: 'No mask',
    output,
    roundTripMs: 3,
  });
  return store;
}

describe('result selectors', () => {
  it('scores the padding mass of real rows per head', () => {
    const leak = selectLeakScores(storeWithResult().getState());
    expect(leak?.a[0]?.[0]).toEqual({ mean: 0, max: 0 });
    expect(leak?.b[0]?.[0]?.mean).toBeCloseTo(0.25, 6);
    expect(leak?.b[0]?.[0]?.max).toBeCloseTo(0.3, 6);
  });

  it('measures drift against the unpadded reference and words the verdicts', () => {
    const state = storeWithResult().getState();
    const measured = selectMeasurements(state);
    expect(measured?.a.drift).toBe(0);
    expect(measured?.b.drift).toBeCloseTo(0.5, 6);
    const verdicts = selectVerdicts(state);
    expect(verdicts?.a).toMatch(/^Correct: no leak/);
    expect(verdicts?.b).toMatch(/^No mask: 25\.0% of real-token attention lands on 1 padding key/);
    expect(verdicts?.b).toMatch(/drift by 0\.5/);
  });

  it('marks padding positions and pads the pieces', () => {
    const state = storeWithResult().getState();
    expect([...(selectRunMaps(state)?.padding ?? [])]).toEqual([0, 0, 1]);
    expect(state.result?.pieces).toEqual(['[CLS]', '[MASK]', '[PAD]']);
  });

  it('clamps the selected head to the run', () => {
    const store = storeWithResult();
    store.getState().selectHead({ layer: 9, head: 9 });
    expect(selectSelectedHead(store.getState())).toEqual({ layer: 0, head: 0 });
  });

  it('lists the top tokens of each [MASK] with softmax probabilities', () => {
    const [prediction] = selectPredictions(storeWithResult().getState());
    expect(prediction?.position).toBe(1);
    expect(prediction?.a.map((p) => p.id)).toEqual([1, 3, 2, 0, 5]);
    const total = [0, 3, 1, 2, -1, 0].reduce((sum, logit) => sum + Math.exp(logit), 0);
    expect(prediction?.a[0]?.probability).toBeCloseTo(Math.exp(3) / total, 6);
    expect(prediction?.isTop1Changed).toBe(false);
  });
});

describe('topK', () => {
  it('agrees with a full sort on random logits', () => {
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 10 - 5;
    for (let trial = 0; trial < 50; trial++) {
      const logits = Float32Array.from({ length: 300 }, random);
      const expected = [...logits.keys()]
        .sort((i, j) => (logits[j] ?? 0) - (logits[i] ?? 0))
        .slice(0, 5);
      expect(topK(logits, 5).map((entry) => entry.id)).toEqual(expected);
    }
  });
});
