import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { comparisonOf, modelNameOf, paddingText, runExportOf } from '../../app/export/exportRun';
import { poolingKeyOf } from '../../app/store/onDemandRecords';
import { selectRunPlan } from '../../app/store/selectors';
import { createAppStore, type AppStore } from '../../app/store/appState';
import { DEFAULT_INPUT } from '../../app/store/inputSlice';
import { analyseSide, type Analysis } from '../../src/analysis/analysis';
import { attentionOf } from '../../src/analysis/attentionMaps';
import { parseConfigText } from '../../src/checkpoint/configJson';
import { readDump } from '../../src/dump/readDump';
import { runJson } from '../../src/export/runJson';
import { parseVocab } from '../../src/tokenizer/vocab';

const TINY = 'tests/golden/tiny';

function analysis(): Analysis {
  const mask = Int32Array.from([1, 1, 0]);
  const side = (attention: number[]) =>
    analyseSide(attentionOf(Float32Array.from(attention), 1, 1, 3), mask);
  return {
    mask,
    labels: ['[CLS]', '[MASK]', '[PAD]'],
    a: side([0.5, 0.5, 0, 0.25, 0.75, 0, 0.3, 0.3, 0.4]),
    b: side([0.4, 0.4, 0.2, 0.2, 0.5, 0.3, 0.3, 0.3, 0.4]),
    totalMs: 2,
    forwardMs: 1,
    referenceMs: 0.5,
  };
}

function storeWithRun(): AppStore {
  const store = createAppStore();
  const config = parseConfigText(readFileSync(`${TINY}/config.json`, 'utf8'), 'config.json');
  const vocab = parseVocab(readFileSync(`${TINY}/vocab.txt`, 'utf8'), 'vocab.txt');
  const loadId = store.getState().beginRequest('load');
  store
    .getState()
    .settleRequest('load', loadId, { source: 'models/tiny/', config, vocabTokens: vocab.tokens });
  const model = store.getState().load.result;
  if (model === null) throw new Error('no model');
  const numerics = { precision: 'fp16', isCausal: true, scoreScale: 1 } as const;
  const input = { ...DEFAULT_INPUT, modeBId: 'no-mask', constantA: -1e9, numerics };
  store.getState().setInputs(input);
  store.getState().settleRequest('run', store.getState().beginRequest('run'), {
    model,
    input,
    analysis: analysis(),
    roundTripMs: 3,
  });
  return store;
}

describe('what a model run exports', () => {
  it('names the modes with their constant, formula and numerics, the padding as run and the model', () => {
    const state = storeWithRun().getState();
    const run = runExportOf(state, 'http://localhost/?pad=1');
    expect(run.modes.a).toEqual({
      id: 'key-additive',
      title: 'Correct key mask (c = -1e9)',
      formula: 'softmax(S + K(1-m)·(-1e9))',
      numerics: { precision: 'fp16', isCausal: true, scoreScale: 1 },
    });
    expect(run.modes.b?.id).toBe('no-mask');
    expect(run.modes.b?.numerics?.precision).toBe('fp16');
    expect(run.input).toMatchObject({
      source: 'model',
      model: 'models/tiny/',
      padding: 1,
      paddingSide: DEFAULT_INPUT.paddingSide,
      permalink: 'http://localhost/?pad=1',
    });
    expect(comparisonOf(state)).toBe('keyAdditive-vs-noMask');
    expect(modelNameOf(state)).toBe('tiny');
    expect(paddingText(state, run.analysis)).toBe('1 pad (right)');
    expect(run.verdicts.b).toMatch(/No mask/);
  });

  it('leaves the permalink out once the input has changed since the run', () => {
    const store = storeWithRun();
    store.getState().setSentence('another sentence');
    expect(runExportOf(store.getState(), 'http://localhost/?s=another').input.permalink).toBeNull();
  });

  it('loads back with the labels the run had', () => {
    const run = runExportOf(storeWithRun().getState(), null);
    const file = readDump(new TextEncoder().encode(runJson(run)), 'run.json');
    expect(file.labels).toEqual(['[CLS]', '[MASK]', '[PAD]']);
  });

  it('carries the pooling audit and the convention check done for the input on screen', () => {
    const store = storeWithRun();
    const plan = selectRunPlan(store.getState());
    if (plan === null) throw new Error('no plan');
    const { ids, paddingLength, modeA, modeB } = plan.request;
    const key = poolingKeyOf('models/tiny/', { ids, paddingLength, modeA, modeB });
    const cell = {
      kind: 'mean' as const,
      isMasked: false,
      side: 'right' as const,
      cosine: 0.5,
      relativeChange: 0.75,
      paddingMass: 0.5,
      weights: Float32Array.from([0.5, 0.5]),
    };
    const audit = { layouts: [], a: [cell], b: [], forwardMs: 1 };
    store.getState().settleRequest('pooling', store.getState().beginRequest('pooling'), {
      key,
      audit,
    });
    store.getState().setConventionFields({ conventionTyped: '1 1 0', conventionMeant: '1 1 0' });
    const checks = runExportOf(store.getState(), null).checks;
    expect(checks?.pooling).toEqual([
      {
        mode: 'A',
        pooling: 'mean',
        isMasked: false,
        side: 'right',
        cosine: 0.5,
        relativeChange: 0.75,
      },
    ]);
    expect(checks?.taint).toBeNull();
    expect(checks?.convention?.api).toBe(store.getState().conventionApi);
    expect(checks?.convention?.headline.length).toBeGreaterThan(0);
    const json = JSON.parse(runJson(runExportOf(store.getState(), null))) as {
      checks: { pooling: unknown[] };
    };
    expect(json.checks.pooling).toHaveLength(1);
  });

  it('leaves out a pooling audit done for another input', () => {
    const store = storeWithRun();
    const id = store.getState().beginRequest('pooling');
    const audit = { layouts: [], a: [], b: [], forwardMs: 1 };
    store.getState().settleRequest('pooling', id, { key: 'another input', audit });
    expect(runExportOf(store.getState(), null).checks?.pooling).toBeNull();
  });
});
