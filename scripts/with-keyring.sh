#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring as the Secret Service,
# keyring files in a throwaway folder. Used by the test command (and by run.sh when no session bus
# exists, e.g. on a bare server under Xvfb).
#   scripts/with-keyring.sh COMMAND...
set -euo pipefail

if [ -z "${TOKENSCOPE_IN_PRIVATE_BUS:-}" ]; then
    export TOKENSCOPE_IN_PRIVATE_BUS=1
    exec dbus-run-session -- "$0" "$@"
fi

keyring_home=$(mktemp -d -t tokenscope-keyring.XXXXXX)
trap 'rm -rf "$keyring_home"' EXIT
mkdir -m 700 -p "$keyring_home/data" "$keyring_home/runtime"
# A fresh login keyring with a throwaway password, unlocked: the daemon stays with the bus session.
printf 'tokenscope-test' | XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/runtime" \
    gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
"$@"
