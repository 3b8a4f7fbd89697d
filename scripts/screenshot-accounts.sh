#!/bin/sh
# Takes docs/screenshot-accounts.png: the Accounts section with fixture
# exports imported, rendered in process by the UI test (which saves the
# window when VEIL_SHOT_OUT is set). Builds nothing.
#
#   scripts/screenshot-accounts.sh _build
#
# Needs xvfb-run and dbus-run-session; ImageMagick's convert shrinks the PNG.
set -eu

if [ $# -lt 1 ] || [ ! -x "$1/tests/ui/test-accounts" ]; then
  echo "usage: $0 BUILD_DIR (built with -Dgui=true)" >&2
  exit 2
fi

top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
out="$top/docs/screenshot-accounts.png"
mkdir -p "$top/docs"

# Memory settings and a temporary store (the test makes its own): the
# screenshot neither reads nor changes the user's. The default GL renderer
# draws black under Xvfb; cairo draws correctly.
export GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data"
export GSK_RENDERER=cairo
export GTK_A11Y=test
export LC_ALL=C.UTF-8
export G_TEST_SRCDIR="$top/tests"
export VEIL_CLI="$build/app/veil"
export VEIL_SHOT_OUT="$out"

xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  "$build/tests/ui/test-accounts" -p /accounts/import-overview-request-forget >/dev/null

if command -v convert >/dev/null 2>&1; then
  convert "$out" -strip -colors 256 -define png:compression-level=9 "$out"
fi
echo "wrote $out ($(wc -c < "$out") bytes)"
