// Issue 25: what a verdict on a dump ends in, family by family. The exit status (exit 1 only
// for a bug, 3 when the check can only guess), and the fix each bug family gets in each
// framework and each kind of attention, naming the axis and the constant to use.
import { describe, expect, it } from 'vitest';
import type { Family } from '../../src/dump/fingerprint';
import {
  FRAMEWORK_NAMES,
  fixFor,
  isFramework,
  reportsFor,
  type Framework,
} from '../../src/dump/fixes';
import {
  EXIT,
  outcomeOf,
  worstOutcome,
  type Outcome,
  type OutcomeInputs,
} from '../../src/dump/outcome';
import { shapeFixFor } from '../../src/dump/shapeFixes';

const FRAMEWORKS: readonly Framework[] = ['pytorch', 'torch-mha', 'hf', 'keras', 'flax', 'dl4j'];
const BUGS: readonly Family[] = [
  'missing-key-mask',
  'inverted',
  'after-softmax',
  'multiplicative',
  'float-add',
  'nan',
];

const sure: Omit<OutcomeInputs, 'family'> = {
  layoutConfidence: 'sure',
  isLayoutDeclared: false,
  isPolarityDeciding: false,
};

describe('the exit status of one checked attention', () => {
  it('exits 0, sure, for a correct mask found under a sure layout', () => {
    expect(outcomeOf({ ...sure, family: 'correct' })).toEqual({
      status: EXIT.correct,
      confidence: 'sure',
      why: null,
    });
  });

  it.each(BUGS)('exits 1 for the bug %s, with no reason to doubt it', (family) => {
    expect(outcomeOf({ ...sure, family })).toEqual({
      status: EXIT.bug,
      confidence: 'sure',
      why: null,
    });
  });

  it('keeps a bug found under a likely layout at exit 1 but says it is only likely', () => {
    const outcome = outcomeOf({ ...sure, family: 'inverted', layoutConfidence: 'likely' });
    expect(outcome).toEqual({ status: 1, confidence: 'likely', why: null });
  });

  it('cannot tell (exit 3) when no family fits, whatever the layout', () => {
    const outcome = outcomeOf({
      family: 'unknown',
      layoutConfidence: 'unsure',
      isLayoutDeclared: false,
      isPolarityDeciding: true,
    });
    expect(outcome.status).toBe(EXIT.cannotTell);
    expect(outcome.confidence).toBe('cannot-tell');
    expect(outcome.why).toMatch(/no known verdict fits/);
  });

  it('never exits 1 on a guessed layout: it asks for --layout instead', () => {
    const outcome = outcomeOf({
      family: 'missing-key-mask',
      layoutConfidence: 'unsure',
      isLayoutDeclared: false,
      isPolarityDeciding: true,
    });
    expect(outcome.status).toBe(3);
    expect(outcome.confidence).toBe('cannot-tell');
    expect(outcome.why).toMatch(/--layout/);
  });

  it('never exits 0 on a guessed layout either', () => {
    const outcome = outcomeOf({ ...sure, family: 'correct', layoutConfidence: 'unsure' });
    expect(outcome.status).toBe(3);
  });

  it('trusts a declared layout even when the data alone left it unsure', () => {
    const outcome = outcomeOf({
      family: 'missing-key-mask',
      layoutConfidence: 'unsure',
      isLayoutDeclared: true,
      isPolarityDeciding: false,
    });
    expect(outcome).toEqual({ status: 1, confidence: 'sure', why: null });
  });

  it('cannot tell when the guessed polarity of the mask alone decides bug or no bug', () => {
    const outcome = outcomeOf({ ...sure, family: 'inverted', isPolarityDeciding: true });
    expect(outcome.status).toBe(3);
    expect(outcome.confidence).toBe('cannot-tell');
    expect(outcome.why).toMatch(/polarity.*--convention/);
  });

  it('asks for --convention on a declared layout whose polarity decides', () => {
    const outcome = outcomeOf({
      family: 'correct',
      layoutConfidence: 'unsure',
      isLayoutDeclared: true,
      isPolarityDeciding: true,
    });
    expect(outcome.why).toMatch(/--convention/);
  });
});

