"""Padding invariance and mask-mode collapse on the held-out test split (see evaluate.py)."""

from __future__ import annotations

import torch

from training.evaluate_common import Example, accuracy, padded_logits, predictions_and_padding_mass
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
            logits, by_layer = predictions_and_padding_mass(model, fits, pads, mode, pad_id)
            acc = accuracy(fits, logits)
            rows.append({"mode": mode, "label": label, "pads": pads, **acc,
                         "padding_mass": sum(by_layer) / len(by_layer), "padding_mass_by_layer": by_layer})
    return {"sentences": len(fits), "rows": rows}


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
