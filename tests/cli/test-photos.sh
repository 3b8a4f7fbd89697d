#!/bin/sh
# test-photos.sh: `veil inspect` and `veil clean` end to end, as a user runs
# them. TAP output. Needs VEIL_CLI and G_TEST_SRCDIR (set by meson).
set -u

veil="${VEIL_CLI:?}"
data="${G_TEST_SRCDIR:?}/data/jpeg"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
failed=0

ok () {
  n=$((n + 1))
  if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}

# Files in a folder, hidden ones included, one per line.
listing () { (cd "$1" && find . -type f | sort); }

gps="$data/exiftool__t_images_GPS.jpg"

# Usage errors exit 2.
"$veil" >/dev/null 2>&1; ok $([ $? -eq 2 ] && echo 0 || echo 1) "no command is a usage error (2)"
"$veil" frobnicate >/dev/null 2>&1; ok $([ $? -eq 2 ] && echo 0 || echo 1) "unknown command exits 2"
"$veil" clean >/dev/null 2>&1; ok $([ $? -eq 2 ] && echo 0 || echo 1) "clean without paths exits 2"
"$veil" clean --in-place -o "$work" "$gps" >/dev/null 2>&1; ok $([ $? -eq 2 ] && echo 0 || echo 1) "--in-place with --output-dir exits 2"
"$veil" inspect --bogus "$gps" >/dev/null 2>&1; ok $([ $? -eq 2 ] && echo 0 || echo 1) "unknown option exits 2"
"$veil" --help | grep -q inspect; ok $? "--help lists the commands"

# Inspect: plain words, and JSON a program can read.
out=$("$veil" inspect "$gps"); rc=$?
ok $rc "inspect exits 0"
echo "$out" | grep -q "Shows where the photo was taken: near 54.9897 N, 1.9142 W"; ok $? "inspect explains the GPS position"
"$veil" inspect --json "$gps" > "$work/report.json"; ok $? "inspect --json exits 0"
/usr/bin/python3 - "$work/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = {x["key"]: x for x in r[0]["findings"]}
assert r[0]["format"] == "JPEG"
assert f["EXIF:GPSPosition"]["category"] == "location"
assert f["EXIF:GPSPosition"]["kept"] is False
PY
ok $? "inspect --json has the location finding"

# Clean, default destination: a 'cleaned' folder beside the original.
mkdir -p "$work/photos/trip"
cp "$gps" "$work/photos/a.jpg"
cp "$data/exifsamples__jpg_orientation_landscape_6.jpg" "$work/photos/trip/b.jpg"
echo "not a photo" > "$work/photos/notes.txt"
before=$(md5sum "$work/photos/a.jpg")
"$veil" clean "$work/photos" > "$work/clean.out" 2> "$work/clean.err"; rc=$?
ok $rc "clean of a folder exits 0"
[ -f "$work/photos/cleaned/a.jpg" ] && [ -f "$work/photos/trip/cleaned/b.jpg" ]; ok $? "cleaned copies go to a 'cleaned' folder beside each original"
[ "$before" = "$(md5sum "$work/photos/a.jpg")" ]; ok $? "the original is unchanged"
grep -q "Cleaned 2 files" "$work/clean.err"; ok $? "the summary counts the files"
"$veil" inspect "$work/photos/cleaned/a.jpg" | grep -q "nothing found that gives you away"; ok $? "the cleaned copy gives nothing away"
"$veil" inspect "$work/photos/trip/cleaned/b.jpg" | grep -q "Rotated 90° clockwise (kept)"; ok $? "the orientation is kept"

# Running again does not clean the cleaned folders themselves.
"$veil" clean "$work/photos" > /dev/null 2>&1
[ ! -e "$work/photos/cleaned/cleaned" ]; ok $? "a second run skips Veil's own output folders"

# --output-dir mirrors the folder structure.
"$veil" clean -q -o "$work/out" "$work/photos" 2>/dev/null; rc=$?
ok $rc "clean --output-dir exits 0"
[ "$(listing "$work/out")" = "$(printf './a.jpg\n./trip/b.jpg')" ]; ok $? "--output-dir holds exactly the cleaned files, no temp files"

# --in-place replaces the original.
cp "$gps" "$work/inplace.jpg"
"$veil" clean --in-place "$work/inplace.jpg" >/dev/null 2>&1; ok $? "clean --in-place exits 0"
"$veil" inspect "$work/inplace.jpg" | grep -q "nothing found"; ok $? "--in-place cleaned the file itself"

# Bad input: exit 1, the file named, no output written.
mkdir -p "$work/bad"
head -c 1500 "$gps" > "$work/bad/cut.jpg"
cp "$gps" "$work/bad/good.jpg"
printf '8BPS\0\1\0\0\0\0\0\0' > "$work/bad/layers.psd"
"$veil" clean -o "$work/bad-out" "$work/bad/cut.jpg" "$work/bad/layers.psd" "$work/bad/good.jpg" "$work/missing.jpg" > /dev/null 2> "$work/bad.err"; rc=$?
ok $([ $rc -eq 1 ] && echo 0 || echo 1) "a batch with failures exits 1"
grep -q "cut.jpg: the file is cut short" "$work/bad.err"; ok $? "a truncated file is named with the reason"
grep -q "layers.psd: Photoshop files are not supported yet" "$work/bad.err"; ok $? "an unsupported format is refused by content"
grep -q "missing.jpg: no such file" "$work/bad.err"; ok $? "a missing file is named"
[ "$(listing "$work/bad-out")" = "./good.jpg" ]; ok $? "only the good file was written"

