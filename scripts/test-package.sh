#!/usr/bin/env bash
# `make test-package`: the .deb from `make package` installed with apt-get into
# a minimal Debian (debootstrap) and used there as a user would.
#
# 1. A fresh copy of the cached minimal root (built once by debootstrap, kept
#    in $WATCHWORD_PACKAGE_CACHE, default /var/tmp/watchword-package-cache,
#    with the downloaded .debs): nothing of the build machine in it.
# 2. `apt-get install ./watchword_*.deb`: its dependencies come from Debian;
#    then neither binary lacks a library (ldd) and `watchword --version` runs.
# 3. The test's own tools (Xvfb, gnome-keyring, WebKitWebDriver, xdg-utils,
#    man-db, bash-completion, zsh, fish, python3), a user, then `apt-get remove`
#    + autoremove: the file list of this state is the reference.
# 4. Installed again: `man watchword-add`, the completions load in bash, zsh and
#    fish, xdg-mime names the app for otpauth links, and the user's session
#    (packaging/test/session.sh → window.py) opens the window from the desktop
#    entry (first-run screen) and by `xdg-open` (link preview; a second
#    xdg-open reaches the same window).
# 5. `apt-get remove` + autoremove: the file list equals the reference, no file
#    outside the home names watchword, and the user's data folder is kept.
# The root's mounts are undone and its processes ended on every way out.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CARGO_TARGET_DIR:?set CARGO_TARGET_DIR (the Makefile does)}"
cache=${WATCHWORD_PACKAGE_CACHE:-/var/tmp/watchword-package-cache}
mirror=${WATCHWORD_PACKAGE_MIRROR:-http://deb.debian.org/debian}
security=${WATCHWORD_PACKAGE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
suite=bookworm
user_id=4242
tools=(
  xvfb xauth dbus dbus-x11 gnome-keyring webkit2gtk-driver libglib2.0-bin
  xdg-utils desktop-file-utils man-db bash-completion zsh fish python3 procps
)

say() { echo "test-package: $*"; }
fail() {
  echo "test-package: FAILED: $*" >&2
  exit 1
}

[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot and mounts); run it as root or with sudo"
for tool in debootstrap chroot mount umount; do
  command -v "$tool" >/dev/null || fail "$tool is missing (\`make deps\` installs it)"
done
shopt -s nullglob
debs=("$CARGO_TARGET_DIR"/packages/watchword_*_amd64.deb)
shopt -u nullglob
((${#debs[@]} == 1)) || fail "expected one watchword_*_amd64.deb in $CARGO_TARGET_DIR/packages (run \`make package\`)"
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)

mkdir -p "$cache/archives/partial"
# One base per suite, mirror and this script's debootstrap recipe.
recipe="minbase $suite $mirror $security policy-rc.d v1"
key=$(printf '%s' "$recipe" | sha256sum | cut -c1-12)
base="$cache/base-$suite-$key.tar"

run=$(mktemp -d "$cache/run.XXXXXX")
root="$run/root"
mounts=()

# Everything below $run: processes first (they hold files and mounts), then
# mounts (deepest first), then the files, and only when nothing is mounted.
cleanup() {
  local status=$?
  set +e
  local pid
  for pid in /proc/[0-9]*; do
    [ "$(readlink "$pid/root" 2>/dev/null)" = "$root" ] && kill -KILL "${pid#/proc/}" 2>/dev/null
  done
  sleep 0.5
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}"
  done
  # Mounts something else made below the run (debootstrap's own, say).
  local left
  while read -r left; do
    umount -l "$left"
  done < <(awk -v run="$run/" 'index($2, run) == 1 {print $2}' /proc/self/mounts | sort -r)
  if awk -v run="$run/" 'index($2, run) == 1 {found = 1} END {exit !found}' /proc/self/mounts; then
    echo "test-package: mounts remain below $run; it is left in place" >&2
  elif [ -n "${WATCHWORD_PACKAGE_KEEP:-}" ] && [ "$status" -ne 0 ]; then
    echo "test-package: the failed run's root is kept in $root (WATCHWORD_PACKAGE_KEEP)" >&2
  else
    rm -rf --one-file-system "$run"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_in_root() { # mount_in_root PATH mount-arguments...
  local target="$root$1"
  shift
  mkdir -p "$target"
  mount "$@" "$target"
  mounts+=("$target")
}

# A month-old base is made again, so its packages do not drift far from the mirror's.
if [ -f "$base" ] && [ -n "$(find "$base" -mtime +30)" ]; then
  say "the cached root is over 30 days old: making it again"
  rm -f "$base"
fi
if [ ! -f "$base" ]; then
  say "building the minimal $suite root with debootstrap (once; cached as $base)"
  build="$run/base"
  if ! debootstrap --variant=minbase --cache-dir="$cache/archives" "$suite" "$build" "$mirror" \
    >"$run/debootstrap.log" 2>&1; then
    tail -n 20 "$run/debootstrap.log" >&2
    fail "debootstrap could not build a $suite root from $mirror (above; is the mirror reachable?)"
  fi
  cat >"$build/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
EOF
  # Packages' maintainer scripts start no service in the root.
  printf '#!/bin/sh\nexit 101\n' >"$build/usr/sbin/policy-rc.d"
  chmod 0755 "$build/usr/sbin/policy-rc.d"
  rm -f "$build"/var/cache/apt/archives/*.deb
  # Written aside and renamed, so a concurrent run never reads half a tar.
  tar -C "$build" --numeric-owner -cf "$run/base.tar" .
  mv "$run/base.tar" "$base"
  rm -rf --one-file-system "$build"
fi

say "a fresh root from $base"
mkdir -p "$root"
tar -C "$root" --numeric-owner -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount_in_root /proc -t proc proc
mount_in_root /sys --bind /sys
mount_in_root /dev --bind /dev
mount_in_root /dev/pts --bind /dev/pts
mount_in_root /dev/shm -t tmpfs -o mode=1777 shm
mount_in_root /tmp -t tmpfs -o mode=1777 tmp
mount_in_root /var/cache/apt/archives --bind "$cache/archives"

in_root() {
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}
as_user() {
  chroot --userspec="$user_id:$user_id" "$root" /usr/bin/env -i PATH=/usr/bin:/bin \
    HOME=/home/tester USER=tester LOGNAME=tester LANG=C.UTF-8 SHELL=/bin/bash \
    XDG_RUNTIME_DIR=/tmp/runtime-tester "$@"
}
apt_get() {
  in_root apt-get -y -q -o Dpkg::Use-Pty=0 "$@" >>"$run/apt.log" 2>&1 || {
    tail -n 30 "$run/apt.log" >&2
    fail "apt-get $* failed in the clean root (above; the full log: $run/apt.log with WATCHWORD_PACKAGE_KEEP=1)"
  }
}
# The file list that `apt-get remove` must give back (volatile places left out).
snapshot() {
  in_root find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /tmp -o -path /run \
    -o -path /var/cache/apt -o -path /var/lib/apt -o -path /var/lib/dpkg -o -path /var/log \
    -o -path /var/cache/debconf -o -path /home/tester \) -prune -o -printf '%y %p\n' | sort >"$1"
}

cp "$deb" "$root/tmp/watchword.deb"
chmod 0644 "$root/tmp/watchword.deb"
apt_get update

say "2. apt-get install ./$(basename "$deb") into the clean root"
apt_get install ./tmp/watchword.deb
for binary in watchword watchword-desktop; do
  missing=$(in_root ldd "/usr/bin/$binary" | grep 'not found' || true)
  [ -z "$missing" ] || fail "$binary lacks libraries no dependency brought: $missing"
done
got=$(in_root watchword --version) || fail "watchword --version failed"
[ "$got" = "watchword $version" ] || fail "watchword --version printed '$got', not 'watchword $version'"
say "   both binaries find every library; $got"
# What a user on a minimal Debian downloads and installs (for the README).
say "   apt-get: $(grep -h -e '^Need to get' -e '^After this operation' "$run/apt.log" | tr '\n' ' ')"

say "3. the test's tools, a user, then apt-get remove: the reference file list"
apt_get install --no-install-recommends "${tools[@]}"
in_root useradd --create-home --uid "$user_id" --user-group --shell /bin/bash tester
apt_get remove watchword
apt_get autoremove
snapshot "$run/before"

say "4. installed again, used as the test user"
apt_get install ./tmp/watchword.deb
as_user sh -c 'MANPAGER=cat MANWIDTH=80 man watchword-add 2>/dev/null' | grep -q 'otpauth' ||
  fail "man watchword-add shows no page mentioning otpauth"
as_user man -w watchword-desktop >/dev/null || fail "man finds no page for watchword-desktop"
say "   man watchword-add, man watchword-desktop"
# shellcheck disable=SC2016 # expanded by the root's bash, not this one
completed=$(as_user bash -c 'source /usr/share/bash-completion/bash_completion
  _completion_loader watchword
  COMP_WORDS=(watchword ad); COMP_CWORD=1; COMP_LINE="watchword ad"; COMP_POINT=${#COMP_LINE}
  "$(complete -p watchword | sed "s/.*-F \([^ ]*\) .*/\1/")" watchword ad watchword
  printf "%s\n" "${COMPREPLY[@]}"')
grep -qx 'add' <<<"$completed" || fail "bash's completion of 'watchword ad' gave '$completed', not 'add'"
# shellcheck disable=SC2016 # expanded by the root's zsh
zsh_function=$(as_user zsh -fc 'autoload -U compinit && compinit -u -d /tmp/zcompdump && print -r -- $_comps[watchword]')
[ "$zsh_function" = "_watchword" ] || fail "zsh's compinit found no completion for watchword ('$zsh_function')"
as_user fish -c 'complete -C "watchword ad"' | grep -q '^add' || fail "fish completes no 'add' for 'watchword ad'"
say "   completions: bash completes 'watchword ad' to add, zsh loads _watchword, fish completes add"
for scheme in otpauth otpauth-migration; do
  handler=$(as_user xdg-mime query default "x-scheme-handler/$scheme")
  [ "$handler" = "Watchword.desktop" ] || fail "xdg-mime names '$handler' for $scheme links, not Watchword.desktop"
done
say "   xdg-mime: Watchword.desktop handles otpauth and otpauth-migration links"
mkdir -p "$root/tmp/watchword-test"
cp packaging/test/session.sh packaging/test/window.py "$root/tmp/watchword-test/"
chmod -R a+rX "$root/tmp/watchword-test"
# window.py reports on stdout; the session's services (D-Bus activations, the
# portal, WebKit) talk on stderr, kept in a log shown when something fails.
as_user /tmp/watchword-test/session.sh 2>"$run/session.log" || {
  tail -n 40 "$run/session.log" >&2
  fail "the installed app's window checks failed (above)"
}

say "5. apt-get remove: nothing left but the user's data"
apt_get remove watchword
apt_get autoremove
snapshot "$run/after"
if ! diff -u "$run/before" "$run/after" >"$run/left.diff"; then
  cat "$run/left.diff" >&2
  fail "apt-get remove did not give back the file list it started from (above: + left behind, - gone)"
fi
# man-db's dpkg trigger adds pages without purging removed ones; its daily job
# (run here) purges them, and then no index names a watchword page.
in_root mandb --quiet
! in_root whatis watchword-add >/dev/null 2>&1 || fail "man-db's index still has watchword-add"
# Names only the package uses ("watchword" alone is an English word, in dictionaries).
named=$(in_root sh -c 'grep -rlaE "watchword-|Watchword\.desktop|app\.watchword|/watchword" \
  /etc /usr /var/lib /var/cache /opt 2>/dev/null |
  grep -v -e "^/var/lib/dpkg/" -e "^/var/lib/apt/" -e "^/var/cache/apt/"' || true)
[ -z "$named" ] || fail "files still name watchword after apt-get remove: $named"
[ -f "$root/home/tester/.local/share/watchword/vault.wwv" ] ||
  fail "the user's vault did not outlive apt-get remove"
in_root apt-get -q autoclean >/dev/null 2>&1 || true
say "passed: installed, used and removed cleanly in a minimal $suite"
