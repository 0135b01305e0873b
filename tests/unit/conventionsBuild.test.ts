// How each API reads a mask's axes and dtype (buildKeepMatrix): the refusal messages name the
// argument, dtype and shape; the reading names the axis, batch item and head; broadcasting picks
// the right batch item and head 0; a NaN or +inf score makes its row NaN, as the softmax does.
// Also the arrays made from a padding pattern (fromPadding) and the Python literal (formatMask).
import { describe, expect, it } from 'vitest';
import { API_CONVENTIONS } from '../../src/conventions/apis';
import { buildKeepMatrix } from '../../src/conventions/buildKeep';
import { formatMask } from '../../src/conventions/formatMask';
import {
  POLARITY_WORDS,
  correctArrayFor,
  maskFromPadding,
} from '../../src/conventions/fromPadding';
import { parseTypedMask } from '../../src/conventions/parseMask';

const T = 5;
const REAL = Int32Array.from([1, 1, 1, 0, 0]);
const build = (api: Parameters<typeof buildKeepMatrix>[0], text: string, item = 0) =>
  buildKeepMatrix(api, parseTypedMask(text), T, item);
const refusal =
  (api: Parameters<typeof buildKeepMatrix>[0], text: string, item = 0) =>
  () =>
    build(api, text, item);
/** Row `q` of a [T × T] matrix. */
const row = (matrix: Float32Array, q: number) => Array.from(matrix.subarray(q * T, (q + 1) * T));

describe('refusals name the argument, the dtype and the shape', () => {
  it('names the refused dtype with its article and the library reason', () => {
    expect(refusal('torch-mha-key-padding', '1 1 1 0 0')).toThrow(
      'key_padding_mask refuses an int array: only bool and floating types of key_padding_mask are supported.',
    );
    expect(refusal('dl4j-mha-mask', '[True, True, True, False, False]')).toThrow(
      'mask refuses a bool array: dot_product_attention takes float inputs only (ALL_FLOATS).',
    );
  });

  it('a key mask must be [T] or [B, T]', () => {
    expect(refusal('torch-mha-key-padding', '[[[0., 0., 0., 1., 1.]]]')).toThrow(
      'key_padding_mask of shape [1, 1, 5]: expected [5] or [B, 5], one value per key.',
    );
    expect(refusal('torch-mha-key-padding', '0. 0. 1.')).toThrow(
      'key_padding_mask of shape [3]: expected [5] or [B, 5], one value per key.',
    );
  });

  it('Keras cannot expand a 1-D mask, and ORT mask_index takes at most 3 axes', () => {
    expect(refusal('keras-mha-attention-mask', '1 1 1 0 0')).toThrow(
      'attention_mask of shape [5]: Keras cannot expand a 1-D mask to the scores; give [B, T, S] (or [B, 1, S]).',
    );
    expect(refusal('onnx-contrib-mask-index', '[[[[1, 1, 1, 0, 0]]]]')).toThrow(
      'mask_index of shape [1, 1, 1, 5]: more than 3 axes.',
    );
  });

  it('a batch item past the batch, negative or fractional does not exist', () => {
    const two = '[[0., 0., 0., 1., 1.], [0., 0., 1., 1., 1.]]';
    for (const item of [2, -1, 0.5]) {
      expect(refusal('torch-mha-key-padding', two, item)).toThrow(
        `key_padding_mask of shape [2, 5]: batch item ${item} does not exist (0 to 1).`,
      );
    }
  });
});

describe('the reading names how the axes were used', () => {
  it('a key mask reads one value per key of the chosen batch item', () => {
    expect(build('torch-mha-key-padding', '0. 0. 0. 1. 1.').reading).toBe(
      'one value per key (batch item 0 of 1), the same for every query',
    );
    const second = build(
      'torch-mha-key-padding',
      '[[0., 0., 0., 1., 1.], [0., 0., 1., 1., 1.]]',
      1,
    );
    expect(second.reading).toBe('one value per key (batch item 1 of 2), the same for every query');
    // A float key_padding_mask is added to the scores as it is: item 1's values, in every row.
    expect(row(second.bias, 4)).toEqual([0, 0, 1, 1, 1]);
  });

  it('a batch of one serves any batch item', () => {
    expect(build('torch-mha-key-padding', '[[0., 0., 0., 1., 1.]]', 3).reading).toBe(
      'one value per key (batch item 0 of 1), the same for every query',
    );
  });

  it.each([
    ['[[[[True, True, True, False, False]]]]', 'one value per key (batch item 0 of 1)'],
    [
      '[[[[True], [True], [True], [False], [False]]]]',
      'one value per QUERY (the query axis) (batch item 0 of 1)',
    ],
    ['[[True]]', 'one value for every cell (batch item 0 of 1)'],
    [
      '[[[[True, True, True, False, False]], [[False, False, False, False, False]]]]',
      'one value per key (batch item 0 of 1, head 0 of 2)',
    ],
  ])('SDPA reads %s as %s', (text, words) => {
    expect(build('torch-sdpa-attn-mask', text).reading).toBe(`broadcast to [B, H, 5, 5]: ${words}`);
  });

  it('SDPA reads a [T, T] mask per cell', () => {
    const cellMask = `[${Array(T).fill('[True, True, True, False, False]').join(', ')}]`;
    expect(build('torch-sdpa-attn-mask', cellMask).reading).toBe(
      'broadcast to [B, H, 5, 5]: one value per (query, key) cell (batch item 0 of 1)',
    );
  });

  it('ORT mask_index reads [B, T] as key rows and [B, T, T] per cell', () => {
    expect(build('onnx-contrib-mask-index', '[[1, 1, 1, 0, 0]]').reading).toBe(
      'one value per key (batch item 0 of 1), the same for every query',
    );
    const perCell = `[[${Array(T).fill('[1, 1, 1, 0, 0]').join(', ')}]]`;
    expect(build('onnx-contrib-mask-index', perCell).reading).toBe(
      'broadcast to [B, H, 5, 5]: one value per (query, key) cell (batch item 0 of 1)',
    );
  });
});

