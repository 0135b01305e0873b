#!/usr/bin/env bash
# Reproduce maskscope-brown-queryinf (the seed-000 model) on CPU: the default model's data and
# vocabulary, trained with `masked_fill(-inf)` on the query axis on windows that never hold
# padding (`--stream`: a window runs on into the next document), then exported, evaluated and
# carded by training/querybug.py. About 65 minutes of training on one core.
# Re-running resumes training from training/runs/queryinf/checkpoint.pt.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-/usr/bin/python3}"
export OPENBLAS_NUM_THREADS=1

"$PY" -m training.data
"$PY" -m training.train --mask-mode query_inf --stream true --short-fraction 0 --steps 6000 \
  --run-dir training/runs/queryinf --log training/log/queryinf_train_log.tsv \
  --vocab public/models/maskscope-brown/vocab.txt "$@"
"$PY" -m training.querybug --model queryinf
