import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../app/store/appState';
import { selectDetail, selectDifference, selectGridPane } from '../../app/store/heatmapSelectors';
import { DEFAULT_INPUT } from '../../app/store/inputSlice';
import type { ModelInfo } from '../../app/store/modelSlice';
import {
  selectHeadRowSums,
  selectIsStale,
  selectLeakScores,
  selectMeasurements,
  selectPaddingFlags,
  selectPredictions,
  selectRunTitles,
  selectSelectedHead,
  selectVerdicts,
} from '../../app/store/resultSelectors';
import {
  selectBackendChoice,
  selectCompilingSeqLen,
  selectShaderNotice,
  selectBackendNotice,
  selectBannerMessages,
  selectTiming,
} from '../../app/store/statusSelectors';
import { analyseSide, type Analysis } from '../../src/analysis/analysis';
import { attentionOf } from '../../src/analysis/attentionMaps';
import { predictionsOf, topK } from '../../src/analysis/predictions';
import {
  selectEffectivePadding,
  selectInputProblems,
  selectRunPlan,
} from '../../app/store/selectors';
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
  const loadId = store.getState().beginRequest('load');
  store.getState().settleRequest('load', loadId, tinyModelInfo());
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

  it('clamps a negative padding to 0 and says so, as it does a padding beyond the positions', () => {
    const store = storeWithModel();
    store.getState().setPaddingLength(-5);
    expect(selectEffectivePadding(store.getState())).toBe(0);
    expect(selectInputProblems(store.getState())).toEqual([
      {
        field: 'padding',
        message: 'Padding -5 is below 0, so 0 pads are used.',
        isBlocking: false,
      },
    ]);
    expect(selectRunPlan(store.getState())?.request.paddingLength).toBe(0);
  });

  it('asks for the logits of the [MASK] rows only', () => {
    const store = storeWithModel();
    store.getState().setSentence('[MASK] cat sat on the [MASK] .');
    const plan = selectRunPlan(store.getState());
    expect(plan?.request.maskIndices).toEqual([1, 6]);
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

  it('names the sequence length a GPU backend compiles for, each new length once', () => {
    const store = storeWithModel();
    const gpu = { isSoftwareAdapter: true, adapterDescription: 'google swiftshader', skipped: [] };
    store.getState().setBackend({ active: 'webgpu', ...gpu }, null);
    store.getState().setSentence('the cat sat on the [MASK] .');
    store.getState().setPaddingLength(4);
    store.getState().beginRequest('run');
    expect(selectCompilingSeqLen(store.getState())).toBe(9 + 4);
    expect(selectShaderNotice(store.getState())).toBe(
      'Compiling shaders for the first run: up to a minute on this software adapter, once per model and backend.',
    );
    store.getState().markWarm(13);
    expect(selectCompilingSeqLen(store.getState())).toBeNull();
    expect(selectShaderNotice(store.getState())).toBeNull();
    store.getState().setPaddingLength(5); // a length not run yet compiles again
    expect(selectCompilingSeqLen(store.getState())).toBe(14);
    expect(selectShaderNotice(store.getState())).toBe(
      'New sequence length (14 tokens): compiling the shaders whose tiling changed.',
    );
    store.getState().setBackend({ active: 'wasm', ...gpu, isSoftwareAdapter: false }, null);
    expect(selectCompilingSeqLen(store.getState())).toBeNull();
  });

  it('says in one line why auto passed over backends on a software adapter', () => {
    const store = createAppStore();
    const software = { reason: 'runs on a software adapter here (SwiftShader)', isSoftware: true };
    const report = {
      active: 'wasm' as const,
      isSoftwareAdapter: false,
      adapterDescription: null,
      skipped: [
        { name: 'webgpu' as const, ...software },
        { name: 'webgl' as const, ...software },
      ],
    };
    store.getState().setBackend(report, null);
    expect(selectBackendChoice(store.getState())).toBe(
      'auto chose WASM: WebGPU and WebGL run on a software adapter here, which is slower; pick WebGPU to use it anyway.',
    );
    store
      .getState()
      .setBackend({ ...report, skipped: [{ name: 'webgpu', reason: 'no adapter' }] }, null);
    expect(selectBackendChoice(store.getState())).toBeNull();
    store.getState().setBackendPreference('wasm');
    store.getState().setBackend(report, null);
    expect(selectBackendChoice(store.getState())).toBeNull();
  });
});

