"""Tiny ONNX exports for `maskscope model`'s tests (issue 21), each well under 2 MB.

Each fixture is one `torch.onnx.export` of a small random-weight model (seeded), with dynamic
batch and sequence axes unless it is the fixed-length one, opset 14 (torch 1.13's default):

- `encoder-correct` / `encoder-inverted`: `nn.TransformerEncoder` given
  `src_key_padding_mask = attention_mask == 0` (correct) or `attention_mask.bool()` (inverted);
  exported in train mode with dropout 0 (eval mode fails on `aten::_transformer_encoder_layer_fwd`);
- `speaker-correct` / `speaker-pool-nomask` / `speaker-conv-leak`: frames [B, T, F] and lengths
  [B] -> projection -> depthwise convolution -> self-attention -> attention pooling -> [B, D];
  the bugs are pooling without the mask, and padded frames reaching the convolution;
- `decoder-maskpos` / `decoder-arange`: a causal decoder whose positions come from the mask
  (`cumsum(mask) - 1`, invariant under left padding) or from `arange` (drifts under left padding);
- `bert-key` / `bert-nomask` / `bert-queryinf`: the project's BERT (training/model.py) at d 32
  with the first 1,000 tokens of its vocabulary (`vocab.txt` beside them), key mask, no mask (the exporter drops the unused input),
  and masked_fill(-inf) on the query axis (NaN);
- `bert-fixed`: the key-mask BERT exported at a fixed length of 16.

    /usr/bin/python3 -m training.onnx_fixtures [--out tests/fixtures/onnx]
    /usr/bin/python3 -m training.onnx_fixtures --bench bench/peer/models/onnx-bench/model.onnx

`--bench PATH` writes instead the BERT-base-size key-mask export `npm run bench:onnx` times (12
layers, d 768, 12 heads, vocabulary 8,000, random weights; about 400 MB, never committed).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from training.model import BertConfig, BertForMaskedLM

REPO_ROOT = Path(__file__).resolve().parent.parent
OPSET = 14
WIDTH = 16
VOCAB_SIZE = 1000  # the first 1,000 tokens of the bundled model's vocab.txt, written beside the fixtures
BERT_SMALL = BertConfig(vocab_size=VOCAB_SIZE, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64)
BERT_BASE = BertConfig(hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072)
BUNDLED_VOCAB = REPO_ROOT / "public" / "models" / "maskscope-brown" / "vocab.txt"


class Encoder(nn.Module):
    """ids, attention_mask (1 = real) -> hidden [B, T, D] through nn.TransformerEncoder."""

    def __init__(self, inverted: bool) -> None:
        super().__init__()
        self.inverted = inverted
        self.embed = nn.Embedding(50, WIDTH)
        layer = nn.TransformerEncoderLayer(WIDTH, 2, dim_feedforward=32, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)

    def forward(self, ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        padding = attention_mask.bool() if self.inverted else attention_mask == 0
        return self.encoder(self.embed(ids), src_key_padding_mask=padding)


class Speaker(nn.Module):
    """frames [B, T, F], lengths [B] -> embedding [B, D]: conv, self-attention, attention pooling."""

    def __init__(self, bug: str) -> None:
        super().__init__()
        self.bug = bug
        self.project = nn.Linear(8, WIDTH)
        self.conv = nn.Conv1d(WIDTH, WIDTH, 3, padding=1, groups=WIDTH)
        self.qkv = nn.Linear(WIDTH, 3 * WIDTH)
        self.score = nn.Linear(WIDTH, 1)

    def forward(self, frames: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        t = frames.shape[1]
        keep = (torch.arange(t)[None, :] < lengths[:, None]).to(frames.dtype)  # (B, T)
        x = self.project(frames)  # (B, T, D)
        if self.bug != "conv":
            x = x * keep[:, :, None]
        x = x + self.conv(x.transpose(1, 2)).transpose(1, 2)
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        scores = q @ k.transpose(1, 2) / math.sqrt(WIDTH) + (1.0 - keep)[:, None, :] * -1e4
        x = x + scores.softmax(dim=-1) @ v  # (B, T, D)
        logits = self.score(x)[:, :, 0]  # (B, T)
        if self.bug != "pool":
            logits = logits + (1.0 - keep) * -1e4
        weights = logits.softmax(dim=-1)  # (B, T): a pooling
        return (weights[:, :, None] * x).sum(dim=1)


class Decoder(nn.Module):
    """ids, attention_mask -> logits [B, T, V]: one causal layer, positions from the mask or arange."""

    def __init__(self, positions: str) -> None:
        super().__init__()
        self.positions = positions
        self.embed = nn.Embedding(40, WIDTH)
        self.pos = nn.Embedding(64, WIDTH)
        self.qkv = nn.Linear(WIDTH, 3 * WIDTH)
        self.out = nn.Linear(WIDTH, 40)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        b, t = input_ids.shape
        if self.positions == "mask":
            pos = (attention_mask.cumsum(dim=1) - 1).clamp(min=0)
        else:
            pos = torch.arange(t)[None, :].expand(b, t)
        x = self.embed(input_ids) + self.pos(pos)
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        scores = q @ k.transpose(1, 2) / math.sqrt(WIDTH)  # (B, T, T)
        causal = torch.ones(t, t).tril().bool()[None]
        allowed = causal & attention_mask.bool()[:, None, :]
        scores = scores.masked_fill(~allowed, -1e4)
        x = x + scores.softmax(dim=-1) @ v
        return self.out(F.layer_norm(x, (WIDTH,)))


class Bert(nn.Module):
    """The project's BERT: (input_ids, attention_mask) -> logits [B, T, V] in one mask mode."""

    def __init__(self, mode: str, config: BertConfig = BERT_SMALL) -> None:
        super().__init__()
        torch.manual_seed(0)
        self.model = BertForMaskedLM(config).eval()
        self.mode = mode

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        b, t = input_ids.shape
        return self.model(input_ids, attention_mask, mode=self.mode).logits.reshape(b, t, -1)


