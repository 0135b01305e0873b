import { DEFAULT_NUMERICS, PRECISIONS, SCORE_SCALES } from '../../src/masks/numerics';
import fc from 'fast-check';
import { FLOAT32_MIN } from '../../src/masks/modes';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_URL_STATE,
  MAX_URL_INDEX,
  MAX_URL_PADDING,
  MAX_URL_SENTENCE,
  parseUrlState,
  readUrlState,
  serialiseUrlState,
  type UrlState,
} from '../../app/store/urlState';
import { BACKEND_ORDER } from '../../src/backend/backendNames';
import { MASK_CATALOGUE } from '../../src/masks/catalogue';
import { PAD_NUMBERINGS } from '../../src/masks/positions';

const entryArb = fc.constantFrom(...MASK_CATALOGUE);

/** A mode id with a constant the entry accepts (or null when it has no choice). */
const modeArb = entryArb.chain((entry) =>
  entry.constantChoices.length > 1
    ? fc.record({
        id: fc.constant(entry.id),
        constant: fc.option(fc.constantFrom(...entry.constantChoices)),
      })
    : fc.record({ id: fc.constant(entry.id), constant: fc.constant(null) }),
);

const stateArb: fc.Arbitrary<UrlState> = fc
  .record({
    sentence: fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 120 }),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.constantFrom('', DEFAULT_URL_STATE.sentence, 'a&b=c?d#e+f%20 [MASK]'),
    ),
    paddingLength: fc.integer({ min: -MAX_URL_PADDING, max: MAX_URL_PADDING }),
    paddingSide: fc.constantFrom('right' as const, 'left' as const),
    padNumbering: fc.constantFrom(...PAD_NUMBERINGS),
    modeA: modeArb,
    modeB: modeArb,
    layer: fc.integer({ min: 0, max: MAX_URL_INDEX }),
    head: fc.integer({ min: 0, max: MAX_URL_INDEX }),
    orientation: fc.constantFrom('rowsAreQueries' as const, 'rowsAreKeys' as const),
    scale: fc.constantFrom('linear' as const, 'log' as const),
    colorBy: fc.constantFrom('A' as const, 'B' as const, 'diff' as const),
    isPaddingQueriesHidden: fc.boolean(),
    modelId: fc.option(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/)),
    backend: fc.constantFrom('auto' as const, ...BACKEND_ORDER),
    numerics: fc.record({
      precision: fc.constantFrom(...PRECISIONS),
      isCausal: fc.boolean(),
      scoreScale: fc.constantFrom(...SCORE_SCALES),
    }),
  })
  .map((r): UrlState => ({
    sentence: r.sentence.slice(0, MAX_URL_SENTENCE),
    paddingLength: r.paddingLength,
    paddingSide: r.paddingSide,
    padNumbering: r.padNumbering,
    modeAId: r.modeA.id,
    modeBId: r.modeB.id,
    constantA: r.modeA.constant,
    constantB: r.modeB.constant,
    numerics: r.numerics,
    selected: { layer: r.layer, head: r.head },
    orientation: r.orientation,
    scale: r.scale,
    colorBy: r.colorBy,
    isPaddingQueriesHidden: r.isPaddingQueriesHidden,
    modelId: r.modelId,
    backend: r.backend,
  }));

