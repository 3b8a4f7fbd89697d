#!/bin/sh
# test-faces.sh: `veil cloak` and `veil models list` as a user runs them on a
# fresh install: no --model, no network, no downloaded model (an empty
# models folder). TAP output. Needs VEIL_CLI and G_TEST_SRCDIR (meson).
set -u

veil="${VEIL_CLI:?}"
pic="${G_TEST_SRCDIR:?}/data/vision/synthetic-faces.png"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
failed=0

ok () {
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}

export VEIL_MODELS_DIR="$work/no-models"
# no proxy that could reach anything: the command must not need one
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9

out=$("$veil" models list); ok $? "models list exits 0"
echo "$out" | grep -q "faceplugin_fr_feature.onnx (shipped with Veil)"; ok $? "the shipped model is listed as shipped"
echo "$out" | grep -q "License: MIT"; ok $? "its license is shown"
echo "$out" | grep -q "mobilefacenet (not downloaded"; ok $? "the optional model is listed as not downloaded"

out=$("$veil" cloak --steps 3 --faces 1 -o "$work/out" "$pic" 2>/dev/null); rc=$?
ok $rc "cloak with no --model and no downloaded model exits 0"
[ -s "$work/out/synthetic-faces.png" ]; ok $? "it wrote the protected copy"
echo "$out" | grep -q "faceplugin_fr_feature.onnx: similarity to the original"; ok $? "the check reports the shipped model"
echo "$out" | grep -q "made with (the favourable case)"; ok $? "the check says which models made the cloak"
echo "$out" | grep -q "not a guarantee"; ok $? "the wording is honest"

"$veil" cloak --check-with "$work/missing.onnx" -o "$work/out2" "$pic" >/dev/null 2>&1
ok $([ $? -ne 0 ] && echo 0 || echo 1) "--check-with a missing file fails"
[ ! -e "$work/out2/synthetic-faces.png" ]; ok $? "and writes nothing"

# Protected copies go where cleaned copies go, and a later clean of the
# original never writes the unprotected face beside or over them.
mkdir -p "$work/photos"
cp "$pic" "$work/photos/people.png"
"$veil" cloak --blur "$work/photos/people.png" >/dev/null 2>&1; ok $? "blur with the default destination exits 0"
[ -s "$work/photos/cleaned/people.png" ]; ok $? "the protected copy is in cleaned/ beside the original"
before=$(md5sum < "$work/photos/cleaned/people.png")
out=$("$veil" clean "$work/photos/people.png" 2>&1)
ok $([ $? -ne 0 ] && echo 0 || echo 1) "cleaning the original afterwards is refused"
echo "$out" | grep -q "faces protected"; ok $? "and says the copy has the faces protected"
[ "$(md5sum < "$work/photos/cleaned/people.png")" = "$before" ]; ok $? "the protected copy is unchanged"
[ "$(ls -A "$work/photos/cleaned")" = "people.png" ]; ok $? "no unprotected copy beside it"

echo "1..$n"
[ "$failed" -eq 0 ]
