"""Golden cases for the tiny checkpoint: inputs, reference outputs and mask invariants.

Every case is run in float32 (stored) and float64 (sanity check). float32 is stored because
the mask constants are part of the numerics: S + c is rounded to the float32 grid
(ulp ≈ 1e-3 at |c| = 1e4), which a float32 implementation reproduces and float64 does not.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from bert_ref import BertConfig, ForwardResult, Weights, forward
from positions import position_ids
from safetensors_io import write_safetensors

SENTENCE_A = "[CLS] the cat sat on the mat and the dog ##s ran [SEP]".split()  # 13 tokens
SENTENCE_B = "[CLS] a bird [MASK] over the tree [SEP]".split()  # 8 tokens
SENTENCE_LONG = "[CLS] the small red fox jump ##ed over a lazy dog and then ran home [SEP]".split()
F32_MIN = -3.4028234663852886e38
REAL_TOL = 1e-4  # float32 vs float64 on real rows/positions
# A row that gets c on every column is softmax(round_f32(S + c)): S quantised to the float32
# grid (ulp 2^-10 at |c| = 1e4). invertedKeyAdditive does that to the real rows of an unpadded
# sequence; queryAdditive to padding rows, which real rows read as keys/values one layer later.
QUANTISED_KINDS = ("queryAdditive", "invertedKeyAdditive")
QUANTISED_TOL = 1e-2


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    rows: list[list[str]]  # token strings per sequence, unpadded
    side: str  # 'right' | 'left'
    seq_len: int
    mode: dict
    positions: str = "cumsum"  # 'cumsum' | 'arange'
    pads: str = "huggingface"  # how padding positions are numbered (positions.py)


def add(kind: str, constant: float = -1e4) -> dict:
    """An additive MaskMode; -1e4 is BERT's default constant."""
    return {"kind": kind, "constant": constant}


def plain(kind: str) -> dict:
    """A MaskMode without a constant."""
    return {"kind": kind}


def _defaults() -> list[Case]:
    rows, t = [SENTENCE_A, SENTENCE_B], 13
    spec = [
        ("right_pad_correct", add("keyAdditive"), "correct key mask, c = -1e4"),
        ("right_pad_keyRenormalised", plain("keyRenormalised"), "softmax then mask, renormalised"),
        ("right_pad_none", plain("none"), "no mask (bug 3)"),
        ("right_pad_queryAdditive", add("queryAdditive"), "mask on the query axis (bug 1)"),
        ("right_pad_bothAdditive", add("bothAdditive"), "mask on both axes, c = -1e4"),
        ("right_pad_invertedKeyAdditive", add("invertedKeyAdditive"), "inverted polarity (bug 2)"),
        ("right_pad_keyAfterSoftmax", plain("keyAfterSoftmax"), "mask after softmax, no renorm (bug 11a)"),
        ("right_pad_multiplicative", plain("multiplicative"), "softmax(S*m) (bug 10)"),
        ("right_pad_floatAdd", plain("floatAdd"), "softmax(S + m) (bug 12)"),
        ("right_pad_key_neg1e9", add("keyAdditive", -1e9), "correct key mask, c = -1e9"),
        ("right_pad_key_f32min", add("keyAdditive", F32_MIN), "correct key mask, c = float32 min"),
        ("right_pad_key_neginf", add("keyAdditive", -math.inf), "key mask, c = -inf; no row fully masked"),
        ("right_pad_key_weak", add("keyAdditive", -1e-9), "weak constant -1e-9 (bug 5)"),
        ("right_pad_inverted_neginf", add("invertedKeyAdditive", -math.inf), "inverted, -inf: sequence 0 all NaN"),
        ("right_pad_both_neginf", add("bothAdditive", -math.inf), "both axes, -inf: pad rows NaN, spreads"),
    ]
    return [Case(n, d, rows, "right", t, m) for n, m, d in spec]


def build_cases() -> list[Case]:
    """All golden cases, in the order they appear in cases.json."""
    correct = {"kind": "keyAdditive", "constant": -1e4}
    none = {"kind": "none"}
    ab, long = [SENTENCE_A, SENTENCE_B], [SENTENCE_LONG]
    return _defaults() + [
        Case("left_pad_cumsum", "left padding, positions cumsum(m)-1, pads 1", ab, "left", 13, correct, "cumsum"),
        Case("left_pad_arange", "left padding, arange positions (bug 9)", ab, "left", 13, correct, "arange"),
        Case("long_correct", "16 real + 32 right pads, correct mask", long, "right", 48, correct),
        Case("long_none", "16 real + 32 right pads, no mask", long, "right", 48, none),
        Case("short_unpadded", "SENTENCE_B alone, no padding", [SENTENCE_B], "right", 8, correct),
        Case("long_unpadded", "SENTENCE_LONG alone, no padding", long, "right", 16, correct),
    ]


