#!/bin/sh
# Installs everything Veil needs to build, run and test on Debian 12.
# Used by scripts/run-veil, scripts/run-tests and CI (.ci/run). Run as root, or it
# uses sudo.
set -eu

# Grouped by purpose; add new packages on a line of their own so merges
# stay easy. Everything here must exist in Debian 12 (bookworm) main.
# llvm: llvm-symbolizer, so sanitizer reports name functions instead of
# addresses (and the function-name suppressions in tests/lsan.supp match).
PACKAGES="
  meson ninja-build pkg-config gcc g++ clang libclang-rt-14-dev gettext
  libomp-14-dev
  llvm
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libexif-dev libsqlite3-dev libcurl4-openssl-dev libjson-glib-dev
  libarchive-dev libyajl-dev
  libssl-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-dnn-dev libopencv-objdetect-dev
  python3-opencv python3-numpy
  zlib1g-dev
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev ffmpeg
  desktop-file-utils appstream libxml2-utils
  xvfb xauth dbus dbus-x11 adwaita-icon-theme hicolor-icon-theme fonts-cantarell
  xdotool
  libimage-exiftool-perl
  libheif-examples libheif-dev
  heif-gdk-pixbuf webp-pixbuf-loader
  dexdump
  strace
"

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $PACKAGES
