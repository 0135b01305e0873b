// A store answered by a made-up run: `layers` × `heads` heads over T = 3 positions, the last one
// padding; mode A gives it no weight, mode B a fifth of every row's. For selector tests that need
// results but no model forward.
import type { AppStore } from '../../../app/store/appState';
import { analyseSide, type Analysis } from '../../../src/analysis/analysis';
import { attentionOf } from '../../../src/analysis/attentionMaps';
import { selectInputFields } from '../../../app/store/selectors';

const SEQ_LEN = 3;

/** The made-up results: `layers` × `heads` heads over T = 3. */
export function syntheticAnalysis(layers: number, heads: number): Analysis {
  const mask = Int32Array.from([1, 1, 0]);
  const rows = (row: number[]) =>
    Float32Array.from(Array.from({ length: layers * heads * SEQ_LEN }, () => row).flat());
  const side = (row: number[]) => analyseSide(attentionOf(rows(row), layers, heads, SEQ_LEN), mask);
  return {
    mask,
    labels: ['[CLS]', 'a', '[PAD]'],
    a: side([0.5, 0.5, 0]),
    b: side([0.4, 0.4, 0.2]),
    totalMs: 2,
    forwardMs: 1,
    referenceMs: 0.5,
  };
}

/** Finishes a run on `store` (whose model must be loaded) with made-up results. */
export function finishSyntheticRun(store: AppStore, layers = 2, heads = 2): void {
  const state = store.getState();
  const model = state.load.result;
  if (model === null) throw new Error('load a model before finishing a run');
  const runId = state.beginRequest('run');
  state.settleRequest('run', runId, {
    model,
    input: selectInputFields(state),
    analysis: syntheticAnalysis(layers, heads),
    roundTripMs: 3,
  });
}
