"""Golden vectors of the shipped model: `tests/golden/default/{cases.json, expected.safetensors}`.

Shared golden format: per case the flat ids / attention mask / position ids, the mask mode
(maskscope `MaskMode` JSON) and a few logit rows; tensors `<case>.logits` [N, V],
`<case>.hidden` [L+1, B, T, D], `<case>.attention` [L, B, H, T, T], computed in float32 from
the weights exactly as exported.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from training.export import MODEL_DIR, REPO_ROOT, load_exported
from training.safetensors_io import write_safetensors
from training.tokenizer import MASK, PAD, WordPieceTokenizer

GOLDEN_DIR = REPO_ROOT / "tests" / "golden" / "default"
SENTENCES = (
    "the doctor said that [MASK] would be fine .",
    "the jury said it did find that many of the [MASK] laws are outmoded .",
    "he [MASK] his hat and walked out into the rain .",
    "we have no [MASK] of the number of people who came to the meeting .",
    "the new president of the [MASK] will be named on monday .",
)
KEY_MASK = {"kind": "keyAdditive", "constant": -10000}
NO_MASK = {"kind": "none"}
MODE_NAMES = {"keyAdditive": "key", "none": "none"}


@dataclass
class Case:
    """One batch: `ids`, `mask`, `positions` are (B, T)."""

    name: str
    ids: np.ndarray
    mask: np.ndarray
    positions: np.ndarray
    mode: dict[str, object]


def right_padded(name: str, rows: list[list[int]], extra: int, pad_id: int, mode: dict[str, object]) -> Case:
    """Rows right-padded to the longest + `extra`; positions 0…T-1 (arange = cumsum for right padding)."""
    t = max(len(r) for r in rows) + extra
    ids = np.full((len(rows), t), pad_id, dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, r in enumerate(rows):
        ids[i, : len(r)], mask[i, : len(r)] = r, 1
    return Case(name, ids, mask, np.broadcast_to(np.arange(t), ids.shape).copy(), mode)


def left_padded(name: str, row: list[int], pads: int, pad_id: int) -> Case:
    """One row with `pads` leading [PAD]s; positions cumsum(mask) - 1, pads at 1 (Hugging Face's generate)."""
    ids = np.array([[pad_id] * pads + row], dtype=np.int64)
    mask = (np.arange(ids.shape[1]) >= pads).astype(np.int64)[None, :]
    return Case(name, ids, mask, np.where(mask == 1, np.cumsum(mask, axis=1) - 1, 1), KEY_MASK)


def logit_rows(case: Case, mask_id: int) -> list[int]:
    """Flat (b * T + t) rows: every [MASK] plus the first word and the last real token before [SEP]."""
    b, t = case.ids.shape
    rows: list[int] = []
    for i in range(b):
        real = np.flatnonzero(case.mask[i])
        picked = [*np.flatnonzero(case.ids[i] == mask_id), real[1], real[-2]]
        rows.extend(sorted({i * t + int(p) for p in picked}))
    return rows


def build_cases(tok: WordPieceTokenizer) -> list[Case]:
    pad = tok.special_id(PAD)
    rows = [tok.encode(s, add_special_tokens=True) for s in SENTENCES]
    return [
        right_padded("right_pad_0_correct", rows[:1], 0, pad, KEY_MASK),
        right_padded("right_pad_16_correct", rows[:1], 16, pad, KEY_MASK),
        right_padded("batch_right_pad_correct", rows[1:4], 4, pad, KEY_MASK),
        left_padded("left_pad_16_cumsum_correct", rows[4], 16, pad),
        right_padded("right_pad_16_no_mask", rows[:1], 16, pad, NO_MASK),
    ]


@torch.no_grad()
def run_case(model: torch.nn.Module, case: Case, rows: list[int]) -> dict[str, np.ndarray]:
    out = model(torch.from_numpy(case.ids), torch.from_numpy(case.mask), torch.from_numpy(case.positions),
                rows=torch.tensor(rows), mode=MODE_NAMES[str(case.mode["kind"])], keep=True)
    return {f"{case.name}.logits": out.logits.numpy(), f"{case.name}.hidden": out.hidden.numpy(),
            f"{case.name}.attention": out.attention.numpy()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    parser.add_argument("--out", type=Path, default=GOLDEN_DIR)
    args = parser.parse_args()
    torch.set_num_threads(1)
    model = load_exported(args.model_dir)
    tok = WordPieceTokenizer.from_file(args.model_dir / "vocab.txt")
    tensors: dict[str, np.ndarray] = {}
    entries = []
    for case in build_cases(tok):
        rows = logit_rows(case, tok.special_id(MASK))
        tensors.update(run_case(model, case, rows))
        b, t = case.ids.shape
        entries.append({"name": case.name, "batch": b, "seqLen": t, "ids": case.ids.ravel().tolist(),
                        "attentionMask": case.mask.ravel().tolist(),
                        "positionIds": case.positions.ravel().tolist(), "mode": case.mode, "logitRows": rows})
    args.out.mkdir(parents=True, exist_ok=True)
    doc = {"checkpoint": str(args.model_dir.relative_to(REPO_ROOT)),
           "description": "maskscope-brown (trained Brown-corpus BERT), float32 PyTorch reference from the "
                          "exported weights: right padding 0/16 pads, a batch of 3, left padding with cumsum "
                          "positions (cumsum(mask) - 1, padding positions at 1 as Hugging Face's generate sets them), and one unmasked case.",
           "cases": entries}
    (args.out / "cases.json").write_text(json.dumps(doc) + "\n")
    write_safetensors(args.out / "expected.safetensors", {k: v.astype(np.float32) for k, v in tensors.items()})
    size = (args.out / "expected.safetensors").stat().st_size
    print(f"wrote {len(entries)} cases to {args.out} (expected.safetensors {size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
