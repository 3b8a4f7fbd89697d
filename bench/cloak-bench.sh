#!/bin/sh
# cloak-bench.sh: time and effect of `veil cloak`.
#
#   bench/cloak-bench.sh [BUILD_DIR] [STRENGTHS] [FACES_DIR]
#
# Needs ../shared (the face-embedding model, the 40 face crops, the
# evaluation harness) and python3-opencv + python3-numpy for the harness.
# For each strength (default: "low default high"):
#   1. cloaks every face crop (PNG out), printing time per face and the mean
#      forward/backward milliseconds per optimisation step;
#   2. re-saves every output as JPEG quality 80, as photo sites do;
#   3. runs cloak-eval/eval.py on the re-saved copies: verification
#      protection, rank-1 failure, similarity drop, face DSSIM, PSNR; and,
#      for robustness, on the lossless output, on a half-size resize and on
#      a mirrored copy (both re-saved at q80 too). The line "no cloak, JPEG
#      q80 only" shows what the re-save alone costs the clean photos.
# Threads: VEIL_CLOAK_THREADS=1 or 2 (default: up to 2); THREADS="1 2" times
# one face both ways first.
# Then it cloaks one synthetic 12-megapixel photo (a face crop pasted large
# into a 4000×3000 canvas) under /usr/bin/time -v for time and peak memory.
#
# Face crops are research-only: outputs stay in a temporary folder that is
# deleted at the end. Set KEEP=1 to keep it.
set -eu

BUILD=${1:-_build}
STRENGTHS=${2:-"low default high"}
SRC=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${VEIL_SHARED_DIR:-$SRC/../shared}
FACES=${3:-$SHARED/faces}
MODEL=$SHARED/models/mobilefacenet_relu6.onnx
EVAL=$SHARED/tools/cloak-eval/eval.py
VEIL=$BUILD/app/veil
PY=/usr/bin/python3

for f in "$MODEL" "$EVAL" "$VEIL"; do
  [ -e "$f" ] || { echo "cloak-bench: $f is missing" >&2; exit 2; }
done

WORK=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
echo "cores: $(nproc), VEIL_CLOAK_THREADS=${VEIL_CLOAK_THREADS:-unset (up to 2)}, load: $(cut -d' ' -f1-3 /proc/loadavg)"

summary() {
  $PY - "$1" "$2" <<'EOF'
import sys, json
s = json.load(open(sys.argv[1]))["summary"]
print("   %-9s verification protection %3.0f%%, rank-1 failure %3.0f%%, same-person %.3f -> %.3f, own %.3f, face DSSIM %.4f, PSNR %.1f dB"
      % (sys.argv[2], 100 * s["protection_verif"], 100 * s["protection_rank1"], s["mean_max_same_clean"],
         s["mean_max_same_cloaked"], s["mean_cos_cloaked_vs_own_clean"], s["face_dssim"], s["face_psnr"]))
EOF
}

for t in ${THREADS:-}; do
  first=$(ls "$FACES"/*.png | head -n 1)
  VEIL_CLOAK_THREADS=$t "$VEIL" cloak --model "$MODEL" -o "$WORK/threads$t" "$first" | grep "cloaked in" | sed "s/^ */   $t thread(s): /"
done

mkdir -p "$WORK/clean-q80"
$PY - "$FACES" "$WORK/clean-q80" <<'EOF'
import sys, os, cv2
for name in os.listdir(sys.argv[1]):
    if name.endswith(".png"):
        cv2.imwrite(os.path.join(sys.argv[2], os.path.splitext(name)[0] + ".jpg"),
                    cv2.imread(os.path.join(sys.argv[1], name)), [cv2.IMWRITE_JPEG_QUALITY, 80])
EOF
$PY "$EVAL" "$FACES" "$WORK/clean-q80" --match-stem --quiet --json "$WORK/clean-q80.json" > /dev/null 2>&1 || true
echo "== no cloak, JPEG q80 only"
summary "$WORK/clean-q80.json" "q80"

for s in $STRENGTHS; do
  out=$WORK/$s
  mkdir -p "$out/png" "$out/q80" "$out/half" "$out/flip"
  start=$(date +%s.%N)
  "$VEIL" cloak --model "$MODEL" --strength "$s" -o "$out/png" "$FACES" > "$out/cloak.log"
  end=$(date +%s.%N)
  n=$(ls "$out/png" | wc -l)
  echo "== strength $s: $n faces in $(awk "BEGIN { printf \"%.0f\", $end - $start }") s"
  awk '/cloaked in/ { t += $5; f += $9; b += $13; n++ }
       END { if (n) printf "   per face %.1f s; per step %.0f ms forward + %.0f ms backward\n", t/n, f/n, b/n }' \
    "$out/cloak.log" | tr -d '(;'
  $PY - "$out/png" "$out" <<'EOF'
import sys, os, cv2
src, dst = sys.argv[1], sys.argv[2]
for name in os.listdir(src):
    img = cv2.imread(os.path.join(src, name))
    stem = os.path.splitext(name)[0] + ".jpg"
    cv2.imwrite(os.path.join(dst, "q80", stem), img, [cv2.IMWRITE_JPEG_QUALITY, 80])
    half = cv2.resize(img, (img.shape[1] // 2, img.shape[0] // 2), interpolation=cv2.INTER_AREA)
    cv2.imwrite(os.path.join(dst, "half", stem), half, [cv2.IMWRITE_JPEG_QUALITY, 80])
    # mirrored and re-saved, then mirrored back: the harness then embeds
    # what a site that mirrors and re-compresses would have
    flip = cv2.imdecode(cv2.imencode(".jpg", cv2.flip(img, 1), [cv2.IMWRITE_JPEG_QUALITY, 80])[1], 1)
    cv2.imwrite(os.path.join(dst, "flip", os.path.splitext(name)[0] + ".png"), cv2.flip(flip, 1))
EOF
  for v in q80 png half flip; do
    $PY "$EVAL" "$FACES" "$out/$v" --match-stem --quiet --json "$out/$v.json" > "$out/$v.txt" 2>&1 || true
  done
  summary "$out/q80.json" "q80"
  summary "$out/png.json" "lossless"
  summary "$out/half.json" "half+q80"
  summary "$out/flip.json" "flip+q80"
done

# 12 MP: time per face and peak memory.
big=$WORK/big
mkdir -p "$big"
first=$(ls "$FACES"/*.png | head -n 1)
$PY - "$first" "$big/photo.jpg" <<'EOF'
import sys, cv2, numpy as np
face = cv2.imread(sys.argv[1])
canvas = np.full((3000, 4000, 3), 128, np.uint8)
canvas[:] = cv2.GaussianBlur(np.random.default_rng(1).integers(60, 200, (3000, 4000, 3), dtype=np.uint8), (0, 0), 8)
big = cv2.resize(face, (1200, 1200), interpolation=cv2.INTER_CUBIC)
canvas[900:2100, 1400:2600] = big
cv2.imwrite(sys.argv[2], canvas, [cv2.IMWRITE_JPEG_QUALITY, 92])
EOF
/usr/bin/time -v "$VEIL" cloak --model "$MODEL" -o "$big/out" "$big/photo.jpg" > "$big/log" 2> "$big/time" || true
echo "== 12 MP photo (4000×3000), default strength"
grep -E "cloaked in|check|re-save" "$big/log" | sed 's/^/  /'
grep -E "Elapsed|Maximum resident" "$big/time" | sed 's/^\s*/   /'
