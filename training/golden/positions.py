"""Position ids as Hugging Face numbers them, and the other numberings maskscope offers.

Hugging Face, used correctly on each side (the default, `pads="huggingface"`):
- right padding: `BertModel`'s default `position_ids = arange(T)`, so pads get n … T-1;
- left padding: the `generate` recipe, `cumsum(mask) - 1` with `masked_fill(mask == 0, 1)`.
The alternatives keep `cumsum(mask) - 1` for real tokens and give every pad 0 (maskscope before
issue 25), 1, or its index t. `scheme="arange"` is the bug (0 … T-1 under left padding too).
"""

from __future__ import annotations

import torch

PAD_NUMBERINGS = ("huggingface", "zero", "one", "index")


def position_ids(mask: torch.Tensor, side: str, scheme: str = "cumsum", pads: str = "huggingface") -> torch.Tensor:
    """mask int64 [B, T] (1 = real) → position ids int64 [B, T]."""
    assert scheme in ("cumsum", "arange") and pads in PAD_NUMBERINGS and side in ("left", "right")
    t = mask.shape[-1]
    arange = torch.arange(t).expand_as(mask).clone()
    if scheme == "arange":
        return arange
    if pads == "huggingface":
        if side == "right":
            return arange  # BertModel: self.position_ids[:, :seq_length]
        return (mask.cumsum(-1) - 1).masked_fill(mask == 0, 1)  # generate's prepare_inputs
    real = mask.cumsum(-1) - 1
    fill = arange if pads == "index" else torch.full_like(mask, 1 if pads == "one" else 0)
    return torch.where(mask.bool(), real, fill)
