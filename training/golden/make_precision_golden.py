"""Golden vectors for emulated fp16 / bf16 attention, causal masks and score scales:
tests/golden/tiny/precision/{cases.json, expected.safetensors}, on the tiny checkpoint.

Run from the repo root after make_golden.py:
    /usr/bin/python3 training/golden/make_precision_golden.py
The reference is bert_ref.forward with bert_lowp.attend_with (real torch half / bfloat16
arithmetic). Stores hidden [L+1, B, T, D], attention [L, B, H, T, T] and masked scores; prints
per case the NaN / -inf counts and the padding mass of real rows. Deterministic.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import torch

from bert_lowp import Numerics, attend_with
from bert_ref import BertConfig, forward
from cases import SENTENCE_A, SENTENCE_B, Case, encode
from safetensors_io import read_safetensors, write_safetensors

TINY = Path("tests/golden/tiny")
OUT_DIR = TINY / "precision"
F32_MIN = -3.4028234663852886e38
F16_MIN = -65504.0
BF16_MIN = float(torch.finfo(torch.bfloat16).min)


def add(kind: str, constant: float = -1e4) -> dict:
    return {"kind": kind, "constant": constant}


FP16, BF16 = Numerics("fp16"), Numerics("bf16")
CAUSAL, CAUSAL16, CAUSAL_BF16 = Numerics(is_causal=True), Numerics("fp16", True), Numerics("bf16", True)

# (name, mode, side, numerics, description)
SPEC: list[tuple[str, dict, str, Numerics, str]] = [
    ("fp16_key_1e4", add("keyAdditive"), "right", FP16, "fp16, key mask -1e4: correct"),
    ("fp16_key_1e9", add("keyAdditive", -1e9), "right", FP16, "fp16, -1e9 cast to -inf; no row fully masked"),
    ("fp16_key_f32min", add("keyAdditive", F32_MIN), "right", FP16, "fp16, float32 min cast to -inf"),
    ("fp16_key_f16min", add("keyAdditive", F16_MIN), "right", FP16, "fp16, finfo(fp16).min stays finite"),
    ("fp16_both_1e9", add("bothAdditive", -1e9), "right", FP16, "fp16, both axes -1e9: padding rows NaN"),
    ("fp16_inverted_neginf", add("invertedKeyAdditive", -math.inf), "right", FP16, "bool-cast mask, fp16"),
    ("fp16_renormalised", {"kind": "keyRenormalised"}, "right", FP16, "fp16, after softmax renormalised"),
    ("fp16_float_add", {"kind": "floatAdd"}, "right", FP16, "fp16, 0/1 added"),
    ("bf16_key_1e9", add("keyAdditive", -1e9), "right", BF16, "bf16, -1e9 finite"),
    ("bf16_both_bf16min", add("bothAdditive", BF16_MIN), "right", BF16, "bf16, both axes, finfo(bf16).min"),
    ("causal_left_1e4", add("keyAdditive"), "left", CAUSAL, "causal + left padding, -1e4: uniform pad rows"),
    ("causal_left_neginf", add("keyAdditive", -math.inf), "left", CAUSAL, "causal + left padding, -inf: NaN"),
    ("causal_right_f32min", add("keyAdditive", F32_MIN), "right", CAUSAL, "causal + padding planes of f32 min"),
    ("causal16_left_f16min", add("keyAdditive", F16_MIN), "left", CAUSAL16, "fp16 causal + padding, sum -inf"),
    ("causal16_left_1e9", add("keyAdditive", -1e9), "left", CAUSAL16, "fp16 causal + left padding, -1e9"),
    ("causalbf16_left_bf16min", add("keyAdditive", BF16_MIN), "left", CAUSAL_BF16, "bf16 causal planes"),
    ("causal16_none", {"kind": "none"}, "right", CAUSAL16, "fp16 causal, no padding mask"),
    ("causal_multiplicative", {"kind": "multiplicative"}, "left", CAUSAL, "causal + S*m"),
    ("causalbf16_after_softmax", {"kind": "keyAfterSoftmax"}, "right", CAUSAL_BF16, "bf16 causal, after softmax"),
    ("scaled_key_1e5", add("keyAdditive", -1e5), "right", Numerics(score_scale=1e5), "-1e5 under scores ×1e5"),
    ("scaled_key_f32min", add("keyAdditive", F32_MIN), "right", Numerics(score_scale=1e5), "f32 min, ×1e5"),
]


def _mode_json(mode: dict) -> dict:
    out = dict(mode)
    if "constant" in out and math.isinf(out["constant"]):
        out["constant"] = "-Infinity"
    return out


def main() -> None:
    torch.set_num_threads(1)
    config = json.loads((TINY / "config.json").read_text())
    vocab = (TINY / "vocab.txt").read_text().split("\n")[:-1]
    cfg = BertConfig(vocab_size=config["vocab_size"])
    w = {k: torch.from_numpy(v) for k, v in read_safetensors(TINY / "model.safetensors").items()}
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    entries, tensors = [], {}
    print("| case | NaN rows (real/pad) | -inf scores | pad mass (real rows) |")
    print("|---|---|---|---|")
    for name, mode, side, numerics, description in SPEC:
        case = Case(name, description, [SENTENCE_A, SENTENCE_B], side, 13, mode)
        ids, mask, positions = encode(case, vocab)
        r = forward(w, cfg, ids, mask, positions, mode, attend=attend_with(numerics))
        b, t = ids.shape
        entries.append({
            "name": name, "description": description, "batch": b, "seqLen": t,
            "ids": ids.flatten().tolist(), "attentionMask": mask.flatten().tolist(),
            "positionIds": positions.flatten().tolist(), "mode": _mode_json(mode),
            "numerics": numerics.json(),
        })
        for key in ("hidden", "attention", "scores"):
            tensors[f"{name}.{key}"] = getattr(r, key).numpy().astype(np.float32)
        real_rows = mask.bool()[None, :, None, :].expand(r.attention.shape[:4])
        nan_rows = torch.isnan(r.attention).any(-1)
        pad_mass = (r.attention * (1 - mask)[None, :, None, None, :]).sum(-1)[real_rows]
        print(f"| {name} | {int(nan_rows[real_rows].sum())}/{int(nan_rows[~real_rows].sum())} | "
              f"{int(torch.isneginf(r.scores).sum())} | {float(pad_mass.nan_to_num(nan=-1).max()):.3g} |")
    doc = {"checkpoint": str(TINY), "description": __doc__.split("\n")[0], "cases": entries}
    rows = ",\n".join("  " + json.dumps(e, allow_nan=False) for e in entries)
    head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, indent=1)[:-2]
    (OUT_DIR / "cases.json").write_text(f'{head},\n "cases": [\n{rows}\n ]\n}}\n')
    write_safetensors(OUT_DIR / "expected.safetensors", tensors)


if __name__ == "__main__":
    main()
