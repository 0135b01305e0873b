"""Short training runs for comparing optimisation settings (the ablations in `training/log/init_note.md`).

Each run trains a fresh model for `--steps` steps (linear warm-up over `--warmup` steps, then a
constant learning rate) on its own batch stream and prints validation loss and top-1 every
`--eval-every` steps, on the same 192 validation sequences `training.train` uses for its first
six batches. One thread per run, so two runs share this 2-core machine without slowing each other.

    /usr/bin/python3 -m training.ablate --name base
    /usr/bin/python3 -m training.ablate --name local --local-layers 1 --steps 900
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from training.batches import make_batch
from training.data import DATA_DIR
from training.local_init import positional_init, sinusoids
from training.model import BertConfig, BertForMaskedLM
from training.tokenizer import WordPieceTokenizer
from training.train import corpus_for, evaluate, mlm_loss


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--name", default="run")
    p.add_argument("--steps", type=int, default=600)
    p.add_argument("--eval-every", type=int, default=100)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=30)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--max-len", type=int, default=128)
    p.add_argument("--select-rate", type=float, default=0.15, help="training batches only")
    p.add_argument("--eps", type=float, default=1e-6, help="Adam epsilon")
    p.add_argument("--clip", type=float, default=1.0, help="gradient-norm clip, 0 = none")
    p.add_argument("--qk-std", type=float, default=0.02, help="init std of query/key weights")
    p.add_argument("--sin-pos", type=float, default=0.0,
                   help="scale of a sinusoidal init of all 128 position dims (0 = BERT's random init)")
    p.add_argument("--pos-lr", type=float, default=1.0, help="learning-rate multiplier of position embeddings")
    p.add_argument("--local-layers", type=int, default=0, help="training/local_init.py layers (0 = off)")
    a = p.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(1)
    tok = WordPieceTokenizer.from_file(DATA_DIR / "vocab.txt")
    train, val = corpus_for("train", tok), corpus_for("validation", tok)
    val_rng = np.random.default_rng([1234, 999_999])
    val_batches = [make_batch(val, tok, val_rng, 32, 128, 0.25) for _ in range(6)]  # 15% selected

    model = BertForMaskedLM(BertConfig(vocab_size=len(tok.tokens)))
    with torch.no_grad():
        for layer in model.bert.encoder.layer:
            for lin in (layer.attention.self.query, layer.attention.self.key):
                lin.weight.normal_(std=a.qk_std)
        if a.sin_pos:  # the Transformer's frequencies, 10000^(-2i/d), over all 128 dims
            omega = 10000 ** (-torch.arange(0, 128, 2).float() / 128)
            model.bert.embeddings.position_embeddings.weight.copy_(a.sin_pos * sinusoids(torch.arange(128), omega))
    if a.local_layers:
        positional_init(model, a.local_layers)

    pos_name = "bert.embeddings.position_embeddings.weight"
    named = list(model.named_parameters())
    groups = [
        {"params": [t for n, t in named if t.ndim >= 2 and n != pos_name], "weight_decay": 0.01, "mult": 1.0},
        {"params": [t for n, t in named if t.ndim < 2], "weight_decay": 0.0, "mult": 1.0},
        {"params": [model.get_parameter(pos_name)], "weight_decay": 0.0, "mult": a.pos_lr},
    ]
    opt = torch.optim.AdamW(groups, lr=a.lr, betas=(0.9, 0.98), eps=a.eps)
    start, losses = time.time(), []
    for step in range(a.steps):
        for g in opt.param_groups:
            g["lr"] = g["mult"] * a.lr * min(1.0, (step + 1) / a.warmup)
        batch = make_batch(train, tok, np.random.default_rng([7, step]), a.batch_size, a.max_len, 0.25,
                           a.select_rate)
        loss, _ = mlm_loss(model, batch)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if a.clip:
            torch.nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        losses.append(float(loss))
        if (step + 1) % a.eval_every == 0:
            val_loss, val_acc = evaluate(model, val_batches)
            print(f"{a.name}\tstep {step + 1}\t{time.time() - start:.0f}s\ttrain {np.mean(losses[-a.eval_every:]):.3f}"
                  f"\tval {val_loss:.3f}\ttop-1 {100 * val_acc:.1f}%", flush=True)


if __name__ == "__main__":
    main()
