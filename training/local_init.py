"""Positional initialisation: start some heads as fixed-offset ("previous token") heads.

From the standard BERT initialisation (normal, std 0.02) a 4-layer, 128-wide model spends
thousands of steps on the masked-LM plateau: it learns the unigram distribution, then a bag of
the window's words, and only very slowly learns to look at its neighbours (the query/key
gradients start near 1e-6, and the word embeddings, pulled up by the tied decoder, drown the
position embeddings after the embedding LayerNorm). `training/log/init_note.md` has the
ablations.

This initialisation gives the model its neighbours from step 0, using only what the Hugging
Face format already has (learned absolute position embeddings, per-head query/key weights):

- the first `POS_DIMS` hidden dimensions are reserved for positions: word and token-type
  embeddings start at 0 there, and position p starts as `scale * [sin(w_f p), cos(w_f p)]_f`
  for `POS_DIMS / 2` fixed frequencies w_f in (0, pi);
- since a sinusoid of position p + d is a rotation R(d) of the one at p, a head whose query
  weights are `gain * R(d)` and key weights `gain * I` (on those dimensions, 0 elsewhere) scores
  `gain^2 * sum_f cos(w_f (j - i - d))` for query i and key j, which peaks at j = i + d.

Everything stays trainable; it is an initialisation, not a constraint, and the exported model is
a plain `BertForMaskedLM`.
"""

from __future__ import annotations

import numpy as np
import torch

from training.model import BertForMaskedLM

POS_DIMS = 32  # = the head size, so one head's query/key can read exactly the position subspace
LAYER_OFFSETS = ((-1, 1, -2, 2), (-3, 3, -4, 4))  # key offset of each head, by layer
FREQ_SEED = 5
POS_SCALE = 0.05  # position rows start with norm 0.05 * 4 = 0.2, that of a word row (std 0.02, 96 dims)
QK_GAIN = 1.2  # an initialised head then puts about 0.9 of its weight on its offset key (measured)


def frequencies(n: int = POS_DIMS // 2) -> torch.Tensor:
    """`n` fixed angular frequencies in (0.05 pi, pi): high ones make the peak sharp, spread ones avoid aliasing."""
    return torch.tensor(np.pi * np.random.default_rng(FREQ_SEED).uniform(0.05, 1.0, n), dtype=torch.float32)


def sinusoids(positions: torch.Tensor, omega: torch.Tensor) -> torch.Tensor:
    """(P, 2F): interleaved sin/cos of each position at each frequency."""
    angle = positions[:, None].float() * omega[None, :]
    return torch.stack([torch.sin(angle), torch.cos(angle)], dim=-1).flatten(1)


def shift(offset: int, omega: torch.Tensor) -> torch.Tensor:
    """Block-diagonal R(offset) with `R @ sinusoids(p) == sinusoids(p + offset)`."""
    c, s = torch.cos(omega * offset), torch.sin(omega * offset)
    blocks = torch.stack([torch.stack([c, s], -1), torch.stack([-s, c], -1)], -2)  # (F, 2, 2)
    return torch.block_diag(*blocks)


@torch.no_grad()
def positional_init(model: BertForMaskedLM, layers: int, scale: float = POS_SCALE, gain: float = QK_GAIN) -> None:
    """Reserve the position subspace and turn the heads of the first `layers` layers into offset heads."""
    c = model.config
    head = c.hidden_size // c.num_attention_heads
    if head != POS_DIMS or layers > len(LAYER_OFFSETS) or c.num_attention_heads != len(LAYER_OFFSETS[0]):
        raise ValueError(f"positional_init needs {len(LAYER_OFFSETS[0])} heads of {POS_DIMS} and <= "
                         f"{len(LAYER_OFFSETS)} layers; got {c.num_attention_heads} heads of {head}, {layers} layers")
    omega = frequencies()
    e = model.bert.embeddings
    e.word_embeddings.weight[:, :POS_DIMS] = 0
    e.token_type_embeddings.weight[:, :POS_DIMS] = 0
    e.position_embeddings.weight.zero_()
    e.position_embeddings.weight[:, :POS_DIMS] = scale * sinusoids(torch.arange(c.max_position_embeddings), omega)
    for layer, offsets in zip(model.bert.encoder.layer[:layers], LAYER_OFFSETS):
        attn = layer.attention.self
        for h, offset in enumerate(offsets):
            rows = slice(h * head, (h + 1) * head)
            attn.query.weight[rows] = 0
            attn.query.weight[rows, :POS_DIMS] = gain * shift(offset, omega)
            attn.query.bias[rows] = 0
            attn.key.weight[rows] = 0
            attn.key.weight[rows, :POS_DIMS] = gain * torch.eye(POS_DIMS)
            attn.key.bias[rows] = 0
