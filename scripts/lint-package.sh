#!/usr/bin/env bash
# `make lint-package` (also the end of `make package`): the packages in
# $CARGO_TARGET_DIR/packages checked by the ecosystems' own tools, and for what
# the issue says they hold.
#   lintian --fail-on error,warning (overrides: packaging/lintian-overrides)
#   desktop-file-validate on the desktop entry, appstreamcli validate --no-net
#   the .deb: both binaries, the otpauth handlers, every icon size, a man page
#   per CLI command, bash/zsh/fish completions; the .rpm: the same files and
#   requires for the libraries the binaries load.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CARGO_TARGET_DIR:?set CARGO_TARGET_DIR (the Makefile does)}"
out="$CARGO_TARGET_DIR/packages"
fail() {
  echo "lint-package: $*" >&2
  exit 1
}

shopt -s nullglob
debs=("$out"/watchword_*_amd64.deb)
rpms=("$out"/watchword-*.x86_64.rpm)
shopt -u nullglob
((${#debs[@]} == 1)) || fail "expected one watchword_*_amd64.deb in $out (run \`make package\`)"
((${#rpms[@]} == 1)) || fail "expected one watchword-*.x86_64.rpm in $out (run \`make package\`)"
deb=${debs[0]}
rpm=${rpms[0]}
for tool in lintian desktop-file-validate appstreamcli rpm dpkg-deb; do
  command -v "$tool" >/dev/null || fail "$tool is missing (\`make deps\` installs it)"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/deb"

echo "lint-package: lintian $(basename "$deb")"
# Info tags are shown (-I) so new ones are seen; errors and warnings fail.
lintian -I --fail-on error,warning "$deb"

desktop="$work/deb/usr/share/applications/Watchword.desktop"
[ -f "$desktop" ] || fail "the .deb has no usr/share/applications/Watchword.desktop"
echo "lint-package: desktop-file-validate Watchword.desktop"
desktop-file-validate "$desktop"
for scheme in otpauth otpauth-migration; do
  grep -Eq "^MimeType=(.*;)?x-scheme-handler/$scheme;" "$desktop" ||
    fail "Watchword.desktop does not register x-scheme-handler/$scheme"
done
grep -q '^Exec=watchword-desktop %u$' "$desktop" ||
  fail "Watchword.desktop's Exec line does not pass the link (%u)"

metainfo="$work/deb/usr/share/metainfo/app.watchword.desktop.metainfo.xml"
[ -f "$metainfo" ] || fail "the .deb has no AppStream metainfo"
echo "lint-package: appstreamcli validate --no-net"
appstreamcli validate --no-net --pedantic "$metainfo"

echo "lint-package: contents"
for path in usr/bin/watchword-desktop usr/bin/watchword \
  usr/share/bash-completion/completions/watchword \
  usr/share/zsh/vendor-completions/_watchword \
  usr/share/fish/vendor_completions.d/watchword.fish \
  usr/share/man/man1/watchword-desktop.1.gz \
  usr/share/icons/hicolor/scalable/apps/watchword-desktop.svg \
  usr/share/doc/watchword/copyright usr/share/doc/watchword/changelog.gz; do
  [ -e "$work/deb/$path" ] || fail "the .deb lacks /$path"
done
for size in 16 24 32 48 64 128 256 512; do
  icon="$work/deb/usr/share/icons/hicolor/${size}x${size}/apps/watchword-desktop.png"
  [ -f "$icon" ] || fail "the .deb lacks the ${size}x${size} icon"
  file "$icon" | grep -q "$size x $size" || fail "the ${size}x${size} icon is not $size pixels wide"
done
# A page for every command and subcommand the CLI has (its own list, from the
# binary in the package).
"$work/deb/usr/bin/watchword" generate-docs --out "$work/docs" >/dev/null
pages=0
for page in "$work"/docs/man1/*.1; do
  [ -f "$work/deb/usr/share/man/man1/$(basename "$page").gz" ] ||
    fail "the .deb lacks the man page $(basename "$page")"
  pages=$((pages + 1))
done
((pages > 10)) || fail "only $pages man pages were generated"

echo "lint-package: $(basename "$rpm")"
# The same files as the .deb, less what only Debian reads.
rpm -qpl "$rpm" | sort >"$work/rpm-files"
(cd "$work/deb" && find . -type f -printf '/%P\n') |
  grep -v -e '^/usr/share/lintian/' -e '^/usr/share/doc/watchword/changelog.gz$' |
  sort >"$work/deb-files"
if ! diff -u "$work/deb-files" "$work/rpm-files"; then
  fail "the .rpm's files differ from the .deb's (above: - only in the .deb, + only in the .rpm)"
fi
rpm -qpR "$rpm" >"$work/rpm-requires"
for soname in libwebkit2gtk-4.1.so.0 libgtk-3.so.0 libayatana-appindicator3.so.1; do
  grep -qx "$soname()(64bit)" "$work/rpm-requires" || fail "the .rpm does not require $soname"
done
echo "lint-package: clean ($pages man pages)"
