#!/usr/bin/env bash
# Runs a command the way a logged-in desktop user would have it: a virtual
# screen (Xvfb), a session bus, and an unlocked Secret Service (gnome-keyring).
# Everything it starts ends with the command.
set -euo pipefail
if [ "${1:-}" = "--inner" ]; then
  shift
  # A throwaway keyring home, so tests never touch a real user's keyring.
  XDG_DATA_HOME="$(mktemp -d)"
  export XDG_DATA_HOME
  trap 'rm -rf "$XDG_DATA_HOME"' EXIT
  eval "$(printf 'watchword-test' | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  "$@"
  exit $?
fi
exec xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- "$0" --inner "$@"
