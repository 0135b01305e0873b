/**
 * The verdict reworded for attention beyond self-attention. Pooling weights speak of frames
 * and pooled vectors, not query rows, and a leak is quoted as the drift it causes: the pooled
 * vector's dependence on the padding count. Cross-attention speaks of the encoder's keys and
 * decoder queries, a decoding step of the cache.
 */
import { formatPercent } from '../diagnostics/format';
import type { AttentionKind } from './attentionKind';
import type { DumpVerdict } from './dumpVerdict';
import type { CanonicalDump, DumpStats, Family } from './fingerprint';
import type { Framework } from './fixes';
import { shapeFixFor } from './shapeFixes';

const POOLING_HEADLINES: Readonly<Partial<Record<Family, string>>> = {
  correct:
    'Correct: the pooling weights put nothing on padded frames and sum to 1 per pooled vector.',
  'missing-key-mask':
    'Padded frames get pooling weight: the softmax over time has no mask, so every pooled vector of a padded item is watered down by its padding.',
  inverted:
    'Inverted mask: the pooling weights sit on the padded frames and give the real frames nothing.',
  'after-softmax':
    'Mask applied after the softmax over time without renormalising: padded frames get 0, but the weights of a pooled vector sum to less than 1.',
  nan: 'NaN: pooling weights are NaN (an item whose frames are all masked with −∞).',
};

const CROSS_HEADLINES: Readonly<Partial<Record<Family, string>>> = {
  'missing-key-mask':
    "Padding leaks into cross-attention: decoder queries put weight on the encoder's padding positions — the encoder's key mask (key_padding_mask, or the encoder's attention_mask) is missing.",
};

const STEP_HEADLINES: Readonly<Partial<Record<Family, string>>> = {
  'missing-key-mask':
    "Padding leaks at this decoding step: the new token puts weight on the cache's padding positions — the left-padded cache must stay masked at every step.",
};

/** Pooling words for the general evidence's, most specific first. */
const POOLING_WORDS: readonly (readonly [RegExp, string])[] = [
  [
    /real tokens and padding \(padding keys per item/g,
    'real frames and padding (padded frames per item',
  ],
  [
    /real query rows of the padded items were measured over every layer and head/g,
    'pooled vectors (item × head) of the padded items were measured',
  ],
  [/Padding mass of a real row/g, 'Weight on padded frames per pooled vector'],
  [/Real rows sum to/g, 'Pooling weights sum to'],
  [/, query 0\b( \([^)]*\))?/g, ''],
  [
    /give every padding key exactly the same weight\./g,
    'give every padded frame exactly the same weight (identical frames, e.g. zero-padded).',
  ],
  [
    /real rows give real keys nothing and padding keys everything/g,
    'pooled vectors give real frames nothing and padded frames everything',
  ],
  [/padding query rows/g, 'padding rows'],
  [/real (query )?rows/g, 'pooled vectors'],
  [/leaking rows/g, 'leaking pooled vectors'],
  [/ rows (above|short)/g, ' vectors $1'],
  [/padding keys/g, 'padded frames'],
];

function pooled(line: string): string {
  return POOLING_WORDS.reduce((text, [pattern, words]) => text.replace(pattern, words), line);
}

/** Mean weight on padding per batch item, over its layers, heads and query rows. */
export function itemPaddingMass(dump: CanonicalDump): number[] {
  const [layers, batch, heads, queries, keys] = dump.shape;
  return Array.from({ length: batch }, (_, b) => {
    let total = 0;
    for (let l = 0; l < layers; l++) {
      for (let h = 0; h < heads; h++) {
        for (let q = 0; q < queries; q++) {
          const row = (((l * batch + b) * heads + h) * queries + q) * keys;
          for (let k = 0; k < keys; k++) {
            if (dump.keep[b * keys + k] === 0) total += dump.data[row + k] ?? 0;
          }
        }
      }
    }
    return total / Math.max(layers * heads * queries, 1);
  });
}

/** "item 1 (8 of 20 frames padded) 41%, item 2 (3) 12%": the drift with the padding count. */
function driftLine(stats: DumpStats, mass: readonly number[]): string | null {
  const padded = stats.paddingKeys
    .map((pads, b) => ({ b, pads, mass: mass[b] ?? 0 }))
    .filter(({ pads }) => pads > 0 && pads < stats.seqLen);
  if (padded.length === 0 || stats.leakMax <= stats.tolerances.leak) return null;
  const listed = padded
    .map(
      ({ b, pads, mass: m }) =>
        `item ${b} (${pads} of ${stats.seqLen} frames padded) ${formatPercent(m)}`,
    )
    .join(', ');
  const byPads = [...padded].sort((x, y) => x.pads - y.pads);
  const isRising =
    new Set(byPads.map(({ pads }) => pads)).size > 1 &&
    byPads.every((item, i) => i === 0 || item.mass >= (byPads[i - 1]?.mass ?? 0));
  return (
    `Weight on padding per pooled vector: ${listed}. Each pooled vector is (1 − m) × the pooling of its real frames plus m × that of its padded frames (for zero frames: shrunk toward 0 by m)` +
    (isRising
      ? ', and m grows with the padding count: the same input pooled with more padding gives a different vector.'
      : ', so it depends on how much padding the batch gave the item.')
  );
}

const POOLING_AMBIGUITY =
  'The weights alone cannot tell no mask from a constant too weak (−1e-9) or a 0/1 mask added to the scores as a float; the pre-softmax scores would (dump them beside the weights as "scores"). Under all of them the pooled vector mixes in the padded frames. Equal weights on every padded frame mean identical frames (zero padding), or scores × mask.';

const EQUAL_PADDING =
  'Rows that give every padding key the same weight point to identical padding positions (zero-padded memory or cache) with no mask; scores × mask gives the same, and the pre-softmax scores tell them apart (0 at every padding key means scores × mask).';

/** `verdict` reworded for attention of `kind`; self-attention's is returned as it is. */
export function shapeVerdict(
  verdict: DumpVerdict,
  kind: AttentionKind,
  stats: DumpStats,
  framework: Framework,
  dump: CanonicalDump,
): DumpVerdict {
  if (kind === 'self') return verdict;
  const { family } = verdict;
  const fix = shapeFixFor(kind, family, framework) ?? verdict.fix;
  if (kind !== 'pooling') {
    const headline = (kind === 'cross' ? CROSS_HEADLINES : STEP_HEADLINES)[family];
    const isEqual = family === 'missing-key-mask' && stats.equalPaddingRows > 0;
    const ambiguity = isEqual
      ? `${verdict.ambiguity ?? ''} ${EQUAL_PADDING}`.trim()
      : verdict.ambiguity;
    return { ...verdict, headline: headline ?? verdict.headline, ambiguity, fix };
  }
  const isLeak = family === 'missing-key-mask' || family === 'multiplicative';
  const drift = isLeak ? driftLine(stats, itemPaddingMass(dump)) : null;
  const evidence = verdict.evidence.map(pooled);
  return {
    ...verdict,
    headline: POOLING_HEADLINES[family] ?? verdict.headline,
    evidence: drift === null ? evidence : [...evidence, drift],
    ambiguity: isLeak ? POOLING_AMBIGUITY : verdict.ambiguity,
    fix,
  };
}
