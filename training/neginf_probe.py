"""Probe for issue 14: the seed's 0% through the -inf query-axis path, which needs no training.

`masked_fill(mask == 0, float('-inf'))` on the query axis makes every padding row all -inf;
softmax turns it into NaN, and one layer later every real row attends to NaN keys. This measures
top-1 on held-out test sentences (the first 800 that fit 64 pads) for the querybug model and the
default model, under that mask and under the correct key mask, at 0, 1, 3, 16 and 64 pads.
A NaN logit row counts as a miss (evaluate_common.accuracy).

    PYTHONPATH=. /usr/bin/python3 -m training.neginf_probe
"""

from __future__ import annotations

import torch

from training.evaluate_common import accuracy, predictions
from training.querybug import probe_models

PADS = (0, 1, 3, 16, 64)


def main() -> None:
    torch.set_num_threads(1)
    for name, model, fits, pad in probe_models(max(PADS), limit=800):
        for mode in ("query_inf", "key"):
            top1 = []
            for p in PADS:
                logits = predictions(model, fits, p, mode, pad)
                nan_rows = sum(int(torch.isnan(l).any(-1).sum()) for l in logits)
                top1.append((round(accuracy(fits, logits)["top1"] * 100, 1), nan_rows))
            print(f"{name:8s} {mode:9s} top-1 % (NaN rows) at {PADS} pads:", top1, flush=True)


if __name__ == "__main__":
    main()
