#!/usr/bin/env bash
# `make package`: the .deb and .rpm of Watchword, in $CARGO_TARGET_DIR/packages
# (target/packages by default). Binaries of the `dist` profile (release,
# stripped), then Tauri's bundler (`cargo tauri build`, from the tauri-cli
# crate) with the files Tauri does not make itself: the CLI, its man pages and
# completions (`watchword generate-docs`), the desktop app's man page, the
# AppStream metainfo, the scalable icon, copyright, changelog and lintian
# overrides; and the dependencies of both binaries as dpkg-shlibdeps computes
# them (the .rpm: their sonames). Ends with scripts/lint-package.sh (lintian,
# desktop-file-validate, appstreamcli, the contents).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
: "${CARGO_TARGET_DIR:?set CARGO_TARGET_DIR (the Makefile does)}"
out="$CARGO_TARGET_DIR/packages"
staging="$CARGO_TARGET_DIR/package-staging"
version=$(sed -n 's/^ *"version": *"\(.*\)",$/\1/p' src-tauri/tauri.conf.json)

if [ ! -f ui/dist/index.html ]; then
  echo "package: ui/dist is missing; run \`make ui\` first (\`make package\` does)" >&2
  exit 1
fi
if ! cargo tauri --version >/dev/null 2>&1; then
  echo "package: cargo tauri is missing; \`make deps\` installs tauri-cli" >&2
  exit 1
fi

# Both binaries in one cargo run (one feature resolution), so the bundler's own
# cargo run below, with the same arguments, finds everything built.
cargo_args=(--profile dist --locked -p watchword-desktop -p watchword-cli)
echo "package: cargo build ${cargo_args[*]}"
cargo build "${cargo_args[@]}"
bin="$CARGO_TARGET_DIR/dist"

echo "package: staging the files Tauri's bundler does not make"
rm -rf "$staging"
mkdir -p "$staging/docs"
"$bin/watchword" generate-docs --out "$staging/docs" >/dev/null

# One tree per package format, copied over the bundler's own by bundle.linux.*.files.
stage_tree() {
  local tree=$1
  install -D -m 0755 "$bin/watchword" "$tree/usr/bin/watchword"
  local man="$tree/usr/share/man/man1"
  mkdir -p "$man"
  for page in "$staging"/docs/man1/*.1 packaging/watchword-desktop.1; do
    # -n: no name or time stamp in the gzip header, so builds are reproducible.
    gzip -9n -c "$page" >"$man/$(basename "$page").gz"
  done
  install -D -m 0644 "$staging/docs/completions/watchword.bash" \
    "$tree/usr/share/bash-completion/completions/watchword"
  install -D -m 0644 "$staging/docs/completions/_watchword" \
    "$tree/usr/share/zsh/vendor-completions/_watchword"
  install -D -m 0644 "$staging/docs/completions/watchword.fish" \
    "$tree/usr/share/fish/vendor_completions.d/watchword.fish"
  install -D -m 0644 packaging/app.watchword.desktop.metainfo.xml \
    "$tree/usr/share/metainfo/app.watchword.desktop.metainfo.xml"
  install -D -m 0644 icons/watchword.svg \
    "$tree/usr/share/icons/hicolor/scalable/apps/watchword-desktop.svg"
  install -D -m 0644 packaging/copyright "$tree/usr/share/doc/watchword/copyright"
}
stage_tree "$staging/deb"
gzip -9n -c packaging/changelog >"$staging/deb/usr/share/doc/watchword/changelog.gz"
install -D -m 0644 packaging/lintian-overrides "$staging/deb/usr/share/lintian/overrides/watchword"
stage_tree "$staging/rpm"
chmod -R u=rwX,go=rX "$staging/deb" "$staging/rpm"

# Dependencies: what each binary links, as Debian names it (dpkg-shlibdeps,
# with the versions the symbols used need) and as rpm does (sonames), plus the
# tray library, which the tray-icon crate loads with dlopen (so no NEEDED entry
# names it, and the bundler misses it under workspace-inherited features). The
# bundler appends WebKitGTK and GTK again, unversioned: harmless repeats.
mkdir -p "$staging/shlibdeps/debian"
printf 'Source: watchword\n\nPackage: watchword\nArchitecture: any\n' >"$staging/shlibdeps/debian/control"
deb_depends=$(cd "$staging/shlibdeps" &&
  dpkg-shlibdeps -O --warnings=0 "-e$bin/watchword-desktop" "-e$bin/watchword" | sed -n 's/^shlibs:Depends=//p')
[ -n "$deb_depends" ] || {
  echo "package: dpkg-shlibdeps found no dependencies" >&2
  exit 1
}
deb_depends="$deb_depends, libayatana-appindicator3-1"
rpm_requires=$(readelf -d "$bin/watchword-desktop" "$bin/watchword" |
  sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1()(64bit)/p' | sort -u | paste -sd,)
rpm_requires="$rpm_requires,libayatana-appindicator3.so.1()(64bit)"

# The staging folder's place depends on CARGO_TARGET_DIR, and the dependencies
# on the build, so both reach the bundler as a config overlay merged over
# src-tauri/tauri.conf.json.
python3 - "$staging" "$deb_depends" "$rpm_requires" >"$staging/tauri.package.json" <<'PY'
import json, sys
staging, deb, rpm = sys.argv[1:]
print(json.dumps({"bundle": {"linux": {
    "deb": {"files": {"/usr": f"{staging}/deb/usr"},
            "depends": [d.strip() for d in deb.split(",")]},
    "rpm": {"files": {"/usr": f"{staging}/rpm/usr"}, "depends": rpm.split(",")},
}}}, indent=2))
PY

echo "package: cargo tauri build --bundles deb,rpm (over the build above)"
rm -rf "$bin/bundle"
(cd src-tauri && cargo tauri build --ci --no-sign --bundles deb,rpm \
  --config "$staging/tauri.package.json" -- "${cargo_args[@]}")

# Debian's and Fedora's own file names (the bundler uses the product name).
rm -rf "$out"
mkdir -p "$out"
cp "$bin/bundle/deb/Watchword_${version}_amd64.deb" "$out/watchword_${version}_amd64.deb"
cp "$bin/bundle/rpm/Watchword-${version}-1.x86_64.rpm" "$out/watchword-${version}-1.x86_64.rpm"

"$root/scripts/lint-package.sh"
echo "package: written to $out"
ls -l "$out"
