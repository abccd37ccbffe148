#!/usr/bin/env bash
# The providers' official client libraries against a freshly started sandbox on
# loopback, unchanged but for the base URL (`make test-sdk`, part of `make test`):
# Sinch's Python SDK (`sinch` 1.x, verification, signed requests), Sinch's Node.js
# `@sinch/verification`, and Infobip's `infobip-api-python-client` 2FA API, at the
# versions pinned in sdk/requirements.txt and sdk/package-lock.json. They are
# installed by scripts/install-deps.sh (the venv under the target folder,
# node_modules in sdk/, neither in git).
# Usage: sdk-tests.sh [python|node] (default: both)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/../../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
venv=$target/sdk-venv
sdk=$here/sdk
[[ -x $venv/bin/python ]] || { echo "sdk-tests: no venv at $venv: run scripts/install-deps.sh" >&2; exit 1; }
[[ -d $sdk/node_modules/@sinch/verification ]] || { echo "sdk-tests: no node_modules in $sdk: run scripts/install-deps.sh" >&2; exit 1; }
cargo build --quiet -p watchword-sandbox --manifest-path "$root/Cargo.toml"
work=$(mktemp -d)
log=$work/sandbox.log
export SANDBOX_SINCH_KEY=sdk-sinch-app SANDBOX_SINCH_SECRET=c2RrLXNpbmNoLXNlY3JldA== \
  SANDBOX_INFOBIP_KEY=sdk-infobip-key
"$target/debug/watchword-sandbox" --port 0 --memory --infobip-key "$SANDBOX_INFOBIP_KEY" \
  --sinch-app "$SANDBOX_SINCH_KEY:$SANDBOX_SINCH_SECRET" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -qs '^watchword-sandbox token: ' "$log" && break; sleep 0.1; done
export SANDBOX_BASE SANDBOX_TOKEN
SANDBOX_BASE=$(sed -n 's/^watchword-sandbox listening on //p' "$log")
SANDBOX_TOKEN=$(sed -n 's/^watchword-sandbox token: //p' "$log")
[[ -n $SANDBOX_BASE && -n $SANDBOX_TOKEN ]] || { cat "$log"; exit 1; }
echo "sdk-tests: against $SANDBOX_BASE"
which=${1:-all}
if [[ $which == all || $which == python ]]; then
  (cd "$sdk" && "$venv/bin/python" -m unittest -v test_sinch_python test_infobip_python)
fi
if [[ $which == all || $which == node ]]; then
  (cd "$sdk" && node --test)
fi
