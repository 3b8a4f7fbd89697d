#!/bin/sh
# cloak-bench.sh: protection, visibility and time of `veil cloak`.
#
#   bench/cloak-bench.sh [BUILD_DIR] [STRENGTHS] [FACES_DIR] [N_PER_IDENTITY]
#
# Needs ../shared (the 40 face crops, the unlicensed MobileFaceNet used only
# as the unseen model, the evaluation harness) and python3-opencv +
# python3-numpy. For each strength (default "low default high"):
#   1. cloaks the first N photos of each identity (default 1) with the
#      default models (the shipped faceplugin model, and any fetched one:
#      set VEIL_MODELS_DIR to an empty folder to craft with the shipped model
#      alone), PNG out; seconds per face and ms forward/backward per view;
#   2. re-saves every output as JPEG quality 80, as photo sites do;
#   3. eval.py on the re-saved copies against each model: faceplugin (the
#      model the cloak was crafted with: the favourable case) and
#      MobileFaceNet (never used for crafting: the honest estimate), the
#      gallery being every clean photo;
#   4. visibility.py: mean ΔE, chroma ΔE, p95 ΔE on the face, greyscale
#      photos that gained colour.
# Face crops are research-only: outputs stay in a temporary folder that is
# deleted at the end (KEEP=1 keeps it).
set -eu

BUILD=${1:-_build}
STRENGTHS=${2:-"low default high"}
SRC=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${VEIL_SHARED_DIR:-$SRC/../shared}
FACES=${3:-$SHARED/faces}
PER=${4:-1}
UNSEEN=$SHARED/models/mobilefacenet_relu6.onnx
SHIPPED=$SRC/data/models/faceplugin_fr_feature.onnx
TOOLS=$SHARED/tools/cloak-eval
VEIL=$BUILD/app/veil
PY=/usr/bin/python3

for f in "$UNSEEN" "$TOOLS/eval.py" "$VEIL" "$SHIPPED"; do
  [ -e "$f" ] || { echo "cloak-bench: $f is missing" >&2; exit 2; }
done

WORK=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs share the CPU: times are upper bounds)"

mkdir -p "$WORK/in"
for id in $(ls "$FACES" | sed -n 's/_[0-9]*\.png$//p' | sort -u); do
  ls "$FACES/${id}_"*.png | head -n "$PER" | while read -r f; do cp "$f" "$WORK/in/"; done
done
echo "faces: $(ls "$WORK/in" | wc -l) (first $PER of each identity), gallery: every clean photo in $FACES"

summary() {
  $PY - "$1" "$2" <<'PYEOF'
import sys, json
s = json.load(open(sys.argv[1]))["summary"]
print("   %-34s protection %3.0f%% (rank-1 failure %3.0f%%), same-person similarity %.3f -> %.3f"
      % (sys.argv[2], 100 * s["protection_verif"], 100 * s["protection_rank1"],
         s["mean_max_same_clean"], s["mean_max_same_cloaked"]))
PYEOF
}

for s in $STRENGTHS; do
  out=$WORK/$s
  mkdir -p "$out/png" "$out/q80"
  start=$(date +%s.%N)
  "$VEIL" cloak --strength "$s" -o "$out/png" "$WORK/in" > "$out/cloak.log"
  end=$(date +%s.%N)
  n=$(ls "$out/png" | wc -l)
  echo "== strength $s: $n faces in $(awk "BEGIN { printf \"%.0f\", $end - $start }") s wall"
  awk '/cloaked in/ { t += $5; n++ } END { if (n) printf "   per face %.1f s\n", t/n }' "$out/cloak.log"
  awk '/ms forward/ { m[$1] += $2; b[$1] += $6; c[$1]++ }
       END { for (k in m) printf "   %s %.0f ms forward + %.0f ms backward per view\n", k, m[k]/c[k], b[k]/c[k] }' "$out/cloak.log"
  $PY - "$out/png" "$out/q80" <<'PYEOF'
import sys, os, cv2
for name in os.listdir(sys.argv[1]):
    img = cv2.imread(os.path.join(sys.argv[1], name))
    cv2.imwrite(os.path.join(sys.argv[2], os.path.splitext(name)[0] + ".jpg"), img, [cv2.IMWRITE_JPEG_QUALITY, 80])
PYEOF
  $PY "$TOOLS/eval.py" "$FACES" "$out/q80" --match-stem --quiet --rec "$SHIPPED" --json "$out/fp.json" > /dev/null 2>&1 || true
  $PY "$TOOLS/eval.py" "$FACES" "$out/q80" --match-stem --quiet --rec "$UNSEEN" --json "$out/mfn.json" > /dev/null 2>&1 || true
  summary "$out/fp.json" "faceplugin (crafted with), q80"
  summary "$out/mfn.json" "MobileFaceNet (UNSEEN), q80"
  printf "   visibility (PNG as written): "
  $PY "$TOOLS/visibility.py" "$WORK/in" "$out/png"
done
