// The convention diagnosis in full words: for hand-built masks whose effect follows from each
// API's documented rule, the exact headline, the details (the fix line is the table's own
// correctLine), which cells differ from the key-only mask the user meant, and the NaN note.
import { describe, expect, it } from 'vitest';
import { apiConvention, type ApiId } from '../../src/conventions/apis';
import { checkConvention, MAX_CONVENTION_KEYS } from '../../src/conventions/checkConvention';
import { ConventionError } from '../../src/conventions/conventionError';
import { formatValue } from '../../src/conventions/diagnose';
import { parseTypedMask } from '../../src/conventions/parseMask';

const REAL = Int32Array.from([1, 1, 1, 0, 0]);
const diagnosisOf = (api: ApiId, text: string, real = REAL) =>
  checkConvention(api, parseTypedMask(text), real).diagnosis;
const fixOf = (api: ApiId) => apiConvention(api).correctLine;
/** A [T, T] bool mask from rows of 1/0 characters, 1 = True. */
const boolRows = (...rows: string[]) =>
  `[${rows.map((row) => `[${[...row].map((c) => (c === '1' ? 'True' : 'False')).join(', ')}]`).join(', ')}]`;
/** Row-major 0/1 cells from rows of 1/0 characters. */
const cells = (...rows: string[]) => [...rows.join('')].map(Number);

describe('a weak mask names how much weight the padding keeps', () => {
  it('a 0/1 float mask added to SDPA scores keeps e^-1 of the padding weight', () => {
    const d = diagnosisOf('torch-sdpa-attn-mask', '1. 1. 1. 0. 0.');
    expect(d.verdict).toBe('weak');
    expect(d.headline).toBe(
      `a weak mask: padding keys keep ×${Math.exp(-1).toPrecision(2)} of their weight instead of 0`,
    );
    expect(d.details).toEqual([
      'a 0/1 float mask added to the scores shifts them by 1; it does not mask',
      `fix: ${fixOf('torch-sdpa-attn-mask')}`,
    ]);
    // Every row, real or padding, still gives weight to the two padding keys.
    expect(d.differingCells).toBe(10);
    expect(Array.from(d.differs)).toEqual(cells('00011', '00011', '00011', '00011', '00011'));
  });

  it('a small additive constant is named as too small, with the largest weight kept', () => {
    const d = diagnosisOf('torch-sdpa-attn-mask', '0. 0. 0. -1. -2.');
    expect(d.headline).toBe(
      `a weak mask: padding keys keep ×${Math.exp(-1).toPrecision(2)} of their weight instead of 0`,
    );
    expect(d.details[0]).toBe('the added constant is too small to mask');
  });
});

