"""Build the tiny random BERT checkpoint and the golden vectors in tests/golden/tiny/.

Run from the repo root:  /usr/bin/python3 training/golden/make_golden.py
Writes config.json, vocab.txt, model.safetensors (the checkpoint), cases.json,
expected.safetensors (golden outputs) and invariants.json, and prints a markdown
table of the mask invariants for tests/golden/tiny/README.md. Deterministic (seed 0).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

from bert_ref import BertConfig
from cases import run_cases
from safetensors_io import read_safetensors, write_safetensors

OUT_DIR = Path("tests/golden/tiny")
SEED = 0
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = """the a an and or but of to in on over under at by with from for is was are were be
cat dog bird fox mat tree home house car road river sun moon star day night time man woman child
red blue green small big lazy quick old new good bad happy sad
sat ran run jump fly see saw walk eat ate sleep play read write sing then now here there very
not all some this that it he she they we you i my your
##s ##ed ##ing ##er ##ly ##est ##y ##ful ##ness ##less""".split()


def make_weights(cfg: BertConfig) -> dict[str, torch.Tensor]:
    """Random float32 weights, scaled so attention heads are peaky and LayerNorms non-trivial."""
    g = torch.Generator().manual_seed(SEED)

    def randn(*shape: int, std: float, mean: float = 0.0) -> torch.Tensor:
        return torch.randn(*shape, generator=g, dtype=torch.float32) * std + mean

    d, f = cfg.hidden_size, cfg.intermediate_size
    w: dict[str, torch.Tensor] = {}

    def dense(name: str, n_out: int, n_in: int, std: float) -> None:
        w[f"{name}.weight"] = randn(n_out, n_in, std=std)
        w[f"{name}.bias"] = randn(n_out, std=0.05)

    def norm(name: str) -> None:
        w[f"{name}.weight"] = randn(d, std=0.2, mean=1.0)
        w[f"{name}.bias"] = randn(d, std=0.1)

    e = "bert.embeddings"
    w[f"{e}.word_embeddings.weight"] = randn(cfg.vocab_size, d, std=0.5)
    w[f"{e}.position_embeddings.weight"] = randn(cfg.max_positions, d, std=0.5)
    w[f"{e}.token_type_embeddings.weight"] = randn(cfg.type_vocab_size, d, std=0.1)
    norm(f"{e}.LayerNorm")
    for layer in range(cfg.num_layers):
        p = f"bert.encoder.layer.{layer}"
        dense(f"{p}.attention.self.query", d, d, std=0.35)
        dense(f"{p}.attention.self.key", d, d, std=0.35)
        dense(f"{p}.attention.self.value", d, d, std=0.2)
        dense(f"{p}.attention.output.dense", d, d, std=0.2)
        norm(f"{p}.attention.output.LayerNorm")
        dense(f"{p}.intermediate.dense", f, d, std=0.2)
        dense(f"{p}.output.dense", d, f, std=0.15)
        norm(f"{p}.output.LayerNorm")
    dense("cls.predictions.transform.dense", d, d, std=0.2)
    norm("cls.predictions.transform.LayerNorm")
    w["cls.predictions.bias"] = randn(cfg.vocab_size, std=0.1)
    return w


def write_checkpoint(cfg: BertConfig, vocab: list[str], w: dict[str, torch.Tensor]) -> None:
    config_json = {
        "architectures": ["BertForMaskedLM"],
        "model_type": "bert",
        "vocab_size": cfg.vocab_size,
        "hidden_size": cfg.hidden_size,
        "num_hidden_layers": cfg.num_layers,
        "num_attention_heads": cfg.num_heads,
        "intermediate_size": cfg.intermediate_size,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": cfg.max_positions,
        "type_vocab_size": cfg.type_vocab_size,
        "initializer_range": 0.02,
        "layer_norm_eps": cfg.layer_norm_eps,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }
    (OUT_DIR / "config.json").write_text(json.dumps(config_json, indent=2) + "\n")
    (OUT_DIR / "vocab.txt").write_text("\n".join(vocab) + "\n")
    tensors = {k: v.numpy() for k, v in sorted(w.items())}
    # Real HF checkpoints carry this buffer; the loader must skip it. The decoder is tied, so absent.
    tensors["bert.embeddings.position_ids"] = np.arange(cfg.max_positions, dtype=np.int64)[None, :]
    write_safetensors(OUT_DIR / "model.safetensors", tensors)
    back = read_safetensors(OUT_DIR / "model.safetensors")
    assert all(np.array_equal(back[k], v) for k, v in tensors.items()), "safetensors round trip"


def main() -> None:
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    vocab = SPECIALS + WORDS
    assert len(set(vocab)) == len(vocab), "duplicate vocab entry"
    cfg = BertConfig(vocab_size=len(vocab))
    w32 = make_weights(cfg)
    write_checkpoint(cfg, vocab, w32)

    run_cases(cfg, w32, vocab, OUT_DIR)


if __name__ == "__main__":
    main()
