"""The seed-000 model: trained with the mask on the QUERY axis, on packed full-length windows.

Seed 000's author trained a DL4J masked LM "utilising as much sequence length as possible", so
padding almost never occurred in training; at test time, with a few pads, accuracy fell to about
0%. This module exports the model trained the same way (`training/run_querybug.sh`), evaluates
it on the held-out test split at 0, 3, 8, 16, 32 and 64 pads under the mask it was trained with
and under the correct key mask, beside the default model, and runs three probes of why it does
or does not collapse (the seed's own protocol of truncating full windows and padding them back;
DL4J-style zeroed activations at padded steps; the attention mass on padding). It writes the
model card and a fixed subset for a test of the app's encoder. The first run (8,000 steps) did
NOT collapse, so the model is not shipped: see training/log/querybug_note.md.

    /usr/bin/python3 -m training.querybug [--checkpoint training/runs/querybug/checkpoint.pt]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
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

# Not shipped until it shows the collapse (training/log/querybug_note.md); to ship it, pass
# --out public/models/maskscope-brown-querybug and list it in public/models/index.json.
BUG_DIR = TRAINING_DIR / "runs" / "querybug" / "model"
CHECKPOINT = TRAINING_DIR / "runs" / "querybug" / "checkpoint.pt"
EVAL_PATH = TRAINING_DIR / "log" / "querybug_eval.json"
PAD_COUNTS = (0, 3, 8, 16, 32, 64)
MODES = {"query": "query-axis mask (as trained)", "key": "correct key mask"}
SUBSET_SIZE = 40
SUBSET_PADS = (0, 32)
PROBE_WINDOWS = 300
PROBE_SENTENCES = 600


def table(model: BertForMaskedLM, examples, pad_id: int, max_len: int) -> list[dict[str, object]]:
    """Top-1/top-5 per mode and pad count, on the sentences that fit 64 pads."""
    fits = [e for e in examples if len(e.masked) + max(PAD_COUNTS) <= max_len]
    rows = []
    for mode in MODES:
        for pads in PAD_COUNTS:
            acc = accuracy(fits, predictions(model, fits, pads, mode, pad_id))
            rows.append({"mode": mode, "pads": pads, **acc})
            print(f"  {mode:5s} {pads:3d} pads: top-1 {acc['top1']:.3f} top-5 {acc['top5']:.3f}", flush=True)
    return rows


def subset(model: BertForMaskedLM, examples, pad_id: int, model_dir: Path) -> dict[str, object]:
    """A fixed subset with PyTorch's top-1 and top-1/top-2 margin per masked token, mode and pads."""
    short = [e for e in examples if len(e.masked) <= 24][::7][:SUBSET_SIZE]
    cases = []
    for e in short:
        top1, margin = {}, {}
        for mode in MODES:
            for pads in SUBSET_PADS:
                (logits,) = predictions(model, [e], pads, mode, pad_id)
                top2 = logits.topk(2, dim=-1)
                top1[f"{mode}/{pads}"] = [int(i) for i in top2.indices[:, 0]]
                margin[f"{mode}/{pads}"] = [round(float(v), 4) for v in top2.values[:, 0] - top2.values[:, 1]]
        cases.append({"inputIds": e.masked.tolist(), "originalIds": e.original.tolist(),
                      "maskedPositions": e.positions.tolist(), "top1": top1, "top1Margin": margin})
    return {"checkpoint": str(model_dir.resolve().relative_to(REPO_ROOT)), "pads": list(SUBSET_PADS),
            "description": "Held-out Brown test sentences masked with a fixed seed; top1[mode/pads] = PyTorch argmax "
                           "at each masked position after `pads` right pads under the mask mode; top1Margin = "
                           "top-1 minus top-2 logit (skip near-ties in a float32 comparison).",
            "cases": cases}


def truncated(window: Example, k: int) -> Example:
    """Seed 000's protocol: the last k body tokens of a full window dropped ([SEP] kept)."""
    end = len(window.masked) - 1 - k
    positions = np.array([p for p in window.positions if p < end], dtype=np.int64)
    cut = lambda ids: np.concatenate([ids[:end], ids[-1:]])  # noqa: E731
    return Example(window.text, cut(window.original), cut(window.masked), positions)


@torch.no_grad()
def zeroed_top1(model: BertForMaskedLM, examples: list[Example], pads: int, mode: str, pad_id: int) -> float:
    """Top-1 with the hidden states of padded steps set to 0 after every layer (DL4J feature masks)."""
    hits = total = 0
    for length, idx in by_length(examples).items():
        ids, mask = padded_batch([examples[i].masked for i in idx], pads, pad_id)
        b, t = ids.shape
        keep = mask[..., None].float()
        x = model.bert.embeddings(ids, torch.arange(t).expand(b, t), torch.zeros_like(ids)) * keep
        for layer in model.bert.encoder.layer:
            x = layer(x, mask, mode)[0] * keep
        for j, i in enumerate(idx):
            e = examples[i]
            pred = model.mlm_logits(x[j, torch.from_numpy(e.positions)]).argmax(-1)
            hits += int((pred == torch.from_numpy(e.original[e.positions])).sum())
            total += len(e.positions)
    return hits / total


