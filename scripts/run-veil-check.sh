# Sourced by scripts/run-veil --check and scripts/test-package: proves an
# installed veil-app starts on $DISPLAY (an X server such as Xvfb, with a
# D-Bus session bus): its window named "Veil" is mapped, and the app quits
# cleanly when asked through its app.quit action on D-Bus, as GNOME Shell's
# "Quit" does.
#
#   run_veil_check PATH/TO/veil-app [SECONDS_SHOWN]

run_veil_check () {
  local app=$1 shown=${2:-2} pid wid status=0 t0 t1
  if [ -z "${DISPLAY:-}" ]; then echo "run-veil --check: no DISPLAY (run under xvfb-run)"; return 1; fi
  if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then echo "run-veil --check: no session bus (run under dbus-run-session)"; return 1; fi
  command -v xdotool >/dev/null || { echo "run-veil --check: xdotool is not installed"; return 1; }

  # Neither read nor change the settings of whoever runs the check; cairo
  # draws where Xvfb has no GL.
  GSETTINGS_BACKEND=memory GSK_RENDERER=cairo NO_AT_BRIDGE=1 "$app" &
  pid=$!
  t0=$(date +%s.%N)
  for _ in $(seq 150); do  # up to 30 s
    wid=$(xdotool search --onlyvisible --name '^Veil$' 2>/dev/null | head -n 1) || true
    [ -n "$wid" ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid"; echo "run-veil --check: the app exited (status $?) before its window appeared"
      return 1
    fi
    sleep 0.2
  done
  t1=$(date +%s.%N)
  if [ -z "$wid" ]; then
    echo "run-veil --check: no window named Veil appeared within 30 s"
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    return 1
  fi
  awk -v w="$wid" -v n="$(xdotool getwindowname "$wid")" -v a="$t0" -v b="$t1" \
    'BEGIN { printf "run-veil --check: window 0x%x \"%s\" mapped after %.2f s\n", w, n, b - a }'
  sleep "$shown"
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "run-veil --check: the app exited while its window was shown"; wait "$pid"; return 1
  fi
  gdbus call --session --dest io.github.veil.Veil --object-path /io/github/veil/Veil \
    --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null \
    || { echo "run-veil --check: the app did not take app.quit over D-Bus"; status=1; }
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "run-veil --check: the app did not quit within 10 s"; kill "$pid"; status=1
  fi
  wait "$pid" || { echo "run-veil --check: the app exited with status $?"; status=1; }
  [ "$status" = 0 ] && echo "run-veil --check: started, window found, quit cleanly"
  return "$status"
}
