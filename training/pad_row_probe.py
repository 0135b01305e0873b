"""Probe for issue 14: would an UNTRAINED [PAD] embedding make the query-axis model collapse?

If padding never occurs in training, the [PAD] row of the embedding table gets no gradient and
keeps its initial value. This replaces that row with a fresh draw (BERT's std 0.02, or std 1.0 as
PyTorch's `nn.Embedding` default and DL4J-style initialisers give) and measures top-1 on held-out
test sentences (the first 800 that fit 64 pads) under the query-axis mask at 0, 3, 16 and 64 pads.

    PYTHONPATH=. /usr/bin/python3 -m training.pad_row_probe
"""

from __future__ import annotations

import torch

from training.evaluate_common import accuracy, predictions
from training.querybug import probe_models

PADS = (0, 3, 16, 64)


def main() -> None:
    torch.set_num_threads(1)
    for name, model, fits, pad in probe_models(max(PADS), limit=800):
        table = model.bert.embeddings.word_embeddings.weight
        trained = table[pad].clone()
        for std in (None, 0.02, 1.0):
            with torch.no_grad():
                draw = torch.randn(table.shape[1], generator=torch.Generator().manual_seed(0))
                table[pad] = trained if std is None else draw * std
            top1 = [accuracy(fits, predictions(model, fits, p, "query", pad))["top1"] for p in PADS]
            label = "trained" if std is None else f"N(0, {std}²)"
            print(f"{name:8s} [PAD] row {label:12s} top-1 at {PADS} pads:", [round(t, 3) for t in top1], flush=True)


if __name__ == "__main__":
    main()
