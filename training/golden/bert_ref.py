"""Independent reference BERT (BertForMaskedLM) forward with every maskscope mask mode.

Follows Devlin et al. 2019 / Hugging Face `modeling_bert.py` (post-LN, exact erf GELU,
MLM decoder tied to the word embeddings). Weights are a dict keyed by the Hugging Face
state_dict names; linear weights are [out, in] as in PyTorch. Written from scratch so that
the golden vectors do not share code with the TypeScript encoder under test.

Mask conventions (src/masks/maskMode.ts, mask-bugs.md): scores S = QKᵀ/√d_head [B, H, Tq, Tk];
m [B, T], 1 = real. Additive masks add a bias that is `c` where masked and exactly 0 elsewhere
(never 0·c, so c = -inf gives no NaN in kept cells); NaN already in S is not cleaned.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass(frozen=True)
class BertConfig:
    vocab_size: int
    hidden_size: int = 32
    num_layers: int = 2
    num_heads: int = 2
    intermediate_size: int = 64
    max_positions: int = 64
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12


@dataclass(frozen=True)
class ForwardResult:
    logits: torch.Tensor  # [B*T, V], every row
    hidden: torch.Tensor  # [L+1, B, T, D]
    attention: torch.Tensor  # [L, B, H, T, T], rows = queries
    scores: torch.Tensor  # [L, B, H, T, T], masked pre-softmax scores


Weights = dict[str, torch.Tensor]


def _linear(x: torch.Tensor, w: Weights, name: str) -> torch.Tensor:
    return x @ w[f"{name}.weight"].T + w[f"{name}.bias"]


def _layer_norm(x: torch.Tensor, w: Weights, name: str, eps: float) -> torch.Tensor:
    return F.layer_norm(x, x.shape[-1:], w[f"{name}.weight"], w[f"{name}.bias"], eps)


def _bias(where: torch.Tensor, constant: float, like: torch.Tensor) -> torch.Tensor:
    """`constant` where `where` is true, exactly 0 elsewhere."""
    return torch.where(where, torch.tensor(constant, dtype=like.dtype), torch.zeros((), dtype=like.dtype))


def apply_mask(s: torch.Tensor, m: torch.Tensor, mode: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """Returns (masked pre-softmax scores, probabilities) for S [B,H,T,T] and m [B,T] (1 = real)."""
    m_k = m[:, None, None, :]  # [B, 1, 1, Tk]
    key_pad = m_k == 0
    query_pad = (m == 0)[:, None, :, None]  # [B, 1, Tq, 1]
    kind = mode["kind"]
    c = float(mode.get("constant", 0.0))
    if kind == "keyAdditive":
        masked = s + _bias(key_pad, c, s)
    elif kind == "queryAdditive":
        masked = s + _bias(query_pad, c, s)
    elif kind == "bothAdditive":
        masked = s + _bias(key_pad | query_pad, c, s)
    elif kind == "invertedKeyAdditive":
        masked = s + _bias(~key_pad, c, s)
    elif kind == "keyMaskedFill":  # masked_fill semantics: c REPLACES S (NaN in S is dropped)
        masked = torch.where(key_pad, torch.tensor(c, dtype=s.dtype), s)
    elif kind == "multiplicative":
        masked = s * m_k
    elif kind == "floatAdd":
        masked = s + m_k
    elif kind in ("none", "keyRenormalised", "keyAfterSoftmax"):
        masked = s  # these act after the softmax; their "scores" are the raw S
    else:
        raise ValueError(f"unknown mask kind {kind}")
    probs = torch.softmax(masked, dim=-1)
    if kind == "keyAfterSoftmax":
        probs = probs * m_k
    elif kind == "keyRenormalised":
        probs = probs * m_k
        probs = probs / probs.sum(dim=-1, keepdim=True)
    return masked, probs


# (S [B,H,T,T], m [B,T], mode) -> (masked scores, probabilities); bert_lowp.py has another.
Attend = Callable[[torch.Tensor, torch.Tensor, dict], tuple[torch.Tensor, torch.Tensor]]


def _attention(
    x: torch.Tensor, m: torch.Tensor, w: Weights, p: str, cfg: BertConfig, mode: dict, attend: Attend
):
    b, t, d = x.shape
    h = cfg.num_heads
    dh = d // h

    def heads(name: str) -> torch.Tensor:
        return _linear(x, w, f"{p}.attention.self.{name}").view(b, t, h, dh).transpose(1, 2)  # [B,H,T,dh]

    q, k, v = heads("query"), heads("key"), heads("value")
    s = q @ k.transpose(-1, -2) / math.sqrt(dh)  # [B, H, Tq, Tk]
    masked, probs = attend(s, m, mode)
    ctx = (probs @ v).transpose(1, 2).reshape(b, t, d)  # [B, T, D]
    out = _linear(ctx, w, f"{p}.attention.output.dense")
    out = _layer_norm(out + x, w, f"{p}.attention.output.LayerNorm", cfg.layer_norm_eps)
    return out, masked, probs


def forward(
    w: Weights,
    cfg: BertConfig,
    ids: torch.Tensor,
    mask: torch.Tensor,
    positions: torch.Tensor,
    mode: dict,
    taint: tuple[str, float] | None = None,
    attend: Attend = apply_mask,
) -> ForwardResult:
    """ids, mask, positions: int64 [B, T]; weights already in the compute dtype. `attend` masks
    the scores (default: apply_mask, in the weights' dtype).

    taint = (at, value): padding rows of the embeddings' output (at = "embeddings") or of every
    layer's input (at = "everyLayer") are replaced by `value` (a test of the mask).
    """
    dtype = w["bert.embeddings.word_embeddings.weight"].dtype
    m = mask.to(dtype)
    e = "bert.embeddings"
    x = w[f"{e}.word_embeddings.weight"][ids] + w[f"{e}.position_embeddings.weight"][positions]
    x = x + w[f"{e}.token_type_embeddings.weight"][torch.zeros_like(ids)]
    x = _layer_norm(x, w, f"{e}.LayerNorm", cfg.layer_norm_eps)  # [B, T, D]

    def poison(h: torch.Tensor, layer: int) -> torch.Tensor:
        if taint is None or (taint[0] == "embeddings" and layer > 0):
            return h
        return torch.where((mask == 0)[:, :, None], torch.tensor(taint[1], dtype=h.dtype), h)

    x = poison(x, 0)
    hidden, attention, scores = [x], [], []
    for layer in range(cfg.num_layers):
        x = poison(x, layer)
        p = f"bert.encoder.layer.{layer}"
        a, masked, probs = _attention(x, m, w, p, cfg, mode, attend)
        ff = F.gelu(_linear(a, w, f"{p}.intermediate.dense"))  # exact erf GELU
        x = _linear(ff, w, f"{p}.output.dense")
        x = _layer_norm(x + a, w, f"{p}.output.LayerNorm", cfg.layer_norm_eps)  # [B, T, D]
        hidden.append(x)
        attention.append(probs)
        scores.append(masked)
    tr = "cls.predictions.transform"
    y = F.gelu(_linear(x, w, f"{tr}.dense"))
    y = _layer_norm(y, w, f"{tr}.LayerNorm", cfg.layer_norm_eps)
    logits = y @ w[f"{e}.word_embeddings.weight"].T + w["cls.predictions.bias"]  # tied decoder
    return ForwardResult(
        logits=logits.reshape(-1, logits.shape[-1]),
        hidden=torch.stack(hidden),
        attention=torch.stack(attention),
        scores=torch.stack(scores),
    )
