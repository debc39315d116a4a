#!/usr/bin/env bash
# Proves that the .deb installs on a clean Debian 12: a minbase root made with debootstrap gets the
# package through `apt-get install ./tokenscope_*.deb`, so every dependency must resolve from the
# package's own Depends (Recommends are left out, to prove Depends suffice). Inside that root the
# program answers --version, --help and --check-components without a display, starts under Xvfb to a
# shown window, and `apt-get purge` leaves no file behind.
#   scripts/check-install-deb.sh BUILD_DIR|PACKAGE.deb      (as root: debootstrap, chroot and mounts)
#
# The bootstrapped root (a tarball) and the downloaded .deb archives and package lists are cached in
# ${TOKENSCOPE_CACHE_DIR:-${XDG_CACHE_HOME:-~/.cache}/tokenscope}/debian-root, keyed by the mirror,
# suite and architecture, and rebuilt after TOKENSCOPE_ROOT_MAX_AGE_DAYS (30) days: the first run
# downloads the base system and every dependency, later runs reuse them.
#
# Everything that mounts runs in its own mount and PID namespace (unshare), so no mount can outlive
# the check or be seen by the rest of the machine, and every process started in the root ends with it;
# a trap unmounts inside and, once the namespace is gone, removes the root (also on failure or Ctrl+C).
# With 6 GB of memory available the root is a tmpfs, so it costs no disk writes at all.
# dpkg-query and apt-get take ${Field} and $(FIELD) formats in single quotes.
# shellcheck disable=SC2016
set -euo pipefail

suite=bookworm # Debian 12
usage="usage: check-install-deb.sh BUILD_DIR|PACKAGE.deb"

die() {
    echo "check-install-deb: $*" >&2
    exit 1
}

