#!/usr/bin/env bash
# After training: export the checkpoint and regenerate everything derived from the weights
# (plot, model files, tokenizer fixture, goldens, evaluation, subset fixture, model card), then
# run the Python tests (they check the goldens against the exported weights).
# Usage: training/finish.sh [path/to/checkpoint.pt]   (default training/runs/default/checkpoint.pt)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-/usr/bin/python3}"
CKPT="${1:-training/runs/default/checkpoint.pt}"

"$PY" -m training.plot                       # training/log/curve.png
"$PY" -m training.export --checkpoint "$CKPT" # public/models/maskscope-brown/*, training/log/export.json
"$PY" -m training.fixtures                   # tests/fixtures/tokenizer-parity.json
"$PY" -m training.golden                     # tests/golden/default/{cases.json,expected.safetensors}
"$PY" -m training.evaluate                   # training/log/eval.json, tests/fixtures/mlm-eval-subset.json
"$PY" -m training.model_card                 # public/models/maskscope-brown/MODEL_CARD.md
"$PY" -m unittest discover -s training/tests -t .