def encode(case: Case, vocab: list[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """ids, mask, positions, each int64 [B, T]; pads are [PAD] = 0, numbered as Hugging Face does."""
    index = {tok: i for i, tok in enumerate(vocab)}
    ids = torch.zeros(len(case.rows), case.seq_len, dtype=torch.int64)
    mask = torch.zeros_like(ids)
    for b, row in enumerate(case.rows):
        start = case.seq_len - len(row) if case.side == "left" else 0
        ids[b, start : start + len(row)] = torch.tensor([index[t] for t in row])
        mask[b, start : start + len(row)] = 1
    return ids, mask, position_ids(mask, case.side, case.positions, case.pads)


def _mode_json(mode: dict) -> dict:
    out = dict(mode)
    if "constant" in out and math.isinf(out["constant"]):
        out["constant"] = "-Infinity"
    return out


def _nanmax(x: torch.Tensor) -> float:
    if x.numel() == 0:
        return 0.0
    return math.nan if torch.isnan(x).any() else float(x.max())


def invariants(
    case: Case, r: ForwardResult, mask: torch.Tensor, cfg: BertConfig, w: Weights, vocab: list[str]
) -> dict:
    """Padding-column mass and row-sum error over real query rows; drift vs each row run unpadded."""
    real_q = mask.bool()[None, :, None, :].expand(r.attention.shape[:4])  # [L, B, H, Tq]
    pad_k = (1 - mask)[None, :, None, None, :].to(r.attention.dtype)
    pad_mass = (r.attention * pad_k).sum(-1)[real_q]
    row_err = (r.attention.sum(-1) - 1).abs()[real_q]
    drifts = [0.0]
    for b, row in enumerate(case.rows):
        if len(row) == case.seq_len:
            continue
        alone = Case("alone", "", [row], "right", len(row), case.mode)
        ref = forward(w, cfg, *encode(alone, vocab), case.mode)
        real = mask[b].bool()
        drifts.append(_nanmax((r.hidden[:, b, real] - ref.hidden[:, 0]).abs()))
    return {
        "padMass": _nanmax(pad_mass),
        "rowSumErr": _nanmax(row_err),
        "drift": _nanmax(torch.tensor(drifts)),
        "hasNaN": bool(torch.isnan(r.hidden).any()),
        "realNaNFrom": _first_nan_level(r.hidden, mask),
    }


def _first_nan_level(hidden: torch.Tensor, mask: torch.Tensor) -> int | None:
    """First hidden-state index (0 = embeddings, l = after layer l) with NaN at a real position."""
    real = mask.bool()
    for level in range(hidden.shape[0]):
        if torch.isnan(hidden[level][real]).any():
            return level
    return None


def _json_safe(value: object) -> object:
    """NaN → null, since JSON.parse rejects NaN."""
    return None if isinstance(value, float) and math.isnan(value) else value


def _check_precision(case: Case, r32: ForwardResult, r64: ForwardResult, mask: torch.Tensor) -> float:
    """Asserts NaN positions match everywhere and real rows agree; returns the real-row max diff."""
    diff = 0.0
    real = mask.bool()
    for name in ("logits", "hidden", "attention"):
        a, b = getattr(r32, name).double(), getattr(r64, name)
        assert torch.equal(torch.isnan(a), torch.isnan(b)), f"{case.name}.{name}: NaN positions differ"
        if name == "logits":
            a, b = a[real.flatten()], b[real.flatten()]
        elif name == "hidden":
            a, b = a[:, real], b[:, real]
        else:  # attention [L, B, H, Tq, Tk]: real query rows
            rows = real[:, None, :].expand(-1, a.shape[2], -1)  # [B, H, Tq]
            a, b = a[:, rows], b[:, rows]
        ok = ~torch.isnan(a)
        diff = max(diff, float((a[ok] - b[ok]).abs().max()) if ok.any() else 0.0)
    quantised = case.mode["kind"] in QUANTISED_KINDS and math.isfinite(case.mode["constant"])
    tol = QUANTISED_TOL if quantised else REAL_TOL
    assert diff < tol, f"{case.name}: float32 vs float64 differ by {diff}"
    return diff


def run_cases(cfg: BertConfig, w32: Weights, vocab: list[str], out_dir: Path) -> None:
    """Runs every case, writes cases.json, expected.safetensors, invariants.json; prints a table."""
    assert torch.isnan(torch.softmax(torch.full((3,), -math.inf), -1)).all(), "softmax(all -inf) is NaN"
    w64 = {k: v.double() for k, v in w32.items()}
    entries, tensors, table = [], {}, {}
    print("| case | mode | padMass | rowSumErr | drift | NaN | f32 vs f64 |")
    print("|---|---|---|---|---|---|---|")
    for case in build_cases():
        ids, mask, positions = encode(case, vocab)
        r32 = forward(w32, cfg, ids, mask, positions, case.mode)
        r64 = forward(w64, cfg, ids, mask, positions, case.mode)
        prec = _check_precision(case, r32, r64, mask)
        inv = invariants(case, r32, mask, cfg, w32, vocab)
        table[case.name] = inv
        b, t = ids.shape
        entries.append({
            "name": case.name, "description": case.description, "batch": b, "seqLen": t,
            "ids": ids.flatten().tolist(), "attentionMask": mask.flatten().tolist(),
            "positionIds": positions.flatten().tolist(), "mode": _mode_json(case.mode),
            "logitRows": list(range(b * t)),
        })
        for key in ("logits", "hidden", "attention", "scores"):
            tensors[f"{case.name}.{key}"] = getattr(r32, key).numpy().astype(np.float32)
        mode = json.dumps(_mode_json(case.mode)).replace('"', "")
        print(f"| {case.name} | {mode} | {inv['padMass']:.3g} | {inv['rowSumErr']:.3g} | "
              f"{inv['drift']:.3g} | {inv['hasNaN']} | {prec:.1e} |")
    doc = {
        "checkpoint": str(out_dir),
        "description": "Tiny random BERT (2 layers, 2 heads, D=32), every mask mode; "
        "float32 reference from training/golden/make_golden.py; see README.md",
        "cases": entries,
    }
    head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, indent=1)[:-2]
    rows = ",\n".join("  " + json.dumps(e, allow_nan=False) for e in entries)
    (out_dir / "cases.json").write_text(f'{head},\n "cases": [\n{rows}\n ]\n}}\n')
    safe = {name: {k: _json_safe(v) for k, v in inv.items()} for name, inv in table.items()}
    (out_dir / "invariants.json").write_text(json.dumps(safe, indent=1, allow_nan=False) + "\n")
    write_safetensors(out_dir / "expected.safetensors", tensors)
