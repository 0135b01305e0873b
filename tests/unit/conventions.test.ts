// The convention checker: what each API builds from the arrays people pass, and the verdict.
// The polarity swap between key_padding_mask and attention_mask must be named as inverted.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_CONVENTIONS, apiConvention, type ApiId } from '../../src/conventions/apis';
import { buildKeepMatrix } from '../../src/conventions/buildKeep';
import { checkConvention } from '../../src/conventions/checkConvention';
import { maskFromPadding } from '../../src/conventions/fromPadding';
import { parseTypedMask } from '../../src/conventions/parseMask';

const REAL = Int32Array.from([1, 1, 1, 0, 0]);
const check = (api: ApiId, text: string, real = REAL) =>
  checkConvention(api, parseTypedMask(text), real).diagnosis;

describe('the API table', () => {
  it('has every field filled and a documentation link for each API', () => {
    for (const api of API_CONVENTIONS) {
      for (const text of [api.call, api.argument, api.dtypes, api.attend, api.ignore, api.shape]) {
        expect(text.length).toBeGreaterThan(0);
      }
      expect(api.docUrl).toMatch(/^https:\/\//);
    }
    expect(new Set(API_CONVENTIONS.map((api) => api.id)).size).toBe(API_CONVENTIONS.length);
  });

  it('the README table has one row per API with its argument, dtypes and docs link', () => {
    const rows = readFileSync('README.md', 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| ') && line.includes('[docs]('));
    for (const api of API_CONVENTIONS) {
      const row = rows.find((line) => line.includes(`(${api.docUrl})`));
      expect(row, api.id).toBeDefined();
      expect(row).toContain(`\`${api.argument}\``);
      expect(row).toContain(`| ${api.attend} | ${api.ignore} |`);
    }
  });
});

describe('the key_padding_mask / attention_mask polarity swap', () => {
  it('an HF attention_mask given to nn.MultiheadAttention as bool is named inverted', () => {
    const d = check('torch-mha-key-padding', '[[True, True, True, False, False]]');
    expect(d.verdict).toBe('inverted');
    expect(d.headline).toBe(
      'inverted polarity: key_padding_mask=True means IGNORE, your array is True at real tokens',
    );
    expect(d.details.join(' ')).toContain('attention_mask == 0');
  });

  it('the same mask with the polarity flipped is correct', () => {
    expect(check('torch-mha-key-padding', '[[False, False, False, True, True]]').verdict).toBe(
      'correct',
    );
  });

  it('a 0/1 integer HF mask is refused by key_padding_mask, as PyTorch does', () => {
    const d = check('torch-mha-key-padding', '1 1 1 0 0');
    expect(d.verdict).toBe('refused');
    expect(d.headline).toMatch(/only bool and floating types/);
  });

  it('a key_padding_mask (True = padding) given to SDPA is inverted the other way', () => {
    const d = check('torch-sdpa-attn-mask', '[False, False, False, True, True]');
    expect(d.verdict).toBe('inverted');
    expect(d.headline).toContain(
      'attn_mask=True means ATTEND (take part), your array is True at padding',
    );
  });
});

describe('what each API builds', () => {
  it('an additive mask cast to bool by HF is named, with the value that became True', () => {
    const d = check('hf-attention-mask', '0 0 0 -1e4 -1e4');
    expect(d.verdict).toBe('bool-cast');
    expect(d.headline).toBe('bool cast of an additive mask: 0 → False, -10000 → True');
  });

  it('an additive 0/-inf mask is correct where the API adds floats', () => {
    for (const api of [
      'torch-mha-key-padding',
      'torch-sdpa-attn-mask',
      'onnx-attention-attn-mask',
    ] as const) {
      expect(check(api, '0 0 0 -inf -inf').verdict).toBe('correct');
    }
  });

  it('a column mask broadcast by SDPA lands on the query axis', () => {
    const d = check('torch-sdpa-attn-mask', '[[True], [True], [True], [False], [False]]');
    expect(d.verdict).toBe('wrong-axis');
    expect(d.details.join(' ')).toContain('all keys masked in rows 3, 4 → NaN');
    // -inf on whole padding rows: those rows are NaN, and real rows keep the padding keys.
    const built = buildKeepMatrix(
      'torch-sdpa-attn-mask',
      parseTypedMask('[[True], [True], [True], [False], [False]]'),
      5,
    );
    expect(built.reading).toContain('query axis');
    expect(Array.from(built.weight.subarray(0, 5))).toEqual([1, 1, 1, 1, 1]);
  });

  it('a query-axis mask with a finite constant is named the wrong axis', () => {
    const d = check('flax-mha-mask', '[[True], [True], [True], [False], [False]]');
    expect(d.verdict).toBe('wrong-axis');
    expect(d.headline).toContain('wrong axis (queries)');
  });

  it('a float 0/1 mask added to the scores only dims the padding keys', () => {
    const d = check('torch-sdpa-attn-mask', '[1., 1., 1., 0., 0.]');
    expect(d.verdict).toBe('weak');
    expect(d.headline).toContain('×0.37');
  });

  it('all keys masked with -inf is NaN in every row, and names the rows', () => {
    const d = check(
      'torch-mha-key-padding',
      '[True, True, True, True, True]',
      Int32Array.from([1, 1, 1, 1, 1]),
    );
    expect(d.verdict).toBe('nan');
    expect(d.headline).toBe('all keys masked in rows 0, 1, 2, 3, 4 → NaN');
  });

  it('a single fully masked row is NaN, and only that row is named', () => {
    const rows = [
      '0,0,0,-inf,-inf',
      '0,0,0,-inf,-inf',
      '0,0,0,-inf,-inf',
      '-inf,-inf,-inf,-inf,-inf',
    ];
    const d = check(
      'torch-sdpa-attn-mask',
      `[${[...rows, rows[0]].map((r) => `[${r}]`).join(',')}]`,
    );
    expect(d.verdict).toBe('nan');
    expect(d.headline).toBe('all keys masked in row 3 → NaN');
  });

  it('a row fully masked on both axes with -inf is NaN; with a finite constant it is harmless', () => {
    const both =
      '[[0,0,0,-inf,-inf],[0,0,0,-inf,-inf],[0,0,0,-inf,-inf],[-inf,-inf,-inf,-inf,-inf],[-inf,-inf,-inf,-inf,-inf]]';
    const d = check('torch-sdpa-attn-mask', both);
    expect(d.verdict).toBe('nan');
    expect(d.headline).toBe('all keys masked in rows 3, 4 → NaN');
    const finite = both.replaceAll('-inf', '-1e9');
    const f = check('torch-sdpa-attn-mask', finite);
    expect(f.verdict).toBe('correct');
    expect(f.details.join(' ')).toContain('padding query rows differ');
  });

  it('older Hugging Face keeps only exact 1s: an additive mask masks every key alike', () => {
    expect(check('hf-attention-mask-legacy', '1 1 1 0 0').verdict).toBe('correct');
    const d = check('hf-attention-mask-legacy', '0 0 0 -inf -inf');
    expect(d.verdict).toBe('no-mask');
    expect(d.headline).toContain('each row is uniform');
    expect(check('hf-attention-mask-legacy', '0 0 0 1 1').verdict).toBe('inverted');
  });

  it('a mask built from a falsy pad id (all ones) masks nothing', () => {
    expect(check('hf-attention-mask', '1 1 1 1 1').verdict).toBe('no-mask');
  });

  it('DL4J adds (mask − 1)·1e9: 1 keeps, 0 masks, and an inverted mask is named', () => {
    expect(check('dl4j-mha-mask', '1. 1. 1. 0. 0.').verdict).toBe('correct');
    expect(check('dl4j-mha-mask', '1 1 1 0 0').headline).toContain('float inputs only');
    expect(check('dl4j-mha-mask', '0. 0. 0. 1. 1.').headline).toContain(
      'mask 1 = keep, your array is 1 at padding',
    );
  });

  it('Keras refuses a 1-D mask and reads [B, S] with B = 1 on the keys', () => {
    expect(check('keras-mha-attention-mask', '1 1 1 0 0').verdict).toBe('refused');
    expect(check('keras-mha-attention-mask', '[[1, 1, 1, 0, 0]]').verdict).toBe('correct');
    expect(check('keras-mha-attention-mask', '[[[1, 1, 1, 0, 0]]]').verdict).toBe('correct');
  });

  it('the ONNX Runtime contrib op wants int32 and refuses a bool mask', () => {
    expect(check('onnx-contrib-mask-index', '[[1, 1, 1, 0, 0]]').verdict).toBe('correct');
    expect(check('onnx-contrib-mask-index', '[True, True, True, False, False]').verdict).toBe(
      'refused',
    );
    expect(check('onnx-contrib-mask-index', '3').headline).toMatch(/key lengths/);
  });

  it('a shape that does not broadcast is refused with the axis named', () => {
    const d = check('torch-sdpa-attn-mask', '[True, True, False]');
    expect(d.verdict).toBe('refused');
    expect(d.headline).toContain('keys axis has 3, not 1 or 5');
  });

  it('picks the batch item asked for', () => {
    const array = parseTypedMask('[[1, 1, 1, 1, 1], [0, 0, 0, 1, 1]]', 'm');
    const torchBool = { ...array, kind: 'bool' as const };
    expect(checkConvention('torch-mha-key-padding', torchBool, REAL, 1).diagnosis.verdict).toBe(
      'correct',
    );
    expect(checkConvention('torch-mha-key-padding', torchBool, REAL, 2).diagnosis.verdict).toBe(
      'refused',
    );
  });

  it('the current padding in each polarity gives the expected array', () => {
    expect(Array.from(maskFromPadding(REAL, 'bool-true-pad').data)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(maskFromPadding(REAL, 'additive-neg-inf').data)).toEqual([
      0,
      0,
      0,
      -Infinity,
      -Infinity,
    ]);
    expect(apiConvention('torch-mha-key-padding').argument).toBe('key_padding_mask');
  });
});
