#!/bin/bash
# clean-bench.sh: cleaning a folder of real JPEGs with Veil, exiftool and mat2,
# against a plain `cp -r` of the same files, in one run on the same machine.
#
#   bench/clean-bench.sh [CORPUS_DIR] [VEIL_BINARY]
#
# Defaults: ../shared/corpus/jpeg (125 camera and phone JPEGs) and
# _build/app/veil. Prints files/s per tool, the ratios the project targets
# (Veil within 1.5x of cp's time; at least 6x exiftool's files/s) and the
# metadata each tool leaves behind (counted with exiftool -a -G1 -s: every
# tag outside the file structure, the colour profile and the orientation).
#
# Two more lines say where Veil's time goes, since cp does less: it neither
# reads the files back nor flushes them to disk. "cp + sync" is a copy made
# as durable as Veil's output (sync -f of the output's file system after
# the copy); "veil, no flush" runs Veil with its flush calls (fsync,
# syncfs, sync_file_range) turned into no-ops by a small LD_PRELOAD shim
# built here, when a C compiler is present. Neither is a goal; they show
# how much of the gap is the flush.
#
# A third, "durable copy", is the floor under any cleaner here:
# bench/durable-copy.c reads each file and writes it the way Veil's output
# must be written (an unnamed file, flushed, then named), on as many
# threads as Veil, and does nothing else: no parsing, no checking.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/../shared/corpus/jpeg}
veil=${2:-$here/_build/app/veil}
runs=${RUNS:-5}

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
veil_without_flush () { LD_PRELOAD="$noflush" "$veil" "$@"; }
best_of () { sort -g "$work/times.$1" | head -1; }
median_of () { sort -g "$work/times.$1" | sed -n "$(( ($(wc -l < "$work/times.$1") + 1) / 2 ))p"; }
# The median over rounds of Veil's time over cp's in the same round: the two
# ran seconds apart, so a slow spell of the machine cancels out of each ratio.
paired_median () {
  paste "$work/times.$1" "$work/times.$2" | awk '{ print $1 / $2 }' | sort -g \
    | sed -n "$(( (runs + 1) / 2 ))p"
}

# Both helpers need a C compiler; without one their lines are left out.
noflush=""
durable_copy=""
if command -v cc >/dev/null; then
  printf '%s\n' '#define _GNU_SOURCE' '#include <fcntl.h>' '#include <unistd.h>' \
    'int fsync (int fd) { (void) fd; return 0; }' \
    'int syncfs (int fd) { (void) fd; return 0; }' \
    'int sync_file_range (int fd, off_t o, off_t n, unsigned int f) { (void) fd; (void) o; (void) n; (void) f; return 0; }' \
    > "$work/noflush.c"
  cc -shared -fPIC -O2 -o "$work/noflush.so" "$work/noflush.c" 2>/dev/null && noflush=$work/noflush.so
  cc -std=gnu17 -O2 -pthread -o "$work/durable-copy" "$here/bench/durable-copy.c" 2>/dev/null \
    && durable_copy=$work/durable-copy
fi

echo "corpus: $corpus ($n files, $(du -sh "$corpus" | cut -f1)); $runs runs of cp and Veil, taking turns"

# The tools take turns, round after round, so that a machine getting
# faster or slower (a VM's neighbours, background writeback) weighs on all
# of them alike rather than on whichever ran during the slow minute.
for _ in $(seq "$runs"); do
  time_once cp -r "$corpus/." "$work/out/" >> "$work/times.cp"
  time_once "$veil" clean -q -o "$work/out" "$corpus" >> "$work/times.veil"
  time_once copy_then_sync "$corpus" "$work/out" >> "$work/times.cp_sync"
  [ -z "$noflush" ] || time_once veil_without_flush clean -q -o "$work/out" "$corpus" >> "$work/times.noflush"
  [ -z "$durable_copy" ] || time_once "$durable_copy" "$corpus" "$work/out" >> "$work/times.durable"
