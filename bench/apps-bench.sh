#!/bin/sh
# apps-bench.sh: Veil's APK tracker scan against the εxodus method (dexdump +
# Python regexes) on a synthetic APK with 3 DEX files and 60,000 classes.
# Usage: bench/apps-bench.sh [BUILD_DIR]   (default _build)
# Goal: ≤ 0.2 s per 5 MB of DEX and ≥ 10× faster than the εxodus method.
# Both wall-clock and CPU time (user+sys of the child processes) are shown:
# on a busy machine wall time mostly measures waiting.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/_build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

command -v dexdump >/dev/null || { echo "needs dexdump (apt-get install dexdump)"; exit 1; }
/usr/bin/python3 "$root/tests/data/apps/make-fixtures.py" --bench "$tmp/bench.apk"

/usr/bin/python3 - "$build/app/veil" "$root" "$tmp/bench.apk" <<'PY'
import json, resource, subprocess, sys, time, zipfile
veil, root, apk = sys.argv[1:4]
dex = sum(i.file_size for i in zipfile.ZipFile(apk).infolist() if i.filename.endswith('.dex'))

def run(argv):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    wall = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return out, wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)

run([veil, "apps", "scan", "--json", apk])                  # warm the page cache
_, start_wall, start_cpu = run([veil, "--version"])         # process start-up alone
out, v_wall, v_cpu = run([veil, "apps", "scan", "--json", apk])
veil_r = json.loads(out)[0]
out, e_wall, e_cpu = run(["/usr/bin/python3", root + "/tests/data/apps/exodus-method.py",
                          root + "/data/trackers/android-tracker-signatures.json", apk])
exo = json.loads(out)
per5 = 5e6 / dex
vt = sorted(t["name"] for t in veil_r["trackers"] if t["evidence"] != "server-name")
print("DEX: %.2f MB in 3 files; class names: %d (Veil), %d (εxodus)" % (dex / 1e6, veil_r["class_names"], exo["classes"]))
print("Veil   wall %.3f s, CPU %.3f s (start-up alone: wall %.3f s, CPU %.3f s)" % (v_wall, v_cpu, start_wall, start_cpu))
print("       per 5 MB of DEX: wall %.3f s, CPU %.3f s, CPU without start-up %.3f s"
      % (v_wall * per5, v_cpu * per5, (v_cpu - start_cpu) * per5))
print("εxodus wall %.3f s, CPU %.3f s; per 5 MB of DEX: wall %.3f s" % (e_wall, e_cpu, e_wall * per5))
print("ratio: %.0f× faster (wall), %.0f× (CPU)" % (e_wall / v_wall, e_cpu / v_cpu))
print("trackers identical: %s %s" % (vt == exo["trackers"], vt))
PY
