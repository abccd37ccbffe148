#!/usr/bin/env bash
# Regenerates pictures/ and cases.json (the picture half of the QR corpus) with
# generate.py, in a venv under the target folder with the library versions the
# committed files were made with. Arguments go to generate.py (e.g. `--seed 7
# --preview-dir /tmp/other` for a held-aside set that does not touch the corpus).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
venv=$target/qr-corpus-venv
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet numpy==2.4.6 pillow==13.0.0 opencv-python-headless==5.0.0.93 segno==1.6.6
fi
exec "$venv/bin/python" "$here/generate.py" "$@"
