#!/usr/bin/env bash
# The run command (README): builds Tokenscope and starts it on the local demo: a real OpenID Connect
# provider (oidc-provider) and a demo API on 127.0.0.1, with the "Local demo" environment selected.
# The demo servers stop when Tokenscope exits.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=setup.sh
source "$here/setup.sh"
tokenscope_setup
cd "$root"

build_log=$(mktemp)
if ! { cmake --preset dev && cmake --build --preset dev; } >"$build_log" 2>&1; then
    cat "$build_log" >&2
    echo "tokenscope run: the build failed (output above)" >&2
    exit 1
fi
rm -f "$build_log"

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "tokenscope run: no display. Start it from a desktop session, or on a server with: xvfb-run -a scripts/run.sh" >&2
    exit 1
fi

# Chromium (Qt WebEngine) will not sandbox itself as root; only then, and only for this demo run.
if [ "$(id -u)" -eq 0 ]; then
    export QTWEBENGINE_DISABLE_SANDBOX=1
fi

# The provider and API on a free port. It reads its stdin from a pipe this script holds open, so it
# stops as soon as the script ends, however it ends.
fifos=$(mktemp -d)
mkfifo "$fifos/stdin" "$fifos/ready"
node "$root/tests/fixtures/oidc/server.mjs" --port 0 --exit-on-stdin-eof <"$fifos/stdin" >"$fifos/ready" 2>/dev/null &
server_pid=$!
exec 3>"$fifos/stdin" 4<"$fifos/ready"
trap 'exec 3>&- 4<&-; kill "$server_pid" 2>/dev/null || true; rm -rf "$fifos"' EXIT
read -r -t 20 -u 4 ready || { echo "tokenscope run: the demo provider did not start" >&2; exit 1; }
issuer=$(node -e 'console.log(JSON.parse(process.argv[1]).issuer)' "$ready")
echo "Local demo provider and API: $issuer  (sign in with any name and password)"

app=("$root/build/dev/bin/tokenscope" --local-demo "$issuer")
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    # No session bus (a bare server): give the demo a private one with a throwaway keychain, so
    # refresh tokens still go to a real Secret Service.
    "$here/with-keyring.sh" "${app[@]}" "$@"
else
    "${app[@]}" "$@"
fi
