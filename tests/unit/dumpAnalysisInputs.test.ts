// What a dump's inputs are before any verdict: whether a guessed 0/1 polarity could be the other
// one (src/dump/polarityGuess.ts), what kind of attention a layout holds and whether the mask
// fits its keys (attentionKind.ts), and whether the values are probabilities at all
// (probabilities.ts). Each refusal names what was found.
import { describe, expect, it } from 'vitest';
import { TOLERANCES } from '../../src/diagnostics/tolerances';
import type { Layout } from '../../src/dump/attentionLayout';
import { assertMaskFitsKeys, attentionKindOf } from '../../src/dump/attentionKind';
import { DumpError } from '../../src/dump/dumpError';
import type { CanonicalDump } from '../../src/dump/fingerprint';
import { weighPolarity } from '../../src/dump/polarityGuess';
import {
  notProbabilities,
  notProbabilitiesError,
  summariseValues,
  undecidedLayoutError,
  UndecidableInput,
} from '../../src/dump/probabilities';

/** One head per item, every row `row`, read with the key mask `keep` [B * T]. */
function sameRows(batch: number, row: readonly number[], keep: readonly number[]): CanonicalDump {
  const seqLen = row.length;
  const data = new Float32Array(batch * seqLen * seqLen);
  for (let r = 0; r < batch * seqLen; r++) data.set(row, r * seqLen);
  return {
    data,
    shape: [1, batch, 1, seqLen, seqLen],
    keep: Int32Array.from(keep),
    tolerances: TOLERANCES,
  };
}

const KEEP_WORDS = '1 = real token (attention_mask; --convention keep)';
const IGNORE_WORDS = '1 = padding (PyTorch key_padding_mask; --convention ignore)';

describe('a guessed 0/1 polarity, weighed against the other reading', () => {
  it('says the polarity alone decides when one reading is correct and the other inverted', () => {
    // Every row attends to keys 0 and 1: correct when they are the real ones, inverted otherwise.
    const dump = sameRows(1, [0.5, 0.5, 0, 0], [1, 1, 0, 0]);
    const guess = weighPolarity(dump, 'correct', 'keep', 'mask');
    expect(guess).not.toBeNull();
    expect(guess?.other).toBe('ignore');
    expect(guess?.otherFamily).toBe('inverted');
    expect(guess?.decides).toBe(true);
    expect(guess?.note).toBe(
      `The mask 'mask' has a name that does not say its polarity, so ${KEEP_WORDS} was assumed. ` +
        `Read as ${IGNORE_WORDS}, the dump is inverted. ` +
        'Under the assumed reading every item has real tokens, padded at one end; under the other, every item has real tokens, padded at one end. ' +
        'The polarity alone decides between a bug and no bug, so this is a guess: declare it with --convention.',
    );
  });

  it('says nothing when only the other reading leaves an item without a real token', () => {
    // Item 1 is unpadded: read the other way, it would be all padding.
    const dump = sameRows(2, [0.5, 0.5, 0, 0], [1, 1, 0, 0, 1, 1, 1, 1]);
    expect(weighPolarity(dump, 'missing-key-mask', 'keep', 'mask')).toBeNull();
  });

  it('counts empty items and padding in the middle under each reading, and does not decide between two bugs', () => {
    // Item 0 has padding between real tokens, item 1 no real token at all.
    const dump = sameRows(2, [0.25, 0.25, 0.25, 0.25], [1, 1, 0, 1, 0, 0, 0, 0]);
    const guess = weighPolarity(dump, 'missing-key-mask', 'ignore', 'm');
    expect(guess?.assumed).toBe('ignore');
    expect(guess?.other).toBe('keep');
    expect(guess?.decides).toBe(false);
    expect(guess?.otherFamily).toBe('multiplicative');
    expect(guess?.note).toBe(
      `The mask 'm' has a name that does not say its polarity, so ${IGNORE_WORDS} was assumed. ` +
        `Read as ${KEEP_WORDS}, the dump is multiplicative. ` +
        'Under the assumed reading 1 of 2 items have no real token, 1 have padding that is not at one end; ' +
        'under the other, 1 have padding that is not at one end.',
    );
  });

  it('takes padding on the left as padding at one end', () => {
    const dump = sameRows(1, [0, 0, 0.5, 0.5], [0, 0, 1, 1]);
    const guess = weighPolarity(dump, 'correct', 'keep', 'mask');
    expect(guess?.note).toContain(
      'Under the assumed reading every item has real tokens, padded at one end; under the other, every item has real tokens, padded at one end.',
    );
  });
});

/** A layout with the query axis `queryAxis` (-1: none) and the key axis `keyAxis`. */
function layout(letters: string): Layout {
  return {
    letters,
    queryAxis: letters.indexOf('Q'),
    keyAxis: letters.indexOf('K'),
    confidence: 'sure',
    reason: 'declared',
    isDeclared: true,
  };
}