# Seconds since $1 (an $EPOCHREALTIME value), one decimal.
since() {
    local start=${1//[.,]/} now=${EPOCHREALTIME//[.,]/}
    local tenths=$(((now - start + 50000) / 100000))
    printf '%d.%d s' $((tenths / 10)) $((tenths % 10))
}

# ---------------------------------------------------------------------------------------------------
# Inside the namespace: $1 = work directory, $2 = package, $3 = cache directory, $4 = mirror list file.
inside() {
    local work=$1 deb=$2 cache=$3 sources=$4
    local started=$EPOCHREALTIME t
    # Global: the EXIT trap runs after this function returned.
    root="$work/root"
    local deb_name
    deb_name=$(basename "$deb")
    local mirror
    mirror=$(awk 'NR == 1 { print $2 }' "$sources")

    # shellcheck disable=SC2317 # called by the EXIT trap
    unmount_all() {
        # Deepest first; the namespace drops whatever is left when its last process ends.
        if [ -d "$root" ]; then
            awk -v r="$root" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo \
                | sort -r | while read -r mountpoint; do umount -l "$mountpoint" 2>/dev/null || true; done
        fi
    }
    trap unmount_all EXIT
    trap 'exit 130' INT TERM

    # Runs a command in the root with a clean environment and no display.
    in_root() {
        chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
    }
    # Runs a command in the root, quiet unless it fails; its output is kept in $work/last.log.
    in_root_logged() {
        if ! in_root "$@" >"$work/last.log" 2>&1; then
            cat "$work/last.log" >&2
            die "failed in the clean root: $*"
        fi
    }

    # The base system.
    local key base
    key=$(printf '%s\n' v1 "$suite" "$(dpkg --print-architecture)" minbase "$mirror" | sha256sum | cut -c1-12)
    base="$cache/base-$suite-$key.tar.zst"
    # In memory when there is room (about 1 GB once installed): unpacking, installing and removing
    # the root then take no disk writes, and the root vanishes with the namespace.
    mkdir "$root"
    local where="on disk"
    if [ "$(awk '/^MemAvailable:/ { print int($2 / 1048576) }' /proc/meminfo)" -ge 6 ]; then
        mount -t tmpfs -o size=3g,mode=755 clean-root "$root"
        where="in memory"
    fi
    if [ -f "$base" ] && [ -n "$(find "$base" -mtime -"${TOKENSCOPE_ROOT_MAX_AGE_DAYS:-30}")" ]; then
        t=$EPOCHREALTIME
        zstd -q -dc "$base" | tar -C "$root" --numeric-owner -xpf -
        echo "root: Debian 12 ($suite) minbase from the cache, $(du -h "$base" | cut -f1) tarball, unpacked $where in $(since "$t")"
    else
        t=$EPOCHREALTIME
        # A new key (another mirror) or an old root: what the previous one cached goes.
        rm -f "$cache"/base-"$suite"-*.tar.zst
        find "$cache" -mindepth 1 -maxdepth 1 -type d \( -name 'archives-*' -o -name 'lists-*' \) \
            ! -name "*-$key" -exec rm -rf {} +
        if ! debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
            tail -n 30 "$work/debootstrap.log" >&2
            die "debootstrap failed (log above); check access to $mirror"
        fi
        # debootstrap leaves the base system's .deb files in apt's archives folder.
        tar -C "$root" --numeric-owner --exclude='./var/cache/apt/archives/*.deb' -cf - . \
            | zstd -q -T0 -o "$base.partial"
        mv "$base.partial" "$base"
        echo "root: Debian 12 ($suite) minbase made $where with debootstrap from $mirror in $(since "$t"), cached as $(basename "$base") ($(du -h "$base" | cut -f1))"
    fi

    # What a chroot needs: its own /proc (this PID namespace), /sys, /dev with a private /dev/shm, the
    # host's name resolution, and apt's caches bind-mounted from the cache folder.
    mount -t proc proc "$root/proc"
    mount -t sysfs -o ro sysfs "$root/sys"
    mount --rbind /dev "$root/dev"
    mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
    mkdir -p "$cache/archives-$key/partial" "$cache/lists-$key/partial"
    mount --bind "$cache/archives-$key" "$root/var/cache/apt/archives"
    mount --bind "$cache/lists-$key" "$root/var/lib/apt/lists"
    cp -L /etc/resolv.conf "$root/etc/resolv.conf"
    cp "$sources" "$root/etc/apt/sources.list"
    # No service starts in the root (Debian policy §9.3.3.1, invoke-rc.d).
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod 755 "$root/usr/sbin/policy-rc.d"
    # The root is thrown away: dpkg need not sync every file it unpacks.
    echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/clean-root-check"
    {
        echo 'Acquire::Languages "none";'
        echo 'APT::Install-Recommends "false";'
        # The archives folder is shared with later runs; apt keeps what it downloaded.
        echo 'APT::Keep-Downloaded-Packages "true";'
        [ -z "${http_proxy:-}" ] || echo "Acquire::http::Proxy \"$http_proxy\";"
        [ -z "${https_proxy:-}" ] || echo "Acquire::https::Proxy \"$https_proxy\";"
    } >"$root/etc/apt/apt.conf.d/90clean-root-check"

    t=$EPOCHREALTIME
    in_root_logged apt-get update
    echo "apt-get update: $(sed -n 1p "$root/etc/apt/sources.list" | cut -d' ' -f2-3) and $(($(wc -l <"$root/etc/apt/sources.list") - 1)) more, $(since "$t")"

    # The package, with nothing but its own Depends.
    cp "$deb" "$root/tmp/$deb_name"
    local before after
    before=$(in_root dpkg-query -W -f '${Package}\n' | sort)
    t=$EPOCHREALTIME
    in_root_logged sh -c "cd /tmp && apt-get install -y --no-install-recommends ./$deb_name"
    local install_time
    install_time=$(since "$t")
    after=$(in_root dpkg-query -W -f '${Package}\n' | sort)
    local added
    added=$(comm -13 <(echo "$before") <(echo "$after") | { grep -vx tokenscope || true; } | wc -l)
    in_root dpkg-query -W -f '${db:Status-Status}' tokenscope | grep -qx installed \
        || die "apt-get did not install tokenscope"
    echo "install: apt-get install ./$deb_name resolved $added packages from its Depends, $(du -sh "$root/usr" | cut -f1) under /usr, $install_time"
    local depends name alternative version resolved=()
    depends=$(in_root dpkg-query -W -f '${Depends}' tokenscope)
    for name in $(tr ',' '\n' <<<"$depends" | sed -E 's/\(.*\)//; s/[[:space:]]//g'); do
        # An alternative (a | b) resolves to whichever is installed.
        version=
        for alternative in ${name//|/ }; do
            version=$(in_root dpkg-query -W -f '${Version}' "$alternative" 2>/dev/null || true)
            [ -n "$version" ] && name=$alternative && break
        done
        [ -n "$version" ] || die "dependency $name is not installed"
        resolved+=("$name $version")
    done
    echo "  Depends (${#resolved[@]}): $(printf '%s, ' "${resolved[@]}" | sed 's/, $//')"

    # Without a display: no DISPLAY, no WAYLAND_DISPLAY, no QT_QPA_PLATFORM.
    local version_wanted output
    version_wanted=$(dpkg-deb -f "$deb" Version)
    # A desktop session has a runtime folder; without one Qt only warns.
    in_root install -d -m 700 /tmp/home /tmp/runtime
    check() {
        local what=$1 status=0
        shift
        t=$EPOCHREALTIME
        output=$(in_root /usr/bin/env HOME=/tmp/home XDG_RUNTIME_DIR=/tmp/runtime timeout 120 "$@" \
            2>"$work/stderr.log") || status=$?
        if [ "$status" -ne 0 ]; then
            printf '%s\n' "$output" >&2
            cat "$work/stderr.log" >&2
            die "check failed with exit status $status: $what (output above)"
        fi
    }
    check "tokenscope --version" tokenscope --version
    grep -qF "$version_wanted" <<<"$output" \
        || die "tokenscope --version does not name $version_wanted: $output"
    echo "check: tokenscope --version without a display: \"$(head -n 1 <<<"$output")\" ($(since "$t"))"
    check "tokenscope --help" tokenscope --help
    grep -q -- '--check-components' <<<"$output" || die "tokenscope --help lists no --check-components: $output"
    echo "check: tokenscope --help without a display ($(since "$t"))"
    check "tokenscope --check-components" tokenscope --check-components
    echo "check: tokenscope --check-components without a display: $(tr '\n' ';' <<<"$output" | sed 's/;$//; s/;/; /g') ($(since "$t"))"
    if in_root dpkg -L tokenscope | grep -qx /usr/bin/tokenscope-cli; then
        check "tokenscope-cli --help" tokenscope-cli --help
        echo "check: tokenscope-cli --help ($(since "$t"))"
    else
        echo "check: tokenscope-cli: not in the package"
    fi

    # A start to a shown window; Xvfb comes after the package's own dependencies resolved.
    t=$EPOCHREALTIME
    before=$(in_root dpkg-query -W -f '${Package}\n' | sort)
    in_root_logged apt-get install -y --no-install-recommends xvfb xauth
    after=$(in_root dpkg-query -W -f '${Package}\n' | sort)
    echo "xvfb: installed for the start check, $(comm -13 <(echo "$before") <(echo "$after") | wc -l) more packages, $(since "$t")"
    check "tokenscope --exit-after-show under Xvfb" \
        xvfb-run --auto-servernum --server-args='-screen 0 1280x800x24' tokenscope --exit-after-show
    echo "check: tokenscope under Xvfb: window shown, exit 0 ($(since "$t"))"
    in_root rm -rf /tmp/home /tmp/runtime

    # Removal: nothing the package listed survives, except directories other packages own too.
    local listed leftovers=()
    listed=$(in_root dpkg -L tokenscope)
    t=$EPOCHREALTIME
    in_root_logged apt-get purge -y tokenscope
    in_root dpkg-query -W -f '${db:Status-Status}' tokenscope 2>/dev/null | grep -qx installed \
        && die "tokenscope is still installed after apt-get purge"
    local path count=0
    while read -r path; do
        if [ -z "$path" ] || [ "$path" = "/." ]; then continue; fi
        count=$((count + 1))
        [ -e "$root$path" ] || [ -L "$root$path" ] || continue
        if [ -d "$root$path" ] && [ ! -L "$root$path" ] && in_root dpkg-query -S "$path" >/dev/null 2>&1; then
            continue
        fi
        leftovers+=("$path")
    done <<<"$listed"
    [ "${#leftovers[@]}" -eq 0 ] || die "left behind after apt-get purge: ${leftovers[*]}"
    local named
    named=$(cd "$root" && { find usr etc opt var/lib -iname '*tokenscope*' 2>/dev/null || true; })
    [ -z "$named" ] || die "files named like tokenscope after apt-get purge: $named"
    echo "purge: apt-get purge tokenscope: all $count listed paths gone (directories shared with other packages excepted), nothing named like tokenscope under /usr /etc /opt /var/lib ($(since "$t"))"

    # Archives no longer on the mirror leave the cache.
    in_root_logged apt-get autoclean
    echo "clean-root install: $deb_name ok in $(since "$started"); cache $(du -sh "$cache" | cut -f1) in $cache"
}

# ---------------------------------------------------------------------------------------------------
if [ "${1:-}" = "--in-namespace" ]; then
    shift
    inside "$@"
    exit 0
fi

input="${1:?$usage}"
if [ -d "$input" ]; then
    deb=$(find "$input" -maxdepth 1 -name 'tokenscope_*.deb' -printf '%T@ %p\n' | sort -rn | head -n 1 | cut -d' ' -f2-)
    [ -n "$deb" ] || die "no tokenscope_*.deb in $input; build it with: (cd $input && cpack -G DEB)"
else
    deb=$input
fi
[ -f "$deb" ] || die "no such package: $deb"
deb=$(realpath "$deb")

if [ "$(id -u)" -ne 0 ]; then
    die "needs root to make the clean root (debootstrap, chroot, mounts); run: sudo $0 $input"
fi
for tool in debootstrap chroot unshare pgrep zstd apt-get dpkg-deb; do
    command -v "$tool" >/dev/null || die "$tool is missing; run scripts/setup.sh"
done

# The root's sources.list: the Debian 12 repositories the host's apt uses (the same mirror), or
# TOKENSCOPE_DEBIAN_MIRROR on a machine that has none.
sources=$(mktemp)
if [ -n "${TOKENSCOPE_DEBIAN_MIRROR:-}" ]; then
    echo "deb $TOKENSCOPE_DEBIAN_MIRROR $suite main" >"$sources"
else
    apt-get indextargets --format '$(ORIGIN)|$(RELEASE)|$(REPO_URI)|$(COMPONENT)' \
        'Identifier: Packages' 'Target-Of: deb' 2>/dev/null \
        | awk -F'|' -v s="$suite" '$1 == "Debian" && $4 == "main" && ($2 == s || $2 == s "-updates" || $2 == s "-security") { print }' \
        | sort -u -t'|' -k2,2 \
        | awk -F'|' -v s="$suite" '{ line = "deb " $3 " " $2 " main" } $2 == s { print line; next } { rest = rest line "\n" } END { printf "%s", rest }' \
            >"$sources"
fi
if ! grep -q " $suite main\$" "$sources"; then
    rm -f "$sources"
    die "the host's apt sources have no Debian 12 ($suite) main repository; set TOKENSCOPE_DEBIAN_MIRROR, e.g. http://deb.debian.org/debian"
fi

# A proxy the host's apt uses serves debootstrap and the root's apt as well.
apt_http_proxy='' apt_https_proxy=''
eval "$(apt-config shell apt_http_proxy Acquire::http::Proxy apt_https_proxy Acquire::https::Proxy)"
[ -z "$apt_http_proxy" ] || export http_proxy="${http_proxy:-$apt_http_proxy}"
[ -z "$apt_https_proxy" ] || export https_proxy="${https_proxy:-$apt_https_proxy}"

cache="${TOKENSCOPE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tokenscope}/debian-root"
mkdir -p "$cache"
work=$(mktemp -d -p "${TMPDIR:-/var/tmp}" tokenscope-clean-root.XXXXXX)
namespace_pid=
# Ends the namespace: its first process is killed, and the kernel ends every other process in it (apt
# and dpkg ignore Ctrl+C while they work) and drops its mounts before that first process is gone.
# shellcheck disable=SC2317 # called by the traps
end_namespace() {
    [ -n "$namespace_pid" ] || return 0
    local first state
    first=$(pgrep -P "$namespace_pid" || true)
    kill -KILL "$namespace_pid" ${first:+"$first"} 2>/dev/null || true
    wait "$namespace_pid" 2>/dev/null || true
    while [ -n "$first" ] && state=$(awk '/^State:/ { print $2 }' "/proc/$first/status" 2>/dev/null) \
        && [ "$state" != Z ]; do
        sleep 0.1
    done
    namespace_pid=
}
# shellcheck disable=SC2317 # called by the traps
cleanup() {
    end_namespace
    # The mounts were only ever in the namespace; refuse to delete through one all the same.
    if grep -qF " $work/" /proc/self/mountinfo; then
        echo "check-install-deb: $work still has mounts; not removing it" >&2
    else
        rm -rf --one-file-system "$work"
    fi
    rm -f "$sources"
}
trap cleanup EXIT
trap 'echo "check-install-deb: interrupted; removing the clean root" >&2; exit 130' INT TERM

echo "package: $(basename "$deb") ($(dpkg-deb -f "$deb" Version), $(dpkg-deb -f "$deb" Architecture), $(du -h "$deb" | cut -f1))"
# One run at a time uses the cache (apt locks its archives folder).
exec 9>"$cache/lock"
if ! flock -n 9; then
    echo "check-install-deb: waiting for another run to release $cache" >&2
    flock 9
fi
# In the background so that `wait` returns, and the trap runs, as soon as a signal arrives.
unshare --mount --pid --fork --kill-child --propagation private \
    "$0" --in-namespace "$work" "$deb" "$cache" "$sources" &
namespace_pid=$!
status=0
wait "$namespace_pid" || status=$?
namespace_pid=
exit "$status"
