/** What each pooling computes and where its padding bug was reported, for the auditor. */
import type { PoolingKind } from '../../../src/diagnostics/pooling';

/** A pooling's label, formula (h_t = final hidden state of position t, m_t = 1 for real) and report. */
export interface PoolingNote {
  readonly label: string;
  readonly formula: string;
  readonly report: string;
}

export const POOLING_NOTES: Readonly<Record<PoolingKind, PoolingNote>> = {
  cls: {
    label: 'CLS',
    formula: 'p = h₀ (masked: h at the first real position)',
    report:
      'Index 0 is the [CLS] token only under right padding; under left padding it is a pad (BERT-style CLS pooling of left-padded batches).',
  },
  mean: {
    label: 'Mean',
    formula: 'p = Σₜ mₜ·hₜ / max(Σₜ mₜ, 1e-9) (no mask: mₜ = 1)',
    report:
      "sentence-transformers' masked mean_pooling (UKPLab/sentence-transformers models/Pooling.py); mean over padded frames without the mask waters the vector down.",
  },
  max: {
    label: 'Max',
    formula: 'pₖ = maxₜ hₜₖ over real t (padding set to -1e9); weight = share of dims won',
    report: "sentence-transformers' max pooling sets padded tokens to -1e9 before the max.",
  },
  last: {
    label: 'Last token',
    formula: 'p = h at the last real position (no mask: h_{T−1})',
    report: 'Under right padding without the mask, index T−1 is a pad.',
  },
  attention: {
    label: 'Attention',
    formula:
      'p = Σₜ aₜ·hₜ, a = softmaxₜ(hₜ·w + b), padding −∞ when masked; wₖ = cos(k+1)/√d, b = 0',
    report:
      "A real user's report (speaker-ID pooling): an attention pooling layer never given the mask, so softmax over the zero padding waters the attention down.",
  },
};
