#!/usr/bin/env bash
# Overhead of helen train --track-curvature at its default interval (every epoch), in alternating
# pairs: the same one-epoch run with and without tracking. Prints, per pair, the wall seconds of each,
# the tracked run's measurement seconds (metrics.json curvature.seconds) and measurement / training time.
#   scripts/bench-curvature.sh DATA_DIR [PAIRS] [CONFIG]
# DATA_DIR holds train.csv, valid.csv, test.csv and spec.yaml (e.g. from helen data generate --rows 1000000).
set -euo pipefail
data=${1:?usage: scripts/bench-curvature.sh DATA_DIR [PAIRS] [CONFIG]}
pairs=${2:-2}
config=${3:-training/samples/deepfm.yaml}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # name, extra args...
  local name=$1; shift
  local t0=$(date +%s.%N)
  ./helen train --config "$config" --spec "$data/spec.yaml" --train "$data/train.csv" --valid "$data/valid.csv" \
    --test "$data/test.csv" --epochs 1 --no-progress --out "$work/$name" "$@" > "$work/$name.log" 2>&1
  echo "$(date +%s.%N) - $t0" | bc
}
run warmup >/dev/null  # encodes the data once
echo "pair,plain_s,tracked_s,measure_s,train_s,measure_over_train"
for i in $(seq 1 "$pairs"); do
  plain=$(run "plain$i")
  tracked=$(run "tracked$i" --track-curvature)
  python3 - "$work/tracked$i/metrics.json" "$i" "$plain" "$tracked" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
c = m["curvature"]
print(f"{sys.argv[2]},{float(sys.argv[3]):.1f},{float(sys.argv[4]):.1f},{c['seconds']:.1f},{m['train_seconds']:.1f},"
      f"{c['seconds'] / m['train_seconds']:.3f}")
PY
done
