// Issue 25: naming the bug from the pre-softmax scores. Probabilities are made here from scores
// by each way of applying the mask (with −∞, not the code's −1e4), and the match must name
// exactly that way; rows the match must skip (padding query rows, items without padding, NaN)
// hold probabilities no mode gives.
import { describe, expect, it } from 'vitest';
import { TOLERANCES } from '../../src/diagnostics/tolerances';
import type { CanonicalDump } from '../../src/dump/fingerprint';
import { matchScores, type SimulatedMode } from '../../src/dump/scores';

function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exp = logits.map((s) => Math.exp(s - max));
  const total = exp.reduce((a, v) => a + v, 0);
  return exp.map((v) => v / total);
}

/** The probabilities of scores `s` under `mode` with key mask `keep` (1 = real). */
function probabilities(mode: SimulatedMode, s: readonly number[], keep: readonly number[]) {
  const isPad = (k: number) => keep[k] === 0;
  switch (mode) {
    case 'correct':
      return softmax(s.map((v, k) => (isPad(k) ? -Infinity : v)));
    case 'none':
      return softmax(s);
    case 'inverted':
      return softmax(s.map((v, k) => (isPad(k) ? v : -Infinity)));
    case 'after-softmax':
      return softmax(s).map((p, k) => (isPad(k) ? 0 : p));
    case 'multiplicative':
      return softmax(s.map((v, k) => (isPad(k) ? 0 : v)));
    case 'float-add':
      return softmax(s.map((v, k) => v + (isPad(k) ? 0 : 1)));
  }
}

const MODES: readonly SimulatedMode[] = [
  'correct',
  'none',
  'inverted',
  'after-softmax',
  'multiplicative',
  'float-add',
];

/** A score per place, large enough apart that no two modes give the same row. */
const scoreAt = (head: number, item: number, q: number, k: number) =>
  1.5 * Math.sin(1 + 0.9 * q + 1.7 * k + 0.6 * head + 0.3 * item) + 0.5 * k;

/** Probabilities no mask mode gives: a row the match must not count. */
const GARBAGE = [0.7, 0.1, 0.1, 0.1];

interface Built {
  readonly dump: CanonicalDump;
  readonly scores: Float32Array;
}

/**
 * Self-attention [1, B, 2, T, T] (T = 4): item 0 has 3 real keys, item 1 none padded; real rows
 * of item 0 follow `mode`, every other row is GARBAGE. `keys` overrides the real keys of item 0.
 */
function built(mode: SimulatedMode, options: { queries?: number; keep0?: number[] } = {}): Built {
  const seqLen = 4;
  const queries = options.queries ?? seqLen;
  const keeps = [options.keep0 ?? [1, 1, 1, 0], [1, 1, 1, 1]];
  const heads = 2;
  const data = new Float32Array(keeps.length * heads * queries * seqLen);
  const scores = new Float32Array(data.length);
  keeps.forEach((keep, item) => {
    const isPadded = keep.includes(0) && keep.includes(1);
    for (let head = 0; head < heads; head++) {
      for (let q = 0; q < queries; q++) {
        const s = Array.from({ length: seqLen }, (_, k) => scoreAt(head, item, q, k));
        const isReal = queries !== seqLen || keep[q] === 1;
        const p = isPadded && isReal ? probabilities(mode, s, keep) : GARBAGE;
        const at = ((item * heads + head) * queries + q) * seqLen;
        data.set(p, at);
        scores.set(s, at);
      }
    }
  });
  const dump: CanonicalDump = {
    data,
    shape: [1, keeps.length, heads, queries, seqLen],
    keep: Int32Array.from(keeps.flat()),
    tolerances: TOLERANCES,
  };
  return { dump, scores };
}

const FAMILY: Record<SimulatedMode, string> = {
  correct: 'correct',
  none: 'missing-key-mask',
  inverted: 'inverted',
  'after-softmax': 'after-softmax',
  multiplicative: 'multiplicative',
  'float-add': 'float-add',
};

