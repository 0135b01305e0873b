"""Evaluate the exported model on the held-out test split; write `training/log/eval.json`.

1. Masked-token top-1/top-5 accuracy (fixed masking seed; every selected token -> [MASK]) on
   single sentences and on training-style windows of consecutive sentences (up to 128 pieces),
   beside a unigram-frequency baseline.
2. Padding (padding_eval.py): correct-mask logits for 0 … (128 - length) pads vs 0 pads, and
   accuracy with the correct mask, no mask and the query-axis mask at 0/16/32/64 pads.
3. `tests/fixtures/mlm-eval-subset.json`: ~20 short test sentences with PyTorch's top-1 ids.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

import numpy as np
import torch

from training.data import load_sentences
from training.evaluate_common import (EVAL_SEED, TOP_K, Example, accuracy, make_examples,
                                      padded_logits, predictions, unigram_baseline)
from training.export import MODEL_DIR, REPO_ROOT, load_exported
from training.model import BertForMaskedLM
from training.padding_eval import drift, mode_table, row_sum_check
from training.tokenizer import MASK, PAD, WordPieceTokenizer
from training.train import TRAINING_DIR

SUBSET_PATH = REPO_ROOT / "tests" / "fixtures" / "mlm-eval-subset.json"
SUBSET_SIZE = 20
SUBSET_MAX_TOKENS = 32
DEMO_SENTENCES = ("the doctor said that [MASK] would be fine .",
                  "the man went to the [MASK] to buy some bread .",
                  "she [MASK] the letter and put it on the table .")


def test_windows(max_len: int) -> list[str]:
    """Consecutive test sentences of one document joined while they fit (by characters/4 as a cheap bound)."""
    docs: dict[str, list[str]] = collections.defaultdict(list)
    for s in load_sentences(split="test"):
        docs[s.doc].append(s.text)
    windows = []
    for sents in docs.values():
        current = ""
        for text in sents:
            if current and len(current) + len(text) > max_len * 4:
                windows.append(current)
                current = ""
            current = (current + " " + text).strip()
        if current:
            windows.append(current)
    return windows


def demo(model: BertForMaskedLM, tok: WordPieceTokenizer, text: str) -> dict[str, object]:
    """Top-5 pieces (with probabilities) for every [MASK] of `text`."""
    ids = np.array(tok.encode(text, add_special_tokens=True), dtype=np.int64)
    (logits,) = padded_logits(model, [ids], 0, "key", tok.special_id(PAD))
    probs = logits.softmax(-1)
    out = []
    for pos in np.flatnonzero(ids == tok.special_id(MASK)):
        top = probs[pos].topk(TOP_K)
        out.append([[tok.tokens[int(i)], round(float(p), 4)] for p, i in zip(top.values, top.indices)])
    return {"text": text, "top5": out}


def subset_fixture(model: BertForMaskedLM, tok: WordPieceTokenizer, examples: list[Example]) -> dict[str, object]:
    """Every 20th short example: masked input, original ids, PyTorch top-1 ids and top-1/top-2 margins."""
    short = [e for e in examples if len(e.masked) <= SUBSET_MAX_TOKENS]
    step = max(1, len(short) // SUBSET_SIZE)
    chosen = short[::step][:SUBSET_SIZE]
    cases = []
    for e, logits in zip(chosen, predictions(model, chosen, 0, "key", tok.special_id(PAD))):
        top2 = logits.topk(2, dim=-1)
        cases.append({"text": e.text, "inputIds": e.masked.tolist(), "originalIds": e.original.tolist(),
                      "maskedPositions": e.positions.tolist(), "expectedTop1": top2.indices[:, 0].tolist(),
                      "top1Margin": [round(float(v), 4) for v in (top2.values[:, 0] - top2.values[:, 1])]})
    return {"checkpoint": str(MODEL_DIR.relative_to(REPO_ROOT)),
            "description": "Held-out Brown test sentences, [CLS]/[SEP] added, masked with a fixed seed; "
                           "expectedTop1 = PyTorch argmax under the correct key mask (no padding). "
                           "top1Margin = top-1 minus top-2 logit (skip near-ties in a float32 comparison).",
            "cases": cases}


def evaluate(model_dir: Path) -> dict[str, object]:
    """Every metric of the module docstring, as one JSON-able dict."""
    torch.manual_seed(EVAL_SEED)
    model = load_exported(model_dir)
    max_len = model.config.max_position_embeddings
    tok = WordPieceTokenizer.from_file(model_dir / "vocab.txt")
    pad_id = tok.special_id(PAD)
    sentences = make_examples([s.text for s in load_sentences(split="test")], tok, max_len, EVAL_SEED)
    windows = make_examples(test_windows(max_len), tok, max_len, EVAL_SEED)
    result = {
        "sentence_accuracy": accuracy(sentences, predictions(model, sentences, 0, "key", pad_id)),
        "window_accuracy": accuracy(windows, predictions(model, windows, 0, "key", pad_id)),
        "unigram_baseline_sentences": unigram_baseline(tok, sentences),
        "unigram_baseline_windows": unigram_baseline(tok, windows),
        "padding_drift_correct_mask": drift(model, sentences, max_len, pad_id),
        "mask_modes": mode_table(model, sentences, max_len, pad_id),
        "padding_mass_on_first_sentence_64_pads": row_sum_check(model, sentences[0], 64, pad_id),
        "demos": [demo(model, tok, t) for t in DEMO_SENTENCES],
        "test_sentences": len(sentences), "test_windows": len(windows), "masking_seed": EVAL_SEED,
    }
    subset = subset_fixture(model, tok, sentences)
    cases = ",\n".join(json.dumps(c, ensure_ascii=False) for c in subset.pop("cases"))  # a case per line
    SUBSET_PATH.write_text(json.dumps(subset)[:-1] + ', "cases": [\n' + cases + "\n]}\n")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    parser.add_argument("--out", type=Path, default=TRAINING_DIR / "log" / "eval.json")
    args = parser.parse_args()
    torch.set_num_threads(1)
    result = evaluate(args.model_dir)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: result[k] for k in ("sentence_accuracy", "window_accuracy", "demos")}, indent=1))


if __name__ == "__main__":
    main()
