#!/bin/bash
# corpus-sweep.sh: every corpus file, and 10 truncated copies of each,
# through `veil inspect` and `veil clean -o` under a sanitizer build; any
# AddressSanitizer/UBSan/LeakSanitizer report, crash or usage error counts
# as a problem. Not a benchmark: it lives here beside corpus-bench.sh
# because it walks the same corpus.
#
#   meson setup _build-asan -Dgui=false -Db_sanitize=address,undefined \
#     -Db_lundef=false -Dbuildtype=debug && ninja -C _build-asan
#   bench/corpus-sweep.sh [CORPUS_DIR] [VEIL_BINARY]
#
# Defaults: ../shared/corpus and _build-asan/app/veil. Exit status 1 when
# there was a problem; the logs of each run stay in the folder it prints.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$here/../shared/corpus}
veil=$(realpath "${2:-$here/_build-asan/app/veil}")
[ -d "$corpus" ] || { echo "no corpus at $corpus (it lives in ../shared)"; exit 2; }
[ -x "$veil" ] || { echo "build Veil with sanitizers first: $veil"; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/veil-sweep-XXXXXX")
mkdir -p "$work/cuts" "$work/logs"

export ASAN_OPTIONS=fast_unwind_on_malloc=0:detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$here/tests/lsan.supp

problems=0 runs=0 i=0
check () {  # LOG STATUS WHAT: 0 and 1 are Veil's own answers, 2 a usage error
  if grep -qE "AddressSanitizer|LeakSanitizer|runtime error|SUMMARY: " "$1" || [ "$2" -ge 2 ]; then
    echo "PROBLEM (exit $2) $3: see $1"
    problems=$((problems + 1))
  fi
}

while read -r f; do
  i=$((i + 1)); len=$(stat -c %s "$f"); base=$(basename "$f"); d=$work/cuts/$i
  mkdir -p "$d"
  list=("$f")
  # Cuts inside the first headers, then through the whole file.
  for cut in 16 100 1000 $((len / 8)) $((len * 2 / 8)) $((len * 3 / 8)) $((len / 2)) \
             $((len * 5 / 8)) $((len * 6 / 8)) $((len - 1)); do
    [ "$cut" -gt 0 ] && [ "$cut" -lt "$len" ] || continue
    head -c "$cut" "$f" > "$d/cut$cut-$base"
    list+=("$d/cut$cut-$base")
  done
  "$veil" inspect "${list[@]}" > "$work/logs/$i.inspect" 2>&1; rc=$?; runs=$((runs + 1))
  check "$work/logs/$i.inspect" $rc "inspect $f (+ its cuts)"
  "$veil" clean -q -o "$d/out" "${list[@]}" > "$work/logs/$i.clean" 2>&1; rc=$?; runs=$((runs + 1))
  check "$work/logs/$i.clean" $rc "clean $f (+ its cuts)"
done < <(find "$corpus" -mindepth 2 -type f ! -name '.*' | LC_ALL=C sort)

echo "$i files and $(find "$work/cuts" -type f ! -path '*/out/*' | wc -l) truncated copies, $runs runs of $veil: $problems problems (logs in $work)"
[ "$problems" -eq 0 ]
