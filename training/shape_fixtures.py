"""Attention dumps beyond square self-attention, written by real PyTorch code (issue 26).

`tests/fixtures/dumps-shapes/` gets one file per case and `manifest.json` listing, per case, the
file, how the mask reaches the checker, and the layout letters and family it must be read as:

- attention pooling over time, `[B, T]` (seed 002's `SelfAttentionPooling`: a softmax over the
  frames, with and without `masked_fill` of the padded frames) and `[B, H, T]` with four heads;
- encoder–decoder cross-attention from `nn.MultiheadAttention(q, kv, kv)`, `[B, H, Tq, Tk]` with
  Tq != Tk, with and without the encoder's `key_padding_mask`;
- one decoding step of a causal decoder against a left-padded cache, `[B, H, 1, T]`, with the
  cache's padding masked and forgotten.

The layouts use the letters of `maskscope check`, with the query axis absent for pooling ("BK",
"BHK"). They are kept apart from `tests/fixtures/dumps/` because the square-only checker refuses
them; its tests read this manifest once the shapes are supported.

    /usr/bin/python3 -m training.shape_fixtures
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import torch

from training.export import REPO_ROOT

OUT = REPO_ROOT / "tests" / "fixtures" / "dumps-shapes"
E, HEADS = 16, 4
FRAMES = (20, 13, 7)  # speaker-ID style: three utterances, right-padded to 20 frames
# Twenty utterances padded to 20 frames: pooling weights [20, 20], as square as one [T, T] matrix.
SQUARE_FRAMES = tuple(20 - (i * 7) % 15 for i in range(20))
ENC_LENGTHS = (12, 8)  # encoder tokens per item, right-padded to 12 keys
DEC_T = 5  # decoder queries
CACHE_LENGTHS = (9, 6)  # left-padded cache of 9 positions


def lengths_mask(lengths: tuple[int, ...], side: str = "right") -> torch.Tensor:
    """[B, T] with 1 at real positions, T = max(lengths)."""
    t = max(lengths)
    rows = [[1] * n + [0] * (t - n) if side == "right" else [0] * (t - n) + [1] * n for n in lengths]
    return torch.tensor(rows)


def frames(seed: int, mask: torch.Tensor) -> torch.Tensor:
    """Zero-padded frame features [B, T, E], as a collate function pads them."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(*mask.shape, E, generator=g)
    return x * mask[..., None]


class SelfAttentionPooling(torch.nn.Module):
    """Seed 002's pooling: w = softmax(x·W) over the frames, pooled = Σ w·x, per head."""

    def __init__(self, heads: int) -> None:
        super().__init__()
        self.score = torch.nn.Linear(E, heads)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> tuple[torch.Tensor, torch.Tensor]:
        s = self.score(x).transpose(1, 2)  # [B, H, T]
        if mask is not None:
            s = s.masked_fill(mask[:, None, :] == 0, float("-inf"))
        w = torch.softmax(s, dim=-1)  # [B, H, T]
        return w, w @ x  # weights, pooled [B, H, E]


def np32(t: torch.Tensor) -> np.ndarray:
    return t.detach().float().numpy()


