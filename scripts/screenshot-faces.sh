#!/bin/sh
# Takes docs/screenshot-faces.png: the Protect Faces window under Xvfb on
# tests/data/vision/synthetic-faces.png (two drawn faces, no real person),
# after protecting it: face 1 cloaked at the default strength with the
# shipped model (as a fresh install has it), face 2 blurred, with the
# before/after split and the check results. Builds nothing; the picture is
# rendered in process by the UI test binary (tests/ui/test-faces.c,
# /faces/screenshot), so it shows what the tests check. Never point it at
# the ../shared/faces crops: they may not appear in docs.
#
#   scripts/screenshot-faces.sh _build/tests/ui/test-faces [OUT.png]
#
# VEIL_SHOT_STAGE=before shows the window before Protect; VEIL_SHOT_STEPS=N
# shortens the cloak. Needs xvfb-run and dbus-run-session; ImageMagick's
# `convert` (optional) makes the file smaller.
set -eu

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 PATH/TO/tests/ui/test-faces [OUT.png]" >&2
  exit 2
fi

top=$(cd "$(dirname "$0")/.." && pwd)
test_faces=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
build=$(cd "$(dirname "$test_faces")/../.." && pwd)
out=${2:-"$top/docs/screenshot-faces.png"}
mkdir -p "$(dirname "$out")"

# Memory settings, a fresh models folder (the test makes one), cairo
# rendering (the default GL renderer draws black under Xvfb).
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data"
export GSK_RENDERER=cairo
export GTK_A11Y=test
export NO_AT_BRIDGE=1
export LC_ALL=C.UTF-8
export G_TEST_SRCDIR="$top/tests"
export G_TEST_BUILDDIR="$build/tests"
export VEIL_SHARED_DIR=${VEIL_SHARED_DIR:-"$top/../shared"}
export VEIL_SHOT_OUT="$out"
rm -f "$out"

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  "$test_faces" -p /faces/screenshot >/dev/null

if command -v convert >/dev/null 2>&1; then
  convert "$out" -strip -colors 256 -define png:compression-level=9 "$out"
fi
echo "wrote $out ($(wc -c < "$out") bytes)"
