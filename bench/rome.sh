#!/bin/sh
# rome.sh - time "bilan metier" search, show and suggest from process start
# (exec, dynamic loading, mapping and checking the whole ROME index, the
# answer, exit), and their peak memory.
#
#   bench/rome.sh [BUILD_DIR]                   (default: build-rome)
#
# Needs hyperfine (apt-get install hyperfine).  RUNS (default 50) timed runs
# per case after WARMUP (default 5).  Output goes to /dev/null (no pager:
# stdout is not a terminal).  Targets (issue 5): search and show < 30 ms,
# suggest < 50 ms, peak RSS < 64 MB.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-build-rome}
runs=${RUNS:-50}
warmup=${WARMUP:-5}
case $build in /*) ;; *) build=$src/$build ;; esac

command -v hyperfine >/dev/null || { echo "rome.sh: hyperfine is needed" >&2; exit 1; }
ninja -C "$build" cmd/bilan tools/rome.idx >/dev/null
bilan=$build/cmd/bilan
export BILAN_ROME_INDEX="$build/tools/rome.idx" LC_ALL=C.UTF-8 LANG=C.UTF-8

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
echo "index: $(stat -c %s "$BILAN_ROME_INDEX") bytes"

run() {
	name=$1
	shift
	json=$(mktemp)
	hyperfine -N -w "$warmup" -r "$runs" --export-json "$json" "$*" >/dev/null 2>&1 ||
		hyperfine -w "$warmup" -r "$runs" --export-json "$json" "$*" >/dev/null
	rss=$(/usr/bin/env time -f %M "$@" 2>&1 >/dev/null | tail -1)
	python3 - "$json" "$name" "$rss" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%-38s wall mean %6.1f  median %6.1f  min %5.1f ms | cpu (user+sys) %5.1f ms | peak RSS %4.1f MB" % (
    sys.argv[2], r["mean"] * 1e3, r["median"] * 1e3, r["min"] * 1e3,
    (r["user"] + r["system"]) * 1e3, int(sys.argv[3]) / 1024))
PY
	rm -f "$json"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
run "baseline: bilan version" "$bilan" version
run "search infirmiere bloc" "$bilan" metier search infirmiere bloc
run "search agent (many hits)" "$bilan" metier search -n 10000 agent
run "search --json a (prefix, 1500+)" "$bilan" metier search --json -n 100000 a
run "search devloppeur (typo: 1 missing)" "$bilan" metier search devloppeur
run "search kinesiterapeut (typo: 2 off)" "$bilan" metier search kinesiterapeut
run "show J1504" "$bilan" metier show J1504
run "show --json K2111" "$bilan" metier show --json K2111
run "suggest --profile SAI" "$bilan" metier suggest --profile SAI
run "suggest --json -n 2000 --profile RIC" "$bilan" metier suggest --json -n 2000 --profile RIC
