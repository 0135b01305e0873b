// The page's run state and shown answer follow the source on screen: the model's run, the check
// of the user's tensors (a read counts as running), or the ONNX padding test.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../app/store/appState';
import { selectShownResultId, selectSourcePhase } from '../../app/store/requestSelectors';
import type { TensorRecord } from '../../app/store/tensorsSlice';

describe('the phase and answer of the source on screen', () => {
  it("reads the model's run, then the tensors' read and check, then the ONNX test", () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().beginRequest('run');
    expect(selectSourcePhase(s())).toBe('running');
    s().setSource('tensors');
    expect(selectSourcePhase(s())).toBe('idle');
    const readId = s().beginRequest('tensorRead');
    expect(selectSourcePhase(s())).toBe('running');
    s().failRequest('tensorRead', readId, 'not a dump');
    expect(selectSourcePhase(s())).toBe('error');
    s().setSource('onnx');
    expect(selectSourcePhase(s())).toBe('idle');
    s().beginRequest('onnx');
    expect(selectSourcePhase(s())).toBe('running');
  });

  it('names the request whose answer is shown for each source', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().beginRequest('run');
    expect(selectShownResultId(s())).toBe(0);
    const checkId = s().beginRequest('tensorCheck');
    s().settleRequest('tensorCheck', checkId, {} as TensorRecord);
    expect(selectShownResultId(s())).toBe(0);
    s().setSource('tensors');
    expect(selectShownResultId(s())).toBe(checkId);
    s().setSource('onnx');
    expect(selectShownResultId(s())).toBe(0);
  });
});