def probes(model: BertForMaskedLM, tok: WordPieceTokenizer, examples: list[Example], pad_id: int) -> dict[str, object]:
    """Why it does (not) collapse: seed 000's truncate-and-pad protocol, zeroed padded steps, padding mass."""
    windows = [w for w in make_examples(test_windows(128), tok, 128, EVAL_SEED) if len(w.masked) >= 110][:PROBE_WINDOWS]
    protocol = []
    for k in (0, 3, 8, 16, 32):
        cut = [e for e in (truncated(w, k) for w in windows) if len(e.positions)]
        protocol.append({"truncated": k,
                         "padded_query": accuracy(cut, predictions(model, cut, k, "query", pad_id))["top1"],
                         "unpadded": accuracy(cut, predictions(model, cut, 0, "query", pad_id))["top1"],
                         "padded_key": accuracy(cut, predictions(model, cut, k, "key", pad_id))["top1"]})
    short = [e for e in examples if len(e.masked) + 64 <= 128][:PROBE_SENTENCES]
    zeroed = [{"pads": p, "top1": zeroed_top1(model, short, p, "query", pad_id)} for p in (0, 3, 16, 64)]
    mass = [{"pads": p, "by_layer": predictions_and_padding_mass(model, short, p, "query", pad_id)[1]} for p in (3, 16, 64)]
    return {"windows": len(windows), "seed_protocol": protocol, "sentences": len(short),
            "zeroed_padding": zeroed, "padding_mass_query_mask": mass}


def probe_models(max_pads: int, limit: int) -> Iterator[tuple[str, BertForMaskedLM, list[Example], int]]:
    """The querybug and the default model, each with its first `limit` held-out test examples that
    fit `max_pads` pads and its pad id: what the probes of training/log/querybug_note.md run on."""
    for name, model_dir in (("querybug", BUG_DIR), ("default", MODEL_DIR)):
        model = load_exported(model_dir)
        tok = WordPieceTokenizer.from_file(model_dir / "vocab.txt")
        max_len = model.config.max_position_embeddings
        examples = make_examples([s.text for s in load_sentences(split="test")], tok, max_len, EVAL_SEED)
        fits = [e for e in examples if len(e.masked) + max_pads <= max_len][:limit]
        yield name, model, fits, tok.special_id(PAD)


def evaluate(model_dir: Path) -> tuple[list[dict[str, object]], BertForMaskedLM, list, int]:
    """The accuracy table of one exported model, with the model, its examples and its pad id."""
    model = load_exported(model_dir)
    tok = WordPieceTokenizer.from_file(model_dir / "vocab.txt")
    max_len = model.config.max_position_embeddings
    examples = make_examples([s.text for s in load_sentences(split="test")], tok, max_len, EVAL_SEED)
    pad_id = tok.special_id(PAD)
    print(model_dir.name, flush=True)
    return table(model, examples, pad_id, max_len), model, examples, pad_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkpoint", type=Path, default=CHECKPOINT)
    parser.add_argument("--out", type=Path, default=BUG_DIR, help="where the model, its card and nothing else go")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(EVAL_SEED)
    exported = export(args.checkpoint, MODEL_DIR / "vocab.txt", args.out, "F16")
    bug_rows, bug_model, examples, pad_id = evaluate(args.out)
    default_rows, default_model, _, _ = evaluate(MODEL_DIR)
    tok = WordPieceTokenizer.from_file(MODEL_DIR / "vocab.txt")
    result = {"querybug": bug_rows, "default": default_rows, "pad_counts": list(PAD_COUNTS),
              "sentences": bug_rows[0]["masked_tokens"], "export": exported,
              "probes": {"querybug": probes(bug_model, tok, examples, pad_id),
                         "default": probes(default_model, tok, examples, pad_id)}}
    EVAL_PATH.write_text(json.dumps(result, indent=1) + "\n")
    fixture = subset(bug_model, examples, pad_id, args.out)
    cases = ",\n".join(json.dumps(c) for c in fixture.pop("cases"))
    (args.out / "eval-subset.json").write_text(json.dumps(fixture)[:-1] + ', "cases": [\n' + cases + "\n]}\n")
    from training.querybug_card import write_card  # the card reads the file written above

    write_card(result, args.out / "MODEL_CARD.md")


if __name__ == "__main__":
    main()