done
t_cp=$(best_of cp); t_veil=$(best_of veil); t_cp_sync=$(best_of cp_sync)
t_noflush=""; [ -z "$noflush" ] || t_noflush=$(best_of noflush)
t_durable=""; [ -z "$durable_copy" ] || t_durable=$(best_of durable)
"$veil" clean -q -o "$work/veil" "$corpus" 2>"$work/veil.err" || true
t_exif=$(time_once exiftool -q -all= -o "$work/out/" "$corpus")
exiftool -q -all= -o "$work/exiftool/" "$corpus" >/dev/null 2>&1 || true

t_mat2=""
if command -v mat2 >/dev/null; then
  mkdir -p "$work/mat2"; cp "$corpus"/* "$work/mat2/"
  t0=${EPOCHREALTIME/,/.}; mat2 --inplace "$work/mat2"/* >/dev/null 2>&1 || true; t1=${EPOCHREALTIME/,/.}
  t_mat2=$(echo "$t1 - $t0" | bc -l)
fi

rate () { echo "scale=1; $n / $1" | bc -l; }
printf '\n%-10s %9s %9s %10s %12s\n' tool seconds files/s residual orient-lost
printf '%-10s %9.3f %9s %10s %12s\n' cp "$t_cp" "$(rate "$t_cp")" "-" "-"
printf '%-10s %9.3f %9s %10s %12s\n' "cp + sync" "$t_cp_sync" "$(rate "$t_cp_sync")" "-" "-"
[ -n "$t_durable" ] && printf '%-12s %7.3f %9s %10s %12s\n' "durable copy" "$t_durable" "$(rate "$t_durable")" "-" "-"
printf '%-10s %9.3f %9s %10s %12s\n' veil "$t_veil" "$(rate "$t_veil")" "$(residue "$work/veil")" "$(orientation_lost x "$work/veil")"
printf '%-10s %9.3f %9s %10s %12s\n' exiftool "$t_exif" "$(rate "$t_exif")" "$(residue "$work/exiftool")" "$(orientation_lost x "$work/exiftool")"
[ -n "$t_mat2" ] && printf '%-10s %9.3f %9s %10s %12s\n' mat2 "$t_mat2" "$(rate "$t_mat2")" "$(residue "$work/mat2")" "$(orientation_lost x "$work/mat2")"
echo
echo "veil time / cp time:            $(printf "%.2f" "$(echo "$t_veil / $t_cp" | bc -l)")  (goal <= 1.5)"
echo "  the same with medians:        $(printf "%.2f" "$(echo "$(median_of veil) / $(median_of cp)" | bc -l)")  (cp $(median_of cp) s, veil $(median_of veil) s)"
echo "  round by round, the median:   $(printf "%.2f" "$(paired_median veil cp)")  (Veil and cp seconds apart)"
echo "veil time / (cp + sync) time:   $(printf "%.2f" "$(echo "$t_veil / $t_cp_sync" | bc -l)")  (both flushed to disk)"
[ -n "$t_durable" ] && echo "durable copy / cp:              $(printf "%.2f" "$(echo "$t_durable / $t_cp" | bc -l)")  (the floor under any cleaner here; veil takes $(printf "%.2f" "$(echo "$t_veil / $t_durable" | bc -l)")x it)"
[ -n "$t_noflush" ] && echo "veil without its flush / cp:    $(printf "%.2f" "$(echo "$t_noflush / $t_cp" | bc -l)")  (for reference only)"
echo "veil files/s / exiftool files/s: $(echo "scale=1; $t_exif / $t_veil" | bc -l)  (goal >= 6)"
[ -n "$t_mat2" ] && echo "veil files/s / mat2 files/s:    $(echo "scale=1; $t_mat2 / $t_veil" | bc -l)"
echo "veil failures: $(grep -c '^veil:' "$work/veil.err" || true)"
