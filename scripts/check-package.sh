#!/usr/bin/env bash
# Builds the .deb from a build tree and checks what it installs: the binary, the on-demand sign-in
# component, desktop integration; and that the installed program starts and finds its component.
#   scripts/check-package.sh BUILD_DIR
set -euo pipefail
build="${1:?usage: check-package.sh BUILD_DIR}"
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/tokenscope_*.deb | head -n 1)
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

contents=$(dpkg-deb -c "$deb")
for expected in ./usr/bin/tokenscope ./usr/lib/tokenscope/tokenscope-weblogin.so \
    ./usr/share/applications/nl.tokenscope.Tokenscope.desktop \
    ./usr/share/metainfo/nl.tokenscope.Tokenscope.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/nl.tokenscope.Tokenscope.svg \
    ./usr/share/icons/hicolor/256x256/apps/nl.tokenscope.Tokenscope.png; do
    grep -q " $expected\$" <<<"$contents" || { echo "missing from the package: $expected" >&2; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
grep -q libqt6keychain <<<"$depends" || { echo "Depends lacks QtKeychain: $depends" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/nl.tokenscope.Tokenscope.desktop"
if ldd "$root/usr/bin/tokenscope" | grep -q WebEngine; then
    echo "the tokenscope executable links Qt WebEngine; it must load it on demand" >&2
    exit 1
fi
# As on a machine without a display: these options must not need one.
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$root/usr/bin/tokenscope" --version
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$root/usr/bin/tokenscope" --help >/dev/null
echo "tokenscope --help: ok"
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$root/usr/bin/tokenscope" --check-components
echo "package: ok"