def decoding_step(seed: int, masked: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """One step's weights [B, H, 1, T] against a left-padded cache, and the cache mask [B, T]."""
    mask = lengths_mask(CACHE_LENGTHS, side="left")
    g = torch.Generator().manual_seed(seed)
    b, t = mask.shape
    d = E // HEADS
    q = torch.randn(b, HEADS, 1, d, generator=g)
    k = torch.randn(b, HEADS, t, d, generator=g) * 1.5
    scores = q @ k.transpose(-1, -2) / math.sqrt(d)  # [B, H, 1, T]
    if masked:
        scores = scores.masked_fill(mask[:, None, None, :] == 0, torch.finfo(torch.float32).min)
    return torch.softmax(scores, dim=-1), mask


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    cases: list[dict[str, object]] = []

    def case(name: str, file: str, layout: str, family: str, note: str) -> None:
        cases.append({"name": name, "files": [file], "mask": {"kind": "found"}, "layout": layout,
                      "family": family, "note": note})

    mask = lengths_mask(FRAMES)
    x = frames(1, mask)
    lengths = np.array(FRAMES, dtype=np.int64)
    torch.manual_seed(2)
    one_head = SelfAttentionPooling(1).eval()
    with torch.no_grad():
        w, _ = one_head(x, mask)
        np.savez(OUT / "pooling_masked.npz", weights=np32(w[:, 0]), lengths=lengths)
        case("pooling_masked", "pooling_masked.npz", "BK", "correct",
             "softmax over frames after masked_fill(-inf) of the padded frames, [B, T]")
        w, _ = one_head(x, None)
        np.savez(OUT / "pooling_no_mask.npz", weights=np32(w[:, 0]), lengths=lengths)
        case("pooling_no_mask", "pooling_no_mask.npz", "BK", "missing-key-mask",
             "seed 002: softmax over zero-padded frames with no mask, [B, T]")
        torch.manual_seed(3)
        w, _ = SelfAttentionPooling(HEADS).eval()(x, mask)
        np.savez(OUT / "pooling_multihead_masked.npz", weights=np32(w), lengths=lengths)
        case("pooling_multihead_masked", "pooling_multihead_masked.npz", "BHK", "correct",
             "four pooling heads, masked, [B, H, T]")
        square_mask = lengths_mask(SQUARE_FRAMES)
        torch.manual_seed(9)
        w, _ = SelfAttentionPooling(1).eval()(frames(8, square_mask), None)
        np.savez(OUT / "pooling_square_batch.npz", weights=np32(w[:, 0]),
                 lengths=np.array(SQUARE_FRAMES, dtype=np.int64))
        case("pooling_square_batch", "pooling_square_batch.npz", "BK", "missing-key-mask",
             "20 utterances of up to 20 frames, no mask: [20, 20] pooling weights; the 20 lengths "
             "say it is not one [T, T] matrix")

        enc_mask = lengths_mask(ENC_LENGTHS)
        memory = frames(4, enc_mask)
        g = torch.Generator().manual_seed(5)
        queries = torch.randn(len(ENC_LENGTHS), DEC_T, E, generator=g)
        torch.manual_seed(6)
        cross = torch.nn.MultiheadAttention(E, HEADS, batch_first=True).eval()
        _, w = cross(queries, memory, memory, key_padding_mask=enc_mask == 0, need_weights=True,
                     average_attn_weights=False)
        np.savez(OUT / "cross_attention_masked.npz", attn_weights=np32(w), key_padding_mask=(enc_mask == 0).numpy())
        case("cross_attention_masked", "cross_attention_masked.npz", "BHQK", "correct",
             "nn.MultiheadAttention(q, memory, memory, key_padding_mask=…), [B, H, 5, 12]")
        _, w = cross(queries, memory, memory, need_weights=True, average_attn_weights=False)
        np.savez(OUT / "cross_attention_no_mask.npz", attn_weights=np32(w), attention_mask=enc_mask.numpy())
        case("cross_attention_no_mask", "cross_attention_no_mask.npz", "BHQK", "missing-key-mask",
             "the same cross-attention with the encoder's key_padding_mask forgotten")

    w, cache_mask = decoding_step(7, masked=True)
    np.savez(OUT / "decode_step_masked.npz", attentions=np32(w), attention_mask=cache_mask.numpy())
    case("decode_step_masked", "decode_step_masked.npz", "BHQK", "correct",
         "one generation step, [B, H, 1, T], left-padded cache masked with finfo.min")
    w, cache_mask = decoding_step(7, masked=False)
    np.savez(OUT / "decode_step_no_mask.npz", attentions=np32(w), attention_mask=cache_mask.numpy())
    case("decode_step_no_mask", "decode_step_no_mask.npz", "BHQK", "missing-key-mask",
         "the same step with the cache's left padding left unmasked")

    (OUT / "manifest.json").write_text(json.dumps({"cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
