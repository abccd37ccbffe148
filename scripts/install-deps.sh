#!/usr/bin/env bash
# Installs what building, packaging and testing Watchword needs, and only what
# is missing: Debian packages (apt-get), the UI's npm packages (npm ci), the
# providers' official SDKs for `make test-sdk` (a venv under the target folder and
# node_modules in src-tauri/crates/watchword-sandbox/sdk, pinned there),
# tauri-driver, cargo-deny and tauri-cli (Tauri's bundler, for `make package`).
# Safe to run again: each step checks first. `--bench` also installs zbar-tools
# and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # the Tauri shell
  build-essential pkg-config libwebkit2gtk-4.1-dev libayatana-appindicator3-dev
  librsvg2-dev libxdo-dev libssl-dev libdbus-1-dev
  # the QR reader: the zxing-cpp crate builds its bundled C++ sources with cmake
  cmake
  # the real window and the real keyring in tests
  xvfb xauth webkit2gtk-driver dbus-x11 gnome-keyring libsecret-tools xdotool
  openbox
  # a headless Wayland desktop with the screenshot portal (scripts/wayland-session.sh)
  sway swaybg grim pipewire xdg-desktop-portal xdg-desktop-portal-wlr
  # the PIN tests: Python checks Sinch signatures independently, and schemathesis
  # (from PyPI, into a venv) fuzzes the sandbox; curl fetches its token
  python3 python3-venv curl
  # `make package` (the .rpm is written by Tauri's bundler; rpm reads it back)
  # and its checks; `make test-package` builds a clean Debian with debootstrap
  lintian desktop-file-utils appstream rpm file debootstrap
  # sync through a real sync engine: two Syncthing instances on loopback
  syncthing
)
# `--bench` adds what the benchmarks compare against.
if [ "${1:-}" = "--bench" ]; then
  packages+=(zbar-tools)
fi
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  echo "install-deps: apt-get install ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}"
fi

if ! command -v npm >/dev/null; then
  echo "install-deps: Node.js 20.19 or newer with npm is required (https://nodejs.org)" >&2
  exit 1
fi
# npm ci only when the lock file changed since the last install.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "install-deps: npm ci in ui/"
  (cd ui && npm ci --no-audit --no-fund)
fi

# The providers' official client libraries, driven against the sandbox by
# `make test-sdk`: Python's into a venv under the target folder (like schemathesis'),
# Node's into sdk/node_modules, each at the versions its lock file pins; again only
# when the pins changed since the last install.
sdk=src-tauri/crates/watchword-sandbox/sdk
sdk_venv=${CARGO_TARGET_DIR:-target}/sdk-venv
if [ ! -x "$sdk_venv/bin/python" ] || [ "$sdk/requirements.txt" -nt "$sdk_venv/.installed" ]; then
  echo "install-deps: the SDK venv ($sdk_venv)"
  python3 -m venv "$sdk_venv"
  "$sdk_venv/bin/pip" install --quiet --disable-pip-version-check -r "$sdk/requirements.txt"
  touch "$sdk_venv/.installed"
fi
if [ ! -f "$sdk/node_modules/.package-lock.json" ] || [ "$sdk/package-lock.json" -nt "$sdk/node_modules/.package-lock.json" ]; then
  echo "install-deps: npm ci in $sdk"
  (cd "$sdk" && npm ci --no-audit --no-fund)
fi

# cargo-deny checks the dependency tree's licences, bans and sources in `make lint`.
if ! command -v cargo-deny >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
  echo "install-deps: cargo install cargo-deny"
  cargo install cargo-deny --locked
fi

if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "install-deps: cargo install tauri-driver"
  cargo install tauri-driver --locked --version '^2'
fi

# Tauri's bundler for `make package`, the same minor version as the tauri crate
# in Cargo.lock (2.11).
if ! cargo tauri --version >/dev/null 2>&1; then
  echo "install-deps: cargo install tauri-cli"
  cargo install tauri-cli --locked --version '~2.11'
fi
