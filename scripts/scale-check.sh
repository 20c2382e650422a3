#!/usr/bin/env bash
# The whole chain at a chosen size on data shaped like one of the paper's datasets, one stage at a time,
# each measured: wall seconds, peak RSS (GNU time), HVPs (analysis.json) and the size of what it wrote.
#   scripts/scale-check.sh SHAPE ROWS [WORK_DIR]
# SHAPE is criteo, avazu or taobao; ROWS the training rows generated (valid and test get ROWS/8 each).
# Stages: data generate --paper-vocab, data encode, train (the shape's paper DeepFM config, 1 epoch,
# batch 10,000) with Adam and with Helen, analyze (every row seen in 100,000 analysis rows; MODE exact,
# the closed form where it holds, or power) of both, analyze --spectrum of Adam's (top eigenvalues, traces
# and the model's density on SPECTRUM_SAMPLES rows), report (with report.html), inspect --field on the
# largest field; read times the batch reading of the encoded train split (helen bench data --cache: three
# epochs in order, three shuffled, rates in logs/read.json). Writes WORK_DIR/scale.csv (one line per
# stage) and prints it as a table; the runs, analyses and report stay in WORK_DIR (default
# scale-SHAPE-ROWS). Environment: SAMPLES (analysis rows, default 100000), MODE (exact or power, default
# exact), SPECTRUM_SAMPLES (default 2000), THREADS (libtorch threads, default: the cores), STAGES (a
# space-separated subset of the stages to run).
set -euo pipefail
shape=${1:?usage: scripts/scale-check.sh SHAPE ROWS [WORK_DIR]}
rows=${2:?usage: scripts/scale-check.sh SHAPE ROWS [WORK_DIR]}
root="$(cd "$(dirname "$0")/.." && pwd)"
work=$(realpath -m "${3:-scale-$shape-$rows}")
samples=${SAMPLES:-100000}
mode=${MODE:-exact}
spectrum_samples=${SPECTRUM_SAMPLES:-2000}
threads=${THREADS:-$(nproc)}
case "$shape" in
  criteo) preset=criteo_x4 ;;
  avazu) preset=avazu_x4 ;;
  taobao) preset=taobaoad_x1 ;;
  *) echo "scale-check: SHAPE is criteo, avazu or taobao, got '$shape'" >&2; exit 2 ;;
esac
stages=${STAGES:-"generate encode read train_adam train_helen analyze_adam analyze_helen spectrum_adam report inspect"}
config="$root/training/$preset/deepfm.yaml"
data="$work/data"
cache="$work/cache"
mkdir -p "$work/logs"
export HELEN_CACHE="$cache"
h="$root/helen"
(cd "$root" && ./helen --version >/dev/null)  # builds once, outside the timed stages
csv="$work/scale.csv"
[[ -f "$csv" ]] || echo "stage,wall_s,peak_rss_mb,hvps,output_mb,output" > "$csv"

# stage NAME OUTPUT_PATH COMMAND...: runs it under GNU time, appends its line to scale.csv.
stage() {
  local name=$1 output=$2; shift 2
  [[ " $stages " == *" $name "* ]] || return 0
  echo "scale-check: $name ..." >&2
  local log="$work/logs/$name.log" t0 t1
  t0=$(date +%s.%N)
  if ! /usr/bin/time -f "%M" -o "$work/logs/$name.rss" "$@" > "$log" 2>&1; then
    echo "scale-check: $name failed; the last lines of $log:" >&2
    tail -5 "$log" >&2
    echo "$name,failed,,,,$output" >> "$csv"
    exit 1
  fi
  t1=$(date +%s.%N)
  local rss hvps=""
  rss=$(( $(tail -1 "$work/logs/$name.rss") / 1024 ))
  if [[ -f "$output/analysis.json" ]]; then
    hvps=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get('hvps', ''))" "$output/analysis.json")
  fi
  local mb
  mb=$(du -sm "$output" 2>/dev/null | cut -f1)
  printf '%s,%.1f,%s,%s,%s,%s\n' "$name" "$(echo "$t1 - $t0" | bc)" "$rss" "$hvps" "${mb:-0}" "${output#$work/}" >> "$csv"
}

stage generate "$data" "$h" data generate --dataset "$shape" --paper-vocab --rows "$rows" --out "$data"
stage encode "$cache" "$h" data encode --spec "$data/spec.yaml" --train "$data/train.csv" --valid "$data/valid.csv" \
  --test "$data/test.csv"
if [[ " $stages " == *" read "* ]]; then
  encoded=$(dirname "$(find "$cache" -mindepth 2 -maxdepth 2 -name meta.json | head -1)")
  stage read "$work/logs/read.json" sh -c '"$1" bench data --cache "$2" > "$3"' read "$h" "$encoded" "$work/logs/read.json"
fi
for opt in adam helen; do
  stage "train_$opt" "$work/runs/$opt" "$h" train --config "$config" --spec "$data/spec.yaml" --train "$data/train.csv" \
    --valid "$data/valid.csv" --test "$data/test.csv" --epochs 1 --batch-size 10000 \
    --optimizer "$opt" --threads "$threads" --no-progress --out "$work/runs/$opt"
done
for opt in adam helen; do
  stage "analyze_$opt" "$work/runs/$opt/analysis" "$h" analyze "$work/runs/$opt" --samples "$samples" --threads "$threads" \
    --mode "$mode"
done
stage spectrum_adam "$work/spectrum/adam" "$h" analyze "$work/runs/adam" --samples "$spectrum_samples" \
  --threads "$threads" --spectrum --no-table-densities --no-dense --out "$work/spectrum/adam"
stage report "$work/report" "$h" report "$work/runs" --out "$work/report"
largest=$(python3 - "$work/runs/adam/analysis/per_field.csv" <<'PY' 2>/dev/null || true
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(max((r for r in rows if r["field"] != "ALL"), key=lambda r: float(r.get("rows_seen") or 0))["field"])
PY
)
if [[ -n "$largest" ]]; then
  stage inspect "$work/runs/adam/analysis" "$h" inspect "$work/runs/adam/analysis" --field "$largest" --top 20
fi
column -s, -t < "$csv"
