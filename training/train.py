"""Train the default maskscope model (BERT MLM on the Brown corpus) on CPU, resumably.

Checkpoints `runs/<name>/checkpoint.pt` every `--checkpoint-minutes` (atomic rename) and resumes
from it when present; appends `step, elapsed, loss, lr, val_loss, val_acc` to the TSV log.
"""

from __future__ import annotations

import argparse
import collections
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from training.batches import Batch, Corpus, make_batch
from training.data import DATA_DIR, load_sentences
from training.local_init import positional_init
from training.model import BertConfig, BertForMaskedLM
from training.tokenizer import WordPieceTokenizer

TRAINING_DIR = Path(__file__).resolve().parent
LOG_HEADER = "step\telapsed_s\ttrain_loss\tlr\tval_loss\tval_acc\n"


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings (defaults = the shipped run)."""

    steps: int = 11000
    batch_size: int = 32
    max_len: int = 128
    short_fraction: float = 0.25
    local_layers: int = 2  # layers whose heads start as fixed-offset heads (training/local_init.py)
    lr: float = 1e-3
    warmup_fraction: float = 0.05
    weight_decay: float = 0.01
    clip_norm: float = 1.0
    seed: int = 1234
    threads: int = 1  # measured: one thread per process is as fast per step as two here
    eval_every: int = 100
    val_sequences: int = 256
    checkpoint_minutes: float = 4.0
    pack: bool = False  # fill every window to max_len (batches.window), so padding is rare
    stream: bool = False  # windows run on into the next document: with short_fraction 0, no padding at all
    mask_mode: str = "key"  # training/model.py's modes; "query" trains with bug 1 (maskscope-brown-querybug)


def corpus_for(split: str, tok: WordPieceTokenizer) -> Corpus:
    """Documents of one split, sentences in order."""
    docs: dict[str, list[str]] = collections.defaultdict(list)
    for s in load_sentences(split=split):
        docs[s.doc].append(s.text)
    return Corpus.build(docs, tok)


def lr_at(step: int, cfg: TrainConfig) -> float:
    """Linear warm-up then linear decay to 0."""
    warmup = max(1, int(cfg.steps * cfg.warmup_fraction))
    if step < warmup:
        return cfg.lr * (step + 1) / warmup
    return cfg.lr * max(0.0, (cfg.steps - step) / max(1, cfg.steps - warmup))


def mlm_loss(model: BertForMaskedLM, batch: Batch, mode: str = "key") -> tuple[torch.Tensor, torch.Tensor]:
    """Cross-entropy over the selected tokens only, and their top-1 hits, under mask mode `mode`."""
    logits = model(batch.ids, batch.mask, rows=batch.rows, mode=mode).logits
    return F.cross_entropy(logits, batch.targets), (logits.argmax(-1) == batch.targets)


@torch.no_grad()
def evaluate(model: BertForMaskedLM, batches: list[Batch], mode: str = "key") -> tuple[float, float]:
    """Mean loss and top-1 accuracy over fixed validation batches, under mask mode `mode`."""
    model.eval()
    loss_sum, hits, count = 0.0, 0, 0
    for b in batches:
        loss, hit = mlm_loss(model, b, mode)
        loss_sum += float(loss) * len(b.targets)
        hits += int(hit.sum())
        count += len(b.targets)
    model.train()
    return loss_sum / count, hits / count


def make_optimizer(model: BertForMaskedLM, cfg: TrainConfig) -> torch.optim.AdamW:
    """AdamW; no weight decay on biases, LayerNorms and embeddings' norms."""
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
    other = [p for n, p in model.named_parameters() if p.ndim < 2]
    groups = [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": other, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=cfg.lr, betas=(0.9, 0.98), eps=1e-6)


def save_checkpoint(path: Path, model: BertForMaskedLM, opt: torch.optim.Optimizer, step: int,
                    elapsed: float, cfg: TrainConfig) -> None:
    """Write to a temporary file and rename, so an interruption never leaves a torn checkpoint."""
    tmp = path.with_suffix(".tmp")
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step,
                "elapsed": elapsed, "train_config": asdict(cfg),
                "model_config": asdict(model.config)}, tmp)
    os.replace(tmp, path)


def trim_log(log: Path, step: int) -> None:
    """Keep the header and the rows up to `step` (a resumed run rewrites what came after)."""
    if not log.exists():
        log.write_text(LOG_HEADER)
        return
    lines = log.read_text().splitlines(keepends=True)
    log.write_text(lines[0] + "".join(l for l in lines[1:] if int(l.split("\t")[0]) <= step))


