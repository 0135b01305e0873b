"""Golden values for the padding sweep (src/analysis/sweep.ts) on the tiny random BERT.

Run from the repo root:  /usr/bin/python3 training/golden/make_sweep_golden.py
Reads tests/golden/tiny/ (config.json, vocab.txt, model.safetensors) and writes
tests/golden/tiny/sweep.json: for each case (a sentence, a padding side, modes A and B) and
each padding of the sweep, what the independent reference (bert_ref.py, float32) computes:

- leakPerLayer [L]: real query rows' attention mass on padding keys, mean over heads and rows;
- headLeakMax [L][H]: the largest real row's mass on padding;
- driftAbs / driftRel [L+1]: per hidden state (0 = embeddings), max |Δh| over real tokens and
  dims, and max over real tokens k of ||h_k - r_k||_2 / ||r_k||_2 (r = the unpadded run);
- firstDivergingState: first state with max |Δh| > 1e-5 (null if none);
- firstLeakingHead: first [layer, head] whose largest real-row mass > 1e-6 (null if none);
- maskTop: per [MASK], the top-1 id and its softmax probability;
- pooled: per pooling kind (cls, mean, max, last, attention), the cosine between the final
  hidden states pooled at N pads and pooled without padding, pooling the real tokens only
  (masked) or every position (unmasked, the pooling bug). Attention pooling uses the fixed
  weights w[k] = cos(k + 1) / sqrt(d), score_t = h_t . w, softmax over the pooled rows.
Deterministic: two runs give the same file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import torch

from bert_ref import BertConfig, forward
from positions import position_ids
from safetensors_io import read_safetensors

DIR = Path("tests/golden/tiny")
DRIFT_TOL = 1e-5  # src/diagnostics/tolerances.ts
LEAK_TOL = 1e-6


@dataclass(frozen=True)
class SweepCase:
    name: str
    tokens: list[str]
    side: str  # 'right' | 'left'
    mode_a: dict
    positions_a: str  # 'cumsum' | 'arange'
    mode_b: dict
    positions_b: str
    step: int
    max_pads: int


CORRECT = {"kind": "keyAdditive", "constant": -1e4}
SENTENCE = "[CLS] the cat [MASK] on the mat [SEP]".split()
CASES = [
    SweepCase("right_correct_vs_none", SENTENCE, "right", CORRECT, "cumsum", {"kind": "none"}, "cumsum", 5, 13),
    SweepCase(
        "left_arange_vs_query", SENTENCE, "left", CORRECT, "arange",
        {"kind": "queryAdditive", "constant": -1e4}, "cumsum", 5, 13,
    ),
    SweepCase("right_floatadd_vs_aftersoftmax", "[CLS] [MASK] dog ran [MASK] [SEP]".split(), "right",
              {"kind": "floatAdd"}, "cumsum", {"kind": "keyAfterSoftmax"}, "cumsum", 8, 100),
]


def sweep_pads(step: int, max_pads: int, real: int, max_positions: int) -> list[int]:
    limit = min(max_pads, max_positions - real)
    return list(range(0, limit, step)) + [limit]


def pad(ids: list[int], n: int, side: str, positions: str):
    """ids, mask, positions, int64 [1, T]; [PAD] = 0."""
    t = len(ids) + n
    start = n if side == "left" else 0
    x = torch.zeros(1, t, dtype=torch.int64)
    m = torch.zeros_like(x)
    x[0, start : start + len(ids)] = torch.tensor(ids)
    m[0, start : start + len(ids)] = 1
    pos = position_ids(m, side, positions)  # pads numbered as Hugging Face does
    return x, m, pos, list(range(start, start + len(ids)))


POOLING_KINDS = ["cls", "mean", "max", "last", "attention"]


def pool(kind: str, h: torch.Tensor, rows: list[int]) -> torch.Tensor:
    """Pools the listed rows of h [T, D] (float64) into [D]."""
    x = h[rows]
    if kind == "cls":
        return x[0]
    if kind == "last":
        return x[-1]
    if kind == "mean":
        return x.mean(0)
    if kind == "max":
        return x.amax(0)
    d = h.shape[-1]
    w = torch.tensor([math.cos(k + 1) / math.sqrt(d) for k in range(d)], dtype=torch.float64)
    return (torch.softmax(x @ w, 0)[:, None] * x).sum(0)


def pooled_cosines(final: torch.Tensor, real: list[int], ref_final: torch.Tensor) -> list[dict]:
    """final [T, D] at N pads, ref_final [T0, D] without padding."""
    h, r = final.double(), ref_final.double()
    every = list(range(h.shape[0]))
    out = []
    for kind in POOLING_KINDS:
        base = pool(kind, r, list(range(r.shape[0])))
        cos = lambda v: float(torch.dot(v, base) / (v.norm() * base.norm()))  # noqa: E731
        out.append({"kind": kind, "masked": cos(pool(kind, h, real)), "unmasked": cos(pool(kind, h, every))})
    return out


def measure(w, cfg, ids, n, side, mode, positions, mask_k, ref):
    x, m, pos, real = pad(ids, n, side, positions)
    r = forward(w, cfg, x, m, pos, mode)
    keys_pad = (m[0] == 0).to(torch.float32)
    mass = (r.attention[:, 0] * keys_pad).sum(-1)[:, :, real]  # [L, H, K]
    hidden = r.hidden[:, 0, real, :]  # [L+1, K, D]
    base = hidden if ref is None else ref
    pooled = pooled_cosines(r.hidden[-1, 0], real, base[-1])
    diff = hidden - base
    drift_abs = diff.abs().amax(dim=(1, 2))
    drift_rel = (diff.norm(dim=-1) / base.norm(dim=-1)).amax(dim=-1)
    head_max = mass.amax(-1)  # [L, H]
    first_state = next((s for s, v in enumerate(drift_abs.tolist()) if not v <= DRIFT_TOL), None)
    first_head = next(
        ([l, h] for l in range(cfg.num_layers) for h in range(cfg.num_heads) if not head_max[l, h] <= LEAK_TOL),
        None,
    )
    tops = []
    for k in mask_k:
        row = r.logits[real[k]]
        p = torch.softmax(row.double(), -1)
        best = int(torch.argmax(row))
        tops.append({"id": best, "probability": float(p[best])})
    return hidden, {
        "leakPerLayer": mass.mean(dim=(1, 2)).tolist(),
        "headLeakMax": head_max.tolist(),
        "driftAbs": drift_abs.tolist(),
        "driftRel": drift_rel.tolist(),
        "firstDivergingState": first_state,
        "firstLeakingHead": first_head,
        "maskTop": tops,
        "pooled": pooled,
    }


def mode_json(mode: dict) -> dict:
    out = dict(mode)
    if "constant" in out and math.isinf(out["constant"]):
        out["constant"] = "-Infinity"
    return out


def run_case(case: SweepCase, w, cfg: BertConfig, index: dict[str, int]) -> dict:
    ids = [index[t] for t in case.tokens]
    mask_k = [k for k, t in enumerate(case.tokens) if t == "[MASK]"]
    pads = sweep_pads(case.step, case.max_pads, len(ids), cfg.max_positions)
    refs = {"a": None, "b": None}
    steps = []
    for n in pads:
        step = {"pads": n}
        for slot, mode, positions in (("a", case.mode_a, case.positions_a), ("b", case.mode_b, case.positions_b)):
            hidden, out = measure(w, cfg, ids, n, case.side, mode, positions, mask_k, refs[slot])
            if n == 0:
                refs[slot] = hidden
            step[slot] = out
        steps.append(step)
    return {
        "name": case.name,
        "ids": ids,
        "side": case.side,
        "modeA": {"mode": mode_json(case.mode_a), "positions": case.positions_a},
        "modeB": {"mode": mode_json(case.mode_b), "positions": case.positions_b},
        "maskIndices": mask_k,
        "range": {"stepPads": case.step, "maxPads": case.max_pads},
        "pads": pads,
        "steps": steps,
    }


def main() -> None:
    torch.manual_seed(0)
    torch.set_num_threads(1)
    config = json.loads((DIR / "config.json").read_text())
    cfg = BertConfig(
        vocab_size=config["vocab_size"], hidden_size=config["hidden_size"],
        num_layers=config["num_hidden_layers"], num_heads=config["num_attention_heads"],
        intermediate_size=config["intermediate_size"], max_positions=config["max_position_embeddings"],
        type_vocab_size=config["type_vocab_size"], layer_norm_eps=config["layer_norm_eps"],
    )
    w = {k: torch.from_numpy(v.copy()) for k, v in read_safetensors(DIR / "model.safetensors").items()}
    vocab = (DIR / "vocab.txt").read_text().split("\n")
    index = {t: i for i, t in enumerate(vocab) if t}
    with torch.no_grad():
        cases = [run_case(case, w, cfg, index) for case in CASES]
    out = {
        "description": "Padding sweep golden values, float32 reference from "
        "training/golden/make_sweep_golden.py (bert_ref.py); see its docstring.",
        "checkpoint": "tests/golden/tiny",
        "cases": cases,
    }
    (DIR / "sweep.json").write_text(json.dumps(out, indent=1) + "\n")
    for case in cases:
        last = case["steps"][-1]
        print(case["name"], "pads", case["pads"], "last A:", last["a"]["firstDivergingState"],
              last["a"]["firstLeakingHead"], "B:", last["b"]["firstDivergingState"], last["b"]["firstLeakingHead"])


if __name__ == "__main__":
    main()