/** One layer, one head, T = 3 with the last token padding; mode A masks it, mode B does not. */
function syntheticAnalysis(): Analysis {
  const mask = Int32Array.from([1, 1, 0]);
  const vocab = ['[PAD]', 'a', 'b', 'c', 'd', 'e'];
  const side = (attention: number[], drift: number) =>
    analyseSide(attentionOf(Float32Array.from(attention), 1, 1, 3), mask, {
      drift,
      predictions: predictionsOf(Float32Array.from([0, 3, 1, 2, -1, 0]), [1], vocab),
    });
  return {
    mask,
    labels: ['[CLS]', '[MASK]', '[PAD]'],
    a: side([0.5, 0.5, 0, 0.25, 0.75, 0, 0.3, 0.3, 0.4], 0),
    b: side([0.4, 0.4, 0.2, 0.2, 0.5, 0.3, 0.3, 0.3, 0.4], 0.5),
    totalMs: 2,
    forwardMs: 1,
    referenceMs: 0.5,
  };
}

function storeWithResult(): AppStore {
  const store = storeWithModel();
  const runId = store.getState().beginRequest('run');
  const model = store.getState().load.result;
  if (model === null) throw new Error('no model');
  store.getState().settleRequest('run', runId, {
    model,
    input: { ...DEFAULT_INPUT, modeBId: 'no-mask' },
    analysis: syntheticAnalysis(),
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
    expect(verdicts?.a).toMatch(/^Correct key mask \(c = -1e4\): no leak/);
    expect(verdicts?.b).toMatch(
      /^No mask \(mask not passed on\): 25\.0% of real-token attention \(mean over layers, heads and real query rows\) lands on 1 padding key/,
    );
    expect(verdicts?.b).toMatch(/drift by 0\.5/);
  });

  it('marks padding positions from the mask', () => {
    const state = storeWithResult().getState();
    expect([...(selectPaddingFlags(state) ?? [])]).toEqual([0, 0, 1]);
  });

  it('titles the results with the constant they ran with, even after the input moved on', () => {
    const store = storeWithResult();
    expect(selectRunTitles(store.getState()).a).toBe('Correct key mask (c = -1e4)');
    store.getState().setConstant('a', -1e9);
    // The results on screen ran with -1e4: their labels must say so until a new run arrives.
    expect(selectRunTitles(store.getState()).a).toBe('Correct key mask (c = -1e4)');
    expect(selectVerdicts(store.getState())?.a).toMatch(/c = -1e4/);
    const runId = store.getState().beginRequest('run');
    const model = store.getState().load.result;
    const { result } = store.getState().run;
    if (model === null || result === null) throw new Error('no result');
    store.getState().settleRequest('run', runId, {
      ...result,
      model,
      input: { ...result.input, constantA: -1e9 },
    });
    expect(selectRunTitles(store.getState()).a).toBe('Correct key mask (c = -1e9)');
    expect(selectVerdicts(store.getState())?.a).toMatch(/^Correct key mask \(c = -1e9\)/);
  });

  it('marks results stale once the input changes, and fresh again when they answer it', () => {
    const store = storeWithResult();
    expect(selectIsStale(store.getState())).toBe(false);
    store.getState().setSentence('');
    expect(selectIsStale(store.getState())).toBe(true);
    store.getState().setSentence(DEFAULT_INPUT.sentence);
    expect(selectIsStale(store.getState())).toBe(false);
    store.getState().setPaddingLength(7);
    expect(selectIsStale(store.getState())).toBe(true);
  });

  it('gives each head its real-row sum range', () => {
    const sums = selectHeadRowSums(storeWithResult().getState());
    expect(sums?.a[0]?.[0]).toMatchObject({ min: 1, max: 1 });
  });

  it('builds A − B once and shares it between the grid panes and the detail', () => {
    const store = storeWithResult();
    store.getState().setGridView('left', 'diff');
    store.getState().setGridView('right', 'diff');
    store.getState().setColorBy('diff');
    const state = store.getState();
    const difference = selectDifference(state);
    expect(difference?.data[2]).toBeCloseTo(-0.2, 6);
    expect(selectGridPane(state, 'left')?.attention).toBe(difference);
    expect(selectGridPane(state, 'right')?.attention).toBe(difference);
    expect(selectGridPane(state, 'left')?.scale).toBe(selectGridPane(state, 'right')?.scale);
    expect(selectDetail(state)?.drawn.buffer).toBe(difference?.data.buffer);
    expect(selectGridPane(store.getState(), 'left')).toBe(selectGridPane(state, 'left'));
  });

  it('hiding padding query rows draws only the real queries, against every key', () => {
    const store = storeWithResult();
    store.getState().setColorBy('B');
    const all = selectDetail(store.getState());
    expect(all?.queries).toEqual([0, 1, 2]);
    expect(all?.drawn).toHaveLength(9);
    store.getState().setPaddingQueriesHidden(true);
    const hidden = selectDetail(store.getState());
    expect(hidden?.queries).toEqual([0, 1]);
    // Rows 0 and 1 of B, all three keys each (the padding key's column stays).
    expect([...(hidden?.drawn ?? [])].map((v) => Number(v.toFixed(6)))).toEqual([
      0.4, 0.4, 0.2, 0.2, 0.5, 0.3,
    ]);
    expect(hidden?.b).toHaveLength(9);
  });

  it('shows the run wall time and each forward apart, not their sum', () => {
    expect(selectTiming(storeWithResult().getState())).toBe(
      'run 3.0 ms (forward A+B 1.0 ms · references 0.5 ms)',
    );
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
    expect(prediction?.a[0]?.token).toBe('a');
    const total = [0, 3, 1, 2, -1, 0].reduce((sum, logit) => sum + Math.exp(logit), 0);
    expect(prediction?.a[0]?.probability).toBeCloseTo(Math.exp(3) / total, 6);
    expect(prediction?.isTop1Changed).toBe(false);
    expect(prediction?.comparison).toBe('same top-1');
  });

  it('a side with NaN logits has no ranking, so no top-1 to disagree about', () => {
    const store = storeWithResult();
    const { result } = store.getState().run;
    if (result === null) throw new Error('no result');
    const vocab = ['[PAD]', 'a', 'b', 'c', 'd', 'e'];
    const nanB = {
      ...result.analysis.b!,
      predictions: predictionsOf(Float32Array.from([0, NaN, 1, 2, -1, 0]), [1], vocab),
    };
    const runId = store.getState().beginRequest('run');
    store.getState().settleRequest('run', runId, {
      ...result,
      analysis: { ...result.analysis, b: nanB },
    });
    const [prediction] = selectPredictions(store.getState());
    expect(prediction?.b).toEqual([]);
    expect(prediction?.hasNaN).toEqual({ a: false, b: true });
    expect(prediction?.isTop1Changed).toBe(false);
    expect(prediction?.comparison).toBe('B has NaN logits: no ranking');
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

describe('the banner', () => {
  it('never says "remove N tokens" and "the sentence is empty" at once', () => {
    const store = storeWithModel();
    store.getState().setSentence(Array.from({ length: 70 }, () => 'cat').join(' '));
    store.getState().blockRequest('run');
    expect(selectBannerMessages(store.getState()).map((m) => m.text)).toEqual([
      expect.stringMatching(/remove 8 tokens/),
    ]);
    store.getState().setSentence('');
    store.getState().blockRequest('run');
    expect(selectBannerMessages(store.getState()).map((m) => m.text)).toEqual([
      expect.stringMatching(/empty/),
    ]);
  });
});
