#!/bin/bash
# clean-bench.sh: cleaning a folder of real JPEGs with Veil, exiftool and mat2,
# against a plain `cp -r` of the same files, in one run on the same machine.
#
#   bench/clean-bench.sh [CORPUS_DIR] [VEIL_BINARY]
#
# Defaults: ../shared/corpus/jpeg (125 camera and phone JPEGs) and
# _build/app/veil. Prints the four figures the project targets (issue 14):
#
#   copies / cp           veil clean -o DIR against cp -r, the median of the
#                         rounds' ratios, with `sync` before each round
#                         (goal <= 1.5). Copies are not flushed, like cp's.
#   in place / floor      veil clean --in-place (every original replaced,
#                         flushed first) against the durable-copy floor
#                         (goal <= 1.2).
#   exiftool / veil       exiftool -all= -o DIR/ time over Veil's (goal >= 10).
#   dirty / clean disk    Veil's time with 800 MB of another program's data
#                         waiting to be written (written just before, not
#                         synced) over its time without (goal <= 1.2): Veil
#                         flushes only its own files, never the file system.
#
# and the metadata each tool leaves behind (counted with exiftool -a -G1 -s:
# every tag outside the file structure, the colour profile and the
# orientation).
#
# "durable copy" is the floor under any cleaner that must not lose what it
# writes: bench/durable-copy.c reads each file and writes it the way a
# replacement must be written (an unnamed file, flushed, then named), on as
# many threads as Veil, and does nothing else: no parsing, no checking.
# Each file is flushed on its own (fsync), as Veil must: flushing the whole
# file system (syncfs) would wait for other programs' writes, which issue
# 14 ruled out. "one syncfs instead" times that older floor, for reference.
# "cp + sync" and "veil --sync" are the same comparison for flushed copies.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/../shared/corpus/jpeg}
veil=${2:-$here/_build/app/veil}
# 9 rounds: a clean of the corpus takes about 20 ms here, of which the
# machine's own jitter is a few; with 5 the medians moved by a tenth.
runs=${RUNS:-9}

