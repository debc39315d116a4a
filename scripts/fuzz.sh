#!/usr/bin/env bash
# Fuzzes the engine's parsers: builds the fuzz preset (clang, libFuzzer, ASan + UBSan) and runs every
# target under tests/fuzz for SECONDS (default 600) on a copy of its seed corpus, so nothing the fuzzer
# generates lands in the repository. Fails on any crash, leak, timeout or out-of-memory; what it found is
# kept under build/fuzz/findings/<target>/. Prints executions, coverage and corpus size per target.
#
#   scripts/fuzz.sh [SECONDS]              FUZZ_JOBS=N runs N targets at once (default 1)
#   FUZZ_TARGETS="jwt jwks" scripts/fuzz.sh 60     only these targets
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

seconds="${1:-600}"
jobs="${FUZZ_JOBS:-1}"
all_targets=(jwt jwks token_response discovery callback loopback_request endpoint_answers flowlog_oracle workspace jsonreindent markupdocument)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"

case "$seconds" in '' | *[!0-9]*) echo "tokenscope fuzz: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;; esac
case "$jobs" in '' | *[!0-9]* | 0) echo "tokenscope fuzz: FUZZ_JOBS must be 1 or more, not '$jobs'" >&2; exit 2 ;; esac

# Seeds and dictionaries: tests/fuzz/corpus/<target>/ and the dictionary that suits the input's syntax.
dictionary_for() {
    case "$1" in
        jwt) echo jwt.dict ;;
        callback | loopback_request) echo http.dict ;;
        markupdocument) echo xml.dict ;;
        *) echo json.dict ;;
    esac
}

echo "== build: fuzz preset"
build_log=$(mktemp)
if ! { cmake --preset fuzz && cmake --build --preset fuzz; } >"$build_log" 2>&1; then
    cat "$build_log" >&2
    rm -f "$build_log"
    echo "tokenscope fuzz: the fuzz preset did not build" >&2
    exit 1
fi
rm -f "$build_log"

bin="$root/build/fuzz/bin"
findings="$root/build/fuzz/findings"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Leaks are findings; so is any undefined behaviour (the build does not let UBSan recover).
export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

run_target() {
    local target=$1
    local corpus="$work/$target/corpus" artifacts="$findings/$target"
    # Only this run's findings: an older one, fixed since, would only mislead.
    rm -rf "$artifacts"
    mkdir -p "$corpus" "$artifacts"
    cp "tests/fuzz/corpus/$target/"* "$corpus/"
    (
        cd "$work/$target"
        "$bin/fuzz_$target" "$corpus" \
            -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -detect_leaks=1 \
            -dict="$root/tests/fuzz/corpus/$(dictionary_for "$target")" \
            -artifact_prefix="$artifacts/" -print_final_stats=1 >"$work/$target/log" 2>&1
    )
}

# One line per target from libFuzzer's last stats line ("#123 … cov: 456 ft: 789 corp: 12/3456b …") and
# its final statistics.
report() {
    local target=$1 status=$2 log="$work/$1/log"
    local stats runs cov ft corp
    stats=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -1 || true)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$stats")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$stats")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<<"$stats")
    printf '%-18s %-6s executions %-10s cov %-6s ft %-7s corpus %s\n' \
        "$target" "$status" "${runs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
}

echo "== fuzz: ${#targets[@]} targets, ${seconds} s each, $jobs at a time"
declare -A pid_of=()
failed=()
finish() {
    local target=$1
    if wait "${pid_of[$target]}" && ! grep -qE '^==[0-9]+==ERROR|^SUMMARY: ' "$work/$target/log"; then
        report "$target" ok
    else
        report "$target" FAILED
        failed+=("$target")
    fi
}

running=()
for target in "${targets[@]}"; do
    [ -x "$bin/fuzz_$target" ] || { echo "tokenscope fuzz: no target $target" >&2; exit 2; }
    mkdir -p "$work/$target"
    run_target "$target" &
    pid_of[$target]=$!
    running+=("$target")
    if [ "${#running[@]}" -ge "$jobs" ]; then
        finish "${running[0]}"
        running=("${running[@]:1}")
    fi
done
for target in "${running[@]}"; do
    finish "$target"
done

if [ "${#failed[@]}" -gt 0 ]; then
    for target in "${failed[@]}"; do
        echo >&2
        echo "== $target: the end of libFuzzer's output" >&2
        tail -40 "$work/$target/log" >&2
    done
    echo >&2
    echo "tokenscope fuzz: failed: ${failed[*]}; the inputs are in $findings/<target>/" >&2
    echo "Reproduce one with: build/fuzz/bin/fuzz_<target> <input>; once fixed, add it to" >&2
    echo "tests/fuzz/corpus/<target>/ as crash-<what>." >&2
    exit 1
fi
echo "tokenscope fuzz: all clean"