describe('the polarity words name the argument, its truthy value and the fix', () => {
  it.each([
    [
      'hf-attention-mask',
      '0 0 0 1 1',
      'inverted polarity: attention_mask=1 means ATTEND (take part), your array is 1 at padding',
    ],
    [
      'hf-attention-mask-legacy',
      '0 0 0 1 1',
      'inverted polarity: attention_mask 1 = keep, your array is 1 at padding',
    ],
    [
      'dl4j-mha-mask',
      '0. 0. 0. 1. 1.',
      'inverted polarity: mask 1 = keep, your array is 1 at padding',
    ],
    [
      'torch-sdpa-attn-mask',
      '-inf -inf -inf 0 0',
      'inverted polarity: an additive attn_mask is 0 where keys attend, your array puts the large negative number on the real tokens',
    ],
  ] as const)('%s given %s', (api, text, headline) => {
    const d = diagnosisOf(api, text);
    expect(d.verdict).toBe('inverted');
    expect(d.headline).toBe(headline);
    expect(d.details).toEqual([`fix: ${fixOf(api)}`]);
  });

  it('an additive float mask given to a bool-cast argument is named as a bool cast', () => {
    const d = diagnosisOf('hf-attention-mask', '0 0 0 -inf -inf');
    expect(d.verdict).toBe('bool-cast');
    expect(d.headline).toBe('bool cast of an additive mask: 0 → False, -inf → True');
    expect(d.details).toEqual([
      "attention_mask is cast to bool, where True = attend: the additive mask's 0 (keep) becomes False and its -inf (mask) becomes True, so it is inverted",
      `pass a bool or 0/1 mask instead: ${fixOf('hf-attention-mask')}`,
    ]);
  });

  it('counts -1000 as an additive mask value and names it as typed', () => {
    expect(diagnosisOf('hf-attention-mask', '0 0 0 -1000 -1e4').headline).toBe(
      'bool cast of an additive mask: 0 → False, -1000 → True',
    );
  });

  it('does not read a float mask with 1s (or no large negative) as additive', () => {
    expect(diagnosisOf('hf-attention-mask', '1. 1. 1. 0. 0.').verdict).toBe('correct');
    expect(diagnosisOf('hf-attention-mask', '1 1 1 -1e4 -1e4').verdict).toBe('no-mask');
    expect(diagnosisOf('torch-sdpa-attn-mask', '0 0 0 -inf -inf').verdict).toBe('correct');
  });

  it('a mask on the query axis is named with the fix on the keys', () => {
    const d = diagnosisOf('torch-sdpa-attn-mask', '[[True], [True], [True], [False], [False]]');
    expect(d.verdict).toBe('wrong-axis');
    // The padding query rows mask every key, so they are NaN as well.
    expect(d.details).toEqual([
      `mask the keys (the last axis): ${fixOf('torch-sdpa-attn-mask')}`,
      'all keys masked in rows 3, 4 → NaN',
    ]);
  });

  it('one inverted row among correct ones is a difference at its first cell, not inverted polarity', () => {
    const mask = boolRows('00011', '11100', '11100', '11100', '11100');
    const d = diagnosisOf('torch-sdpa-attn-mask', mask);
    expect(d.verdict).toBe('other');
    expect(d.headline).toBe('differs from the intended mask in 5 cells, first at query 0, key 0');
    expect(d.details).toEqual([`the API wants: ${fixOf('torch-sdpa-attn-mask')}`]);
  });

  it('without padding, one dimmed cell is a difference named by query and key', () => {
    const d = diagnosisOf(
      'torch-sdpa-attn-mask',
      '[[0., 0., 0.], [0., 0., -1.], [0., 0., 0.]]',
      Int32Array.from([1, 1, 1]),
    );
    expect(d.verdict).toBe('other');
    expect(d.headline).toBe('differs from the intended mask in 1 cells, first at query 1, key 2');
    expect(Array.from(d.differs)).toEqual(cells('000', '001', '000'));
  });
});

describe('correct, no-mask and NaN rows', () => {
  it('a mask correct on the real rows notes that padding query rows differ', () => {
    const d = diagnosisOf(
      'torch-sdpa-attn-mask',
      boolRows('11100', '11100', '11100', '11111', '11111'),
    );
    expect(d.verdict).toBe('correct');
    expect(d.headline).toBe('correct: every real query attends to the real keys only');
    expect(d.details).toEqual([
      'padding query rows differ from a key-only mask; their outputs are thrown away',
    ]);
    expect(d.differingCells).toBe(4);
  });

  it('a key-only correct mask has no details and no differing cell', () => {
    const d = diagnosisOf('torch-mha-key-padding', '[False, False, False, True, True]');
    expect(d.details).toEqual([]);
    expect(d.differingCells).toBe(0);
    expect(d.differs).toHaveLength(25);
  });

  it('an additive mask of zeros masks nothing', () => {
    const d = diagnosisOf('torch-sdpa-attn-mask', '0. 0. 0. 0. 0.');
    expect(d.verdict).toBe('no-mask');
    expect(d.headline).toBe('nothing is masked: padding keys keep their weight');
    expect(d.details).toEqual([`fix: ${fixOf('torch-sdpa-attn-mask')}`]);
  });

  it('-100 added is not below the masking threshold, so nothing is masked', () => {
    expect(diagnosisOf('torch-sdpa-attn-mask', '-100. -100. -100. -100. -100.').headline).toBe(
      'nothing is masked: padding keys keep their weight',
    );
  });

  it('every key masked with finfo.min is uniform rows, the same as no mask', () => {
    const d = diagnosisOf('hf-attention-mask-legacy', '0 0 0 0 0');
    expect(d.verdict).toBe('no-mask');
    expect(d.headline).toBe(
      'every key is masked with the same finite constant: each row is uniform, the same as no mask',
    );
    expect(d.details).toEqual([`fix: ${fixOf('hf-attention-mask-legacy')}`]);
  });

  it('an inverted mask whose padding rows mask every key also notes the NaN rows', () => {
    const d = diagnosisOf(
      'torch-sdpa-attn-mask',
      boolRows('00011', '00011', '00011', '00000', '00000'),
    );
    expect(d.verdict).toBe('inverted');
    expect(d.details).toEqual([
      `fix: ${fixOf('torch-sdpa-attn-mask')}`,
      'all keys masked in rows 3, 4 → NaN',
    ]);
  });

  it('names one NaN row, six rows in full, and more than six with an ellipsis', () => {
    const nanRows = (T: number) => {
      const real = Int32Array.from({ length: T }, (_, t) => (t === 0 ? 1 : 0));
      const rows = Array.from({ length: T }, (_, q) =>
        q === 0 ? '1' + '0'.repeat(T - 1) : '0'.repeat(T),
      );
      return diagnosisOf('torch-sdpa-attn-mask', boolRows(...rows), real);
    };
    const two = nanRows(2);
    expect(two.verdict).toBe('nan');
    expect(two.headline).toBe('all keys masked in row 1 → NaN');
    expect(two.details).toEqual([`fix: ${fixOf('torch-sdpa-attn-mask')}`]);
    expect(nanRows(7).headline).toBe('all keys masked in rows 1, 2, 3, 4, 5, 6 → NaN');
    expect(nanRows(8).headline).toBe('all keys masked in rows 1, 2, 3, 4, 5, 6, … → NaN');
  });
});