[ -d "$corpus" ] || { echo "no corpus at $corpus (it lives in ../shared)"; exit 2; }
[ -x "$veil" ] || { echo "build Veil first: $veil"; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/veil-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT
n=$(find "$corpus" -maxdepth 1 -type f | wc -l)

# The clock is bash's own $EPOCHREALTIME, read without starting a process:
# `$(date +%s.%N)` on either side would add about 1.7 ms to every time on
# this VM, a tenth of cp's, and so pull every ratio towards 1. (Its decimal
# mark follows the locale, hence the ${…/,/.}.)
# Wall time of one run of a command that writes into a fresh folder $out.
time_once () {
  local t0 t1
  rm -rf "$work/out"; mkdir -p "$work/out"
  t0=${EPOCHREALTIME/,/.}; "$@" >/dev/null 2>&1 || true; t1=${EPOCHREALTIME/,/.}
  echo "$t1 - $t0" | bc -l
}
residue () {  # metadata tags left in a folder of cleaned files
  exiftool -a -G1 -s -r "$1" 2>/dev/null \
    | grep -E '^\[' \
    | grep -v -E '^\[(ExifTool|System|File|Composite|JFIF|Adobe|ICC-header|ICC_Profile|ICC-view|ICC-meas)\]' \
    | grep -v -E '^\[IFD0\] +Orientation ' | wc -l
}
orientation_lost () {  # files whose EXIF orientation (not 1) is gone after cleaning
  local lost=0 f base o1 o2
  for f in "$corpus"/*; do
    o1=$(exiftool -s3 -n -Orientation "$f" 2>/dev/null || true)
    [ -n "$o1" ] && [ "$o1" != 1 ] || continue
    base=$(basename "$f")
    o2=$(exiftool -s3 -n -Orientation "$2/$base"* 2>/dev/null | head -1 || true)
    [ "$o1" = "$o2" ] || lost=$((lost + 1))
  done
  echo $lost
}
copy_then_sync () { cp -r "$1/." "$2/" && sync -f "$2"; }
median_of () { sort -g "$work/times.$1" | sed -n "$(( ($(wc -l < "$work/times.$1") + 1) / 2 ))p"; }
# The median over rounds of Veil's time over cp's in the same round: the two
# ran seconds apart, so a slow spell of the machine cancels out of each ratio.
paired_median () {
  paste "$work/times.$1" "$work/times.$2" | awk '{ print $1 / $2 }' | sort -g \
    | sed -n "$(( (runs + 1) / 2 ))p"
}

# The floor needs a C compiler; without one its line is left out.
durable_copy=""
if command -v cc >/dev/null; then
  cc -std=gnu17 -O2 -pthread -o "$work/durable-copy" "$here/bench/durable-copy.c" 2>/dev/null \
    && durable_copy=$work/durable-copy
fi
dirty_mb=${DIRTY_MB:-800}

echo "corpus: $corpus ($n files, $(du -sh "$corpus" | cut -f1)); $runs rounds, the tools taking turns"

# A fresh copy of the corpus to clean in place, made (and synced) untimed.
fresh_originals () { rm -rf "$work/inplace"; cp -r "$corpus" "$work/inplace"; sync; }
in_place () { "$veil" clean -q --in-place "$work/inplace"; }
# Another program's data, waiting in memory to be written: not synced.
make_dirty () { dd if=/dev/zero of="$work/dirty" bs=1M count="$dirty_mb" status=none; }

# The tools take turns, round after round, so that a machine getting
# faster or slower (a VM's neighbours, background writeback) weighs on all
# of them alike rather than on whichever ran during the slow minute. Each
# run starts from a synced disk, so no run pays for the last one's writes.
for _ in $(seq "$runs"); do
  sync; time_once cp -r "$corpus/." "$work/out/" >> "$work/times.cp"
  sync; time_once "$veil" clean -q -o "$work/out" "$corpus" >> "$work/times.veil"
  sync; time_once copy_then_sync "$corpus" "$work/out" >> "$work/times.cp_sync"
  sync; time_once "$veil" clean -q --sync -o "$work/out" "$corpus" >> "$work/times.veil_sync"
  if [ -n "$durable_copy" ]; then
    sync; time_once "$durable_copy" "$corpus" "$work/out" >> "$work/times.durable"
    sync; time_once "$durable_copy" --syncfs "$corpus" "$work/out" >> "$work/times.durable_syncfs"
  fi
  fresh_originals; time_once in_place >> "$work/times.inplace"
  sync; make_dirty; time_once "$veil" clean -q -o "$work/out" "$corpus" >> "$work/times.veil_dirty"
  rm -f "$work/dirty"; sync
  fresh_originals; make_dirty; time_once in_place >> "$work/times.inplace_dirty"
  rm -f "$work/dirty"; sync
done
t_cp=$(median_of cp); t_veil=$(median_of veil); t_cp_sync=$(median_of cp_sync); t_veil_sync=$(median_of veil_sync)
t_inplace=$(median_of inplace); t_veil_dirty=$(median_of veil_dirty); t_inplace_dirty=$(median_of inplace_dirty)
t_durable=""; [ -z "$durable_copy" ] || { t_durable=$(median_of durable); t_durable_syncfs=$(median_of durable_syncfs); }
"$veil" clean -q -o "$work/veil" "$corpus" 2>"$work/veil.err" || true
sync; t_exif=$(time_once exiftool -q -all= -o "$work/out/" "$corpus")
exiftool -q -all= -o "$work/exiftool/" "$corpus" >/dev/null 2>&1 || true

t_mat2=""
if command -v mat2 >/dev/null; then
  mkdir -p "$work/mat2"; cp "$corpus"/* "$work/mat2/"
  t0=${EPOCHREALTIME/,/.}; mat2 --inplace "$work/mat2"/* >/dev/null 2>&1 || true; t1=${EPOCHREALTIME/,/.}
  t_mat2=$(echo "$t1 - $t0" | bc -l)
fi

rate () { echo "scale=1; $n / $1" | bc -l; }
ratio () { printf "%.2f" "$(echo "$1 / $2" | bc -l)"; }
row () { printf '%-22s %9.3f %9s %10s %12s\n' "$1" "$2" "$(rate "$2")" "$3" "$4"; }
printf '\n%-22s %9s %9s %10s %12s\n' "tool (median)" seconds files/s residual orient-lost
row cp "$t_cp" - -
row "veil" "$t_veil" "$(residue "$work/veil")" "$(orientation_lost x "$work/veil")"
row "cp + sync" "$t_cp_sync" - -
row "veil --sync" "$t_veil_sync" - -
[ -z "$t_durable" ] || row "durable copy (floor)" "$t_durable" - -
[ -z "$t_durable" ] || row "  one syncfs instead" "$t_durable_syncfs" - -
row "veil --in-place" "$t_inplace" - -
row "veil, ${dirty_mb} MB dirty" "$t_veil_dirty" - -
row "in place, ${dirty_mb} MB dirty" "$t_inplace_dirty" - -
row exiftool "$t_exif" "$(residue "$work/exiftool")" "$(orientation_lost x "$work/exiftool")"
[ -z "$t_mat2" ] || row mat2 "$t_mat2" "$(residue "$work/mat2")" "$(orientation_lost x "$work/mat2")"
echo
echo "copies / cp:                 $(printf "%.2f" "$(paired_median veil cp)")  (goal <= 1.5; median of the rounds' ratios; medians $(ratio "$t_veil" "$t_cp"))"
[ -z "$t_durable" ] || echo "in place / durable floor:    $(ratio "$t_inplace" "$t_durable")  (goal <= 1.2)"
echo "exiftool / veil:             $(printf "%.1f" "$(echo "$t_exif / $t_veil" | bc -l)")  (goal >= 10)"
echo "dirty / clean disk, copies:  $(printf "%.2f" "$(paired_median veil_dirty veil)")  (goal <= 1.2; ${dirty_mb} MB of other data waiting)"
echo "dirty / clean disk, in place: $(printf "%.2f" "$(paired_median inplace_dirty inplace)")  (the same, originals replaced and flushed)"
echo "veil --sync / (cp + sync):   $(ratio "$t_veil_sync" "$t_cp_sync")  (both flushed to disk; for reference)"
[ -z "$t_mat2" ] || echo "mat2 / veil:                 $(printf "%.1f" "$(echo "$t_mat2 / $t_veil" | bc -l)")"
echo "veil failures: $(grep -c '^veil:' "$work/veil.err" || true)"
