"""Padding invariance and mask-mode collapse on the held-out test split (see evaluate.py)."""

from __future__ import annotations

import torch

from training.evaluate_common import Example, accuracy, by_length, padded_batch, padded_logits, predictions
from training.model import BertForMaskedLM

DRIFT_SENTENCES = 32
PAD_COUNTS = (0, 16, 32, 64)
MODES = {"key": "correct key mask", "none": "no mask", "query": "query-axis mask (rows)"}


def drift(model: BertForMaskedLM, examples: list[Example], max_len: int, pad_id: int) -> dict[str, object]:
    """Correct mask: every real token's logits for k = 1 … (max_len - length) pads vs 0 pads."""
    worst, same, total, checked = 0.0, 0, 0, 0
    for e in examples[:DRIFT_SENTENCES]:
        (reference,) = padded_logits(model, [e.masked], 0, "key", pad_id)
        for pads in range(1, max_len - len(e.masked) + 1):
            (logits,) = padded_logits(model, [e.masked], pads, "key", pad_id)
            worst = max(worst, float((logits - reference).abs().max()))
            same += int((logits.argmax(-1) == reference.argmax(-1)).sum())
            total += len(e.masked)
            checked += 1
    return {"sentences": min(len(examples), DRIFT_SENTENCES), "padded_runs": checked,
            "max_abs_logit_diff": worst, "identical_argmax_fraction": same / total}


def mode_table(model: BertForMaskedLM, examples: list[Example], max_len: int,
               pad_id: int) -> dict[str, object]:
    """Top-1/top-5 per mask mode and pad count, on the sentences short enough for every count."""
    fits = [e for e in examples if len(e.masked) + max(PAD_COUNTS) <= max_len]
    rows = []
    for mode, label in MODES.items():
        for pads in PAD_COUNTS:
            acc = accuracy(fits, predictions(model, fits, pads, mode, pad_id))
            by_layer = padding_mass(model, fits, pads, mode, pad_id)
            rows.append({"mode": mode, "label": label, "pads": pads, **acc,
                         "padding_mass": sum(by_layer) / len(by_layer), "padding_mass_by_layer": by_layer})
    return {"sentences": len(fits), "rows": rows}


@torch.no_grad()
def padding_mass(model: BertForMaskedLM, examples: list[Example], pads: int, mode: str,
                 pad_id: int) -> list[float]:
    """Per layer: mean attention weight real query rows put on padding keys (over heads, queries, sentences)."""
    total, count = torch.zeros(model.config.num_hidden_layers, dtype=torch.float64), 0
    if pads == 0:
        return total.tolist()
    for _, idx in sorted(by_length(examples).items()):
        ids, mask = padded_batch([examples[i].masked for i in idx], pads, pad_id)
        t = ids.shape[1] - pads
        attention = model(ids, mask, mode=mode, keep=True, rows=torch.empty(0, dtype=torch.int64)).attention
        total += attention[:, :, :, :t, t:].sum(-1).mean(dim=(2, 3)).sum(1).double()  # (L, B, H, Tq) -> (L,)
        count += len(idx)
    return (total / count).tolist()


@torch.no_grad()
def row_sum_check(model: BertForMaskedLM, example: Example, pads: int, pad_id: int) -> dict[str, float]:
    """Mass real query rows put on padding keys, per mode (sanity check of the three modes)."""
    t = len(example.masked)
    ids = torch.tensor([list(example.masked) + [pad_id] * pads])
    mask = torch.tensor([[1] * t + [0] * pads])
    out = {}
    for mode in MODES:
        attention = model(ids, mask, mode=mode, keep=True).attention  # (L, 1, H, T, T)
        out[mode] = float(attention[:, :, :, :t, t:].sum(-1).max())
    return out
