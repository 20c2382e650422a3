#!/usr/bin/env bash
# Runs the paper's optimizer grid (training/grids/README.md) for one training config.
# Usage: scripts/optimizer-grid.sh CONFIG.yaml OUT_ROOT [extra helen train flags, e.g. --train/--valid/--test]
# Finished runs (metrics.json) are skipped; interrupted ones resume.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
config="$1"; out="$2"; shift 2
run() { # NAME FLAGS...
  local dir="$out/$1"; shift
  if [[ -f "$dir/metrics.json" ]]; then return; fi
  local resume=(); [[ -f "$dir/state.json" ]] && resume=(--resume)
  "$root/helen" train --config "$config" --out "$dir" --no-progress "${resume[@]}" "$@"
}
for l2 in 1.0e-4 1.0e-5 0; do
  for opt in adam nadam radam; do run "${opt}_l2_${l2}" --optimizer "$opt" --l2 "$l2" "$@"; done
  for rho in 0.05 0.01 0.005 0.001; do
    for opt in sam asam helen-m helen-b; do run "${opt}_rho_${rho}_l2_${l2}" --optimizer "$opt" --rho "$rho" --l2 "$l2" "$@"; done
    for xi in 0 0.5; do run "helen_rho_${rho}_xi_${xi}_l2_${l2}" --optimizer helen --rho "$rho" --xi "$xi" --l2 "$l2" "$@"; done
  done
done
