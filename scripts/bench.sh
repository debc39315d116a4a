#!/usr/bin/env bash
# The large-body benchmark: builds tokenscope-bench, tokenscope-bench-viewer and tokenscope in the release
# preset, writes their seeded fixtures into build/bench-fixtures (kept between runs), times `jq .` and the
# engine on the same 100 MB file, and prints the figures, as text or (--json) as one JSON object with
# exactly these keys:
#   pretty_mb_per_s, jq_mb_per_s, index_ms_100mb   the engine (tokenscope-bench --measure)
#   first_screen_ms_100mb, first_screen_ms_1gb     the viewer widget offscreen (tokenscope-bench-viewer
#                                                  first-screen): body handed over → first coloured screen
#                                                  painted; the 1 GB figure only with --large, else null
#   peak_rss_mb_100mb                              the whole viewer process, pane open, index complete
#                                                  (tokenscope-bench-viewer peak-rss)
#   search_ms_100mb                                a literal found once near the end, as the search bar runs
#                                                  it (tokenscope-bench-viewer search)
#   gui_max_block_ms                               longest GUI-thread stall while the body arrives from a
#                                                  loopback server and is shown (tokenscope-bench-viewer
#                                                  gui-block), the worst of three runs
#   startup_ms, idle_rss_mb                        tests/bench/startup.sh on the release tokenscope, under
#                                                  the display or xvfb-run; null (with the reason on
#                                                  stderr) when hyperfine or a display is missing
# --large also writes the 1 GB fixture and measures the engine and the first screen on it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
json=0
large=0
for arg in "$@"; do
    case "$arg" in
    --json) json=1 ;;
    --large) large=1 ;;
    *) echo "usage: scripts/bench.sh [--json] [--large]" >&2; exit 2 ;;
    esac
done

say() { [ "$json" = 1 ] || echo "$@"; }

cd "$root"
[ -d build/release ] || cmake --preset release >/dev/null
cmake --build --preset release --target tokenscope-bench tokenscope-bench-viewer tokenscope -j2 >/dev/null
bench=build/release/bin/tokenscope-bench
viewer() { QT_QPA_PLATFORM=offscreen build/release/bin/tokenscope-bench-viewer "$@"; }
fixtures=build/bench-fixtures
if [ ! -f "$fixtures/minified-100mb.json" ] || { [ "$large" = 1 ] && [ ! -f "$fixtures/minified-1gb.json" ]; }; then
    say "Writing fixtures into $fixtures ..."
    large_flag=()
    [ "$large" = 1 ] && large_flag=(--large)
    "$bench" --generate "$fixtures" "${large_flag[@]}"
fi
file="$fixtures/minified-100mb.json"

say "Timing jq . on $file ..."
jq_seconds=$( { /usr/bin/time -f %e jq . "$file" >/dev/null; } 2>&1 | tail -n 1)
[ "$json" = 1 ] && echo "jq . on $file: $jq_seconds s" >&2
say "Measuring the engine on $file ..."
measure=$("$bench" --measure "$file")
measure_1gb=null
if [ "$large" = 1 ]; then
    say "Measuring the engine on $fixtures/minified-1gb.json ..."
    measure_1gb=$("$bench" --measure "$fixtures/minified-1gb.json")
fi

