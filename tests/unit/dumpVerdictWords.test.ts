// Issue 25: the verdict's words on measurements built by hand, so each number it quotes is known
// from the stats given: the evidence lines and when each appears, the places quoted with their
// token labels, what the probabilities cannot tell apart, and the polarity note.
import { describe, expect, it } from 'vitest';
import { TOLERANCES } from '../../src/diagnostics/tolerances';
import { dumpVerdict, placeText } from '../../src/dump/dumpVerdict';
import type { DumpStats, Family } from '../../src/dump/fingerprint';
import { fixFor, reportsFor } from '../../src/dump/fixes';

/** Stats of a correct dump of 2 padded items of 4 keys (1 and 2 pads), 1 layer, 1 head. */
function statsOf(change: Partial<DumpStats> = {}): DumpStats {
  return {
    batch: 2,
    seqLen: 4,
    queries: 4,
    paddedItems: 2,
    paddingKeys: [1, 2],
    realRows: 5,
    leakMean: 0,
    leakMax: 0,
    leakMaxAt: null,
    leakingRows: 0,
    invertedRows: 0,
    equalPaddingRows: 0,
    rowSumMin: 1,
    rowSumMax: 1,
    rowSumMinAt: { layer: 0, batch: 0, head: 0, query: 0 },
    shortRows: 0,
    nanRealRows: 0,
    nanPaddingRows: 0,
    firstNaNLayer: null,
    uniformPaddingRows: 0,
    paddingRows: 3,
    unpaddedItems: 0,
    unpaddedRows: 0,
    unpaddedBrokenRows: 0,
    heads: [{ layer: 0, head: 0, mean: 0, max: 0 }],
    tolerances: TOLERANCES,
    ...change,
  };
}

const FAMILIES: readonly Family[] = [
  'correct',
  'missing-key-mask',
  'inverted',
  'after-softmax',
  'multiplicative',
  'float-add',
  'nan',
  'unknown',
];

const evidence = (stats: DumpStats, labels?: readonly string[]) =>
  dumpVerdict('correct', stats, 'pytorch', labels).evidence;

describe('a place in the dump', () => {
  it('reads as layer, head, item and query, with the query’s token when labels are given', () => {
    const place = { layer: 1, head: 2, batch: 3, query: 1 };
    expect(placeText(place)).toBe('layer 1, head 2, item 3, query 1');
    expect(placeText(place, ['the', 'doctor'])).toBe('layer 1, head 2, item 3, query 1 (doctor)');
    expect(placeText(place, ['the'])).toBe('layer 1, head 2, item 3, query 1');
    expect(placeText(place, null)).toBe('layer 1, head 2, item 3, query 1');
  });

  it('is "nowhere" when nothing was found', () => {
    expect(placeText(null, ['a'])).toBe('nowhere');
  });
});

describe('the headline, fix and reports of each family', () => {
  it('gives every family a headline of its own', () => {
    const headlines = FAMILIES.map((f) => dumpVerdict(f, statsOf(), 'pytorch').headline);
    for (const headline of headlines) expect(headline.length).toBeGreaterThan(30);
    expect(new Set(headlines).size).toBe(FAMILIES.length);
  });

  it('names the cause in each headline', () => {
    const headline = (family: Family) => dumpVerdict(family, statsOf(), 'hf').headline;
    expect(headline('correct')).toMatch(/^Correct: .*no weight on padding keys/);
    expect(headline('missing-key-mask')).toMatch(/Padding leaks.*key mask is missing/);
    expect(headline('inverted')).toMatch(/^Inverted mask/);
    expect(headline('after-softmax')).toMatch(/after the softmax without renormalising/);
    expect(headline('multiplicative')).toMatch(/scores × mask.*key_padding_mask forgotten/);
    expect(headline('float-add')).toMatch(/added to the scores as a float.*e\^-1/);
    expect(headline('nan')).toMatch(/^NaN: .*−∞ on a fully masked row/);
    expect(headline('unknown')).toMatch(/No known mask bug fits/);
  });

  it('carries the family, the fix for the framework and the public reports', () => {
    const verdict = dumpVerdict('float-add', statsOf(), 'keras');
    expect(verdict.family).toBe('float-add');
    expect(verdict.fix).toBe(fixFor('float-add', 'keras'));
    expect(verdict.reports).toEqual(reportsFor('float-add'));
    expect(dumpVerdict('correct', statsOf(), 'keras').fix).toBeNull();
  });
});

