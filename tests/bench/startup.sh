#!/usr/bin/env bash
# Start-up benchmark: how long Tokenscope takes from exec to its first shown window, and its peak
# resident memory by then (the idle footprint). Run on a release build under a display, e.g.
#   xvfb-run -a tests/bench/startup.sh build/release/bin/tokenscope
# Prints one JSON object: {"startup_ms_mean", "startup_ms_min", "startup_ms_max", "runs", "peak_rss_kib"}.
set -euo pipefail
binary="${1:?usage: startup.sh PATH/TO/tokenscope [RUNS]}"
runs="${2:-40}"
command -v hyperfine >/dev/null || { echo "startup.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
workspace=$(mktemp -d)
results=$(mktemp)
trap 'rm -rf "$workspace" "$results"' EXIT
# A fresh, empty workspace each time, so the figures do not depend on what a developer has open.
hyperfine --warmup 3 --runs "$runs" --style none --export-json "$results" \
    "$binary --workspace $workspace --exit-after-show" >/dev/null
rss=$(/usr/bin/time -f %M "$binary" --workspace "$workspace" --exit-after-show 2>&1 >/dev/null | tail -n 1)
python3 - "$results" "$runs" "$rss" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(json.dumps({"startup_ms_mean": round(r["mean"] * 1000, 1), "startup_ms_min": round(r["min"] * 1000, 1),
                  "startup_ms_max": round(r["max"] * 1000, 1), "runs": int(sys.argv[2]), "peak_rss_kib": int(sys.argv[3])}))
PY