describe('several outcomes as one (mode A and mode B of a Run JSON)', () => {
  const correct: Outcome = { status: 0, confidence: 'sure', why: null };
  const bug: Outcome = { status: 1, confidence: 'likely', why: null };
  const unsure: Outcome = { status: 3, confidence: 'cannot-tell', why: 'the layout is a guess' };

  it('lets a bug win wherever it is', () => {
    expect(worstOutcome([correct, unsure, bug])).toBe(bug);
  });

  it('lets cannot-tell win over correct', () => {
    expect(worstOutcome([correct, unsure])).toBe(unsure);
  });

  it('is correct only when every outcome is', () => {
    const other: Outcome = { status: 0, confidence: 'likely', why: null };
    expect(worstOutcome([correct, other])).toBe(correct);
  });

  it('cannot tell when nothing was checked', () => {
    expect(worstOutcome([])).toEqual({
      status: 3,
      confidence: 'cannot-tell',
      why: 'nothing checked',
    });
  });
});

describe('the fix of each family', () => {
  it('has no fix for a correct or an unknown dump', () => {
    for (const framework of FRAMEWORKS) {
      expect(fixFor('correct', framework)).toBeNull();
      expect(fixFor('unknown', framework)).toBeNull();
    }
  });

  it('has a fix of its own for every bug in every framework', () => {
    for (const framework of FRAMEWORKS) {
      const fixes = BUGS.map((family) => fixFor(family, framework));
      for (const fix of fixes) expect(fix?.length ?? 0).toBeGreaterThan(20);
      expect(new Set(fixes).size).toBe(BUGS.length);
    }
  });

  it('masks the KEY axis with finfo.min for a missing mask in hand-written PyTorch', () => {
    const fix = fixFor('missing-key-mask', 'pytorch');
    expect(fix).toMatch(/masked_fill\(attention_mask\[:, None, None, :\] == 0/);
    expect(fix).toMatch(/torch\.finfo\(scores\.dtype\)\.min/);
    expect(fix).toMatch(/KEY axis/);
  });

  it('gives nn.MultiheadAttention key_padding_mask with True for padding', () => {
    expect(fixFor('missing-key-mask', 'torch-mha')).toMatch(
      /key_padding_mask=\(attention_mask == 0\).*True = padding/,
    );
    expect(fixFor('inverted', 'torch-mha')).toMatch(/True means IGNORE/);
  });

  it('says a multiplied mask still gives a 0 score e^0', () => {
    expect(fixFor('multiplicative', 'pytorch')).toMatch(/not scores \* mask.*e\^0/);
  });

  it('says a 0/1 mask must not be added as it is', () => {
    expect(fixFor('float-add', 'pytorch')).toMatch(/\(1\.0 - mask.*not scores \+ mask/);
    expect(fixFor('float-add', 'flax')).toMatch(/jnp\.finfo\(dtype\)\.min/);
  });

  it('asks for a finite constant on the keys only against NaN', () => {
    expect(fixFor('nan', 'pytorch')).toMatch(/finite constant.*mask keys only/);
    expect(fixFor('nan', 'keras')).toMatch(/not -inf/);
  });

  it('masks before the softmax, or renormalises, after the softmax', () => {
    expect(fixFor('after-softmax', 'pytorch')).toMatch(/BEFORE softmax.*renormalise/);
  });

  it('names DL4J’s feature mask with 1 for real tokens', () => {
    expect(fixFor('missing-key-mask', 'dl4j')).toMatch(/featureMask.*1 = real/);
    expect(fixFor('inverted', 'dl4j')).toMatch(/1 for real tokens, 0 for padding/);
  });
});

describe('the public reports of each family', () => {
  it('lists no report for a correct or an unknown dump', () => {
    expect(reportsFor('correct')).toEqual([]);
    expect(reportsFor('unknown')).toEqual([]);
  });

  it('gathers the reports of no mask, the query axis and a weak constant for a missing key mask', () => {
    const reports = reportsFor('missing-key-mask');
    expect(reports).toContain('huggingface/diffusers issue 8886');
    expect(reports).toContain('bentrevett/pytorch-seq2seq issue 96');
    expect(reports).toContain('Shujun-He/RibonanzaNet issue 5');
    expect(reports).toContain('awslabs/gluonts PR 1401');
  });

  it('quotes the reports of each other bug', () => {
    expect(reportsFor('after-softmax')).toEqual([
      'huggingface/transformers issue 542',
      'abisee/pointer-generator issue 88',
    ]);
    expect(reportsFor('multiplicative')).toEqual(['georg-wolflein/good-features PR 1']);
    expect(reportsFor('float-add')).toEqual(['pytorch/pytorch issues 136816, 141018']);
    expect(reportsFor('nan')).toContain('pytorch/pytorch issues 41508, 103749');
    expect(reportsFor('inverted')).toContain('tensorflow/text PR 894 and issue 938');
  });
});

describe('framework names', () => {
  it('knows the six frameworks by their ids, with a display name each', () => {
    for (const framework of FRAMEWORKS) {
      expect(isFramework(framework)).toBe(true);
      expect(FRAMEWORK_NAMES[framework].length).toBeGreaterThan(3);
    }
    expect(FRAMEWORK_NAMES['torch-mha']).toMatch(/nn\.MultiheadAttention/);
    expect(FRAMEWORK_NAMES.hf).toMatch(/Hugging Face/);
  });

  it('refuses other words, including an object’s inherited keys', () => {
    expect(isFramework('tensorflow')).toBe(false);
    expect(isFramework('HF')).toBe(false);
    expect(isFramework('toString')).toBe(false);
  });
});

describe('fixes for attention beyond self-attention', () => {
  it('leaves self-attention to the general fix', () => {
    for (const family of BUGS) expect(shapeFixFor('self', family, 'pytorch')).toBeNull();
  });

  it('has no fix for correct pooling weights', () => {
    expect(shapeFixFor('pooling', 'correct', 'hf')).toBeNull();
    expect(shapeFixFor('cross', 'inverted', 'pytorch')).toBeNull();
  });

  it('masks padded frames before the softmax over time for every leak of pooling weights', () => {
    for (const family of ['missing-key-mask', 'multiplicative', 'float-add'] as const) {
      for (const framework of FRAMEWORKS) {
        const fix = shapeFixFor('pooling', family, framework) ?? '';
        expect(fix).toMatch(/frame|mask/i);
        expect(fix).toMatch(/softmax|masked mean/);
      }
    }
    expect(shapeFixFor('pooling', 'missing-key-mask', 'pytorch')).toMatch(
      /frame_mask == 0.*BEFORE the softmax over time.*masked mean/,
    );
  });

  it('gives Hugging Face users the masked mean of sentence-transformers', () => {
    expect(shapeFixFor('pooling', 'missing-key-mask', 'hf')).toMatch(
      /sentence-transformers.*attention_mask.*clamp\(min=1e-9\)/,
    );
  });

  it('falls back to the PyTorch line where a framework has no line of its own', () => {
    const pytorch = shapeFixFor('pooling', 'inverted', 'pytorch');
    expect(pytorch).toMatch(/frame is padding \(0\), not where it is real/);
    expect(shapeFixFor('pooling', 'inverted', 'keras')).toBe(pytorch);
    expect(shapeFixFor('pooling', 'after-softmax', 'flax')).toMatch(/renormalise/);
    expect(shapeFixFor('pooling', 'nan', 'dl4j')).toMatch(/not -inf/);
  });

  it("masks the encoder's padding on the keys of cross-attention", () => {
    expect(shapeFixFor('cross', 'missing-key-mask', 'pytorch')).toMatch(
      /src_mask\[:, None, None, :\] == 0.*ENCODER's padding, on the keys/,
    );
    expect(shapeFixFor('cross', 'missing-key-mask', 'torch-mha')).toMatch(
      /mha\(dec, memory, memory, key_padding_mask=\(src_mask == 0\)\)/,
    );
    expect(shapeFixFor('cross', 'missing-key-mask', 'hf')).toMatch(/decoder_input_ids/);
    expect(shapeFixFor('cross', 'missing-key-mask', 'keras')).toMatch(/ENCODER/);
  });

  it("masks the cache's padding at every decoding step", () => {
    expect(shapeFixFor('step', 'missing-key-mask', 'pytorch')).toMatch(/cache_mask.*at EVERY step/);
    expect(shapeFixFor('step', 'missing-key-mask', 'torch-mha')).toMatch(/past \+ new/);
    expect(shapeFixFor('step', 'missing-key-mask', 'hf')).toMatch(/generate.*attention_mask/);
    expect(shapeFixFor('step', 'missing-key-mask', 'flax')).toMatch(/cache_mask/);
    expect(shapeFixFor('step', 'nan', 'pytorch')).toBeNull();
  });
});