def run(cfg: TrainConfig, run_dir: Path, log: Path, vocab: Path, init_from: Path | None = None) -> None:
    torch.set_num_threads(cfg.threads)
    torch.manual_seed(cfg.seed)
    tok = WordPieceTokenizer.from_file(vocab)
    train, val = corpus_for("train", tok), corpus_for("validation", tok)
    val_rng = np.random.default_rng([cfg.seed, 999_999])
    val_batches = [make_batch(val, tok, val_rng, 32, cfg.max_len, cfg.short_fraction, pack=cfg.pack, stream=cfg.stream)
                   for _ in range(cfg.val_sequences // 32)]
    model = BertForMaskedLM(BertConfig(vocab_size=len(tok.tokens), max_position_embeddings=cfg.max_len))
    if cfg.local_layers:
        positional_init(model, cfg.local_layers)
    opt = make_optimizer(model, cfg)
    run_dir.mkdir(parents=True, exist_ok=True)
    ckpt, step, elapsed = run_dir / "checkpoint.pt", 0, 0.0
    if ckpt.exists():
        state = torch.load(ckpt)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        step, elapsed = state["step"], state["elapsed"]
        print(f"resumed at step {step}", flush=True)
    elif init_from is not None:
        from training.export import load_exported  # export imports this module

        model.load_state_dict(load_exported(init_from).state_dict())
        print(f"warm start from the weights in {init_from}", flush=True)
    trim_log(log, step)
    start, last_save, losses = time.time() - elapsed, time.time(), []
    while step < cfg.steps:
        batch = make_batch(train, tok, np.random.default_rng([cfg.seed, step]), cfg.batch_size,
                           cfg.max_len, cfg.short_fraction, pack=cfg.pack, stream=cfg.stream)
        for group in opt.param_groups:
            group["lr"] = lr_at(step, cfg)
        loss, _ = mlm_loss(model, batch, cfg.mask_mode)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.clip_norm)
        opt.step()
        step += 1
        losses.append(float(loss))
        if step % cfg.eval_every == 0 or step == cfg.steps:
            val_loss, val_acc = evaluate(model, val_batches, cfg.mask_mode)
            row = (f"{step}\t{time.time() - start:.1f}\t{np.mean(losses):.4f}\t{lr_at(step - 1, cfg):.6f}"
                   f"\t{val_loss:.4f}\t{val_acc:.4f}\n")
            with log.open("a") as f:
                f.write(row)
            print(row.strip(), flush=True)
            losses = []
        if time.time() - last_save > cfg.checkpoint_minutes * 60 or step == cfg.steps:
            save_checkpoint(ckpt, model, opt, step, time.time() - start, cfg)
            last_save = time.time()
    print("done", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    for name, value in asdict(TrainConfig()).items():
        kind = (lambda text: text.lower() in ("1", "true", "yes")) if isinstance(value, bool) else type(value)
        parser.add_argument("--" + name.replace("_", "-"), type=kind, default=value)
    parser.add_argument("--run-dir", type=Path, default=TRAINING_DIR / "runs" / "default")
    parser.add_argument("--log", type=Path, default=TRAINING_DIR / "log" / "train_log.tsv")
    parser.add_argument("--vocab", type=Path, default=DATA_DIR / "vocab.txt")
    parser.add_argument("--init-from", type=Path, default=None,
                        help="warm start a new run (fresh optimizer, step 0) from an exported model folder")
    parser.add_argument("--time-steps", type=int, default=0,
                        help="only time this many training steps and exit (no checkpoint, no log)")
    args = vars(parser.parse_args())
    run_dir, log, vocab, time_steps = args.pop("run_dir"), args.pop("log"), args.pop("vocab"), args.pop("time_steps")
    init_from = args.pop("init_from")
    cfg = TrainConfig(**args)
    if time_steps:
        return time_training(cfg, vocab, time_steps)
    run(cfg, run_dir, log, vocab, init_from)


def time_training(cfg: TrainConfig, vocab: Path, n: int) -> None:
    """Print the mean wall time of `n` steps (after one warm-up step)."""
    torch.set_num_threads(cfg.threads)
    tok = WordPieceTokenizer.from_file(vocab)
    t0 = time.time()
    train = corpus_for("train", tok)
    print(f"tokenised train split in {time.time() - t0:.1f}s", flush=True)
    model = BertForMaskedLM(BertConfig(vocab_size=len(tok.tokens)))
    opt = make_optimizer(model, cfg)
    times = []
    for step in range(n + 1):
        t = time.time()
        batch = make_batch(train, tok, np.random.default_rng([cfg.seed, step]), cfg.batch_size,
                           cfg.max_len, cfg.short_fraction, pack=cfg.pack, stream=cfg.stream)
        tb = time.time() - t
        loss, _ = mlm_loss(model, batch)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step:
            times.append(time.time() - t)
        print(f"step {step} {time.time() - t:.3f}s (batch {tb:.3f}s) T={batch.ids.shape[1]} "
              f"selected={len(batch.rows)} loss={float(loss):.3f}", flush=True)
    print(f"mean step {np.mean(times):.3f}s", flush=True)


if __name__ == "__main__":
    main()
