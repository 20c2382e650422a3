#!/usr/bin/env bash
# Trains the peer's DeepFM (../shared/peers/pytorch_reference.py, PyTorch) and helen's on the same
# data, one after the other, REPS times (default 3), and prints AUC, logloss and training samples/s
# of each pair plus the median throughput ratio (these machines are noisy: one pair says little).
# Needs Debian's python3-torch and python3-sklearn. Usage: scripts/peer-side-by-side.sh [WORKDIR] [REPS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/helen-peer}"
reps="${2:-3}"
peer="$root/../shared/peers/pytorch_reference.py"
mkdir -p "$work"
cd "$work"
: > ratios.txt
for i in $(seq "$reps"); do
  # --power-iters 1 keeps the peer's Hessian stage (not compared here) short.
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$peer" --data-dir peer-data --out-dir peer-out --skip-exact --power-iters 1 > peer.log 2>&1
  rm -rf helen-run
  "$root/helen" train --config "$root/training/peer/deepfm.yaml" --train peer-data/train.csv --valid peer-data/eval.csv \
      --test peer-data/eval.csv --out helen-run --no-progress > helen.log 2>&1
  python3 - <<'PY'
import json
s = json.load(open('peer-out/summary.json')); m = json.load(open('helen-run/metrics.json'))
r = m['samples_per_second'] / s['train_samples_per_s']
print(f"peer AUC {s['eval_auc']:.4f} logloss {s['eval_logloss']:.4f} {s['train_samples_per_s']:,.0f}/s | "
      f"helen AUC {m['test']['auc']:.4f} logloss {m['test']['logloss']:.4f} {m['samples_per_second']:,.0f}/s | "
      f"AUC diff {m['test']['auc'] - s['eval_auc']:+.4f}, throughput {r:.2f}x")
open('ratios.txt', 'a').write(f"{r}\n")
PY
done
python3 -c "
import statistics; r = [float(x) for x in open('ratios.txt')]
print(f'median throughput ratio helen/peer over {len(r)} pairs: {statistics.median(r):.2f}x (min {min(r):.2f}, max {max(r):.2f})')"
