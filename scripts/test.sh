#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, builds the development and the
# AddressSanitizer+UBSan configurations with warnings as errors, runs the whole ctest suite headless
# on both (Xvfb, a private D-Bus session with GNOME Keyring, the oidc-provider fixture), checks the
# formatting, and builds and inspects the .deb package.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=setup.sh
source "$here/setup.sh"
tokenscope_setup
cd "$root"

step() { printf '\n== %s\n' "$*"; }

quietly() {
    local log
    log=$(mktemp)
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "tokenscope test: failed: $*" >&2
        exit 1
    fi
    rm -f "$log"
}

step "format check (clang-format $(clang-format --version | grep -o '[0-9][0-9.]*' | head -1))"
if command -v clang-format >/dev/null; then
    # shellcheck disable=SC2046
    clang-format --dry-run --Werror $(git ls-files '*.cpp' '*.h' 2>/dev/null || find app ui tests -name '*.cpp' -o -name '*.h')
else
    echo "clang-format not installed; skipped" >&2
fi

step "translations: every user-visible string has a Dutch translation"
catalogue=$(mktemp --suffix=.ts)
cp translations/tokenscope_nl.ts "$catalogue"
quietly /usr/lib/qt6/bin/lupdate -no-obsolete -locations none app ui -ts "$catalogue"
untranslated=$(grep -c 'type="unfinished"' "$catalogue" || true)
rm -f "$catalogue"
if [ "$untranslated" -ne 0 ]; then
    echo "tokenscope test: $untranslated strings lack a Dutch translation; run" >&2
    echo "  cmake --build --preset dev --target update_translations" >&2
    echo "and translate them in translations/tokenscope_nl.ts (Qt Linguist)." >&2
    exit 1
fi
echo "tokenscope_nl.ts: complete"

for preset in dev asan; do
    step "build: $preset"
    quietly cmake --preset "$preset"
    quietly cmake --build --preset "$preset"
done

step "tests: dev"
"$here/headless.sh" ctest --preset dev -j2

step "tests: asan (AddressSanitizer + UndefinedBehaviorSanitizer)"
"$here/headless.sh" ctest --preset asan -j2

step "package"
"$here/check-package.sh" "$root/build/dev"

echo
echo "tokenscope test: all passed"
