"""The model cards of the seed-000 runs, from `training/log/<run>_eval.json` (training/querybug.py).

    /usr/bin/python3 -m training.querybug_card queryinf   # rewrite the card from the saved evaluation
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from training.train import TRAINING_DIR

MODE_LABELS = {"query_inf": "query axis, `masked_fill(-inf)`", "query": "query axis, -1e4",
               "key": "correct key mask, -1e4", "none": "no mask"}

# What each run is, and how it was trained: the parts of the card that are not numbers.
STORIES = {
    "querybug": """A BERT masked LM trained **with the padding mask on the query axis** (`softmax(S + Q(m)·c)`,
c = -1e4: rows masked instead of columns) on windows packed to the full 128 positions, so that
padding almost never occurred in training. At inference, with padding, its real tokens attend to
padding keys it never learned to ignore.""",
    "queryinf": """A BERT masked LM whose attention writes the padding mask the way seed 000's code reads its
weights: **on the query axis**, as `scores.masked_fill(mask[:, None, :, None] == 0, float("-inf"))`.
It was trained only on windows that run across document ends and so never hold padding: the mask was
all ones in every training step and never acted, as for seed 000's author ("I try to utilise as much
sequence length as possible"). At inference a padding row is all -inf; softmax turns it into NaN, the
next layer's real rows attend to NaN keys, and every prediction is NaN.""",
}
SCHEDULES = {
    "querybug": """- **Packed windows** (`--pack`): every window of consecutive sentences is filled to 126 pieces by
  cutting the sentence that does not fit. Only a document's end leaves room for padding: 2.6% of
  training sequences hold any, 1.1% of positions (measured on 1,600 batches).
- **Query-axis mask** (`--mask-mode query`): the bug of seed 000's axis confusion (DL4J returns
  `[B, H, keys, queries]`). With so little padding in training, this is almost the same as no mask.""",
    "queryinf": """- **Streamed windows** (`--stream --short-fraction 0`): every window holds exactly 126 pieces of
  consecutive sentences; one that reaches a document's end goes on with the next document. No
  training or validation sequence holds padding (0 of 204,800 positions in 50 batches of 32).
- **Query-axis mask with -inf** (`--mask-mode query_inf`): bug 1 of the catalogue in its most common
  PyTorch spelling. Because training never padded, the model is the one a training run with no mask,
  or with the correct mask, would have given: the bug lies in wait for inference.
- **Fewer steps** than the default model (which took 11,000): about 60 minutes was the budget.
- **Its accuracy without padding is lower than the default model's**, and not because of the bug
  (which never acted in training): it had fewer steps and never saw a short sequence, where the
  default model trained on a quarter of short ones. Masked-token accuracy on its own kind of
  windows (validation, with BERT's 80/10/10 corruption) reached {val_acc}; on the single test sentences
  below it scores less than on seed 000's full windows further down.""",
}

APP_NOTE = {
    "queryinf": """In maskscope, pick this model: it opens with mode A = the mask it was trained with (query axis,
c = -∞) and mode B = the correct key mask, with 16 pads, so the predictions, the drift panel and the
padding sweep show the collapse and the fix side by side.
""",
}


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def row(rows: list[dict], mode: str, pads: int) -> dict:
    return next(r for r in rows if r["mode"] == mode and r["pads"] == pads)


