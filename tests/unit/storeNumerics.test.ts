// The attention numerics in the store: the controls change them, picking an entry that needs
// fp16, a causal mask or a score scale switches them, and the run plan carries them to both modes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../app/store/appState';
import { selectRunPlan } from '../../app/store/selectors';
import { parseConfigText } from '../../src/checkpoint/configJson';
import { DEFAULT_NUMERICS } from '../../src/masks/numerics';
import { parseVocab } from '../../src/tokenizer/vocab';

const TINY = 'tests/golden/tiny';

function storeWithModel(): AppStore {
  const store = createAppStore();
  const config = parseConfigText(readFileSync(`${TINY}/config.json`, 'utf8'), 'config.json');
  const vocab = parseVocab(readFileSync(`${TINY}/vocab.txt`, 'utf8'), 'vocab.txt');
  const loadId = store.getState().beginRequest('load');
  store
    .getState()
    .settleRequest('load', loadId, { source: TINY, config, vocabTokens: vocab.tokens });
  return store;
}

describe('attention numerics in the store', () => {
  it('starts in fp32, bidirectional, ×1, and changes one field at a time', () => {
    const store = storeWithModel();
    expect(store.getState().numerics).toEqual(DEFAULT_NUMERICS);
    store.getState().setNumerics({ precision: 'bf16' });
    store.getState().setNumerics({ isCausal: true });
    expect(store.getState().numerics).toEqual({
      ...DEFAULT_NUMERICS,
      precision: 'bf16',
      isCausal: true,
    });
  });

  it('switches to the numerics and side of an entry that needs them, and keeps them otherwise', () => {
    const store = storeWithModel();
    store.getState().setMode('b', 'fp16-min-planes-sum');
    expect(store.getState().numerics).toEqual({ precision: 'fp16', isCausal: true, scoreScale: 1 });
    expect(store.getState().paddingSide).toBe('left');
    store.getState().setMode('b', 'no-mask');
    expect(store.getState().numerics.precision).toBe('fp16');
    store.getState().setMode('a', 'large-scores-1e5');
    expect(store.getState().numerics.scoreScale).toBe(1e5);
  });

  it('sends the numerics with both modes of the run plan', () => {
    const store = storeWithModel();
    store.getState().setSentence('the cat sat on the [MASK] .');
    store.getState().setNumerics({ precision: 'fp16', isCausal: true });
    const plan = selectRunPlan(store.getState());
    const expected = { precision: 'fp16', isCausal: true, scoreScale: 1 };
    expect(plan?.request.modeA.numerics).toEqual(expected);
    expect(plan?.request.modeB.numerics).toEqual(expected);
  });
});
