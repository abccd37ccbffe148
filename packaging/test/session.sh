#!/usr/bin/env bash
# Inside the clean Debian root of `make test-package`, as the test user: a
# virtual screen (Xvfb), a session bus and an unlocked gnome-keyring, as a
# logged-in user has them, around window.py. Everything started here ends with
# it (and scripts/test-package.sh ends whatever is left in the root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = "--inner" ]; then
  # The user's real keyring (~/.local/share/keyrings), unlocked as a login would.
  eval "$(printf 'watchword-test' | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  exec python3 "$here/window.py"
fi

mkdir -m 0700 "$XDG_RUNTIME_DIR"
# The root shares the host's network namespace, so its abstract X sockets too:
# Xvfb picks a display no other server holds and says which (-displayfd).
display_file="$XDG_RUNTIME_DIR/display"
: >"$display_file"
Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$display_file" 2>"$XDG_RUNTIME_DIR/xvfb.log" &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  [ -s "$display_file" ] && break
  kill -0 "$xvfb" 2>/dev/null || {
    cat "$XDG_RUNTIME_DIR/xvfb.log" >&2
    echo "session: Xvfb did not start (above)" >&2
    exit 1
  }
  sleep 0.1
done
[ -s "$display_file" ] || {
  echo "session: Xvfb named no display within 10 s" >&2
  exit 1
}
DISPLAY=":$(tr -d '\n' <"$display_file")"
export DISPLAY
dbus-run-session -- "$0" --inner
