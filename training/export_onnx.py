"""Export the benchmark models to ONNX for `bench/peer` (maskscope against onnxruntime-web).

For each model it writes a folder under `--out` with:
- `config.json`, `vocab.txt` and `model.safetensors`: what maskscope loads;
- `model.onnx`: the same weights as one graph, inputs `ids` and `mask` (int64, [1, T]), outputs
  `logits` [1, T, V], `hidden` [L+1, 1, T, D] and `attention` [L, 1, H, T, T], the key-axis
  additive mask with BERT's -1e4, as maskscope's `key-additive` mode;
- `reference.json`: for T = 64 and 128, the input ids and torch's logits at three rows, against
  which the benchmark checks both engines (1e-4).

Models: `default` is the bundled maskscope-brown; `mini` (4 layers, d 256) and `base` (12 layers,
d 768, vocabulary 8000) have random weights of BERT-mini and BERT-base size.

    /usr/bin/python3 -m training.export_onnx [--models default,mini,base] [--out bench/peer/models]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from torch import nn

from training.export import MODEL_DIR, REPO_ROOT, hf_config, load_exported
from training.model import BertConfig, BertForMaskedLM
from training.safetensors_io import write_safetensors

SIZES = {
    "mini": BertConfig(hidden_size=256, num_hidden_layers=4, num_attention_heads=4, intermediate_size=1024),
    "base": BertConfig(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072),
}
LENGTHS = (64, 128)
ATOL = 1e-4


class AllOutputs(nn.Module):
    """(ids, mask) -> (logits, hidden, attention): every output maskscope reads back."""

    def __init__(self, model: BertForMaskedLM) -> None:
        super().__init__()
        self.model = model

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        out = self.model(ids, mask, keep=True)
        b, t = ids.shape
        return out.logits.reshape(b, t, -1), out.hidden, out.attention


def bench_ids(seq_len: int, vocab_size: int) -> list[int]:
    """[CLS] … [MASK] … [SEP] with spread-out ids (the same formula as bench/engineBenchPage.mjs)."""
    ids = [5 + (t * 7919) % (vocab_size - 10) for t in range(seq_len)]
    ids[0], ids[seq_len // 2], ids[-1] = 2, 4, 3
    return ids


def model_of(name: str) -> BertForMaskedLM:
    if name == "default":
        return load_exported(MODEL_DIR)
    torch.manual_seed(0)
    return BertForMaskedLM(SIZES[name]).eval()


def export_one(name: str, out_dir: Path) -> None:
    model = model_of(name)
    out_dir.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    write_safetensors(out_dir / "model.safetensors", state, {"format": "pt"})
    (out_dir / "config.json").write_text(json.dumps(hf_config(model.config), indent=2) + "\n")
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab = (MODEL_DIR / "vocab.txt").read_text() if name == "default" else "".join(
        f"{token}\n" for token in specials + [f"tok{i}" for i in range(len(specials), model.config.vocab_size)])
    (out_dir / "vocab.txt").write_text(vocab)

    wrapped = AllOutputs(model).eval()
    sample = torch.tensor([bench_ids(LENGTHS[0], model.config.vocab_size)])
    torch.onnx.export(
        wrapped,
        (sample, torch.ones_like(sample)),
        str(out_dir / "model.onnx"),
        input_names=["ids", "mask"],
        output_names=["logits", "hidden", "attention"],
        dynamic_axes={"ids": {1: "T"}, "mask": {1: "T"}, "logits": {1: "T"},
                      "hidden": {2: "T"}, "attention": {3: "Tq", 4: "Tk"}},
        opset_version=14,
    )

    reference = {}
    with torch.no_grad():
        for seq_len in LENGTHS:
            ids = bench_ids(seq_len, model.config.vocab_size)
            x = torch.tensor([ids])
            logits, _, _ = wrapped(x, torch.ones_like(x))
            rows = [0, seq_len // 2, seq_len - 1]
            reference[str(seq_len)] = {
                "ids": ids,
                "rows": rows,
                "logits": [logits[0, r].tolist() for r in rows],
            }
    reference["atol"] = ATOL
    (out_dir / "reference.json").write_text(json.dumps(reference))
    size = sum(p.stat().st_size for p in out_dir.iterdir()) / 1e6
    params = sum(p.numel() for p in model.parameters()) / 1e6
    print(f"{name}: {params:.1f} M parameters, {size:.0f} MB in {out_dir}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="default,mini,base")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "peer" / "models")
    args = parser.parse_args()
    for name in args.models.split(","):
        export_one(name, args.out / name)


if __name__ == "__main__":
    main()