say "Measuring the viewer on $file ..."
first_screen=$(viewer first-screen "$file")
peak_rss=$(viewer peak-rss "$file")
search=$(viewer search "$file" tokenscope-needle)
# Stalls vary with how much loopback hands over at once: the worst of three runs.
gui_block=$(for run in 1 2 3; do viewer gui-block "$file"; done | python3 -c 'import json, sys
print(json.dumps(max((json.loads(line) for line in sys.stdin), key=lambda r: r["gui_max_block_ms"])))')
first_screen_1gb=null
if [ "$large" = 1 ]; then
    say "Measuring the viewer on $fixtures/minified-1gb.json ..."
    first_screen_1gb=$(viewer first-screen "$fixtures/minified-1gb.json")
fi

startup=null
if ! command -v hyperfine >/dev/null; then
    echo "startup_ms, idle_rss_mb: null, hyperfine is not installed (apt-get install hyperfine)" >&2
elif [ -n "${DISPLAY:-}" ]; then
    startup=$(tests/bench/startup.sh build/release/bin/tokenscope 20)
elif command -v xvfb-run >/dev/null; then
    startup=$(xvfb-run -a tests/bench/startup.sh build/release/bin/tokenscope 20)
else
    echo "startup_ms, idle_rss_mb: null, no display and no xvfb-run to give one" >&2
fi

python3 - "$json" "$(stat -c %s "$file")" "$jq_seconds" "$measure" "$measure_1gb" "$startup" \
    "$first_screen" "$peak_rss" "$search" "$gui_block" "$first_screen_1gb" <<'PY'
import json, sys
as_json, size, jq_seconds = sys.argv[1] == "1", int(sys.argv[2]), float(sys.argv[3])
measure, measure_1gb, startup, first_screen, peak_rss, search, gui_block, first_screen_1gb = (
    json.loads(a) for a in sys.argv[4:12])
result = {
    "pretty_mb_per_s": measure["pretty_mb_per_s"],
    "jq_mb_per_s": round(size / 1e6 / jq_seconds, 1),
    "first_screen_ms_100mb": first_screen["first_screen_ms"],
    "index_ms_100mb": measure["index_ms"],
    "peak_rss_mb_100mb": peak_rss["peak_rss_mb"],
    "search_ms_100mb": search["search_ms"],
    "first_screen_ms_1gb": first_screen_1gb["first_screen_ms"] if first_screen_1gb else None,
    "gui_max_block_ms": gui_block["gui_max_block_ms"],
    "startup_ms": startup["startup_ms_mean"] if startup else None,
    "idle_rss_mb": round(startup["peak_rss_kib"] / 1024, 1) if startup else None,
}
if as_json:
    print(json.dumps(result))
    sys.exit(0)
print(f"100 MB fixture, {size} bytes")
print(f"  re-indent (pretty):  {result['pretty_mb_per_s']} MB/s   jq .: {result['jq_mb_per_s']} MB/s "
      f"({result['pretty_mb_per_s'] / result['jq_mb_per_s']:.0f}x)")
print(f"  line index:          {measure['index_ms']} ms to complete, first lines after {measure['first_lines_ms']} ms, "
      f"{measure['lines']} lines, index {measure['index_memory_mb']} MB")
print(f"  peak RSS (engine):   {measure['peak_rss_mb']} MB   (viewer process, index complete: "
      f"{result['peak_rss_mb_100mb']} MB)")
print(f"  first screen:        {result['first_screen_ms_100mb']} ms after the body was handed to the viewer")
print(f"  search:              {search['search_ms']} ms (again {search['search_again_ms']} ms, "
      f"match case {search['search_match_case_ms']} ms)")
print(f"  GUI thread:          longest stall {result['gui_max_block_ms']} ms while receiving from loopback "
      f"(received after {gui_block['received_ms']} ms, indexed after {gui_block['indexed_ms']} ms)")
if measure_1gb:
    print(f"1 GB fixture: re-indent {measure_1gb['pretty_mb_per_s']} MB/s, index {measure_1gb['index_ms']} ms, "
          f"first lines after {measure_1gb['first_lines_ms']} ms, index {measure_1gb['index_memory_mb']} MB, "
          f"peak RSS {measure_1gb['peak_rss_mb']} MB, first screen {result['first_screen_ms_1gb']} ms")
if startup:
    print(f"start-up: {result['startup_ms']} ms, idle RSS {result['idle_rss_mb']} MB")
for key, value in result.items():
    if value is None:
        print(f"  {key}: not measured here (see the header of scripts/bench.sh)")
PY
