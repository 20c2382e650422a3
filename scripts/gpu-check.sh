#!/usr/bin/env bash
# CUDA against CPU on the same job: builds the CUDA variant (mvn -Pcuda), trains DeepFM of
# training/samples one epoch on CUDA and on the CPU (samples/s of each), then, from the CPU run's
# checkpoint, runs one HVP and one power iteration (analyze --mode power --max-iter 1, every table)
# on both devices and compares the analysis-set loss and every row's lambda (float32 tolerance).
#   scripts/gpu-check.sh [WORKDIR] [DEVICE]     (DEVICE default cuda; cpu runs the script's own logic without a GPU)
# Exit 0 when both agree, 1 when they do not; the figures go to WORKDIR/gpu-check.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/helen-gpu-check}"
device="${2:-cuda}"
mkdir -p "$work"
export HELEN_PROGRESS=off
if [[ "$device" != cpu ]]; then   # DEVICE cpu checks this script itself on a machine without a GPU
  export HELEN_MAVEN_ARGS="-Pcuda"
  touch "$root/pom.xml"           # the launcher rebuilds: this time with the CUDA profile
fi
helen() { "$root/helen" "$@"; }
common=(--config "$root/training/samples/deepfm.yaml" --epochs 1 --no-progress --cache-dir "$work/cache")
rm -rf "$work/run-device" "$work/run-cpu"
helen train "${common[@]}" --device "$device" --out "$work/run-device" > "$work/train-device.log" 2>&1
helen train "${common[@]}" --device cpu --out "$work/run-cpu" > "$work/train-cpu.log" 2>&1
analysis=(--mode power --max-iter 1 --samples 2000 --no-dense)
helen analyze "$work/run-cpu" "${analysis[@]}" --device "$device" --out "$work/analysis-device" > "$work/analyze-device.log" 2>&1
helen analyze "$work/run-cpu" "${analysis[@]}" --device cpu --out "$work/analysis-cpu" > "$work/analyze-cpu.log" 2>&1
python3 - "$work" "$device" <<'PY'
import csv, json, sys
work, device = sys.argv[1], sys.argv[2]
def metrics(d): return json.load(open(f"{work}/run-{d}/metrics.json"))
def analysis(d):
    meta = json.load(open(f"{work}/analysis-{d}/analysis.json"))
    rows = {(r["field"], r["row"]): float(r["lambda"]) for r in csv.DictReader(open(f"{work}/analysis-{d}/per_feature.csv"))}
    return meta, rows
g, c = metrics("device"), metrics("cpu")
(gm, gl), (cm, cl) = analysis("device"), analysis("cpu")
scale = max(abs(v) for v in cl.values())
worst = max(abs(gl[k] - cl[k]) / max(abs(cl[k]), 1e-3 * scale) for k in cl)
loss_rel = abs(gm["set_loss"] - cm["set_loss"]) / abs(cm["set_loss"])
out = {"device": device,
       "train_samples_per_s": {"device": g["samples_per_second"], "cpu": c["samples_per_second"]},
       "test_auc": {"device": g["test"]["auc"], "cpu": c["test"]["auc"]},
       "lambda_max_rel_diff": worst, "analysis_loss_rel_diff": loss_rel, "rows": len(cl),
       "agree": worst < 1e-3 and loss_rel < 1e-5}
json.dump(out, open(f"{work}/gpu-check.json", "w"), indent=2)
print(json.dumps(out, indent=2))
sys.exit(0 if out["agree"] else 1)
PY
