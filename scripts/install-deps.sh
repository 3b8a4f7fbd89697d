#!/bin/sh
# Installs everything Veil needs to build, run and test on Debian 12.
# Used by the README's two commands and by CI (.ci/run). Run as root, or it
# uses sudo.
set -eu

PACKAGES="
  meson ninja-build pkg-config gcc g++ clang libclang-rt-14-dev gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libexif-dev libsqlite3-dev libcurl4-openssl-dev libjson-glib-dev
  libarchive-dev libyajl-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-dnn-dev libopencv-objdetect-dev
  python3-opencv python3-numpy
  zlib1g-dev
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev ffmpeg
  desktop-file-utils appstream
  xvfb xauth dbus dbus-x11 adwaita-icon-theme hicolor-icon-theme fonts-cantarell
  libimage-exiftool-perl
  libheif-examples
  dexdump
"

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $PACKAGES