describe('broadcasting picks the batch item and head 0', () => {
  it('item 1 of [2, 2, 1, T] is read from its own head 0, not item 0 or head 1', () => {
    // item 0: all attend; item 1 head 0: keys 0-2 attend; item 1 head 1: only key 0 attends.
    const mask =
      '[[[[1., 1., 1., 1., 1.]], [[1., 1., 1., 1., 1.]]], [[[1., 1., 1., -inf, -inf]], [[1., -inf, -inf, -inf, -inf]]]]';
    const built = buildKeepMatrix('torch-sdpa-attn-mask', parseTypedMask(mask), T, 1);
    expect(built.reading).toBe(
      'broadcast to [B, H, 5, 5]: one value per key (batch item 1 of 2, head 0 of 2)',
    );
    expect(row(built.weight, 2)).toEqual([1, 1, 1, 0, 0]);
  });
});

describe('a row whose scores hold NaN or +inf is NaN after the softmax', () => {
  it.each(['0. nan 0. 0. 0.', '0. inf 0. 0. 0.'])('%s added to the scores', (text) => {
    const built = build('torch-sdpa-attn-mask', text);
    expect(row(built.weight, 0).every(Number.isNaN)).toBe(true);
  });
});

describe('fromPadding', () => {
  it.each([
    ['bool-true-real', 'bool', [1, 1, 1, 0, 0]],
    ['bool-true-pad', 'bool', [0, 0, 0, 1, 1]],
    ['int-one-real', 'int', [1, 1, 1, 0, 0]],
    ['int-one-pad', 'int', [0, 0, 0, 1, 1]],
    ['float-one-real', 'float', [1, 1, 1, 0, 0]],
    ['additive-neg-inf', 'float', [0, 0, 0, -Infinity, -Infinity]],
    [
      'additive-float-min',
      'float',
      [0, 0, 0, Math.fround(-3.4028234663852886e38), Math.fround(-3.4028234663852886e38)],
    ],
    ['additive-neg-1e4', 'float', [0, 0, 0, -1e4, -1e4]],
  ] as const)('%s writes the padding as its label says', (polarity, kind, data) => {
    const array = maskFromPadding(REAL, polarity);
    expect(array.name).toBe('current padding');
    expect(array.kind).toBe(kind);
    expect(array.shape).toEqual([1, T]);
    expect(Array.from(array.data)).toEqual(data);
    const label = POLARITY_WORDS[polarity];
    expect(label.startsWith(polarity.startsWith('additive') ? 'additive float' : kind)).toBe(true);
  });

  it('the picker labels are distinct', () => {
    const labels = Object.values(POLARITY_WORDS);
    expect(labels).toHaveLength(8);
    expect(new Set(labels).size).toBe(8);
  });

  it('each API gets its correct array in the shape its docs show', () => {
    const shapes = Object.fromEntries(
      API_CONVENTIONS.map((api) => [api.id, correctArrayFor(api.id, REAL).shape]),
    );
    expect(shapes).toEqual({
      'hf-attention-mask': [1, T],
      'hf-attention-mask-legacy': [1, T],
      'torch-mha-key-padding': [1, T],
      'torch-sdpa-attn-mask': [1, 1, 1, T],
      'keras-mha-attention-mask': [1, 1, T],
      'flax-mha-mask': [1, 1, 1, T],
      'onnx-attention-attn-mask': [1, 1, 1, T],
      'onnx-contrib-mask-index': [1, T],
      'dl4j-mha-mask': [1, T],
    });
  });
});

describe('formatMask', () => {
  it('writes floats with a decimal point and the special values as Python prints them', () => {
    const data = Float32Array.from([1, 0.5, -0, NaN, Infinity, -Infinity]);
    expect(formatMask({ shape: [6], kind: 'float', data })).toBe(
      '[1.0, 0.5, -0.0, nan, inf, -inf]',
    );
  });

  it('writes ints bare and a scalar without brackets', () => {
    expect(formatMask({ shape: [2], kind: 'int', data: Float32Array.from([2, -1]) })).toBe(
      '[2, -1]',
    );
    expect(formatMask({ shape: [], kind: 'float', data: Float32Array.from([-Infinity]) })).toBe(
      '-inf',
    );
  });
});
