"""Export a training checkpoint as a Hugging Face `BertForMaskedLM` folder.

Writes `config.json` (HF field names), `vocab.txt` and `model.safetensors` (keys = HF
state_dict keys; the decoder weight is omitted because it is tied to the word embeddings).
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np
import torch

from training.data import DATA_DIR
from training.model import BertConfig, BertForMaskedLM
from training.safetensors_io import read_safetensors, write_safetensors
from training.train import TRAINING_DIR

REPO_ROOT = TRAINING_DIR.parent
MODEL_DIR = REPO_ROOT / "public" / "models" / "maskscope-brown"
DEFAULT_CHECKPOINT = TRAINING_DIR / "runs" / "default" / "checkpoint.pt"


def hf_config(c: BertConfig) -> dict[str, object]:
    """`config.json` content; dropout 0 because the model was trained without dropout."""
    return {
        "architectures": ["BertForMaskedLM"],
        "model_type": "bert",
        "vocab_size": c.vocab_size,
        "hidden_size": c.hidden_size,
        "num_hidden_layers": c.num_hidden_layers,
        "num_attention_heads": c.num_attention_heads,
        "intermediate_size": c.intermediate_size,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.0,
        "attention_probs_dropout_prob": 0.0,
        "max_position_embeddings": c.max_position_embeddings,
        "type_vocab_size": c.type_vocab_size,
        "initializer_range": c.initializer_range,
        "layer_norm_eps": c.layer_norm_eps,
        "pad_token_id": c.pad_token_id,
        "position_embedding_type": "absolute",
        "tie_word_embeddings": True,
        "torch_dtype": "float32",
    }


def export(checkpoint: Path, vocab: Path, out_dir: Path, dtype: str) -> dict[str, object]:
    """Write the three model files; return the checkpoint's step and settings for the card."""
    state = torch.load(checkpoint)
    config = BertConfig(**state["model_config"])
    out_dir.mkdir(parents=True, exist_ok=True)
    np_dtype = np.float16 if dtype == "F16" else np.float32
    tensors = {k: v.detach().numpy().astype(np_dtype) for k, v in state["model"].items()}
    write_safetensors(out_dir / "model.safetensors", tensors, {"format": "pt"})
    (out_dir / "config.json").write_text(json.dumps(hf_config(config), indent=2) + "\n")
    shutil.copyfile(vocab, out_dir / "vocab.txt")
    return {"step": state["step"], "elapsed_s": state["elapsed"], "train_config": state["train_config"]}


def load_exported(model_dir: Path = MODEL_DIR) -> BertForMaskedLM:
    """The exported model in float32, weights exactly as stored (after any F16 rounding)."""
    raw = json.loads((model_dir / "config.json").read_text())
    config = BertConfig(**{f: raw[f] for f in BertConfig.__dataclass_fields__ if f in raw})
    model = BertForMaskedLM(config)
    tensors = read_safetensors(model_dir / "model.safetensors")
    state = {k: torch.from_numpy(v.astype(np.float32)) for k, v in tensors.items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ValueError(f"model.safetensors: missing {missing}, unexpected {unexpected}")
    return model.eval()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkpoint", type=Path, default=DEFAULT_CHECKPOINT)
    parser.add_argument("--vocab", type=Path, default=DATA_DIR / "vocab.txt")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--dtype", choices=["F32", "F16"], default="F32")
    args = parser.parse_args()
    info = export(args.checkpoint, args.vocab, args.out, args.dtype)
    (TRAINING_DIR / "log" / "export.json").write_text(json.dumps(info, indent=2) + "\n")
    size = sum(p.stat().st_size for p in args.out.iterdir())
    print(f"exported step {info['step']} to {args.out} ({size / 1e6:.1f} MB in all)")


if __name__ == "__main__":
    main()
