"""Golden values for a run exported by the app as JSON (tests/fixtures/export/run-default.json).

Run from the repo root:  /usr/bin/python3 training/golden/make_export_golden.py
Reads the export the way a bug-report reader would (json + numpy), recomputes its attention with
the independent reference BERT (bert_ref.py) on the bundled model for the exported tokens, mask
and modes, and measures every head itself (padding leak of the real query rows, range of their
sums). Writes tests/golden/export/run-default.json; the unit test compares the export, and the
importer's reading of it, with these numbers.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from bert_ref import BertConfig, forward
from positions import PAD_NUMBERINGS, position_ids
from safetensors_io import read_safetensors

MODEL_DIR = Path("public/models/maskscope-brown")
# The catalogue ids the fixture uses, as reference MaskModes (-1e4 is the app's default c).
MODES = {"key-additive": {"kind": "keyAdditive", "constant": -1e4}, "no-mask": {"kind": "none"}}


def load_model() -> tuple[BertConfig, dict[str, torch.Tensor], list[str]]:
    raw = json.loads((MODEL_DIR / "config.json").read_text())
    cfg = BertConfig(
        vocab_size=raw["vocab_size"],
        hidden_size=raw["hidden_size"],
        num_layers=raw["num_hidden_layers"],
        num_heads=raw["num_attention_heads"],
        intermediate_size=raw["intermediate_size"],
        max_positions=raw["max_position_embeddings"],
        type_vocab_size=raw["type_vocab_size"],
        layer_norm_eps=raw["layer_norm_eps"],
    )
    weights = {k: torch.from_numpy(v.copy()) for k, v in read_safetensors(MODEL_DIR / "model.safetensors").items()}
    vocab = (MODEL_DIR / "vocab.txt").read_text().splitlines()
    return cfg, weights, vocab


def head_table(attention: np.ndarray, keep: np.ndarray) -> list[dict]:
    """attention [L, H, T, T] (rows = queries), keep [T] 1 = real: per head leak and row sums."""
    real = np.flatnonzero(keep == 1)
    pad = np.flatnonzero(keep == 0)
    rows = []
    for layer in range(attention.shape[0]):
        for head in range(attention.shape[1]):
            a = attention[layer, head].astype(np.float64)
            leak = a[np.ix_(real, pad)].sum(axis=1) if len(pad) else np.zeros(len(real))
            sums = a[real].sum(axis=1)
            rows.append(
                {
                    "layer": layer,
                    "head": head,
                    "leakMean": float(leak.mean()),
                    "leakMax": float(leak.max()),
                    "realRowSumMin": float(sums.min()),
                    "realRowSumMax": float(sums.max()),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--export", type=Path, default=Path("tests/fixtures/export/run-default.json"))
    parser.add_argument("--out", type=Path, default=Path("tests/golden/export/run-default.json"))
    # The committed export was made before issue 25, when maskscope put every pad at position 0;
    # an export made now numbers them as Hugging Face does ("huggingface").
    parser.add_argument("--pad-numbering", choices=PAD_NUMBERINGS, default="zero")
    args = parser.parse_args()
    run = json.loads(args.export.read_text())
    assert run["format"] == "maskscope-run/1", run["format"]
    keep = np.asarray(run["attention_mask"], dtype=np.int64)[0]  # [T]
    cfg, weights, vocab = load_model()
    index = {token: i for i, token in enumerate(vocab)}
    ids = torch.tensor([[index[token] for token in run["tokens"]]], dtype=torch.int64)  # [1, T]
    mask = torch.from_numpy(keep)[None, :]
    positions = position_ids(mask, "right", pads=args.pad_numbering)
    out: dict = {"source": str(args.export), "tokens": run["tokens"], "mask": keep.tolist()}
    for slot, name in (("A", "attentions"), ("B", "attentions_b")):
        mode = MODES[run["modes"][slot]["id"]]
        ref = forward(weights, cfg, ids, mask, positions, mode).attention[:, 0].numpy()  # [L, H, T, T]
        exported = np.asarray(run[name], dtype=np.float32)[:, 0]  # [L, 1, H, T, T] -> [L, H, T, T]
        diff = float(np.abs(ref - exported).max())
        print(f"{slot} ({run['modes'][slot]['id']}): max |export - reference| = {diff:.3g}")
        out[slot] = {
            "mode": mode,
            "attention": [float(f"{v:.8g}") for v in ref.reshape(-1)],
            "shape": list(ref.shape),
            "heads": head_table(ref, keep),
            "maxAbsDiffAtGeneration": diff,
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
