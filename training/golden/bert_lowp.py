"""Attention masking in real torch.float16 / torch.bfloat16 arithmetic, a causal plane and a
score scale: the reference for maskscope's emulated precisions (src/model/scoreNumerics.ts).

Independent of the TypeScript emulation: here the tensors really are half / bfloat16 and
PyTorch rounds them. Where the rounding happens (the points real kernels round at):
  1. S = q·kᵀ/√d in float32 (tensor-core accumulation), times the score scale, stored in dtype;
  2. each mask plane (padding, causal) built in float32 and cast to dtype (-1e9 → -inf in fp16);
  3. the causal plane plus the padding plane summed in dtype, then added to S in dtype;
  4. softmax of the dtype scores computed in float32 (torch.softmax(x, -1, dtype=torch.float32));
     an all -inf row gives NaN. The probabilities are kept in float32 (maskscope leaves out the
     cast back, which only quantises them);
  5. after-softmax masks, probs·V and the rest stay float32.
Kinds without a constant give the causal plane BERT's -1e4.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from bert_ref import Attend

DTYPES = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}
ADDITIVE = ("keyAdditive", "queryAdditive", "bothAdditive", "invertedKeyAdditive", "floatAdd")
CAUSAL_DEFAULT = -1e4


@dataclass(frozen=True)
class Numerics:
    precision: str = "fp32"  # 'fp32' | 'fp16' | 'bf16'
    is_causal: bool = False
    score_scale: float = 1.0

    def json(self) -> dict:
        return {"precision": self.precision, "isCausal": self.is_causal, "scoreScale": self.score_scale}


def _plane(where: torch.Tensor, constant: float) -> torch.Tensor:
    """float32: `constant` where `where`, exactly 0 elsewhere."""
    return torch.where(where, torch.tensor(constant), torch.tensor(0.0))


def _padding_plane(kind: str, c: float, m: torch.Tensor) -> torch.Tensor:
    """The float32 additive mask of an additive kind, broadcastable to [B, H, Tq, Tk]."""
    key_pad = (m == 0)[:, None, None, :]
    query_pad = (m == 0)[:, None, :, None]
    if kind == "keyAdditive":
        return _plane(key_pad, c)
    if kind == "queryAdditive":
        return _plane(query_pad, c)
    if kind == "bothAdditive":
        return _plane(key_pad | query_pad, c)
    if kind == "invertedKeyAdditive":
        return _plane(~key_pad, c)
    if kind == "floatAdd":
        return m[:, None, None, :].float()
    raise ValueError(f"{kind} is not additive")


def attend_with(numerics: Numerics) -> Attend:
    """An `attend` for bert_ref.forward that masks in `numerics`; returns float32 views."""
    dt = DTYPES[numerics.precision]

    def attend(s: torch.Tensor, m: torch.Tensor, mode: dict) -> tuple[torch.Tensor, torch.Tensor]:
        kind, t = mode["kind"], s.shape[-1]
        c = float(mode.get("constant", CAUSAL_DEFAULT))
        s_low = (s * numerics.score_scale).to(dt)  # [B, H, Tq, Tk]
        future = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)  # key j > query i
        causal = _plane(future, c).to(dt) if numerics.is_causal else None
        m_k = m[:, None, None, :].to(dt)
        m_k32 = m[:, None, None, :].float()
        if kind in ADDITIVE:
            mask = _padding_plane(kind, c, m).to(dt)
            if causal is not None:
                mask = causal + mask  # summed in dtype: -65504 + -65504 = -inf in fp16
            masked = s_low + mask
        else:
            masked = s_low * m_k if kind == "multiplicative" else s_low
            if causal is not None:
                masked = masked + causal
        probs = torch.softmax(masked.float(), dim=-1, dtype=torch.float32)
        if kind == "keyAfterSoftmax":
            probs = probs * m_k32
        elif kind == "keyRenormalised":
            kept = probs * m_k32
            probs = kept / kept.sum(dim=-1, keepdim=True)
        return masked.float(), probs

    return attend
