"""Plot `training/log/train_log.tsv` (train loss, validation loss and accuracy) to `curve.png`."""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: render straight to a file
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from training.train import TRAINING_DIR  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--log", type=Path, default=TRAINING_DIR / "log" / "train_log.tsv")
    parser.add_argument("--out", type=Path, default=TRAINING_DIR / "log" / "curve.png")
    args = parser.parse_args()
    data = np.genfromtxt(args.log, delimiter="\t", names=True)
    data = np.atleast_1d(data)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    ax_loss.plot(data["step"], data["train_loss"], label="train (mean since last row)")
    ax_loss.plot(data["step"], data["val_loss"], label="validation")
    ax_loss.set(xlabel="step", ylabel="MLM cross-entropy", title="loss")
    ax_loss.legend()
    ax_acc.plot(data["step"], 100 * data["val_acc"], color="tab:green")
    ax_acc.set(xlabel="step", ylabel="top-1 %", title="validation masked-token accuracy")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
    fig.suptitle("maskscope-brown: BERT 4x128 MLM on the Brown corpus")
    fig.tight_layout()
    fig.savefig(args.out, dpi=100)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
