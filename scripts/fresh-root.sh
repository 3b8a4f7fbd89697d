# Shared by scripts/test-fresh-debian and scripts/test-package (sourced):
# a fresh Debian 12 minbase root from a cached tarball, its mounts, and
# its removal. Run as root.

# fresh_root_make CACHE MIRROR: unpack the cached minbase root into a new
# folder (made by debootstrap the first time) and set FRESH_ROOT to it.
fresh_root_make () {
  local cache=$1 mirror=$2
  if [ ! -s "$cache" ]; then
    echo "== debootstrap --variant=minbase bookworm (cached in $cache afterwards)"
    local boot
    boot=$(mktemp -d /var/tmp/veil-debootstrap.XXXXXX)
    debootstrap --variant=minbase bookworm "$boot" "$mirror" >"$boot.log" 2>&1 \
      || { tail -20 "$boot.log"; rm -rf --one-file-system "$boot"; return 1; }
    rm -f "$boot.log"
    mkdir -p "$(dirname "$cache")"
    tar -C "$boot" -czf "$cache.tmp" . && mv "$cache.tmp" "$cache"
    rm -rf --one-file-system "$boot"
  fi
  FRESH_ROOT=$(mktemp -d /var/tmp/veil-fresh.XXXXXX)
  tar -C "$FRESH_ROOT" -xzf "$cache"
  # After tar, which gives "." the mode of debootstrap's mktemp folder.
  chmod 0755 "$FRESH_ROOT"
  cp /etc/resolv.conf "$FRESH_ROOT/etc/resolv.conf" 2>/dev/null || true
  # Like a real system: no daemons start while packages are installed.
  printf '#!/bin/sh\nexit 101\n' > "$FRESH_ROOT/usr/sbin/policy-rc.d"
  chmod +x "$FRESH_ROOT/usr/sbin/policy-rc.d"
  # The root is thrown away afterwards: dpkg need not fsync every file
  # (what container images do); the installed files are the same.
  echo force-unsafe-io > "$FRESH_ROOT/etc/dpkg/dpkg.cfg.d/veil-unsafe-io"
}

# fresh_root_mount ROOT: what builds, Xvfb and D-Bus need inside a chroot.
# /dev is a private tmpfs with its own nodes, not a bind of the host's, so
# nothing mounted under it can reach the host's /dev/pts or /dev/shm.
fresh_root_mount () {
  local root=$1 node
  mount -t proc proc "$root/proc"
  mount -t sysfs sys "$root/sys"
  mount -t tmpfs -o mode=0755,nosuid dev "$root/dev"
  mount --make-private "$root/dev"
  for node in null zero full random urandom tty; do
    touch "$root/dev/$node" && mount --bind "/dev/$node" "$root/dev/$node"
  done
  mkdir -p "$root/dev/pts" "$root/dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
  ln -s pts/ptmx "$root/dev/ptmx"
  mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm"
  ln -s /proc/self/fd "$root/dev/fd"
  ln -s /proc/self/fd/0 "$root/dev/stdin"
  ln -s /proc/self/fd/1 "$root/dev/stdout"
  ln -s /proc/self/fd/2 "$root/dev/stderr"
}

# fresh_root_remove ROOT: stop what still runs in it (our own processes,
# found by their root), unmount, delete. Skipped with KEEP_ROOT=1.
fresh_root_remove () {
  local root=$1 p
  [ -n "$root" ] && [ -d "$root" ] || return 0
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill "${p#/proc/}" 2>/dev/null
  done
  sleep 1
  for m in dev/shm dev/pts dev/null dev/zero dev/full dev/random dev/urandom dev/tty \
           dev sys proc; do
    mountpoint -q "$root/$m" && umount -l "$root/$m"
  done
  if [ "${KEEP_ROOT:-0}" = 1 ]; then echo "kept $root"; return 0; fi
  rm -rf --one-file-system "$root"
}