def accuracy_table(result: dict) -> str:
    name, trained, pads = result["model"], result["trained_mode"], result["pad_counts"]
    modes = result["modes"]
    head = "| model | mask at inference | " + " | ".join(f"{p} pads" for p in pads) + " |"
    lines = [head, "|---|---|" + "---|" * len(pads)]
    for title, key in ((f"{name} (this model)", name), ("maskscope-brown (default)", "default")):
        for mode in modes:
            label = MODE_LABELS[mode] + (" (as trained)" if mode == trained and key == name else "")
            cells = [f"{pct(row(result[key], mode, p)['top1'])} / {pct(row(result[key], mode, p)['top5'])}" for p in pads]
            lines.append(f"| {title} | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdict(result: dict) -> str:
    name, trained = result["model"], result["trained_mode"]
    bug, pads = result[name], result["pad_counts"]
    zero = row(bug, trained, 0)["top1"]
    first = min(p for p in pads if p > 0)
    worst = min(row(bug, trained, p)["top1"] for p in pads)
    fixed = row(bug, "key", max(pads))["top1"]
    reproduced = worst < 0.2 * zero
    at_first = row(bug, trained, first)["top1"]
    text = f"Under its own bug, top-1 goes from {pct(zero)} with no padding to {pct(at_first)} with {first} pads"
    text += f" and stays there. " if at_first == worst else f" and {pct(worst)} at worst. "
    text += ("**The collapse of seed 000 is reproduced.**" if reproduced else
             "**The collapse is not reproduced**: accuracy does not fall to seed 000's near-zero.")
    if trained == "query_inf":
        finite_axis = row(bug, "query", max(pads))["top1"]
        text += (f" The same axis with a finite constant (-1e4) keeps top-1 at {pct(finite_axis)} with {max(pads)} pads, "
                 f"while the default model, trained with the correct mask, falls to "
                 f"{pct(row(result['default'], 'query_inf', first)['top1'])} under the -inf spelling too: the collapse "
                 f"comes from the -inf, through NaN, and not from anything the model learned.")
    text += (f" With the correct key mask at inference the padding is invisible and top-1 stays at "
             f"{pct(fixed)} with {max(pads)} pads: the fix works without retraining, because a model that trained "
             f"without padding never learned to rely on it.")
    return text


def protocol_table(result: dict) -> str:
    """Seed 000's own test: full windows with the last k tokens cut and padded back, or filled with '.'."""
    name = result["model"]
    probe = result.get("probes", {}).get(name)
    if probe is None:
        return ""
    lines = [f"Seed 000's own test ({probe['windows']} held-out windows of 110+ pieces; the last k pieces cut,"
             " then padded back to the same length, or replaced by k copies of \".\"), top-1:", "",
             "| k | padded, " + MODE_LABELS[probe["mode"]] + " | padded, correct key mask | cut, no padding | filled with \".\" |",
             "|---|---|---|---|---|"]
    for p in probe["seed_protocol"]:
        dot = pct(p["filled_dot"]) if "filled_dot" in p else "–"
        lines.append(f"| {p['truncated']} | {pct(p['padded_query'])} | {pct(p['padded_key'])} | "
                     f"{pct(p['unpadded'])} | {dot} |")
    return "\n".join(lines)


def last_val_acc(name: str) -> str:
    """The validation accuracy of the run's last logged step (training/log/<run>_train_log.tsv)."""
    log = TRAINING_DIR / "log" / f"{name}_train_log.tsv"
    rows = log.read_text().splitlines()[1:] if log.exists() else []
    return pct(float(rows[-1].split("\t")[5])) if rows else "(no training log)"


def write_card(result: dict, path: Path) -> None:
    name = result["model"]
    cfg = result["export"]["train_config"]
    schedule = SCHEDULES[name].replace("{val_acc}", last_val_acc(name))
    flags = f"--mask-mode {cfg['mask_mode']}" + (" --stream true" if cfg.get("stream") else "") + \
        (" --pack true" if cfg.get("pack") else "") + f" --short-fraction {cfg['short_fraction']:g} --steps {cfg['steps']}"
    card = f"""# maskscope-brown-{name}

The story of seed 000 as a model. {STORIES[name]}

Same architecture, data, vocabulary and positional initialisation as `maskscope-brown` (see its
card); Hugging Face `BertForMaskedLM` files, stored in float16 (half the size; the app and the
evaluation read them as float32).

## Training schedule, and why

- `python -m training.train {flags}` (`training/run_{name}.sh`): batch {cfg['batch_size']},
  peak lr {cfg['lr']}, linear warm-up and decay, one thread, from scratch, {result['export']['step']} steps in
  {result['export']['elapsed_s'] / 60:.0f} minutes on a 2-core VM.
{schedule}

## Accuracy by padding

Held-out test split (single sentences short enough for 64 pads, {result['sentences']} masked tokens,
fixed masking seed), top-1 / top-5; a masked token whose logits are NaN counts as a miss. Reproduce
with `/usr/bin/python3 -m training.data && /usr/bin/python3 -m training.querybug --model {name}`.

{accuracy_table(result)}

{verdict(result)}

{protocol_table(result)}

{APP_NOTE.get(name, "")}
## Limits

A demonstration model, not a language model to use: trained for {cfg['steps']} steps on one
million words of 1960s American English.
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(card)
    print(f"wrote {path}")


if __name__ == "__main__":
    from training.querybug import RUNS

    run = RUNS[sys.argv[1] if len(sys.argv) > 1 else "querybug"]
    write_card(json.loads(run.eval_path.read_text()), run.out / "MODEL_CARD.md")
