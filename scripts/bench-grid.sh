#!/usr/bin/env bash
# Grid throughput on this machine: `helen grid run --jobs 1` (one JVM, all cores' threads) against
# `--jobs N` (N worker JVMs, cores/N threads each) on the same 14-run DeepFM grid of the Criteo sample
# (adam, sam x 2 rho, helen x 2 rho x 2 xi, 2 seeds, 2 epochs), alternating, PAIRS pairs; prints runs/hour
# and the ratio of medians. Usage: scripts/bench-grid.sh [PAIRS=2] [N=2] [WORK_DIR=/tmp/helen-bench-grid]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pairs=${1:-2}; n=${2:-2}; work=${3:-/tmp/helen-bench-grid}
mkdir -p "$work"
cat > "$work/spec.yaml" <<YAML
name: bench
datasets:
  criteo:
    config_dir: $root/training/samples
    spec: $root/data-samples/criteo_synth/spec.yaml
    train: $root/data-samples/criteo_synth/train.csv
    valid: $root/data-samples/criteo_synth/valid.csv
    test: $root/data-samples/criteo_synth/test.csv
models: [deepfm]
optimizers:
  adam: {}
  sam: {rho: [0.05, 0.01]}
  helen: {rho: [0.05, 0.01], xi: [0.0, 0.5]}
l2: [1.0e-5]
seeds: [1, 2]
epochs: 2
YAML
"$root/helen" grid plan "$work/spec.yaml" --out "$work/plan" >/dev/null # builds the jar once, outside the timings
declare -A secs
for p in $(seq "$pairs"); do
  for jobs in 1 "$n"; do
    rm -rf "$work/out"
    t0=$(date +%s.%N)
    "$root/helen" grid run "$work/spec.yaml" --out "$work/out" --jobs "$jobs" --cache-dir "$work/cache" >/dev/null 2>&1
    s=$(echo "$(date +%s.%N) - $t0" | bc)
    secs[$jobs]+="$s "
    printf 'pair %d, --jobs %s: %.1f s, %.0f runs/h\n' "$p" "$jobs" "$s" "$(echo "14 * 3600 / $s" | bc -l)"
  done
done
median() { printf '%s\n' $1 | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
m1=$(median "${secs[1]}"); mn=$(median "${secs[$n]}")
printf 'median --jobs 1: %.1f s; --jobs %s: %.1f s; throughput ratio (--jobs %s / --jobs 1): %.2fx\n' "$m1" "$n" "$mn" "$n" \
  "$(echo "$m1 / $mn" | bc -l)"
