// The header names the source on screen: the model and its run time, or the user's tensors and
// their check time, never the model's while "Your tensors" is open.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../app/store/appState';
import { DEFAULT_TENSOR_FIELDS } from '../../app/store/tensorsSlice';
import { selectTensorSourceLabel, selectTiming } from '../../app/store/statusSelectors';
import type { TensorsAnswer } from '../../app/protocol/engineProtocol';
import { checkOpenDump } from '../../app/engine/checkTensors';
import { syntheticAnalysis } from './helpers/syntheticRun';
import { dumpManifest } from './helpers/dumpManifest';
import { DEFAULT_TENSOR_OPTIONS } from './helpers/tensorOptions';

describe("the header while the user's tensors are the source", () => {
  it("names the files and their heads, and times the check instead of the model's run", () => {
    const store = createAppStore();
    expect(selectTensorSourceLabel(store.getState())).toBeNull();
    store.getState().setSource('tensors');
    expect(selectTensorSourceLabel(store.getState())).toBe('Your tensors · no file open');
    expect(selectTiming(store.getState())).toBeNull();
    const readId = store.getState().beginRequest('tensorRead');
    store
      .getState()
      .settleRequest('tensorRead', readId, { files: ['attn.npz'], compareFiles: [], arrays: [] });
    const checkId = store.getState().beginRequest('tensorCheck');
    const answer = { analysis: syntheticAnalysis(1, 12) } as unknown as TensorsAnswer;
    store.getState().settleRequest('tensorCheck', checkId, {
      fields: DEFAULT_TENSOR_FIELDS,
      answer,
      roundTripMs: 12,
    });
    expect(selectTensorSourceLabel(store.getState())).toBe(
      'Your tensors · attn.npz · 1 layer × 12 heads · T 3',
    );
    expect(selectTiming(store.getState())).toBe('check 12.0 ms');
  });
});

describe('the header on attention that is not square self-attention', () => {
  const { cases, filesOf } = dumpManifest('tests/fixtures/dumps-shapes');

  it.each([
    ['pooling_no_mask', '1 layer × 1 head · pooling over T 20'],
    ['pooling_multihead_masked', '1 layer × 4 heads · pooling over T 20'],
    ['cross_attention_no_mask', '1 layer × 4 heads · Tq 5 × Tk 12'],
    ['decode_step_masked', '1 layer × 4 heads · 1 new token over T 9'],
  ])('names %s by its query and key lengths: %s', (name, expected) => {
    const found = cases.find((c) => c.name === name);
    if (found === undefined) throw new Error(`no fixture ${name}`);
    const store = createAppStore();
    store.getState().setSource('tensors');
    const readId = store.getState().beginRequest('tensorRead');
    store.getState().settleRequest('tensorRead', readId, {
      files: [`${name}.npz`],
      compareFiles: [],
      arrays: [],
    });
    const checkId = store.getState().beginRequest('tensorCheck');
    store.getState().settleRequest('tensorCheck', checkId, {
      fields: DEFAULT_TENSOR_FIELDS,
      answer: checkOpenDump(filesOf(found), [], DEFAULT_TENSOR_OPTIONS),
      roundTripMs: 1,
    });
    expect(selectTensorSourceLabel(store.getState())).toBe(
      `Your tensors · ${name}.npz · ${expected}`,
    );
  });
});
