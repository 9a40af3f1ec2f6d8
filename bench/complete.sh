#!/bin/sh
# complete.sh - the speed target of completion (issue 16): 'bilan
# __complete' answers in at most 20 ms on a workspace of 10,000 journal
# entries (plus pistes, to-dos, enquêtes, séances), whatever is completed:
# the commands, an option's values, every journal id, a prefix of them,
# the questionnaires, the ROME codes.  It reads folder listings only, never
# the repository.  Prints one line per case (hyperfine's mean and median)
# and writes them in bench/RESULTS.md under "## Completion".
#
#   bench/complete.sh [BUILD_DIR]      (default: build)
#
# Needs hyperfine (apt-get install -y hyperfine).  RUNS (default 30) timed
# runs per case after WARMUP (default 5); KEEP=1 keeps the workspace;
# NO_WRITE=1 leaves RESULTS.md alone.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-build}
case $build in /*) ;; *) build=$src/$build ;; esac
runs=${RUNS:-30}
warmup=${WARMUP:-5}
n=${ENTRIES:-10000}

command -v hyperfine >/dev/null || { echo "complete.sh: hyperfine is needed (apt-get install -y hyperfine)" >&2; exit 1; }
ninja -C "$build" cmd/bilan >/dev/null
BILAN=$build/cmd/bilan

work=$(mktemp -d /tmp/bilan-bench-complete-XXXXXX)
if [ -n "${KEEP:-}" ]; then echo "keeping $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
export HOME="$work/home" XDG_CONFIG_HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
export TZ=Europe/Paris LANG=C.UTF-8 LC_ALL=C.UTF-8
unset BILAN_DIR 2>/dev/null || true
mkdir -p "$HOME"
umask 077

W=$work/ws
"$BILAN" init --quiet --name "Camille Martin" --timezone Europe/Paris "$W"
# n entries sharded in journal/YYYY/MM/ (3 a day from 2016), 200 pistes,
# 500 to-dos, 300 enquêtes, 100 séances: only the files matter here.
awk -v n="$n" -v w="$W" 'BEGIN {
	for (i = 1; i <= n; i++) {
		t = 1451606400 + i * 28800
		y = 2016 + int(i / 1095); m = 1 + int((i % 1095) / 92)
		d = sprintf("%s/journal/%04d/%02d", w, y, m)
		if (!(d in made)) { system("mkdir -p " d); made[d] = 1 }
		f = sprintf("%s/%04d%02d%02dT%06dZ-b%03d.yaml", d, y, m, 1 + i % 28, i % 240000, i % 1000)
		printf "id: x\n" > f; close(f)
	}
	system("mkdir -p " w "/pistes " w "/todo " w "/enquetes " w "/seances")
	for (i = 1; i <= 200; i++) { f = sprintf("%s/pistes/piste-%03d.yaml", w, i); printf "x: 1\n" > f; close(f) }
	for (i = 1; i <= 500; i++) { f = sprintf("%s/todo/todo-%04d.yaml", w, i); printf "x: 1\n" > f; close(f) }
	for (i = 1; i <= 300; i++) { f = sprintf("%s/enquetes/enquete-%03d.yaml", w, i); printf "x: 1\n" > f; close(f) }
	for (i = 1; i <= 100; i++) { f = sprintf("%s/seances/seance-%03d.yaml", w, i); printf "x: 1\n" > f; close(f) }
}'
count=$(find "$W/journal" -name '*.yaml' | wc -l)
echo "workspace: $count journal entries" >&2

cd "$W"
json=$work/results.json
hyperfine -N --runs "$runs" --warmup "$warmup" --export-json "$json" \
	-n "commands" "$BILAN __complete ''" \
	-n "journal add --kind VALUE" "$BILAN __complete journal add --kind ''" \
	-n "journal show ID (all 10k ids)" "$BILAN __complete journal show ''" \
	-n "journal show 2019ID (a prefix)" "$BILAN __complete journal show 2019" \
	-n "todo done ID" "$BILAN __complete todo done ''" \
	-n "piste show SLUG" "$BILAN __complete piste show ''" \
	-n "test run QUESTIONNAIRE" "$BILAN __complete test run ''" \
	-n "metier show CODE (ROME index)" "$BILAN __complete metier show ''" \
	-n "journal add --OPTION" "$BILAN __complete journal add --" >/dev/null

table=$(python3 - "$json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("| completing | wall mean | wall median | wall max | CPU (user + sys) mean |")
print("|---|---|---|---|---|")
for r in d["results"]:
    print("| `%s` | %.1f ms | %.1f ms | %.1f ms | %.1f ms |" % (r["command"], r["mean"] * 1000, r["median"] * 1000, r["max"] * 1000, (r["user"] + r["system"]) * 1000))
PY
)
echo "$table"

[ -n "${NO_WRITE:-}" ] && exit 0
results=$src/bench/RESULTS.md
section=$(cat <<EOS
## Completion

\`bench/complete.sh $(basename "$build")\`: \`bilan __complete WORDS...\` (what the bash
and zsh completions run at each TAB) in a workspace of $count journal entries sharded in
\`journal/YYYY/MM/\`, 200 pistes, 500 to-dos, 300 enquêtes, 100 séances (hyperfine
$(hyperfine --version | cut -d' ' -f2), -N, $runs runs after $warmup warm-ups).  Target: at most 20 ms.
It lists folders (readdir only), never opens the repository nor reads a file but the
ROME index (mapped) for codes.  On a machine shared with other builds the wall
times are inflated several times over; the CPU time (user + sys) is the figure that holds.
Machine: \`nproc\` = $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end, $(date -u +%F).

$table
EOS
)
python3 - "$results" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
if "## Completion\n" in text:
    text = re.sub(r"## Completion\n.*?(?=\n## |\Z)", section + "\n", text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "written: $results" >&2
