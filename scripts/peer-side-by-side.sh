#!/usr/bin/env bash
# Trains the peer's DeepFM (../shared/peers/pytorch_reference.py, PyTorch) and helen's on the same
# data, one after the other, and prints AUC, logloss and training samples/s of both.
# Needs Debian's python3-torch and python3-sklearn. Usage: scripts/peer-side-by-side.sh [WORKDIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/helen-peer}"
peer="$root/../shared/peers/pytorch_reference.py"
mkdir -p "$work"
cd "$work"
# --power-iters 1 keeps the peer's Hessian stage (not compared here) short.
OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$peer" --data-dir peer-data --out-dir peer-out --skip-exact --power-iters 1 > peer.log 2>&1
grep -E "^(train|eval) *:" peer.log
rm -rf helen-run
"$root/helen" train --config "$root/training/peer/deepfm.yaml" --train peer-data/train.csv --valid peer-data/eval.csv \
    --test peer-data/eval.csv --out helen-run --no-progress 2>&1 | tail -1
python3 - <<'PY'
import json
s = json.load(open('peer-out/summary.json')); m = json.load(open('helen-run/metrics.json'))
print(f"peer : AUC {s['eval_auc']:.4f} logloss {s['eval_logloss']:.4f} {s['train_samples_per_s']:,.0f} samples/s")
print(f"helen: AUC {m['test']['auc']:.4f} logloss {m['test']['logloss']:.4f} {m['samples_per_second']:,.0f} samples/s")
print(f"AUC difference {m['test']['auc'] - s['eval_auc']:+.4f}; throughput ratio helen/peer {m['samples_per_second'] / s['train_samples_per_s']:.2f}x")
PY
