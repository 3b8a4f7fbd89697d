#!/bin/sh
# Start to first frame of the app: process start (noted here just before
# exec) to the first frame the main window painted (the app prints it when
# VEIL_PROFILE_STARTUP is set; =quit makes it quit there). Runs RUNS times
# (5 by default) under one Xvfb and prints each time and the median.
#
#   bench/startup.sh [BUILDDIR]          (default: _build)
#   RENDERER=cairo bench/startup.sh      (GSK renderer; default: GTK's own)
#
# Goal: at most 0.5 s. Memory settings, so the user's are not read.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
runs=${RUNS:-5}

if [ -z "${VEIL_STARTUP_INNER:-}" ]; then
  export VEIL_STARTUP_INNER=1
  exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$0" "$build"
fi

export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data"
export VEIL_PROFILE_STARTUP=quit
export NO_AT_BRIDGE=1
if [ -n "${RENDERER:-}" ]; then export GSK_RENDERER="$RENDERER"; fi

times=""
cpus=""
i=0
while [ "$i" -lt "$runs" ]; do
  start=$(date +%s%6N)
  line=$("$build/app/gui/veil-app" 2>/dev/null | grep '^veil-profile:' || true)
  frame=$(printf '%s\n' "$line" | sed -n 's/.*first-frame-realtime-us=\([0-9]*\).*/\1/p')
  main=$(printf '%s\n' "$line" | sed -n 's/.*since-main-us=\([0-9]*\).*/\1/p')
  cpu=$(printf '%s\n' "$line" | sed -n 's/.*cpu-us=\([0-9]*\).*/\1/p')
  if [ -z "$frame" ]; then
    echo "run $i: no first frame reported" >&2
    exit 1
  fi
  ms=$(( (frame - start) / 1000 ))
  echo "run $i: ${ms} ms from exec to first frame ($(( main / 1000 )) ms of it after main; $(( cpu / 1000 )) ms of CPU)"
  times="$times $ms"
  cpus="$cpus $(( cpu / 1000 ))"
  i=$((i + 1))
done
median=$(printf '%s\n' $times | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
cpu_median=$(printf '%s\n' $cpus | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
echo "median of $runs: ${median} ms wall, ${cpu_median} ms CPU (goal: 500 ms; wall time depends on the machine's load, CPU time much less)"
