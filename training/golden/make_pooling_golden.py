"""Golden pooling drifts and taint outcomes on the tiny checkpoint (tests/golden/tiny).

Run from the repo root:  /usr/bin/python3 training/golden/make_pooling_golden.py
Writes tests/golden/tiny/pooling.json and tests/golden/tiny/taint.json and prints the taint
table for the README. Uses only the independent reference training/golden/bert_ref.py.

Poolings (written from the public code, not from the TypeScript):
- mean: sentence-transformers `mean_pooling`: sum(h*m) / clamp(sum(m), 1e-9); unmasked m = 1.
- max: padded tokens set to -1e9, then max over time (sentence-transformers max pooling).
- cls: row 0 unmasked; the first real row masked. last: row T-1 unmasked; the last real row masked.
- attention: seed 002's SelfAttentionPooling softmax_t(h_t . w + b) with w[k] = cos(k+1)/sqrt(d),
  b = 0; masked: masked_fill(-inf) on padding before the softmax.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch

from bert_ref import BertConfig, forward
from positions import position_ids
from safetensors_io import read_safetensors

GOLDEN = Path("tests/golden/tiny")
SENTENCE = "[CLS] a bird [MASK] over the tree [SEP]".split()
PADDING = 5
KINDS = ("cls", "mean", "max", "last", "attention")
F32_MIN = -3.4028234663852886e38
MODE_A = {"kind": "keyAdditive", "constant": -1e4}
MODE_B = {"kind": "none"}
TAINT_MODES = [
    ("key-additive", {"kind": "keyAdditive", "constant": -1e4}),
    ("key-additive-f32min", {"kind": "keyAdditive", "constant": F32_MIN}),
    ("key-renormalised", {"kind": "keyRenormalised"}),
    ("none", {"kind": "none"}),
    ("query-additive", {"kind": "queryAdditive", "constant": -1e4}),
    ("both-additive", {"kind": "bothAdditive", "constant": -1e4}),
    ("inverted", {"kind": "invertedKeyAdditive", "constant": -1e4}),
    ("after-softmax", {"kind": "keyAfterSoftmax"}),
    ("multiplicative", {"kind": "multiplicative"}),
    ("float-add", {"kind": "floatAdd"}),
]
# Not a maskscope mode: masked_fill(-1e4) REPLACES the padding scores (NaN in them is dropped).
PYTHON_ONLY_MODES = [("masked-fill", {"kind": "keyMaskedFill", "constant": -1e4})]
TAINTS = [
    ("embeddings", 100.0), ("embeddings", 1e4), ("embeddings", math.nan),
    ("everyLayer", 100.0), ("everyLayer", 1e4), ("everyLayer", math.nan),
]
PASS_TOL = 1e-5  # TOLERANCES.drift in src/diagnostics/tolerances.ts
# Outcomes closer than this to the tolerance would make the pass/fail verdict backend-dependent.
CLEAR_MARGIN = 10.0


def load() -> tuple[dict[str, torch.Tensor], BertConfig, list[str]]:
    raw = read_safetensors(GOLDEN / "model.safetensors")
    w = {k: torch.from_numpy(v.copy()) for k, v in raw.items() if k != "bert.embeddings.position_ids"}
    c = json.loads((GOLDEN / "config.json").read_text())
    cfg = BertConfig(
        vocab_size=c["vocab_size"], hidden_size=c["hidden_size"], num_layers=c["num_hidden_layers"],
        num_heads=c["num_attention_heads"], intermediate_size=c["intermediate_size"],
        max_positions=c["max_position_embeddings"], type_vocab_size=c["type_vocab_size"],
        layer_norm_eps=c["layer_norm_eps"],
    )
    vocab = (GOLDEN / "vocab.txt").read_text().split("\n")[:-1]
    return w, cfg, vocab


def encode(vocab: list[str], padding: int, side: str) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """ids, mask, positions [1, T]; positions as Hugging Face numbers them on `side`."""
    real = torch.tensor([vocab.index(t) for t in SENTENCE])
    pads = torch.zeros(padding, dtype=torch.int64)
    ones, zeros = torch.ones(len(SENTENCE), dtype=torch.int64), torch.zeros(padding, dtype=torch.int64)
    ids = torch.cat([real, pads] if side == "right" else [pads, real])[None]
    mask = torch.cat([ones, zeros] if side == "right" else [zeros, ones])[None]
    return ids, mask, position_ids(mask, side)


def pool(kind: str, h: torch.Tensor, m: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """h [T, D] float64, m [T] float64 (all ones = unmasked) → (vector [D], weights [T])."""
    t, d = h.shape
    real = torch.nonzero(m).flatten()
    if kind in ("cls", "last"):
        row = int(real[0] if kind == "cls" else real[-1])
        return h[row], torch.nn.functional.one_hot(torch.tensor(row), t).double()
    if kind == "mean":
        vec = (h * m[:, None]).sum(0) / torch.clamp(m.sum(), min=1e-9)
        return vec, m / m.sum()
    if kind == "max":
        filled = h.clone()
        filled[m == 0] = -1e9
        vec, arg = filled.max(0)
        return vec, torch.bincount(arg, minlength=t).double() / d
    if kind == "attention":
        w = torch.tensor([math.cos(k + 1) / math.sqrt(d) for k in range(d)], dtype=torch.float64)
        scores = (h @ w).masked_fill(m == 0, -math.inf)
        weights = torch.softmax(scores, 0)
        return weights @ h, weights
    raise ValueError(kind)


def cosine(a: torch.Tensor, b: torch.Tensor) -> float:
    return float(a @ b / (a.norm() * b.norm()))


def final_hidden(w, cfg, vocab, mode: dict, padding: int, side: str, taint=None) -> torch.Tensor:
    ids, mask, positions = encode(vocab, padding, side)
    return forward(w, cfg, ids, mask, positions, mode, taint).hidden[-1, 0]


def pooling_doc(w, cfg, vocab) -> dict:
    modes = []
    for name, mode in (("A", MODE_A), ("B", MODE_B)):
        ref_h = final_hidden(w, cfg, vocab, mode, 0, "right").double()
        ones = torch.ones(len(SENTENCE), dtype=torch.float64)
        cells = []
        for side in ("right", "left"):
            ids, mask, _ = encode(vocab, PADDING, side)
            h = final_hidden(w, cfg, vocab, mode, PADDING, side).double()
            for kind in KINDS:
                ref, _ = pool(kind, ref_h, ones)
                for masked in (True, False):
                    m = mask[0].double() if masked else torch.ones(h.shape[0], dtype=torch.float64)
                    vec, weights = pool(kind, h, m)
                    cells.append({
                        "kind": kind, "isMasked": masked, "side": side,
                        "cosine": cosine(vec, ref),
                        "relativeChange": float((vec - ref).norm() / ref.norm()),
                        "vector": vec.tolist(), "weights": weights.tolist(),
                    })
        modes.append({"slot": name, "mode": mode, "cells": cells})
    return {
        "description": "Pooled final hidden states of SENTENCE padded by PADDING on each side vs the "
        "unpadded run of the same mode; training/golden/make_pooling_golden.py",
        "sentence": SENTENCE, "padding": PADDING, "modes": modes,
    }


def taint_outcome(w, cfg, vocab, mode: dict, taint) -> dict:
    ids, mask, positions = encode(vocab, PADDING, "right")
    clean = forward(w, cfg, ids, mask, positions, mode)
    dirty = forward(w, cfg, ids, mask, positions, mode, taint)
    real = mask[0].bool()
    mask_row = SENTENCE.index("[MASK]")
    dh = (dirty.hidden[-1, 0, real] - clean.hidden[-1, 0, real]).abs()
    dl = (dirty.logits[mask_row] - clean.logits[mask_row]).abs()
    change = math.nan if torch.isnan(dh).any() or torch.isnan(dl).any() else float(max(dh.max(), dl.max()))
    passed = change <= PASS_TOL  # False for NaN
    clear = math.isnan(change) or change * CLEAR_MARGIN <= PASS_TOL or change >= PASS_TOL * CLEAR_MARGIN
    return {"maxChange": None if math.isnan(change) else change, "passed": passed, "isClear": clear}


def taint_doc(w, cfg, vocab) -> dict:
    rows = []
    for name, mode in TAINT_MODES + PYTHON_ONLY_MODES:
        outcomes = [
            {"at": at, "value": "NaN" if math.isnan(v) else v, **taint_outcome(w, cfg, vocab, mode, (at, v))}
            for at, v in TAINTS
        ]
        rows.append({"id": name, "mode": mode, "isMaskscopeMode": mode["kind"] != "keyMaskedFill",
                     "outcomes": outcomes})
    return {
        "description": "Max |change| of the real tokens' final hidden states and the [MASK] logits when "
        "the padding rows are poisoned; null = NaN; passed = change <= 1e-5 (TOLERANCES.drift)",
        "sentence": SENTENCE, "padding": PADDING, "side": "right", "rows": rows,
    }


def print_table(doc: dict) -> None:
    heads = [f"{o['at']} {o['value']}" for o in doc["rows"][0]["outcomes"]]
    print("| mode | " + " | ".join(heads) + " |")
    print("|---|" + "---|" * len(heads))
    for row in doc["rows"]:
        cells = [("pass" if o["passed"] else "FAIL") + (f" ({o['maxChange']:.2g})" if o["maxChange"] is not None
                                                           else " (NaN)") for o in row["outcomes"]]
        print(f"| {row['id']} | " + " | ".join(cells) + " |")


def main() -> None:
    torch.set_num_threads(1)
    w, cfg, vocab = load()
    pooling = pooling_doc(w, cfg, vocab)
    (GOLDEN / "pooling.json").write_text(json.dumps(pooling, indent=1, allow_nan=False) + "\n")
    taint = taint_doc(w, cfg, vocab)
    (GOLDEN / "taint.json").write_text(json.dumps(taint, indent=1, allow_nan=False) + "\n")
    print_table(taint)


if __name__ == "__main__":
    main()
