#!/usr/bin/env bash
# The test command (README, .ci/run): installs what is missing, builds the development and the
# AddressSanitizer+UBSan configurations with warnings as errors, runs the whole ctest suite headless
# on both (Xvfb, a private D-Bus session with GNOME Keyring, the oidc-provider fixture), runs every
# libFuzzer target for 20 s (scripts/fuzz.sh), checks the formatting, builds and inspects the .deb and .rpm packages, and installs the .deb on a clean Debian 12
# root (scripts/check-install-deb.sh, as root).
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
# shellcheck disable=SC2046
clang-format --dry-run --Werror $(git ls-files '*.cpp' '*.h' 2>/dev/null || find app ui tests -name '*.cpp' -o -name '*.h')

step "configure: dev"
quietly cmake --preset dev

step "translations: every user-visible string has a Dutch translation"
# The list of translated sources is the one the build uses (ui/CMakeLists.txt writes it).
catalogue=$(mktemp --suffix=.ts)
cp translations/tokenscope_nl.ts "$catalogue"
quietly /usr/lib/qt6/bin/lupdate -no-obsolete -locations none "@build/dev/translated-sources.lst" -ts "$catalogue"
untranslated=$(grep -c 'type="unfinished"' "$catalogue" || true)
rm -f "$catalogue"
if [ "$untranslated" -ne 0 ]; then
    echo "tokenscope test: $untranslated strings lack a Dutch translation; run" >&2
    echo "  cmake --build --preset dev --target update_translations" >&2
    echo "and translate them in translations/tokenscope_nl.ts (Qt Linguist)." >&2
    exit 1
fi
echo "tokenscope_nl.ts: complete"

step "clang-tidy (.clang-tidy) on the sources changed since ${TOKENSCOPE_TIDY_BASE:-HEAD~1}"
# All sources take about ten minutes on two cores; the changed ones keep the check in every run.
# TOKENSCOPE_TIDY_BASE=<first commit> checks everything.
# Generated files (moc, uic) must exist before clang-tidy reads the compilation database.
quietly cmake --build --preset dev --target tokenscope_ui_autogen tokenscope_weblogin_autogen
mapfile -t tidy_files < <(git diff --name-only --diff-filter=d "${TOKENSCOPE_TIDY_BASE:-HEAD~1}" -- 'app/*.cpp' 'ui/*.cpp' 2>/dev/null || true)
if [ "${#tidy_files[@]}" -gt 0 ]; then
    tidy_log=$(mktemp)
    if ! printf '%s\n' "${tidy_files[@]}" \
        | xargs -P "$(nproc)" -n 1 clang-tidy -p build/dev --quiet --warnings-as-errors='*' >"$tidy_log" 2>&1; then
        grep -E 'warning:|error:' "$tidy_log" >&2 || cat "$tidy_log" >&2
        rm -f "$tidy_log"
        echo "tokenscope test: clang-tidy found problems (above)" >&2
        exit 1
    fi
    rm -f "$tidy_log"
    echo "clang-tidy: ${#tidy_files[@]} files clean"
else
    echo "clang-tidy: no changed sources"
fi

for preset in dev asan; do
    step "build: $preset"
    quietly cmake --preset "$preset"
    quietly cmake --build --preset "$preset"
done

step "tests: dev"
"$here/headless.sh" ctest --preset dev -j2

step "tests: asan (AddressSanitizer + UndefinedBehaviorSanitizer)"
"$here/headless.sh" ctest --preset asan -j2

step "fuzz: every libFuzzer target for 20 s, its findings included (scripts/fuzz.sh)"
"$here/fuzz.sh" 20

step "package"
"$here/check-package.sh" "$root/build/dev"

step "Windows and macOS packaging, checked on Linux"
"$here/check-installers.sh" "$root/build/dev"

step "package: .rpm for Fedora and openSUSE"
"$here/check-rpm.sh" "$root/build/dev"

step "package: the .deb on a clean Debian 12 root"
"$here/check-install-deb.sh" "$root/build/dev"

echo
echo "tokenscope test: all passed"
