#!/bin/sh
# Takes docs/screenshot.png: the built app under Xvfb with a few corpus
# photos open and the first one selected. Builds nothing.
#
#   scripts/screenshot.sh _build/app/gui/veil-app [PHOTO…]
#
# Needs xvfb-run, dbus-run-session and ImageMagick's `import`
# (apt-get install imagemagick); falls back to xwd + convert.
set -eu

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/veil-app [PHOTO…]" >&2
  exit 2
fi

top=$(cd "$(dirname "$0")/.." && pwd)
app=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(cd "$(dirname "$app")/../.." && pwd)
shift
if [ $# -eq 0 ]; then
  corpus="$top/../shared/corpus/jpeg"
  set -- "$corpus/exifsamples__jpg_gps_DSCN0010.jpg" \
         "$corpus/exifsamples__jpg_Canon_40D.jpg" \
         "$corpus/exifsamples__jpg_gps_DSCN0021.jpg" \
         "$corpus/mat2__tests_data_dirty.jpg"
fi

out="$top/docs/screenshot.png"
width=1000
height=680
mkdir -p "$top/docs"

# The screen is the default window size (see the gschema), so the window
# fills it. Memory settings: the screenshot neither reads nor changes the user's.
# The default GL renderer draws black under Xvfb; cairo draws correctly.
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data"
export GSK_RENDERER=cairo
export GTK_A11Y=none
export LC_ALL=C.UTF-8
export VEIL_SHOT_APP="$app" VEIL_SHOT_OUT="$out" VEIL_SHOT_W="$width" VEIL_SHOT_H="$height"

xvfb-run -a -s "-screen 0 ${width}x${height}x24" dbus-run-session -- sh -c '
  "$VEIL_SHOT_APP" "$@" &
  pid=$!
  # Inspection, thumbnails and the preview load off the main thread.
  sleep 5
  if command -v import >/dev/null 2>&1; then
    import -window root "$VEIL_SHOT_OUT"
  else
    xwd -root -silent | convert xwd:- "$VEIL_SHOT_OUT"
  fi
  kill "$pid"
' sh "$@"

# Size matters on a project page: palette PNG when ImageMagick can.
if command -v convert >/dev/null 2>&1; then
  convert "$out" -strip -define png:compression-level=9 "$out"
fi
echo "wrote $out ($(wc -c < "$out") bytes)"