describe('the evidence', () => {
  it('counts the padded items and their padding keys, then the measured rows', () => {
    const [first] = evidence(statsOf({ batch: 3, paddedItems: 2, paddingKeys: [1, 2, 0] }));
    expect(first).toBe(
      '2 of 3 batch items have both real tokens and padding (padding keys per item: 1, 2, 0, of 4); 5 real query rows of the padded items were measured over every layer and head.',
    );
  });

  it('says how many items the mask leaves without a real token', () => {
    const [first] = evidence(statsOf({ batch: 3, paddingKeys: [1, 4, 4] }));
    expect(first).toMatch(/of 4\); by the mask, 2 items have no real token at all; 5 real/);
  });

  it('quotes the padding mass of a real row with where its maximum is, labelled', () => {
    const stats = statsOf({
      leakMean: 0.125,
      leakMax: 0.5,
      leakMaxAt: { layer: 0, head: 1, batch: 1, query: 2 },
      leakingRows: 3,
    });
    expect(evidence(stats, ['a', 'b', 'cat', 'd'])).toContain(
      'Padding mass of a real row: mean 12.5%, max 50.0% at layer 0, head 1, item 1, query 2 (cat); 3 rows above 1e-6.',
    );
  });

  it('gives no place for a maximum padding mass of 0', () => {
    const lines = evidence(statsOf({ leakMaxAt: { layer: 0, head: 0, batch: 0, query: 0 } }));
    expect(lines).toContain('Padding mass of a real row: mean 0%, max 0%; 0 rows above 1e-6.');
  });

  it('lists the three most leaking heads once one leaks beyond the tolerance', () => {
    const heads = [
      { layer: 1, head: 0, mean: 0.2, max: 0.4 },
      { layer: 0, head: 3, mean: 0.1, max: 0.3 },
      { layer: 0, head: 1, mean: 0.05, max: 0.1 },
      { layer: 1, head: 1, mean: 0.01, max: 0.02 },
    ];
    const lines = evidence(statsOf({ heads, leakMax: 0.4, leakMean: 0.1 }));
    expect(lines).toContain(
      'Most leaking heads: L1 H0 (mean 20.0%, max 40.0%), L0 H3 (mean 10.0%, max 30.0%), L0 H1 (mean 5.0%, max 10.0%).',
    );
  });

  it('lists no heads when the worst one stays within the leak tolerance', () => {
    const heads = [{ layer: 0, head: 0, mean: 1e-6, max: TOLERANCES.leak }];
    const lines = evidence(statsOf({ heads }));
    expect(lines.join('\n')).not.toMatch(/Most leaking heads/);
  });

  it('quotes one row sum when every real row sums the same, and a range otherwise', () => {
    const at = { layer: 0, head: 0, batch: 1, query: 3 };
    expect(evidence(statsOf({ rowSumMinAt: at }))).toContain(
      'Real rows sum to 1 (lowest at layer 0, head 0, item 1, query 3); 0 rows short of 1.',
    );
    const short = statsOf({ rowSumMin: 0.75, rowSumMax: 0.9, rowSumMinAt: at, shortRows: 4 });
    expect(evidence(short, ['w', 'x', 'y', 'z'])).toContain(
      'Real rows sum to 0.75–0.9 (lowest at layer 0, head 0, item 1, query 3 (z)); 4 rows short of 1.',
    );
  });

  it('has only the count when no real row could be measured', () => {
    const lines = evidence(statsOf({ realRows: 0 }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/0 real query rows/);
  });

  it('adds a line for each symptom present, and none for those absent', () => {
    expect(evidence(statsOf())).toHaveLength(3);
    const lines = evidence(
      statsOf({
        invertedRows: 5,
        equalPaddingRows: 2,
        nanRealRows: 1,
        nanPaddingRows: 3,
        firstNaNLayer: 1,
        uniformPaddingRows: 2,
        unpaddedItems: 1,
        unpaddedRows: 8,
        unpaddedBrokenRows: 6,
      }),
    );
    expect(lines.slice(3)).toEqual([
      '5 real rows give real keys nothing and padding keys everything.',
      '2 leaking rows give every padding key exactly the same weight.',
      'NaN rows: 3 padding rows and 1 real rows, from layer 1 on.',
      '2 of 3 padding query rows are uniform.',
      '6 of 8 rows of items without padding are NaN or uniform.',
    ]);
  });

  it('counts NaN in real rows alone, and says "?" when no layer was recorded', () => {
    const lines = evidence(statsOf({ nanRealRows: 2 }));
    expect(lines).toContain('NaN rows: 0 padding rows and 2 real rows, from layer ? on.');
    expect(evidence(statsOf({ nanPaddingRows: 1, firstNaNLayer: 0 }))).toContain(
      'NaN rows: 1 padding rows and 0 real rows, from layer 0 on.',
    );
  });

  it('says nothing of unpadded items whose rows are fine, or of broken rows without such items', () => {
    const fine = evidence(statsOf({ unpaddedItems: 1, unpaddedRows: 4 }));
    expect(fine.join('\n')).not.toMatch(/items without padding/);
    const none = evidence(statsOf({ unpaddedItems: 0, unpaddedBrokenRows: 2 }));
    expect(none.join('\n')).not.toMatch(/items without padding/);
  });
});