def export(model: nn.Module, args: tuple[torch.Tensor, ...], names: list[str], path: Path,
           dynamic: bool = True, train: bool = False) -> None:
    model.train(train)
    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    if "lengths" in axes:
        axes["lengths"] = {0: "batch"}
    axes["output"] = {0: "batch"} if isinstance(model, Speaker) else {0: "batch", 1: "sequence"}
    torch.onnx.export(model, args, str(path), input_names=names, output_names=["output"],
                      dynamic_axes=axes if dynamic else None, opset_version=OPSET)
    print(f"{path.name}: {path.stat().st_size / 1e3:.0f} kB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "tests" / "fixtures" / "onnx")
    parser.add_argument("--bench", type=Path, default=None, help="write only the benchmark's BERT-base export here")
    args = parser.parse_args()
    if args.bench is not None:
        args.bench.parent.mkdir(parents=True, exist_ok=True)
        sample = torch.tensor([[2] + [5 + i for i in range(62)] + [3]])
        export(Bert("key", BERT_BASE), (sample, torch.ones_like(sample)), ["input_ids", "attention_mask"], args.bench)
        return
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    vocab = BUNDLED_VOCAB.read_text().splitlines()[:VOCAB_SIZE]
    (out / "vocab.txt").write_text("".join(f"{token}\n" for token in vocab))
    ids = torch.tensor([[3, 7, 1, 9, 4, 2]])
    mask = torch.ones_like(ids)
    token_pair = ["input_ids", "attention_mask"]
    for name, inverted in (("encoder-correct", False), ("encoder-inverted", True)):
        torch.manual_seed(0)
        export(Encoder(inverted), (ids, mask), ["ids", "attention_mask"], out / f"{name}.onnx", train=True)
    frames = torch.randn(1, 6, 8)
    for name, bug in (("speaker-correct", ""), ("speaker-pool-nomask", "pool"), ("speaker-conv-leak", "conv")):
        torch.manual_seed(0)
        export(Speaker(bug), (frames, torch.tensor([6])), ["frames", "lengths"], out / f"{name}.onnx")
    for name, positions in (("decoder-maskpos", "mask"), ("decoder-arange", "arange")):
        torch.manual_seed(0)
        export(Decoder(positions), (ids, mask), token_pair, out / f"{name}.onnx")
    for name, mode in (("bert-key", "key"), ("bert-nomask", "none"), ("bert-queryinf", "query_inf")):
        export(Bert(mode), (ids, mask), token_pair, out / f"{name}.onnx")
    fixed = torch.tensor([[2] + [5 + i for i in range(14)] + [3]])
    export(Bert("key"), (fixed, torch.ones_like(fixed)), token_pair, out / "bert-fixed.onnx", dynamic=False)


if __name__ == "__main__":
    main()
