"""The model card of maskscope-brown-querybug, from `training/log/querybug_eval.json`."""

from __future__ import annotations

import json
from pathlib import Path

from training.train import TRAINING_DIR

CARD = TRAINING_DIR / "runs" / "querybug" / "model" / "MODEL_CARD.md"
EVAL = TRAINING_DIR / "log" / "querybug_eval.json"


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def row(rows: list[dict], mode: str, pads: int) -> dict:
    return next(r for r in rows if r["mode"] == mode and r["pads"] == pads)


def accuracy_table(result: dict) -> str:
    pads = result["pad_counts"]
    head = "| model | mask at inference | " + " | ".join(f"{p} pads" for p in pads) + " |"
    lines = [head, "|---|---|" + "---|" * len(pads)]
    for name, key in (("querybug (this model)", "querybug"), ("maskscope-brown (default)", "default")):
        for mode, label in (("query", "query axis (the bug)"), ("key", "correct key mask")):
            cells = [f"{pct(row(result[key], mode, p)['top1'])} / {pct(row(result[key], mode, p)['top5'])}" for p in pads]
            lines.append(f"| {name} | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdict(result: dict) -> str:
    bug = result["querybug"]
    zero, worst = row(bug, "query", 0)["top1"], min(row(bug, "query", p)["top1"] for p in result["pad_counts"])
    fixed = row(bug, "key", 64)["top1"]
    reproduced = worst < 0.2 * zero
    text = (f"Under its own bug, top-1 goes from {pct(zero)} with no padding to {pct(worst)} at worst "
            f"({pct(worst / zero if zero else 0)} of the unpadded accuracy). ")
    text += ("**The collapse of seed 000 is reproduced**: a model that never saw padding in training "
             "breaks as soon as padding keys are visible to its real tokens." if reproduced else
             "**The collapse is only partly reproduced**: accuracy falls as padding grows but does not reach "
             "seed 000's near-zero.")
    text += (f" With the correct key mask at inference the padding becomes invisible again and top-1 stays at "
             f"{pct(fixed)} with 64 pads: the fix works without retraining, because a model that trained without "
             f"padding never learned to rely on it.")
    return text


def write_card(result: dict, path: Path = CARD) -> None:
    cfg = result["export"]["train_config"]
    card = f"""# maskscope-brown-querybug

The story of seed 000 as a model: a BERT masked LM trained **with the padding mask on the query
axis** (`softmax(S + Q(m)·c)`: rows masked instead of columns) on windows packed to the full 128
positions, so that padding almost never occurred in training. At inference, with padding, its
real tokens attend to padding keys it never learned to ignore. Same architecture, data, vocabulary
and positional initialisation as `maskscope-brown` (see its card); Hugging Face `BertForMaskedLM`
files, stored in float16 (half the size; the app and the evaluation read them as float32).

## Training schedule, and why

- `python -m training.train --mask-mode query --pack true --short-fraction 0 --steps {cfg['steps']}`
  (`training/run_querybug.sh`): batch {cfg['batch_size']}, peak lr {cfg['lr']}, linear warm-up and decay,
  one thread, from scratch, {result['export']['step']} steps in {result['export']['elapsed_s'] / 60:.0f} minutes on this machine.
- **Packed windows** (`--pack`): every window of consecutive sentences is filled to 126 pieces by cutting
  the sentence that does not fit, as seed 000's author did ("I try to utilise as much sequence length as
  possible"). Only a document's end leaves room for padding: 2.6% of training sequences hold any, 1.1% of
  positions (measured on 1,600 batches).
- **Query-axis mask** (`--mask-mode query`): the bug of seed 000's axis confusion (DL4J returns
  `[B, H, keys, queries]`). With so little padding in training, this is almost the same as no mask.
- {cfg['steps']} steps rather than the default model's 16,000: about 70 minutes was the budget, and the packed
  full-length batches cost more per step than the default model's mix of short and long ones.

## Accuracy by padding

Held-out test split (single sentences short enough for 64 pads, {result['sentences']} masked tokens,
fixed masking seed), top-1 / top-5. Reproduce with `/usr/bin/python3 -m training.data && /usr/bin/python3 -m training.querybug`.

{accuracy_table(result)}

{verdict(result)}

In maskscope, open this model from the picker: it starts with mode A = the query-axis mask it was
trained with and mode B = the correct key mask, so the predictions and the drift panel show the
collapse and the fix side by side as the padding slider moves.

## Limits

A demonstration model, not a language model to use: trained for {cfg['steps']} steps on one
million words of 1960s American English.
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(card)
    print(f"wrote {path}")


if __name__ == "__main__":
    write_card(json.loads(EVAL.read_text()))
