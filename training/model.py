"""A compact BERT for masked-LM, parameter names = Hugging Face `BertForMaskedLM` keys.

Post-LN encoder (Devlin et al. 2019; HF `modeling_bert.py`): embeddings (word + position +
token type, LayerNorm) -> L x (self-attention -> add & norm -> GELU MLP -> add & norm) ->
MLM head (dense -> GELU -> LayerNorm -> tied decoder + bias). The attention mask is applied
on the KEY axis: `softmax(S + (1 - m)[:, None, None, :] * c)`; `mask_mode` selects the buggy
variants used by the evaluation's padding table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

MASK_CONSTANT = -10000.0  # BERT's additive constant; exp(-1e4) underflows to exactly 0 in fp32


@dataclass(frozen=True)
class BertConfig:
    """Hyper-parameters; names mirror HF's `config.json` fields."""

    vocab_size: int = 8000
    hidden_size: int = 128
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    intermediate_size: int = 512
    max_position_embeddings: int = 128
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    initializer_range: float = 0.02
    pad_token_id: int = 0


class Embeddings(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, ids: torch.Tensor, positions: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
        x = self.word_embeddings(ids) + self.position_embeddings(positions) + self.token_type_embeddings(types)
        return self.LayerNorm(x)  # (B, T, D)


class SelfAttention(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.heads = c.num_attention_heads
        self.query = nn.Linear(c.hidden_size, c.hidden_size)
        self.key = nn.Linear(c.hidden_size, c.hidden_size)
        self.value = nn.Linear(c.hidden_size, c.hidden_size)

    def split(self, x: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        return x.view(b, t, self.heads, d // self.heads).transpose(1, 2)  # (B, H, T, hs)

    def forward(self, x: torch.Tensor, mask: torch.Tensor, mode: str) -> tuple[torch.Tensor, torch.Tensor]:
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])  # (B, H, Tq, Tk)
        pad = (1.0 - mask.to(scores.dtype))  # (B, T), 1 = padding
        if mode == "key":
            scores = scores + pad[:, None, None, :] * MASK_CONSTANT
        elif mode == "query":  # bug 1: rows masked instead of columns
            scores = scores + pad[:, None, :, None] * MASK_CONSTANT
        elif mode == "query_inf":  # bug 1 with masked_fill(-inf): padding rows are all -inf -> NaN
            scores = scores.masked_fill(pad[:, None, :, None].bool(), float("-inf"))
        elif mode != "none":
            raise ValueError(f"unknown mask mode {mode!r}")
        probs = scores.softmax(dim=-1)  # (B, H, Tq, Tk)
        out = (probs @ v).transpose(1, 2).reshape(x.shape)  # (B, T, D)
        return out, probs


class Layer(nn.Module):
    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.attention = nn.Module()
        self.attention.self = SelfAttention(c)
        self.attention.output = nn.Module()
        self.attention.output.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.attention.output.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.intermediate = nn.Module()
        self.intermediate.dense = nn.Linear(c.hidden_size, c.intermediate_size)
        self.output = nn.Module()
        self.output.dense = nn.Linear(c.intermediate_size, c.hidden_size)
        self.output.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor, mode: str) -> tuple[torch.Tensor, torch.Tensor]:
        a, probs = self.attention.self(x, mask, mode)
        x = self.attention.output.LayerNorm(x + self.attention.output.dense(a))
        h = F.gelu(self.intermediate.dense(x))  # exact erf GELU
        x = self.output.LayerNorm(x + self.output.dense(h))
        return x, probs


@dataclass
class BertOutput:
    """logits (B, T, V) or (N, V) when rows were selected; hidden (L+1, B, T, D); attention (L, B, H, T, T)."""

    logits: torch.Tensor
    hidden: torch.Tensor
    attention: torch.Tensor


class BertForMaskedLM(nn.Module):
    """`bert.*` encoder + `cls.predictions.*` head with the decoder tied to word embeddings."""

    def __init__(self, c: BertConfig) -> None:
        super().__init__()
        self.config = c
        self.bert = nn.Module()
        self.bert.embeddings = Embeddings(c)
        self.bert.encoder = nn.Module()
        self.bert.encoder.layer = nn.ModuleList(Layer(c) for _ in range(c.num_hidden_layers))
        self.cls = nn.Module()
        self.cls.predictions = nn.Module()
        self.cls.predictions.transform = nn.Module()
        self.cls.predictions.transform.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.cls.predictions.transform.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.cls.predictions.bias = nn.Parameter(torch.zeros(c.vocab_size))
        self.apply(self._init)

    def _init(self, m: nn.Module) -> None:
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=self.config.initializer_range)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def mlm_logits(self, h: torch.Tensor) -> torch.Tensor:
        t = self.cls.predictions.transform
        h = t.LayerNorm(F.gelu(t.dense(h)))
        return h @ self.bert.embeddings.word_embeddings.weight.T + self.cls.predictions.bias

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, positions: torch.Tensor | None = None,
                rows: torch.Tensor | None = None, mode: str = "key", keep: bool = False) -> BertOutput:
        """ids/mask/positions (B, T); `rows` = flat (B*T) indices of the logit rows wanted."""
        b, t = ids.shape
        if positions is None:
            positions = torch.arange(t).expand(b, t)
        x = self.bert.embeddings(ids, positions, torch.zeros_like(ids))
        hidden, attention = [x], []
        for layer in self.bert.encoder.layer:
            x, probs = layer(x, mask, mode)
            if keep:
                hidden.append(x)
                attention.append(probs)
        flat = x.reshape(b * t, -1)
        logits = self.mlm_logits(flat if rows is None else flat[rows])
        empty = torch.empty(0)
        return BertOutput(logits, torch.stack(hidden) if keep else empty,
                          torch.stack(attention) if keep else empty)
