#!/usr/bin/env bash
# Reproduce maskscope-brown-querybug (the seed-000 model) on CPU: the default model's data and
# vocabulary, trained with the query-axis mask on packed full-length windows, then exported,
# evaluated and carded by training/querybug.py. About 70 minutes of training on one core.
# Re-running resumes training from training/runs/querybug/checkpoint.pt.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-/usr/bin/python3}"
export OPENBLAS_NUM_THREADS=1

"$PY" -m training.data
"$PY" -m training.train --mask-mode query --pack true --short-fraction 0 --steps 8000 \
  --run-dir training/runs/querybug --log training/log/querybug_train_log.tsv \
  --vocab public/models/maskscope-brown/vocab.txt "$@"
"$PY" -m training.querybug
