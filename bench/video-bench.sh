#!/bin/sh
# video-bench.sh: speed of hiding faces in a video, and what tracking saves.
#
#   bench/video-bench.sh [BUILD_DIR] [SECONDS]
#   EVERY="1 2 3" SIZES="1280x720 1920x1080" bench/video-bench.sh
#
# Makes a 720p and a 1080p clip (30 fps, SECONDS long, default 10, a
# short phone clip: Veil's start, about 0.4 s, weighs less than in 4 s) with
# tests/data/video/make-fixture.py (five moving faces from ../shared/faces,
# research use only: the clips stay in a temporary folder deleted at the
# end), then for each:
#   1. times `veil cloak --pixelate` (both passes at once: finding and
#      tracking the faces, and a few frames behind, hiding and re-encoding)
#      with the detector on every 3rd frame (the default) and every 2nd
#      (EVERY, passed as VEIL_VIDEO_DETECT_EVERY), and the first pass alone
#      (`veil faces`): wall-clock frames per second, and frames per CPU
#      second (user + system). The machine has 2 cores shared with other
#      work: the load average is printed; the CPU figure is the one that
#      does not depend on it (real time needs frames per CPU second ≥ 30
#      per core used);
#   2. counts the face-frames that leak, against where the fixture drew
#      each face (truth.txt; bench/video-leaks.py): the middle of a face at
#      least 30 % in view is left unchanged in the copy. Once with
#      tracking, once hiding only where the detector finds a face in that
#      frame (VEIL_VIDEO_NO_TRACKING=1), as frame-by-frame tools do.
set -eu

BUILD=${1:-_build}
SECONDS_LONG=${2:-10}
SRC=$(cd "$(dirname "$0")/.." && pwd)
export VEIL_SHARED_DIR=${VEIL_SHARED_DIR:-$SRC/../shared}
VEIL=$BUILD/app/veil-data
PY=/usr/bin/python3

[ -x "$VEIL" ] || { echo "video-bench: $VEIL is missing (build first)" >&2; exit 2; }
[ -d "$VEIL_SHARED_DIR/faces" ] || { echo "video-bench: $VEIL_SHARED_DIR/faces is missing" >&2; exit 2; }

WORK=$(mktemp -d)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
echo "cores: $(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg) (other work shares these cores)"

leaks() {
  $PY "$SRC/bench/video-leaks.py" "$1" "$2" "$3"
}

run() {  # label, env, command...
  label=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$WORK/time" env "$@" >/dev/null
  read -r wall user sys < "$WORK/time"
  $PY -c "
f=$FRAMES; w=$wall; c=$user+$sys
print('   %-34s %6.1f s wall (%5.1f fps, %4.2fx real time), %6.1f s CPU (%5.1f frames per CPU second)' % ('$label', w, f/w, f/30.0/w, c, f/c))"
}

for size in ${SIZES:-1280x720 1920x1080}; do
  set -- $(echo "$size" | tr x ' ')
  dir=$WORK/$2p
  $PY "$SRC/tests/data/video/make-fixture.py" "$dir" "$1" "$2" "$SECONDS_LONG" >/dev/null
  FRAMES=$(ffprobe -v error -select_streams v -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$dir/faces.mp4")
  echo "$2p, $FRAMES frames ($SECONDS_LONG s at 30 fps), load $(cut -d' ' -f1-3 /proc/loadavg):"
  for every in ${EVERY:-3 2}; do
    run "find + track only, detect every $every" VEIL_VIDEO_DETECT_EVERY=$every "$VEIL" faces "$dir/faces.mp4"
    rm -rf "$dir/out$every"
    run "whole cloak, detect every $every" VEIL_VIDEO_DETECT_EVERY=$every "$VEIL" cloak --pixelate -o "$dir/out$every" "$dir/faces.mp4"
    printf '     leaks with tracking: %s\n' "$(leaks "$dir/faces.mp4" "$dir/out$every/faces.mp4" "$dir/truth.txt")"
  done
  rm -rf "$dir/plain"
  VEIL_VIDEO_NO_TRACKING=1 VEIL_VIDEO_DETECT_EVERY=1 "$VEIL" cloak --pixelate -o "$dir/plain" "$dir/faces.mp4" >/dev/null
  printf '     per-frame detection, no tracking (every frame): %s\n' "$(leaks "$dir/faces.mp4" "$dir/plain/faces.mp4" "$dir/truth.txt")"
done
