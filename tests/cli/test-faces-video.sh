#!/bin/sh
# test-faces-video.sh: `veil faces` and `veil cloak` on a video, as a user
# runs them. TAP output. The clip is made here by
# tests/data/video/make-fixture.py from ../shared/faces (skipped without it).
set -u

veil="${VEIL_CLI:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
failed=0

ok () {
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}

/usr/bin/python3 "${G_TEST_SRCDIR:?}/data/video/make-fixture.py" "$work/fixture" 640 360 1.5 >/dev/null 2>"$work/err"
rc=$?
if [ $rc -eq 77 ]; then
  echo "1..0 # SKIP $(cat "$work/err")"
  exit 0
fi
[ $rc -eq 0 ] || { echo "Bail out! the fixture could not be made: $(cat "$work/err")"; exit 1; }
mkdir -p "$work/clips"
cp "$work/fixture/faces.mp4" "$work/clips/street.mp4"
clip="$work/clips/street.mp4"

out=$("$veil" faces "$clip"); rc=$?
ok $rc "faces on a video exits 0"
echo "$out" | grep -q "640×360 video, 1.5 s, 45 frames): [0-9]* people"; ok $? "faces lists the people in the clip"
echo "$out" | grep -q "  1: seen from 0.0 s"; ok $? "each person with the times they are seen"

"$veil" inspect --json "$clip" | grep -q '"location"'; ok $? "the original gives away a location"

out=$("$veil" cloak --pixelate "$clip"); rc=$?
ok $rc "cloak --pixelate on a video exits 0"
[ -s "$work/clips/cleaned/street.mp4" ]; ok $? "the copy is in cleaned/ beside the clip, same name"
echo "$out" | grep -q "pixelated"; ok $? "cloak says who was pixelated"
"$veil" inspect --json "$work/clips/cleaned/street.mp4" | grep -q '"location"'
ok $([ $? -ne 0 ] && echo 0 || echo 1) "the copy gives away no location"
[ "$(ls -A "$work/clips/cleaned")" = "street.mp4" ]; ok $? "nothing else left in cleaned/"

out=$("$veil" cloak --blur --faces 1 -o "$work/out" "$clip"); rc=$?
ok $rc "cloak --blur --faces 1 -o DIR exits 0"
[ -s "$work/out/street.mp4" ]; ok $? "--output-dir is honoured"
echo "$out" | grep -q "person 1 .*blurred"; ok $? "person 1 blurred"
echo "$out" | grep -q "person 2 .*left as they are"; ok $? "the others left as they are"

"$veil" cloak --pixelate --faces 99 -o "$work/bad" "$clip" >/dev/null 2>&1
ok $([ $? -eq 1 ] && echo 0 || echo 1) "a person the clip does not have is an error"
[ -z "$(ls -A "$work/bad" 2>/dev/null)" ]; ok $? "and nothing is written"

"$veil" cloak -o "$work/cloak" "$clip" >/dev/null 2>&1
ok $([ $? -eq 1 ] && echo 0 || echo 1) "cloaking (rather than blur or pixelate) a video is refused"

# HEVC, as recent iPhones and many Android phones record: the same clip
# re-encoded (sound and container metadata copied), then pixelated.
mkdir -p "$work/hevc"
ffmpeg -loglevel error -y -i "$clip" -map 0 -map_metadata 0 -c:v libx265 -preset ultrafast -crf 20 \
  -x265-params log-level=error -tag:v hvc1 -c:a copy -movflags +use_metadata_tags "$work/hevc/phone.mov"
ok $? "an HEVC clip can be made (ffmpeg with libx265)"
probe () { ffprobe -v error -select_streams v:0 -count_packets \
  -show_entries stream=codec_name,width,height,nb_read_packets -of csv=p=0 "$1"; }
[ "$(probe "$work/hevc/phone.mov")" = "hevc,640,360,45" ]; ok $? "the HEVC clip is HEVC, 640x360, 45 frames"
"$veil" inspect --json "$work/hevc/phone.mov" | grep -q '"location"'; ok $? "the HEVC original gives away a location"
out=$("$veil" cloak --pixelate "$work/hevc/phone.mov"); rc=$?
ok $rc "cloak --pixelate on an HEVC clip exits 0"
[ "$(probe "$work/hevc/cleaned/phone.mov")" = "hevc,640,360,45" ]
ok $? "the copy is HEVC again, same size and frame count"
"$veil" inspect --json "$work/hevc/cleaned/phone.mov" | grep -q '"location"'
ok $([ $? -ne 0 ] && echo 0 || echo 1) "the HEVC copy gives away no location"
out=$("$veil" faces "$work/hevc/cleaned/phone.mov"); echo "$out" | grep -q "): 0 people"; ok $? "no face is found in the HEVC copy"; echo "$out" | sed "s/^/# /"

echo "not a video" > "$work/fake.mp4"
"$veil" faces "$work/fake.mp4" 2>"$work/err" >/dev/null
ok $([ $? -eq 1 ] && echo 0 || echo 1) "a file that is not a video exits 1"
grep -q "fake.mp4" "$work/err"; ok $? "and the error names the file"

echo "1..$n"
[ $failed -eq 0 ]
