#!/bin/sh
# Takes docs/screenshot-apps.png: the Apps section of the real window under
# Xvfb, with the fixture apps open, the one with trackers selected and
# compared with a store label that declares "Data Not Collected".
# Builds nothing; the picture is rendered in process by the UI test
# binary (tests/ui/test-apps.c, /apps/screenshot), so it shows exactly
# what the tests check.
#
#   scripts/screenshot-apps.sh _build/tests/ui/test-apps
#
# Needs xvfb-run and dbus-run-session; ImageMagick's `convert` (optional)
# makes the file smaller.
set -eu

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/tests/ui/test-apps" >&2
  exit 2
fi

top=$(cd "$(dirname "$0")/.." && pwd)
test_apps=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(cd "$(dirname "$test_apps")/../.." && pwd)
out="$top/docs/screenshot-apps.png"
mkdir -p "$top/docs"

# Memory settings and a fresh data folder: the screenshot neither reads nor
# changes the user's settings or tracker list. The default GL renderer
# draws black under Xvfb; cairo draws correctly.
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data"
export GSK_RENDERER=cairo
export GTK_A11Y=test
export NO_AT_BRIDGE=1
export LC_ALL=C.UTF-8
export G_TEST_SRCDIR="$top/tests"
export G_TEST_BUILDDIR="$build/tests"
export VEIL_SHOT_OUT="$out"
rm -f "$out"

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  "$test_apps" -p /apps/screenshot >/dev/null

if command -v convert >/dev/null 2>&1; then
  convert "$out" -strip -colors 256 -define png:compression-level=9 "$out"
fi
echo "wrote $out ($(wc -c < "$out") bytes)"
