#!/usr/bin/env bash
# Trains the peer's DeepFM (../shared/peers/pytorch_reference.py, PyTorch) and helen's on the same
# data, one after the other, REPS times (default 3), and prints AUC, logloss and training samples/s
# of each pair, the OpenBLAS kernel each one ran, and the median throughput ratio (these machines
# are noisy: one pair says little). Needs Debian's python3-torch and python3-sklearn.
#
# Usage: scripts/peer-side-by-side.sh [--shape S] [--batch N] [--native-blas] [--peer-runtime-env]
#                                     [--epochs N] [WORKDIR] [REPS]
#   --shape S           the data: peer (default: the peer's own generator, 26 fields x 1,000 ids),
#                       mixed10 (10 fields, vocabularies 2-2,000) or criteo39 (Criteo_x4's 39 fields,
#                       vocabularies 4-20,000), both from scripts/peer-data.py; each shape is generated
#                       once into WORKDIR/data-S and reused
#   --batch N           training batch of both (default 1024, the peer's)
#   --native-blas       unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for both commands, so that
#                       each OpenBLAS picks its kernels for this CPU (some machines force an older
#                       core type; see docs/explanation/native-runtime.md)
#   --peer-runtime-env  run the peer under helen's scripts/runtime-env.sh as well (same malloc
#                       settings), to separate what the settings buy from what the code does
#   --epochs N          train N epochs in both (default 1, the peer's default): longer runs weigh
#                       the JVM's warm-up (first ~20 steps) less; samples/s is over all epochs.
#                       AUCs then differ by design: helen reloads its best epoch, the peer keeps its last
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
unset_blas=()
peer_env=false
epochs=1
shape=peer
batch=1024
while [[ $# -gt 0 && "$1" == --* ]]; do
  case "$1" in
    --native-blas) unset_blas=(-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE) ;;
    --peer-runtime-env) peer_env=true ;;
    --epochs) epochs="$2"; shift ;;
    --shape) shape="$2"; shift ;;
    --batch) batch="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
work="${1:-/tmp/helen-peer}"
reps="${2:-3}"
peer="$root/../shared/peers/pytorch_reference.py"
mkdir -p "$work"
cd "$work"
data="data-$shape"
shape_args=()
if [[ "$shape" != peer ]]; then
  if [[ ! -f "$data/train.csv" ]]; then
    /usr/bin/python3 "$root/scripts/peer-data.py" "$shape" "$data" > /dev/null
  fi
  # the peer keeps one [fields, vocab] table: its vocab is the largest field's
  shape_args=(--fields "$(/usr/bin/python3 -c "import json; print(len(json.load(open('$data/meta.json'))['vocabularies']))")"
              --vocab "$(/usr/bin/python3 -c "import json; print(max(json.load(open('$data/meta.json'))['vocabularies']))")")
fi
echo "shape $shape, batch $batch, $epochs epoch(s), $reps pairs, in $work"
: > ratios.txt
for i in $(seq "$reps"); do
  # --power-iters 1 keeps the peer's Hessian stage (not compared here) short.
  (
    if $peer_env; then source "$root/scripts/runtime-env.sh"; fi
    OMP_WAIT_POLICY=PASSIVE OPENBLAS_VERBOSE=2 env "${unset_blas[@]}" /usr/bin/python3 "$peer" \
        --data-dir "$data" --out-dir peer-out --skip-exact --power-iters 1 --epochs "$epochs" --batch "$batch" \
        "${shape_args[@]}"
  ) > peer.log 2>&1
  rm -rf helen-run
  OPENBLAS_VERBOSE=2 env "${unset_blas[@]}" "$root/helen" train --config "$root/training/peer/deepfm.yaml" \
      --train "$data/train.csv" --valid "$data/eval.csv" --test "$data/eval.csv" --out helen-run --no-progress \
      --epochs "$epochs" --batch-size "$batch" \
      > helen.log 2>&1
  python3 - <<'PY'
import json, re
s = json.load(open('peer-out/summary.json')); m = json.load(open('helen-run/metrics.json'))
def core(log):
    found = re.findall(r'^Core: (\S+)', open(log).read(), re.M)
    return found[-1] if found else '?'
r = m['samples_per_second'] / s['train_samples_per_s']
print(f"peer AUC {s['eval_auc']:.4f} logloss {s['eval_logloss']:.4f} {s['train_samples_per_s']:,.0f}/s [{core('peer.log')}] | "
      f"helen AUC {m['test']['auc']:.4f} logloss {m['test']['logloss']:.4f} {m['samples_per_second']:,.0f}/s [{core('helen.log')}] | "
      f"AUC diff {m['test']['auc'] - s['eval_auc']:+.4f}, throughput {r:.2f}x | helen eval {m['eval_samples_per_second']/m['samples_per_second']:.1f}x its training, peak RSS {m['peak_rss_mb']} MB")
open('ratios.txt', 'a').write(f"{r}\n")
PY
done
python3 -c "
import statistics; r = [float(x) for x in open('ratios.txt')]
print(f'median throughput ratio helen/peer over {len(r)} pairs: {statistics.median(r):.2f}x (min {min(r):.2f}, max {max(r):.2f})')"
