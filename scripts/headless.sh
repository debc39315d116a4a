#!/usr/bin/env bash
# Runs a command the way the test suite needs it on a server: a virtual X display (Xvfb), a private
# D-Bus session with an unlocked GNOME Keyring, and Qt WebEngine's sandbox off only when running as
# root (Chromium refuses to sandbox as root; the shipped application never sets this).
#   scripts/headless.sh COMMAND...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "$(id -u)" -eq 0 ]; then
    export QTWEBENGINE_DISABLE_SANDBOX=1
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d -t tokenscope-runtime.XXXXXX)}"
chmod 700 "$XDG_RUNTIME_DIR"
exec xvfb-run --auto-servernum --server-args="-screen 0 1400x900x24" "$here/with-keyring.sh" "$@"