describe('what the probabilities cannot tell apart', () => {
  const ambiguity = (family: Family, stats = statsOf(), context = {}) =>
    dumpVerdict(family, stats, 'pytorch', null, context).ambiguity;

  it('has nothing ambiguous for the families the probabilities name outright', () => {
    for (const family of ['correct', 'inverted', 'after-softmax', 'float-add', 'nan'] as const) {
      expect(ambiguity(family)).toBeNull();
    }
  });

  it('lists what a missing key mask may be, and that the scores or a second dump tell', () => {
    const note = ambiguity('missing-key-mask') ?? '';
    expect(note).toMatch(/^The probabilities alone cannot tell no mask, a mask on the query axis/);
    expect(note).toMatch(/dump them beside the weights as "scores"/);
    expect(note).toMatch(/second dump of the same input without padding/);
    expect(note).toMatch(/\(float-add\) apart\. The pre-softmax scores would/);
  });

  it('points to a query-axis mask with −∞ when the padding rows are NaN', () => {
    expect(ambiguity('missing-key-mask', statsOf({ nanPaddingRows: 1 }))).toMatch(
      /Here the padding query rows are NaN, .*−∞ does/,
    );
  });

  it('points to a query-axis mask with c ≤ −1e9 when more than 90% of padding rows are uniform', () => {
    const all = statsOf({ paddingRows: 10, uniformPaddingRows: 10 });
    expect(ambiguity('missing-key-mask', all)).toMatch(/padding query rows are uniform.*c ≤ −1e9/);
    const most = statsOf({ paddingRows: 10, uniformPaddingRows: 9 });
    expect(ambiguity('missing-key-mask', most)).not.toMatch(/are uniform/);
  });

  it('prefers the NaN hint to the uniform one', () => {
    const both = statsOf({ nanPaddingRows: 2, paddingRows: 2, uniformPaddingRows: 2 });
    const note = ambiguity('missing-key-mask', both) ?? '';
    expect(note).toMatch(/are NaN/);
    expect(note).not.toMatch(/are uniform/);
  });

  it("adds float-add when the dump's own mask is a float 0/1 array", () => {
    const note = ambiguity('missing-key-mask', statsOf(), { isFloatZeroOneMask: true }) ?? '';
    expect(note).toMatch(/Your dump's own mask is a float array of 0s and 1s.*\(float-add\)/);
    expect(ambiguity('missing-key-mask', statsOf(), { isFloatZeroOneMask: false })).not.toMatch(
      /float array/,
    );
  });

  it('reads equal padding weights two ways, and says how to tell them', () => {
    expect(ambiguity('multiplicative')).toMatch(
      /^Two readings fit: scores × mask before the softmax, or no mask at all.*key_padding_mask=/,
    );
  });

  it('has nothing to add to an unknown verdict on padded items', () => {
    expect(ambiguity('unknown')).toBeNull();
  });

  it('asks for a padded input when no item has padding', () => {
    const note = ambiguity('unknown', statsOf({ paddedItems: 0, paddingKeys: [0, 0] })) ?? '';
    expect(note).toBe(
      'No batch item has padding, so there is nothing a mask could leak onto. Give the mask (or lengths) of a padded input.',
    );
  });

  it('says uniform rows of unpadded items prove nothing', () => {
    const stats = statsOf({ paddedItems: 0, paddingKeys: [0, 0], unpaddedBrokenRows: 3 });
    expect(ambiguity('unknown', stats)).toMatch(
      /nothing a mask could leak onto\. 3 rows are uniform or NaN: .*proves nothing\. Give the mask/,
    );
  });

  it('asks about the polarity when the mask leaves some item no real token', () => {
    const stats = statsOf({ paddedItems: 0, paddingKeys: [0, 4] });
    expect(ambiguity('unknown', stats)).toMatch(
      /^By the mask, no item has both real tokens and padding.*--convention keep or ignore/,
    );
  });

  it('puts the other reading of a guessed polarity first', () => {
    const polarityNote = 'Read the other way, the mask says inverted.';
    const note = ambiguity('multiplicative', statsOf(), { polarityNote });
    expect(note).toMatch(/^Read the other way, the mask says inverted\. Two readings fit/);
    expect(ambiguity('correct', statsOf(), { polarityNote })).toBe(polarityNote);
    expect(ambiguity('correct', statsOf(), { polarityNote: null })).toBeNull();
  });
});
