#!/usr/bin/env bash
# Measures the figures of docs/performance.md on this machine and keeps every output with its stamp
# (date, commit, machine) under OUT (default /tmp/helen-bench): encoding and batch reading, the paper's
# DeepFM step under Adam/SAM/ASAM/Helen at batch 10,000 (interleaved, so that each step is compared with
# Adam's of the same round), the Hessian analysis' cost on a sample run, and DeepFM against the PyTorch peer
# (alternating pairs; needs python3-torch and python3-sklearn, skipped without them).
# Usage: scripts/bench-figures.sh [OUT] [PEER_PAIRS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-/tmp/helen-bench}"
pairs="${2:-4}"
mkdir -p "$out"
cd "$root"
./helen --version >/dev/null
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' (with uncommitted changes)')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
  echo "native env: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-}"
} | tee "$out/stamp.txt"
run() { local name="$1"; shift; echo "== $name: $*" | tee -a "$out/commands.txt"; "$@" >"$out/$name.log" 2>&1; tail -n 25 "$out/$name.log"; }
run data ./helen bench data --rows 1000000
run train-interleave ./helen bench train --configs training/criteo_x4/deepfm.yaml --optimizers adam,sam,asam,helen --interleave --steps 8
rm -rf "$out/sample-run"
run sample-train ./helen train --config training/samples/deepfm.yaml --out "$out/sample-run" --epochs 2 --no-progress
run analyze ./helen bench analyze "$out/sample-run" --samples 2000
if /usr/bin/python3 -c 'import torch, sklearn' 2>/dev/null; then  # the peer script runs Debian's python3
  run peer scripts/peer-side-by-side.sh "$out/peer" "$pairs"
else
  echo "peer: skipped (python3-torch and python3-sklearn are not installed)" | tee -a "$out/commands.txt"
fi
