#!/bin/sh
# Benchmark: import a synthetic 1 GB Facebook export (one 300 MB JSON file,
# one 500 MB JSON array of advertisers, thousands of other files) and report
# wall time and peak memory; then import it again, which must cost no more
# than a hash of the archive (compared with sha256sum), and time a summary.
# Goal: ≤ 30 s and ≤ 200 MB peak RSS on a 2-core machine.
#
# usage: bench/exports-bench.sh [BUILD_DIR] [SIZE_MB] [OFF_MB] [ADV_MB]
set -eu
BUILD=${1:-_build}
SIZE=${2:-1024}
OFF=${3:-300}
ADV=${4:-500}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/veil-exports-bench-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [ ! -x /usr/bin/time ]; then
  echo "needs /usr/bin/time (Debian package: time)" >&2
  exit 2
fi
python3 "$HERE/exports-gen.py" "$WORK/facebook-bench.zip" "$SIZE" "$OFF" "$ADV"
export VEIL_DATA_DIR="$WORK/data"
echo "first import:"
/usr/bin/time -v "$BUILD/app/veil" exports import "$WORK/facebook-bench.zip" 2> "$WORK/time.txt"
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$WORK/time.txt"
echo "same export again:"
/usr/bin/time -v "$BUILD/app/veil" exports import "$WORK/facebook-bench.zip" 2> "$WORK/time.txt"
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$WORK/time.txt"
echo "sha256sum of the archive, for comparison:"
/usr/bin/time -f "	Elapsed (wall clock) time (h:mm:ss or m:ss): %E" sha256sum "$WORK/facebook-bench.zip" > /dev/null
echo "summary:"
/usr/bin/time -f "	Elapsed (wall clock) time (h:mm:ss or m:ss): %E" "$BUILD/app/veil" exports summary 2>&1 | head -4
ls -l "$VEIL_DATA_DIR/exports.db" | awk '{print "store size: " $5 " bytes"}'
