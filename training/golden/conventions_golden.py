"""Golden keep-matrices for the convention checker, from PyTorch itself.

Run from the repo root:  /usr/bin/python3 training/golden/conventions_golden.py
Writes tests/golden/conventions/mha_key_padding.json: for each mask (typed as a Python
literal, the way a user types it into maskscope), the attention weights that
torch.nn.MultiheadAttention returns with key_padding_mask=that mask, or the error it raises.
The input projections are zero, so every score is 0 and the weights are exactly
softmax(the bias the mask adds): what maskscope's keep-matrix predicts, row-normalised.
Deterministic (no randomness is used).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import torch

OUT = Path("tests/golden/conventions/mha_key_padding.json")
T = 5
HEADS = 2
EMBED = 4


@dataclass
class Case:
    name: str
    mask: str  # a Python literal, evaluated with torch in scope
    real: list[int]  # the padding meant: 1 = real token


CASES = [
    Case("hf-style bool (True = real): inverted", "torch.tensor([[True, True, True, False, False]])", [1, 1, 1, 0, 0]),
    Case("correct bool (True = padding)", "torch.tensor([[False, False, False, True, True]])", [1, 1, 1, 0, 0]),
    Case("additive -inf", "torch.tensor([[0.0, 0.0, 0.0, float('-inf'), float('-inf')]])", [1, 1, 1, 0, 0]),
    Case("additive -1e4", "torch.tensor([[0.0, 0.0, 0.0, -1e4, -1e4]])", [1, 1, 1, 0, 0]),
    Case("float 0/1 added", "torch.tensor([[1.0, 1.0, 1.0, 0.0, 0.0]])", [1, 1, 1, 0, 0]),
    Case("all True: every row NaN", "torch.tensor([[True, True, True, True, True]])", [1, 1, 1, 1, 1]),
    Case("two items, left padding", "torch.tensor([[False, False, False, False, False], [True, True, False, False, False]])", [0, 0, 1, 1, 1]),
    Case("int 0/1", "torch.tensor([[1, 1, 1, 0, 0]])", [1, 1, 1, 0, 0]),
]


def literal(tensor: torch.Tensor) -> str:
    """The tensor as the nested Python list maskscope's parser reads (True/False for bool)."""
    values = tensor.tolist()

    def fmt(v: object) -> str:
        if isinstance(v, list):
            return "[" + ", ".join(fmt(x) for x in v) + "]"
        if isinstance(v, bool):
            return "True" if v else "False"
        if isinstance(v, float):
            return "-inf" if v == float("-inf") else repr(v)
        return str(v)

    return fmt(values)


def run(case: Case) -> dict[str, object]:
    mask = eval(case.mask, {"torch": torch})  # noqa: S307 - our own literals above
    mha = torch.nn.MultiheadAttention(EMBED, HEADS, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.zero_()
        mha.in_proj_bias.zero_()
    x = torch.ones(mask.shape[0], T, EMBED)
    out: dict[str, object] = {"name": case.name, "mask": literal(mask), "real": case.real}
    try:
        _, weights = mha(x, x, x, key_padding_mask=mask, need_weights=True, average_attn_weights=False)
    except Exception as error:  # PyTorch refuses some dtypes
        out["error"] = str(error).splitlines()[0]
        return out
    # [B, H, T, T] -> per item, head 0; NaN as null for JSON.
    out["weights"] = [
        [[None if v != v else v for v in row] for row in weights[b, 0].tolist()] for b in range(mask.shape[0])
    ]
    return out


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = {"torch": torch.__version__, "seqLen": T, "cases": [run(case) for case in CASES]}
    OUT.write_text(json.dumps(payload, indent=1) + "\n")
    print(f"wrote {OUT} ({len(CASES)} cases, torch {torch.__version__})")


if __name__ == "__main__":
    main()
