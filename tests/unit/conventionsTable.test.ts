// The API table applied: each API's documented dtype rule, seen through the verdict for the
// same "1 = real token" mask in bool, int and float, and the prose every entry must carry (its
// effect, why it refuses a dtype, a fix line that sets its argument).
import { describe, expect, it } from 'vitest';
import { API_CONVENTIONS, apiConvention, isApiId, type ApiId } from '../../src/conventions/apis';
import { checkConvention } from '../../src/conventions/checkConvention';
import { parseTypedMask } from '../../src/conventions/parseMask';

const REAL = Int32Array.from([1, 1, 1, 0, 0]);
const MASKS = {
  bool: '[[True, True, True, False, False]]',
  int: '[[1, 1, 1, 0, 0]]',
  float: '[[1., 1., 1., 0., 0.]]',
} as const;

// From each API's docs: a bool/int cast keeps the 1s; key_padding_mask's True means padding;
// a float added to the scores only shifts them by 1 (weak); refused dtypes raise.
const EXPECTED: Readonly<Record<ApiId, Readonly<Record<keyof typeof MASKS, string>>>> = {
  'hf-attention-mask': { bool: 'correct', int: 'correct', float: 'correct' },
  'hf-attention-mask-legacy': { bool: 'correct', int: 'correct', float: 'correct' },
  'torch-mha-key-padding': { bool: 'inverted', int: 'refused', float: 'weak' },
  'torch-sdpa-attn-mask': { bool: 'correct', int: 'refused', float: 'weak' },
  'keras-mha-attention-mask': { bool: 'correct', int: 'correct', float: 'correct' },
  'flax-mha-mask': { bool: 'correct', int: 'correct', float: 'correct' },
  'onnx-attention-attn-mask': { bool: 'correct', int: 'refused', float: 'weak' },
  'onnx-contrib-mask-index': { bool: 'refused', int: 'correct', float: 'refused' },
  'dl4j-mha-mask': { bool: 'refused', int: 'refused', float: 'correct' },
};

describe('each API applies its documented dtype rule', () => {
  it.each(API_CONVENTIONS.map((api) => api.id))('%s', (api) => {
    for (const kind of ['bool', 'int', 'float'] as const) {
      const d = checkConvention(api, parseTypedMask(MASKS[kind]), REAL).diagnosis;
      expect(d.verdict, kind).toBe(EXPECTED[api][kind]);
      if (d.verdict === 'refused') {
        // The headline quotes the library's reason.
        expect(d.headline).toContain(apiConvention(api).refusal);
      }
    }
  });
});

describe('the prose of each entry', () => {
  it('an API that refuses a dtype says why, in the library words', () => {
    for (const api of API_CONVENTIONS) {
      const refuses = Object.values(api.rules).includes('refused');
      expect(api.refusal.length > 0, api.id).toBe(refuses);
    }
  });

  it('every entry says what the API does with the mask', () => {
    for (const api of API_CONVENTIONS) expect(api.effect.length, api.id).toBeGreaterThan(20);
  });

  it("every fix line sets the API's argument", () => {
    for (const api of API_CONVENTIONS) {
      expect(api.correctLine.toLowerCase(), api.id).toContain(api.argument.toLowerCase());
    }
  });
});

describe('looking APIs up', () => {
  it('knows the table ids and nothing else', () => {
    for (const api of API_CONVENTIONS) expect(isApiId(api.id)).toBe(true);
    expect(isApiId('torch-mha')).toBe(false);
    expect(() => apiConvention('torch-mha' as ApiId)).toThrow(
      new RangeError("unknown API 'torch-mha'"),
    );
  });
});
