#!/usr/bin/env bash
# Builds the .rpm for Fedora and openSUSE from a build tree with CPack and checks it: the same files as
# the .deb, Requires derived by rpm from the ELF files (plus libsecret, which QtKeychain opens at run
# time), the package's metadata, and rpmlint with the kept findings in installer/linux/rpmlint.toml.
#   scripts/check-rpm.sh BUILD_DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:?usage: check-rpm.sh BUILD_DIR}"

die() {
    echo "check-rpm: $*" >&2
    exit 1
}

for tool in rpmbuild rpm rpmlint; do
    command -v "$tool" >/dev/null || die "$tool is missing; run scripts/setup.sh (Debian packages rpm, rpmlint)"
done

log=$(mktemp)
list=$(mktemp)
trap 'rm -f "$log" "$list"' EXIT
rm -f "$build"/tokenscope-*.rpm
if ! (cd "$build" && cpack -G RPM) >"$log" 2>&1; then
    cat "$log" >&2
    die "cpack -G RPM failed (output above)"
fi
rpm=$(find "$build" -maxdepth 1 -name 'tokenscope-*.rpm' | head -n 1)
[ -n "$rpm" ] || die "cpack -G RPM made no tokenscope-*.rpm in $build"
query() { rpm -qp --nosignature "$@" "$rpm"; }
echo "package: $(basename "$rpm") ($(du -h "$rpm" | cut -f1)): $(query --qf '%{NAME} %{VERSION}-%{RELEASE} %{ARCH}, License %{LICENSE}, Group %{GROUP}, URL %{URL}')"

# The same files as the .deb (directories aside: each system has its own owners for shared ones).
deb=$(find "$build" -maxdepth 1 -name 'tokenscope_*.deb' -printf '%T@ %p\n' | sort -rn | head -n 1 | cut -d' ' -f2-)
query --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' | awk '$1 !~ /^d/ { print $2 }' | sort >"$list"
echo "rpm -qlp: $(wc -l <"$list") files"
sed 's/^/  /' "$list"
if [ -n "$deb" ]; then
    if ! diff -u <(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' | sort) "$list" >"$log"; then
        cat "$log" >&2
        die "the .rpm and $(basename "$deb") install different files (- only in the .deb, + only in the .rpm)"
    fi
    echo "files: the same as $(basename "$deb")"
fi
# The plugin's folder follows the build's library folder (lib, or lib/x86_64-linux-gnu with the release
# preset's /usr prefix on Debian).
for expected in /usr/bin/tokenscope /usr/bin/tokenscope-cli '/usr/lib/([^/]+/)?tokenscope/tokenscope-weblogin\.so' \
    /usr/share/man/man1/tokenscope\.1\.gz /usr/share/man/man1/tokenscope-cli\.1\.gz \
    /usr/share/doc/tokenscope/copyright; do
    grep -Eqx "$expected" "$list" || die "missing from the .rpm: ${expected//\\/}"
done
query --qf '[%{FILEFLAGS:fflags} %{FILENAMES}\n]' | grep -Eqx '[a-z]*l[a-z]* /usr/share/doc/tokenscope/copyright' \
    || die "the copyright file is not marked %license"

# Requires: derived by rpm (AutoReq), so the Qt, QtKeychain and OpenSSL sonames are there without being
# written anywhere; libsecret is the one added by hand.
requires=$(query --requires)
echo "rpm -qp --requires: $(grep -vc '^rpmlib(' <<<"$requires") requirements"
mapfile -t requirement_lines <<<"$requires"
printf '  %s\n' "${requirement_lines[@]}"
for expected in 'libQt6Widgets\.so\.6()' 'libQt6Network\.so\.6()' 'libqt6keychain\.so\.1()' 'libcrypto\.so\.3()' \
    'libsecret-1\.so\.0()'; do
    grep -q "^$expected" <<<"$requires" || die "Requires lacks ${expected//\\/}: $requires"
done
query --changelog | grep -q "$(query --qf '%{VERSION}-%{RELEASE}')" || die "the changelog has no entry for this version"

if ! rpmlint -c "$here/../installer/linux/rpmlint.toml" "$rpm" >"$log" 2>&1; then
    cat "$log" >&2
    die "rpmlint found errors (above)"
fi
if grep -E '^tokenscope\S*: [EW]: ' "$log" >&2; then
    die "rpmlint warnings (above): fix them, or keep them in installer/linux/rpmlint.toml with the reason"
fi
echo "rpmlint: no errors or warnings ($(grep -c "^    '" "$here/../installer/linux/rpmlint.toml") kept with a reason in installer/linux/rpmlint.toml)"
echo "rpm: ok"
