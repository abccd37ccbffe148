#!/usr/bin/env bash
# Runs a command inside a headless Wayland desktop, the way a sway user would
# have it: sway (headless backend, software renderer), a session bus,
# xdg-desktop-portal with its wlroots backend, and an unlocked gnome-keyring.
# Sway will not run as root, so as root the session runs as `nobody`; the
# command then reads and writes only what `nobody` may (a temporary folder).
# Everything it starts ends with the command; HOME is a throwaway folder.
set -euo pipefail
if [ "${1:-}" = "--inner" ]; then
  shift
  cat >"$HOME/sway.conf" <<'CONF'
output HEADLESS-1 resolution 1600x900
output * bg #ffffff solid_color
CONF
  sway -c "$HOME/sway.conf" >"$HOME/sway.log" 2>&1 &
  for _ in $(seq 100); do
    [ -S "$XDG_RUNTIME_DIR/wayland-1" ] && break
    sleep 0.1
  done
  # xdg-desktop-portal-wlr will not start without PipeWire (for screencasts).
  pipewire >"$HOME/pipewire.log" 2>&1 &
  SWAYSOCK="$(ls "$XDG_RUNTIME_DIR"/sway-ipc.*.sock)"
  export SWAYSOCK WAYLAND_DISPLAY=wayland-1 XDG_CURRENT_DESKTOP=sway XDG_SESSION_TYPE=wayland
  unset DISPLAY
  # The portals are started by D-Bus activation: they must see the compositor.
  dbus-update-activation-environment WAYLAND_DISPLAY XDG_CURRENT_DESKTOP XDG_SESSION_TYPE
  eval "$(printf 'watchword-test' | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  status=0
  "$@" || status=$?
  swaymsg exit >/dev/null 2>&1 || true
  exit "$status"
fi
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/run" "$home/pictures"
chmod 700 "$home/run"
session=(env HOME="$home" XDG_RUNTIME_DIR="$home/run" XDG_DATA_HOME="$home/data"
  XDG_CONFIG_HOME="$home/config" XDG_PICTURES_DIR="$home/pictures"
  WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman
  dbus-run-session -- "$0" --inner "$@")
if [ "$(id -u)" = 0 ]; then
  chown -R nobody:nogroup "$home"
  exec setpriv --reuid=nobody --regid=nogroup --clear-groups "${session[@]}"
fi
exec "${session[@]}"