describe('formatValue', () => {
  it.each([
    [-Infinity, '-inf'],
    [-1e9, '-1.0e9'],
    [-1e5, '-1.0e5'],
    [-99999, '-99999'],
    [-3.4028234663852886e38, '-3.4e38'],
  ])('writes %d as %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});

describe('checkConvention', () => {
  it(`checks ${MAX_CONVENTION_KEYS} keys and refuses one more, naming both counts`, () => {
    const real = (T: number) => Int32Array.from({ length: T }, (_, t) => (t < T - 1 ? 1 : 0));
    const mask = (T: number) => parseTypedMask(Array.from(real(T)).join(' '));
    const atLimit = checkConvention(
      'hf-attention-mask',
      mask(MAX_CONVENTION_KEYS),
      real(MAX_CONVENTION_KEYS),
    );
    expect(atLimit.diagnosis.verdict).toBe('correct');
    const over = MAX_CONVENTION_KEYS + 1;
    expect(() => checkConvention('hf-attention-mask', mask(over), real(over))).toThrow(
      ConventionError,
    );
    expect(() => checkConvention('hf-attention-mask', mask(over), real(over))).toThrow(
      `the mask covers ${over} keys; the check builds [T × T] matrices and reads at most ${MAX_CONVENTION_KEYS}.`,
    );
  });

  it('a 0/1 int mask refused for its dtype says what the same values do as bool', () => {
    const d = diagnosisOf('torch-mha-key-padding', '1 1 1 0 0');
    expect(d.verdict).toBe('refused');
    expect(d.details).toEqual([
      'passed as bool (mask.bool()): inverted polarity: key_padding_mask=True means IGNORE, your array is True at real tokens',
    ]);
    expect(d.differs).toHaveLength(25);
    expect(d.differingCells).toBe(0);
  });

  it('a refused int mask that is not 0/1, or whose shape is refused too, gets no bool reading', () => {
    expect(diagnosisOf('torch-mha-key-padding', '2 2 2 0 0').details).toEqual([]);
    const d = diagnosisOf('torch-mha-key-padding', '[[[1, 1, 1, 0, 0]]]');
    expect(d.verdict).toBe('refused');
    expect(d.details).toEqual([]);
  });

  it('a bool mask refused for its shape gets no bool reading either', () => {
    const d = diagnosisOf('torch-mha-key-padding', '[[[False, False, False, True, True]]]');
    expect(d.verdict).toBe('refused');
    expect(d.details).toEqual([]);
  });
});
