#!/bin/sh
# test-apps.sh: `veil apps scan|compare` on hostile and damaged input (issue
# 14), as a user runs them. TAP output. Needs VEIL_CLI and G_TEST_SRCDIR.
set -u

veil="${VEIL_CLI:?}"
data="${G_TEST_SRCDIR:?}/data/apps"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
failed=0

ok () {
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}

# A label nested 100,000 deep (200 KB) once killed `apps compare` (SIGSEGV).
/usr/bin/python3 -c "import sys; sys.stdout.write('[' * 100000 + ']' * 100000)" > "$work/deep.json"
"$veil" apps compare --label "$work/deep.json" "$data/synthetic-clean.apk" > "$work/out" 2> "$work/err"; rc=$?
ok $([ $rc -eq 1 ] && echo 0 || echo 1) "a 100,000-deep label fails cleanly (exit 1, got $rc)"
grep -q "deep.json is nested more than 512 levels deep" "$work/err"; ok $? "the message names the label and the depth"

# An APK cut short: named, and said to be incomplete; never a full result.
size=$(stat -c %s "$data/multidex-manifest.apk")
for cut in $((size / 2)) $((size - 30)) $((size - 1)); do
  head -c $cut "$data/multidex-manifest.apk" > "$work/cut.apk"
  "$veil" apps scan "$work/cut.apk" > "$work/out" 2> "$work/err"; rc=$?
  ok $([ $rc -ne 0 ] && echo 0 || echo 1) "an APK cut at $cut of $size bytes fails"
  grep -q "cut.apk: the package is incomplete" "$work/err"; ok $? "  and says the file is incomplete"
  grep -q "(null)" "$work/err"; ok $([ $? -ne 0 ] && echo 0 || echo 1) "  without '(null)'"
done

# Google's measurement URL alone: AdMob is possible, not counted.
out=$("$veil" apps scan "$data/admob-string-only.apk"); rc=$?
ok $rc "scan of a server-name-only app exits 0"
echo "$out" | grep -q "No known tracker found."; ok $? "the server name alone is not counted"
echo "$out" | grep -q "1 possible tracker, not counted"; ok $? "it is listed as possible"
"$veil" apps scan --json "$data/admob-string-only.apk" > "$work/r.json"; ok $? "scan --json exits 0"
/usr/bin/python3 - "$work/r.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))[0]
assert r["trackers_found"] == 0, r
t = r["trackers"][0]
assert t["name"] == "Google AdMob" and t["possible"] is True and t["evidence"] == "server-name", t
assert "gen_204" in t["example"], t
PY
ok $? "--json says possible, with the string, and trackers_found 0"

echo "1..$n"
[ $failed -eq 0 ]
