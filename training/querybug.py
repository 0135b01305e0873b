"""The seed-000 models: trained with the padding mask on the QUERY axis, on full-length windows.

Seed 000's author trained a DL4J masked LM "utilising as much sequence length as possible", so
padding almost never occurred in training; at test time, with a few pads, accuracy fell to about
0%. Two runs tell that story in the default model's architecture, data and vocabulary:

- `querybug` (`training/run_querybug.sh`): the query-axis mask with BERT's -1e4, on packed windows
  (2.6% of sequences hold some padding). It did NOT collapse and is not shipped
  (training/log/querybug_note.md).
- `queryinf` (`training/run_queryinf.sh`): the query-axis mask written as `masked_fill(-inf)`, on
  streamed windows that never hold padding, so the mask never acts in training. Shipped as
  public/models/maskscope-brown-queryinf.

This module exports one run, evaluates it on the held-out test split at 0, 3, 8, 16, 32 and 64
pads under the mask it was trained with, the same axis with a finite constant, and the correct
key mask, beside the default model, runs probes of why it does or does not collapse (seed 000's
own protocol of truncating full windows and padding them back or filling them with "."; DL4J-style
zeroed activations at padded steps; the attention mass on padding), and writes the model card and
a fixed subset for a test of the app's encoder (`--subset`).

    /usr/bin/python3 -m training.querybug --model queryinf [--out public/models/maskscope-brown-queryinf]
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from training.data import load_sentences
from training.evaluate import test_windows
from training.evaluate_common import (EVAL_SEED, Example, accuracy, by_length, make_examples, padded_batch,
                                      predictions, predictions_and_padding_mass)
from training.export import MODEL_DIR, REPO_ROOT, export, load_exported
from training.model import BertForMaskedLM
from training.tokenizer import PAD, WordPieceTokenizer
from training.train import TRAINING_DIR


@dataclass(frozen=True)
class Run:
    """One seed-000 training run: its name, the mask mode it trained with, where its files go."""

    name: str
    trained_mode: str
    modes: tuple[str, ...]  # inference modes of the table, the trained one first
    out: Path  # the exported model (and its card)
    subset: Path | None  # the fixed subset a TypeScript test checks, for a shipped model

    @property
    def checkpoint(self) -> Path:
        return TRAINING_DIR / "runs" / self.name / "checkpoint.pt"

    @property
    def eval_path(self) -> Path:
        return TRAINING_DIR / "log" / f"{self.name}_eval.json"


RUNS = {
    "querybug": Run("querybug", "query", ("query", "key"), TRAINING_DIR / "runs" / "querybug" / "model", None),
    "queryinf": Run("queryinf", "query_inf", ("query_inf", "query", "key"),
                    REPO_ROOT / "public" / "models" / "maskscope-brown-queryinf",
                    REPO_ROOT / "tests" / "fixtures" / "queryinf-eval-subset.json"),
}
BUG_DIR = RUNS["querybug"].out
PAD_COUNTS = (0, 3, 8, 16, 32, 64)
SUBSET_SIZE = 40
SUBSET_PADS = (0, 3, 32)
PROBE_WINDOWS = 300
PROBE_SENTENCES = 600


def finite(x: float) -> float | None:
    """JSON has no NaN: a NaN statistic (the -inf path's) is written as null."""
    return None if math.isnan(x) else x


def table(model: BertForMaskedLM, examples, pad_id: int, max_len: int, modes: tuple[str, ...]) -> list[dict[str, object]]:
    """Top-1/top-5 per mode and pad count, on the sentences that fit 64 pads."""
    fits = [e for e in examples if len(e.masked) + max(PAD_COUNTS) <= max_len]
    rows = []
    for mode in modes:
        for pads in PAD_COUNTS:
            acc = accuracy(fits, predictions(model, fits, pads, mode, pad_id))
            rows.append({"mode": mode, "pads": pads, **acc})
            print(f"  {mode:9s} {pads:3d} pads: top-1 {acc['top1']:.3f} top-5 {acc['top5']:.3f}", flush=True)
    return rows


def subset(model: BertForMaskedLM, examples, pad_id: int, run: Run, model_dir: Path) -> dict[str, object]:
    """A fixed subset with PyTorch's top-1 and top-1/top-2 margin per masked token, mode and pads
    (null for a NaN logit row), and its accuracy per mode and pads: a corner of the card's table."""
    short = [e for e in examples if len(e.masked) <= 24][::7][:SUBSET_SIZE]
    cases, hits = [], {}
    for e in short:
        top1, margin = {}, {}
        for mode in run.modes:
            for pads in SUBSET_PADS:
                key = f"{mode}/{pads}"
                (logits,) = predictions(model, [e], pads, mode, pad_id)
                top2 = logits.topk(2, dim=-1)
                nan = torch.isnan(logits).any(-1)
                top1[key] = [None if n else int(i) for n, i in zip(nan, top2.indices[:, 0])]
                margin[key] = [None if n else round(float(v), 4)
                               for n, v in zip(nan, top2.values[:, 0] - top2.values[:, 1])]
                target = e.original[e.positions]
                hits[key] = hits.get(key, 0) + sum(int(t == p) for t, p in zip(target, top1[key]))
        cases.append({"inputIds": e.masked.tolist(), "originalIds": e.original.tolist(),
                      "maskedPositions": e.positions.tolist(), "top1": top1, "top1Margin": margin})
    total = sum(len(e.positions) for e in short)
    folder = model_dir.resolve()
    return {"checkpoint": str(folder.relative_to(REPO_ROOT) if folder.is_relative_to(REPO_ROOT) else folder),
            "pads": list(SUBSET_PADS),
            "modes": list(run.modes), "maskedTokens": total,
            "top1Hits": hits,
            "description": "Held-out Brown test sentences masked with a fixed seed; top1[mode/pads] = PyTorch argmax "
                           "at each masked position after `pads` right pads under the mask mode (null: NaN "
                           "logits); top1Margin = top-1 minus top-2 logit (skip near-ties in a float32 "
                           "comparison); top1Hits = how many of the masked tokens have the right top-1.",
            "cases": cases}


def truncated(window: Example, k: int, fill: int | None = None) -> Example:
    """Seed 000's protocol: the last k body tokens of a full window dropped ([SEP] kept), or with
    `fill` replaced by k copies of that token (the seed's control: "replace that part with any token
    except padding (like a dot)", same length and no padding)."""
    end = len(window.masked) - 1 - k
    positions = np.array([p for p in window.positions if p < end], dtype=np.int64)
    filler = np.full(k, fill, dtype=np.int64) if fill is not None else np.zeros(0, dtype=np.int64)
    cut = lambda ids: np.concatenate([ids[:end], filler, ids[-1:]])  # noqa: E731
    return Example(window.text, cut(window.original), cut(window.masked), positions)


@torch.no_grad()
def zeroed_top1(model: BertForMaskedLM, examples: list[Example], pads: int, mode: str, pad_id: int) -> float:
    """Top-1 with the hidden states of padded steps set to 0 after every layer (DL4J feature masks)."""
    logits: list[torch.Tensor] = [torch.empty(0)] * len(examples)
    for length, idx in by_length(examples).items():
        ids, mask = padded_batch([examples[i].masked for i in idx], pads, pad_id)
        b, t = ids.shape
        keep = mask[..., None].float()
        x = model.bert.embeddings(ids, torch.arange(t).expand(b, t), torch.zeros_like(ids)) * keep
        for layer in model.bert.encoder.layer:
            x = layer(x, mask, mode)[0] * keep
        for j, i in enumerate(idx):
            logits[i] = model.mlm_logits(x[j, torch.from_numpy(examples[i].positions)])
    return accuracy(examples, logits)["top1"]


def probes(model: BertForMaskedLM, tok: WordPieceTokenizer, examples: list[Example], pad_id: int,
           mode: str) -> dict[str, object]:
    """Why it does (not) collapse under `mode`: seed 000's truncate-and-pad protocol (and its control,
    the cut filled with "."), zeroed padded steps, the attention mass real rows put on padding."""
    windows = [w for w in make_examples(test_windows(128), tok, 128, EVAL_SEED) if len(w.masked) >= 110][:PROBE_WINDOWS]
    dot = tok.ids["."]
    protocol = []
    for k in (0, 3, 8, 16, 32):
        cut = [e for e in (truncated(w, k) for w in windows) if len(e.positions)]
        filled = [e for e in (truncated(w, k, dot) for w in windows) if len(e.positions)]
        protocol.append({"truncated": k,
                         "padded_query": accuracy(cut, predictions(model, cut, k, mode, pad_id))["top1"],
                         "unpadded": accuracy(cut, predictions(model, cut, 0, mode, pad_id))["top1"],
                         "filled_dot": accuracy(filled, predictions(model, filled, 0, mode, pad_id))["top1"],
                         "padded_key": accuracy(cut, predictions(model, cut, k, "key", pad_id))["top1"]})
    short = [e for e in examples if len(e.masked) + 64 <= 128][:PROBE_SENTENCES]
    zeroed = [{"pads": p, "top1": zeroed_top1(model, short, p, mode, pad_id)} for p in (0, 3, 16, 64)]
    mass = [{"pads": p, "by_layer": [finite(m) for m in predictions_and_padding_mass(model, short, p, mode, pad_id)[1]]}
            for p in (3, 16, 64)]
    return {"mode": mode, "windows": len(windows), "seed_protocol": protocol, "sentences": len(short),
            "zeroed_padding": zeroed, "padding_mass_query_mask": mass}


def load_with_examples(model_dir: Path) -> tuple[BertForMaskedLM, WordPieceTokenizer, list[Example], int]:
    """An exported model, its tokenizer, the held-out test sentences masked with the fixed seed, its pad id."""
    model = load_exported(model_dir)
    tok = WordPieceTokenizer.from_file(model_dir / "vocab.txt")
    max_len = model.config.max_position_embeddings
    examples = make_examples([s.text for s in load_sentences(split="test")], tok, max_len, EVAL_SEED)
    return model, tok, examples, tok.special_id(PAD)


def probe_models(max_pads: int, limit: int) -> Iterator[tuple[str, BertForMaskedLM, list[Example], int]]:
    """The querybug and the default model, each with its first `limit` held-out test examples that
    fit `max_pads` pads and its pad id: what the probes of training/log/querybug_note.md run on."""
    for name, model_dir in (("querybug", BUG_DIR), ("default", MODEL_DIR)):
        model, _, examples, pad_id = load_with_examples(model_dir)
        max_len = model.config.max_position_embeddings
        yield name, model, [e for e in examples if len(e.masked) + max_pads <= max_len][:limit], pad_id


def evaluate(model_dir: Path, modes: tuple[str, ...]) -> tuple[list[dict[str, object]], BertForMaskedLM,
                                                                WordPieceTokenizer, list[Example], int]:
    """The accuracy table of one exported model, with the model, its tokenizer, examples and pad id."""
    model, tok, examples, pad_id = load_with_examples(model_dir)
    print(model_dir.name, flush=True)
    rows = table(model, examples, pad_id, model.config.max_position_embeddings, modes)
    return rows, model, tok, examples, pad_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", choices=sorted(RUNS), default="querybug")
    parser.add_argument("--out", type=Path, default=None,
                        help="where the model and its card go (default: the run's); elsewhere, its log and subset too")
    parser.add_argument("--no-probes", action="store_true", help="only the accuracy table and the subset")
    args = parser.parse_args()
    run = RUNS[args.model]
    out = args.out or run.out
    torch.set_num_threads(1)
    torch.manual_seed(EVAL_SEED)
    exported = export(run.checkpoint, MODEL_DIR / "vocab.txt", out, "F16")
    bug_rows, bug_model, tok, examples, pad_id = evaluate(out, run.modes)  # the default model's vocabulary
    default_rows, default_model, *_ = evaluate(MODEL_DIR, run.modes)
    result = {"model": run.name, "trained_mode": run.trained_mode, "modes": list(run.modes),
              run.name: bug_rows, "default": default_rows, "pad_counts": list(PAD_COUNTS),
              "sentences": bug_rows[0]["masked_tokens"], "export": exported}
    if not args.no_probes:
        result["probes"] = {run.name: probes(bug_model, tok, examples, pad_id, run.trained_mode),
                            "default": probes(default_model, tok, examples, pad_id, run.trained_mode)}
    # Elsewhere than the run's own folder (a trial), the log and the subset go beside the model,
    # so the committed ones are left alone.
    trial = out.resolve() != run.out.resolve()
    (out / "eval.json" if trial else run.eval_path).write_text(json.dumps(result, indent=1) + "\n")
    if run.subset is not None:
        fixture = subset(bug_model, examples, pad_id, run, out)
        cases = ",\n".join(json.dumps(c) for c in fixture.pop("cases"))
        path = out / "eval-subset.json" if trial else run.subset
        path.write_text(json.dumps(fixture)[:-1] + ', "cases": [\n' + cases + "\n]}\n")
    from training.querybug_card import write_card  # the card reads the file written above

    write_card(result, out / "MODEL_CARD.md")


if __name__ == "__main__":
    main()