describe('matching the scores against each way of applying the mask', () => {
  it.each(MODES)('names %s when only it reproduces the probabilities', (mode) => {
    const { dump, scores } = built(mode);
    const match = matchScores(dump, scores, TOLERANCES.scoreMatch);
    expect(match.matching).toEqual([mode]);
    expect(match.family).toBe(FAMILY[mode]);
    expect(match.errors[mode]).toBeLessThan(1e-6);
    for (const other of MODES.filter((m) => m !== mode)) {
      expect(match.errors[other]).toBeGreaterThan(0.01);
    }
  });

  it('counts the real query rows of padded items only: 3 real rows × 2 heads', () => {
    const match = matchScores(built('none').dump, built('none').scores, TOLERANCES.scoreMatch);
    expect(match.rows).toBe(6);
  });

  it('reports the largest error of a mode over the rows, not the last one', () => {
    const { dump, scores } = built('none');
    let worst = 0;
    for (let head = 0; head < 2; head++) {
      for (let q = 0; q < 3; q++) {
        const s = [0, 1, 2, 3].map((k) => scoreAt(head, 0, q, k));
        const p = probabilities('none', s, [1, 1, 1, 0]);
        const c = probabilities('correct', s, [1, 1, 1, 0]);
        worst = Math.max(worst, ...p.map((v, k) => Math.abs(v - (c[k] ?? 0))));
      }
    }
    const match = matchScores(dump, scores, TOLERANCES.scoreMatch);
    expect(match.errors.correct).toBeCloseTo(worst, 6);
  });

  it('reads every query row as real outside self-attention (Tq ≠ Tk)', () => {
    const { dump, scores } = built('after-softmax', { queries: 2 });
    const match = matchScores(dump, scores, TOLERANCES.scoreMatch);
    expect(match.rows).toBe(4);
    expect(match.family).toBe('after-softmax');
  });

  it('names nothing when no item has both real tokens and padding', () => {
    const { dump, scores } = built('none', { keep0: [1, 1, 1, 1] });
    const match = matchScores(dump, scores, TOLERANCES.scoreMatch);
    expect(match.rows).toBe(0);
    expect(match.family).toBeNull();
  });

  it('skips an item whose every key is padding', () => {
    const { dump, scores } = built('none', { keep0: [0, 0, 0, 0] });
    expect(matchScores(dump, scores, TOLERANCES.scoreMatch).rows).toBe(0);
  });

  it('names nothing when several families match', () => {
    const { dump, scores } = built('none');
    const match = matchScores(dump, scores, 1);
    expect(match.matching).toEqual(MODES);
    expect(match.family).toBeNull();
  });

  it('names nothing when no mode matches', () => {
    const { dump, scores } = built('none');
    const match = matchScores(
      dump,
      scores.map((s) => -s),
      TOLERANCES.scoreMatch,
    );
    expect(match.matching).toEqual([]);
    expect(match.family).toBeNull();
  });

  it('matches a mode whose error is exactly the tolerance', () => {
    const { dump, scores } = built('none');
    const exact = matchScores(dump, scores, 1);
    const tolerance = exact.errors.correct;
    const at = matchScores(dump, scores, tolerance);
    expect(at.matching).toContain('correct');
    expect(matchScores(dump, scores, tolerance * 0.999).matching).not.toContain('correct');
  });

  it('reads the scores as saved after masking when softmax(S) is off by exactly the tolerance', () => {
    // Probabilities of 'after-softmax': softmax(S) is off by the padding weights it zeroed.
    const { dump, scores } = built('after-softmax');
    const offBy = matchScores(dump, scores, 1).errors.none;
    expect(offBy).toBeGreaterThan(0.01);
    expect(matchScores(dump, scores, offBy).areScoresMasked).toBe(true);
    expect(matchScores(dump, scores, offBy * 0.999).areScoresMasked).toBe(false);
  });

  it('names nothing when exactly two families fit', () => {
    const { dump, scores } = built('inverted');
    const errors = matchScores(dump, scores, 1).errors;
    const [first, second] = MODES.map((mode) => [mode, errors[mode]] as const).sort(
      (x, y) => x[1] - y[1],
    );
    const match = matchScores(dump, scores, second?.[1] ?? 0);
    expect(match.matching).toHaveLength(2);
    expect(match.matching).toContain(first?.[0]);
    expect(match.matching).not.toContain('correct');
    expect(match.family).toBeNull();
  });

  it('skips rows holding NaN in the probabilities or in the scores', () => {
    const { dump, scores } = built('inverted');
    const data = dump.data.slice();
    data[0] = NaN; // item 0, head 0, query 0
    const masked = scores.slice();
    masked[4] = NaN; // item 0, head 0, query 1
    const match = matchScores({ ...dump, data }, masked, TOLERANCES.scoreMatch);
    expect(match.rows).toBe(4);
    expect(match.family).toBe('inverted');
  });
});

describe('scores saved after masking', () => {
  /** Scores with −1e9 at the padding keys, and probabilities of a correct mask. */
  function maskedScores() {
    const { dump, scores } = built('correct');
    const masked = scores.map((s, i) => (dump.keep[i % 4] === 0 ? -1e9 : s));
    return { dump, masked };
  }

  it('names nothing from scores saved after masking: every mode but scores × mask fits them', () => {
    // With −1e9 already at the padding keys, adding −1e4 or +1 or zeroing the padding after the
    // softmax changes nothing; only setting a padding score to 0 (multiplicative) does. The
    // probabilities then decide (checkDump falls back to classify).
    const { dump, masked } = maskedScores();
    const match = matchScores(dump, masked, TOLERANCES.scoreMatch);
    expect(match.matching).toEqual(['correct', 'none', 'inverted', 'after-softmax', 'float-add']);
    expect(match.family).toBeNull();
    expect(match.areScoresMasked).toBe(true);
  });

  it('says the scores were not masked when softmax(S) does not give the probabilities', () => {
    const { dump, scores } = built('correct');
    expect(matchScores(dump, scores, TOLERANCES.scoreMatch).areScoresMasked).toBe(false);
    const leak = built('none');
    expect(matchScores(leak.dump, leak.scores, TOLERANCES.scoreMatch).areScoresMasked).toBe(true);
  });
});
