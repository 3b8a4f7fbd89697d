#!/bin/sh
# Benchmark: import a synthetic 1 GB Facebook export (one 300 MB JSON file,
# thousands of other files) and report wall time and peak memory.
# Goal: ≤ 30 s and ≤ 200 MB peak RSS on a 2-core machine.
#
# usage: bench/exports-bench.sh [BUILD_DIR] [SIZE_MB] [OFF_MB]
set -eu
BUILD=${1:-_build}
SIZE=${2:-1024}
OFF=${3:-300}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/veil-exports-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [ ! -x /usr/bin/time ]; then
  echo "needs /usr/bin/time (Debian package: time)" >&2
  exit 2
fi
python3 "$HERE/exports-gen.py" "$WORK/facebook-bench.zip" "$SIZE" "$OFF"
export VEIL_DATA_DIR="$WORK/data"
/usr/bin/time -v "$BUILD/app/veil" exports import "$WORK/facebook-bench.zip" 2> "$WORK/time.txt"
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$WORK/time.txt"
"$BUILD/app/veil" exports summary | head -4
ls -l "$VEIL_DATA_DIR/exports.db" | awk '{print "store size: " $5 " bytes"}'