describe('URL state', () => {
  it("carries the padding's position numbering as pos, Hugging Face's when absent or unknown", () => {
    expect(serialiseUrlState(DEFAULT_URL_STATE)).toBe('');
    expect(DEFAULT_URL_STATE.padNumbering).toBe('huggingface');
    const text = serialiseUrlState({ ...DEFAULT_URL_STATE, padNumbering: 'zero' });
    expect(text).toBe('pos=zero');
    expect(parseUrlState(text).padNumbering).toBe('zero');
    expect(parseUrlState('pos=two').padNumbering).toBe('huggingface');
  });

  it('carries fp16, causal and the score scale as prec, causal and sscale', () => {
    const numerics = { precision: 'fp16', isCausal: true, scoreScale: 1e5 } as const;
    const text = serialiseUrlState({ ...DEFAULT_URL_STATE, numerics });
    expect(text).toBe('prec=fp16&causal=1&sscale=1e5');
    expect(parseUrlState(text).numerics).toEqual(numerics);
    expect(parseUrlState('prec=fp8&causal=yes&sscale=7').numerics).toEqual(DEFAULT_NUMERICS);
  });

  it('round-trips every valid state through the query string', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        expect(parseUrlState(serialiseUrlState(state))).toEqual(state);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips through a full URL with a leading question mark', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const url = new URL(`http://127.0.0.1:4179/?${serialiseUrlState(state)}`);
        expect(parseUrlState(url.search)).toEqual(state);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the defaults for an empty query string', () => {
    expect(parseUrlState('')).toEqual(DEFAULT_URL_STATE);
    expect(serialiseUrlState(DEFAULT_URL_STATE)).toBe('');
  });

  it.each([
    ['fractional padding', 'pad=2.5'],
    ['exponent padding', 'pad=1e3'],
    ['padding beyond what a link may ask', `pad=${MAX_URL_PADDING + 1}`],
    ['unknown side', 'side=top'],
    ['unknown mode', 'a=banana&b=%00'],
    ['constant the mode does not take', 'ca=-5&cb=-1e4'],
    ['garbage head', 'layer=x&head=-1'],
    ['huge layer', `layer=${MAX_URL_INDEX + 1}`],
    ['unknown orientation', 'axes=diagonal'],
    ['unknown scale', 'scale=sqrt'],
    ['unknown colouring', 'color=green'],
    ['model id with a slash', 'model=../secret'],
    ['unknown backend', 'backend=cuda'],
  ])('falls back to the defaults for %s', (_name, query) => {
    const state = parseUrlState(query);
    expect(state).toEqual(DEFAULT_URL_STATE);
  });

  it.each([
    ['pad=-5', -5],
    ['pad=99999', 99999],
  ])(
    'reads %s as asked, as the padding box does, for the run to clamp with a notice',
    (query, pad) => {
      expect(readUrlState(query)).toEqual({
        state: { ...DEFAULT_URL_STATE, paddingLength: pad },
        problems: [],
      });
    },
  );

  it('names a garbled padding and uses the default', () => {
    const { state, problems } = readUrlState('pad=abc');
    expect(state.paddingLength).toBe(DEFAULT_URL_STATE.paddingLength);
    expect(problems).toEqual([expect.stringContaining('"pad=abc" is not a whole number')]);
  });

  it.each([
    ['a link cut mid-character', '?s=the+doctor+%E4%BD&pad=4', { paddingLength: 4 }],
    ['bytes that are not UTF-8', '?s=%FF%FE', {}],
  ])(
    'ignores a value that is not percent-encoded UTF-8 (%s) and names it',
    (_name, query, kept) => {
      const { state, problems } = readUrlState(query);
      expect(state).toEqual({ ...DEFAULT_URL_STATE, ...kept });
      expect(problems).toEqual([
        expect.stringMatching(/"s" value is not valid percent-encoded UTF-8/),
      ]);
    },
  );

  it('keeps a literal % that is not an escape, as URLSearchParams does', () => {
    expect(readUrlState('s=100%+sure').state.sentence).toBe('100% sure');
  });

  it('keeps a constant the chosen mode offers', () => {
    const state = parseUrlState('a=key-additive&ca=-1000000000');
    expect(state.constantA).toBe(-1e9);
  });

  it('opens links to the merged -1e9 and float32-min entries as constants of the key mask', () => {
    expect(parseUrlState('a=key-additive-1e9')).toMatchObject({
      modeAId: 'key-additive',
      constantA: -1e9,
    });
    expect(parseUrlState('b=key-additive-f32-min')).toMatchObject({
      modeBId: 'key-additive',
      constantB: FLOAT32_MIN,
    });
    expect(parseUrlState('a=key-additive-1e4&ca=-1000000000').constantA).toBe(-1e9);
    expect(parseUrlState('a=constructor').modeAId).toBe(DEFAULT_URL_STATE.modeAId);
  });

  it('cuts an over-long sentence to the limit', () => {
    const state = parseUrlState(`s=${'a'.repeat(MAX_URL_SENTENCE + 10)}`);
    expect(state.sentence).toHaveLength(MAX_URL_SENTENCE);
  });

  it('never throws on arbitrary query strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (query) => {
        const state = parseUrlState(query);
        expect(Math.abs(state.paddingLength)).toBeLessThanOrEqual(MAX_URL_PADDING);
      }),
      { numRuns: 1000 },
    );
  });
});