# Motion photos lose their video by default, keep it (cleaned) on request;
# videos lose their recording times unless asked to keep them.
motion="${G_TEST_SRCDIR}/data/motion/motion-gps-jpg-plus-dirty-mp4.jpg"
mov="${G_TEST_SRCDIR}/data/video/exiftool__t_images_QuickTime.mov"
"$veil" inspect "$motion" | grep -q "Trailer:MotionPhotoVideo"; ok $? "inspect names a motion photo's video"
"$veil" clean -q -o "$work/m1" "$motion" 2>/dev/null && "$veil" clean -q -o "$work/m2" --keep-motion-video "$motion" 2>/dev/null
ok $? "clean with and without --keep-motion-video"
s1=$(stat -c %s "$work/m1/$(basename "$motion")"); s2=$(stat -c %s "$work/m2/$(basename "$motion")")
[ "$s2" -gt "$s1" ]; ok $? "--keep-motion-video keeps the video ($s1 < $s2 bytes)"
"$veil" inspect "$work/m2/$(basename "$motion")" | grep -q "MotionPhoto:"; [ $? -ne 0 ]; ok $? "the kept video is cleaned too"
"$veil" clean -q -o "$work/v1" "$mov" 2>/dev/null && "$veil" clean -q -o "$work/v2" --keep-media-times "$mov" 2>/dev/null
ok $? "clean a video with and without --keep-media-times"
"$veil" inspect "$work/v1/$(basename "$mov")" | grep -q "MediaTime"; [ $? -ne 0 ]; ok $? "recording times are zeroed by default"
"$veil" inspect "$work/v2/$(basename "$mov")" | grep -q "MediaTime"; ok $? "--keep-media-times keeps them"

# The photo commands start fast because veil loads only GLib and libexif;
# the other commands are handed to veil-data.
if command -v readelf >/dev/null 2>&1; then
  ! readelf -d "$veil" | grep -E 'NEEDED.*(libcurl|libarchive|libsqlite3|libyajl|libgio|libgobject|libjson-glib)' >&2
  ok $? "veil itself links none of libcurl, libarchive, SQLite, yajl, GIO, GObject, json-glib"
else
  n=$((n + 1)); echo "ok $n # SKIP readelf not installed"
fi
"$veil" trackers list --platform ios 2>/dev/null | grep -q .; ok $? "veil hands “trackers” over to veil-data"
"$veil" models list 2>/dev/null | grep -q "SHA-256"; ok $? "veil hands “models” over to veil-data"
"$veil" exports 2>/dev/null; [ $? -eq 2 ]; ok $? "veil-data's usage errors exit 2 too"
"$veil" faces "$gps" 2>/dev/null | grep -q "0 faces"; ok $? "veil hands “faces” over to veil-data"

# inspect --json escapes what a file name can hold and stays valid UTF-8.
odd=$(printf '%s/q"b\\\\t\tn\nx\377\001é.jpg' "$work")
cp "$gps" "$odd"
"$veil" inspect --json "$odd" > "$work/odd.json"; ok $? "inspect --json of an oddly named file exits 0"
/usr/bin/python3 - "$work/odd.json" <<'PY'
import sys, json
raw = open(sys.argv[1], "rb").read()
r = json.loads(raw.decode("utf-8"))
assert r[0]["path"].endswith('/q"b\\\\t\tn\nx\ufffd\x01é.jpg'), repr(r[0]["path"])
assert r[0]["format"] == "JPEG" and len(r[0]["findings"]) > 0
PY
ok $? "inspect --json escapes quotes, backslashes and control characters, and replaces bytes that are not UTF-8"

# exiftool, where installed, agrees that nothing identifying is left.
if command -v exiftool >/dev/null 2>&1; then
  for f in "$data"/*.jpg; do
    "$veil" clean -q -o "$work/ex" "$f" 2>/dev/null || echo "veil failed on $f"
  done > "$work/ex.log"
  exiftool -a -G1 -s "$work/ex" 2>/dev/null \
    | grep -v -E '^\[(ExifTool|System|File|Composite|JFIF|Adobe|ICC-header|ICC_Profile|ICC-view|ICC-meas)\]' \
    | grep -v -E '^\[IFD0\] +Orientation ' \
    | grep -v -E '^======== ' | grep -v -E '(image files read|directories scanned)' > "$work/residue.txt"
  [ ! -s "$work/residue.txt" ] && [ ! -s "$work/ex.log" ]; ok $? "exiftool finds nothing but the picture, colour profile and orientation in any cleaned fixture"
  [ -s "$work/residue.txt" ] && head -20 "$work/residue.txt" | sed 's/^/# /'
else
  n=$((n + 1)); echo "ok $n # SKIP exiftool not installed"
fi

echo "1..$n"
exit $([ $failed -eq 0 ] && echo 0 || echo 1)
