#!/bin/sh
# Every page of the app, light and dark, 1000 and 478 px wide, as PNGs in
# OUTDIR (default bench/out/shots, which git ignores). Builds nothing.
#
#   scripts/screenshot-all.sh _build [OUTDIR]
#   VEIL_SHOTS_ONLY=photos|accounts|apps|dialogs|video scripts/screenshot-all.sh _build
# The video dialog is shot when a clip with people in it can be made from
# ../shared/faces (tests/data/video/make-fixture.py).
set -eu

if [ $# -lt 1 ] || [ ! -x "$1/tests/ui/veil-shots" ]; then
  echo "usage: $0 BUILD_DIR [OUTDIR]" >&2
  exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
out=${2:-$top/bench/out/shots}
mkdir -p "$out"

# Memory settings, a temporary store: the user's are neither read nor
# changed. The default GL renderer draws black under Xvfb; cairo does not.
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data"
export GSK_RENDERER=cairo
export GTK_A11Y=test
export NO_AT_BRIDGE=1
export LC_ALL=C.UTF-8
export G_TEST_SRCDIR="$top/tests"
export VEIL_BUILD_LOCALEDIR="$build/po"
export VEIL_SHARED_DIR=${VEIL_SHARED_DIR:-"$top/../shared"}

if [ -z "${VEIL_SHOT_VIDEO:-}" ] && [ -d "$VEIL_SHARED_DIR/faces" ]; then
  if /usr/bin/python3 "$top/tests/data/video/make-fixture.py" "$out/.video" 640 360 3 >/dev/null 2>&1; then
    export VEIL_SHOT_VIDEO="$out/.video/faces.mp4"
  fi
fi

xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- "$build/tests/ui/veil-shots" "$out"