describe('the kind of attention a layout holds', () => {
  it('tells self-attention, cross-attention, a decoding step and pooling apart', () => {
    expect(attentionKindOf(layout('BHQK'), [2, 4, 5, 5])).toBe('self');
    expect(attentionKindOf(layout('BHQK'), [2, 4, 3, 5])).toBe('cross');
    expect(attentionKindOf(layout('BHQK'), [2, 4, 1, 5])).toBe('step');
    expect(attentionKindOf(layout('BHK'), [2, 4, 5])).toBe('pooling');
    // The query axis may come first (Julia's column-major NNlib reads keys, then queries).
    expect(attentionKindOf(layout('QK'), [1, 5])).toBe('step');
  });

  it('accepts a mask of the keys’ length, or an unknown one', () => {
    expect(() => assertMaskFitsKeys(5, layout('BHQK'), [2, 4, 3, 5], 'a')).not.toThrow();
    expect(() => assertMaskFitsKeys(null, layout('BHQK'), [2, 4, 3, 5], 'a')).not.toThrow();
  });

  function refusal(maskKeys: number, letters: string, shape: number[]): string {
    try {
      assertMaskFitsKeys(maskKeys, layout(letters), shape, "'attn'");
    } catch (error) {
      expect(error).toBeInstanceOf(DumpError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  }

  it("names the decoder's mask used on the encoder's keys", () => {
    const message = refusal(3, 'BHQK', [2, 4, 3, 5]);
    expect(message).toMatch(
      /^the mask has 3 positions, the length of the queries \(dim 2\), but the keys \(dim 3\) have 5: in cross-attention this is the decoder's mask used on the encoder's keys\./,
    );
    expect(message).toMatch(/key_padding_mask=\(src_mask == 0\)/);
    expect(message).toMatch(/'attn' \[2, 4, 3, 5\] read as BHQK \(declared\)\.$/);
    // The same with the query axis first.
    expect(refusal(3, 'QK', [3, 5])).toMatch(
      /the length of the queries \(dim 0\), but the keys \(dim 1\)/,
    );
  });

  it('names a mask of another sequence, saying which axes it does not match', () => {
    expect(refusal(7, 'BHQK', [2, 4, 3, 5])).toMatch(
      /^the mask has 7 positions, which matches neither the keys \(dim 3, 5\) nor the queries \(dim 2, 3\): it belongs to another sequence\. Give the mask of the sequence being attended to \(its keys\), or declare the layout with --layout if the key axis was misread\. 'attn' \[2, 4, 3, 5\] read as BHQK \(declared\)\.$/,
    );
    expect(refusal(3, 'BK', [2, 5])).toMatch(
      /nor any query axis \(pooling weights have none\): it belongs to another sequence/,
    );
  });
});

describe('are the values probabilities at all', () => {
  it('counts values outside [0, 1] beyond the slack, infinities and zeros, leaving NaN out', () => {
    const values = [0.5, NaN, -0.25, 1.5, 0, 0, 1 + 1e-7, -1e-7, 1];
    const summary = summariseValues(Float32Array.from(values), 1e-6);
    expect(summary).toEqual({
      count: 9,
      min: Math.fround(-0.25),
      max: 1.5,
      negatives: 1,
      aboveOne: 1,
      infinities: 0,
      zeros: 2,
    });
    const infinite = summariseValues(Float32Array.of(Infinity, 0.5, -Infinity), 1e-6);
    expect(infinite).toMatchObject({
      infinities: 2,
      negatives: 0,
      aboveOne: 0,
      min: -Infinity,
      max: Infinity,
    });
    // Values exactly at the slack's edge are still probabilities.
    expect(summariseValues(Float32Array.of(-0.25, 1.25), 0.25)).toMatchObject({
      negatives: 0,
      aboveOne: 0,
    });
    expect(summariseValues(Float32Array.of(NaN), 1e-6)).toMatchObject({
      min: Infinity,
      max: -Infinity,
    });
  });

  it('says why values cannot be softmax weights, infinities first', () => {
    const why = (values: number[]) =>
      notProbabilities(summariseValues(Float32Array.from(values), 1e-6));
    expect(why([0.5, Infinity, -3])).toBe(
      '1 of 3 values are infinite (values from -3 to Infinity)',
    );
    expect(why([0.5, -3, 0.25])).toBe(
      '1 negative of 3 values (values from -3 to 0.5), so these are not softmax weights (raw scores or logits look like this)',
    );
    expect(why([0.5, 7, 0.25])).toBe(
      '1 above 1 of 3 values (values from 0.25 to 7), so these are not softmax weights (raw scores or logits look like this)',
    );
    expect(why([-1, -2, 3, 0.5])).toMatch(
      /^2 negative and 1 above 1 of 4 values \(values from -2 to 3\)/,
    );
    expect(why([0, 0, 0])).toBe('every one of its 3 values is 0');
    expect(why([0, 1, 0.5])).toBeNull();
    expect(why([])).toBeNull();
  });

  it('refuses with advice: dump the weights after the softmax, or declare the layout', () => {
    const error = notProbabilitiesError("'scores'", 'every one of its 3 values is 0');
    expect(error).toBeInstanceOf(UndecidableInput);
    expect(error).toBeInstanceOf(DumpError);
    expect(error.message).toBe(
      "cannot tell: 'scores' is not attention probabilities: every one of its 3 values is 0. Dump the weights after the softmax (the attention probabilities), or declare the layout with --layout if the axes were misread.",
    );
    expect(undecidedLayoutError("'attn'", 'dim 1 sums to 1', '3 rows for 2 items').message).toBe(
      "cannot tell: the layout of 'attn' cannot be decided from its values (dim 1 sums to 1), and under that guess the mask does not fit (3 rows for 2 items). Declare the layout with --layout (e.g. BHQK), or dump the weights after the softmax.",
    );
  });
});
