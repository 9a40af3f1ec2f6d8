#!/bin/sh
# commit.sh - time "add one new journal entry and commit it": git CLI vs
# bilan's commit path (bench/commit-bench), in workspaces of 10 and 10,000
# entries of ~300 bytes sharded in journal/YYYY/MM/, with as many commits.
#
#   bench/commit.sh [BUILD_DIR] [SIZES...]      (defaults: build-vcs, 10 10000)
#
# Needs git and hyperfine (apt-get install hyperfine).  RUNS (default 15)
# timed runs per case after WARMUP (default 3).  Prints one line per case
# and leaves hyperfine's JSON in $OUT; KEEP=1 keeps the workspaces.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-build-vcs}
[ $# -gt 0 ] && shift
sizes=${*:-10 10000}
runs=${RUNS:-15}
warmup=${WARMUP:-3}
case $build in /*) ;; *) build=$src/$build ;; esac

command -v hyperfine >/dev/null || { echo "commit.sh: hyperfine is needed" >&2; exit 1; }
ninja -C "$build" bench/commit-bench >/dev/null
bench=$build/bench/commit-bench

work=$(mktemp -d /tmp/bilan-bench-XXXXXX)
out=${OUT:-$work/results}
mkdir -p "$out"
# No user or system configuration: both sides see the same repository config.
export HOME="$work/home" XDG_CONFIG_HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
[ -n "${KEEP:-}" ] && echo "keeping $work" >&2 || trap 'rm -rf "$work"' EXIT

# fast-import stream of n commits, each adding one entry at
# journal/YYYY/MM/<id>.yaml, three entries a day from 2016-01-01.
stream() {
	awk -v n="$1" '
	function civil(days,   z, era, doe, yoe, doy, mp, d, m, y) {
		z = days + 719468; era = int(z / 146097); doe = z - era * 146097
		yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
		y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
		mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
		m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
		Y = y; M = m; D = d
	}
	BEGIN {
		base = 1451606400   # 2016-01-01T00:00:00Z
		msg = "journal: add entry\n\nBilan-Command: journal add\n"
		for (i = 1; i <= n; i++) {
			t = base + i * 28800
			civil(int(t / 86400))
			id = sprintf("%04d%02d%02d-%06d", Y, M, D, i)
			body = sprintf("id: %s\ndate: %04d-%02d-%02d\nduree: 45\nhumeur: 3\n" \
				"tags: [reflexion, metier]\ntexte: |\n" \
				"  Séance de travail personnel numéro %d : relecture des notes, " \
				"liste des compétences transférables, deux pistes à creuser et une " \
				"question à poser au consultant lors du prochain entretien.\n",
				id, Y, M, D, i)
			printf "commit refs/heads/main\ncommitter bench <bench@localhost> %d +0100\n", t
			printf "data %d\n%s\n", length(msg), msg
			printf "M 100644 inline journal/%04d/%02d/%s.yaml\n", Y, M, id
			printf "data %d\n%s\n", length(body), body
		}
	}'
}

make_ws() {
	ws=$work/ws-$1
	git init -q -b main "$ws"
	git -C "$ws" config user.name Bench
	git -C "$ws" config user.email bench@localhost
	LC_ALL=C stream "$1" | git -C "$ws" fast-import --quiet
	git -C "$ws" reset -q --hard main
	echo "$ws"
}

median_ms() { # hyperfine JSON -> median wall time in ms
	sed -n 's/.*"median": *\([0-9.e-]*\).*/\1/p' "$1" | head -1 |
		awk '{ printf "%.1f", $1 * 1000 }'
}

cpu_ms() { # hyperfine JSON -> mean user + system CPU time in ms
	u=$(sed -n 's/.*"user": *\([0-9.e-]*\).*/\1/p' "$1" | head -1)
	s=$(sed -n 's/.*"system": *\([0-9.e-]*\).*/\1/p' "$1" | head -1)
	awk -v u="$u" -v s="$s" 'BEGIN { printf "%.1f", (u + s) * 1000 }'
}

# Untimed before each run: take the previous new entry out of HEAD and the
# index (so the timed command adds a new file again), and rewrite it.
prep() {
	echo "cd '$1' && { git rm -q --cached --ignore-unmatch $2 && git commit -q --allow-empty -m prep; } >/dev/null && date +%s%N | sed 's/^/nouvelle: /' > $2 && cat journal/2016/01/*.yaml | head -c 300 >> $2"
}

printf '%-8s %-28s %10s %10s\n' entries case median_ms cpu_ms
for n in $sizes; do
	ws=$(make_ws "$n")
	f=journal/2026/11/nouvelle-entree.yaml
	mkdir -p "$ws/journal/2026/11"
	hyperfine -N --style none --runs "$runs" --warmup "$warmup" \
		--prepare "sh -c \"$(prep "$ws" $f)\"" \
		--export-json "$out/git-$n.json" \
		"sh -c 'cd $ws && git add $f && git commit -q -m x'" >/dev/null
	hyperfine -N --style none --runs "$runs" --warmup "$warmup" \
		--prepare "sh -c \"$(prep "$ws" $f)\"" \
		--export-json "$out/bilan-$n.json" \
		"$bench $ws $f" >/dev/null
	hyperfine -N --style none --runs "$runs" --warmup "$warmup" \
		--export-json "$out/sh-$n.json" "sh -c true" >/dev/null
	g=$(median_ms "$out/git-$n.json")
	b=$(median_ms "$out/bilan-$n.json")
	s=$(median_ms "$out/sh-$n.json")
	gc=$(cpu_ms "$out/git-$n.json")
	bc=$(cpu_ms "$out/bilan-$n.json")
	sc=$(cpu_ms "$out/sh-$n.json")
	printf '%-8s %-28s %10s %10s\n' "$n" "git add && git commit" "$g" "$gc" \
		"$n" "bilan commit path" "$b" "$bc" "$n" "(sh -c true, in git's)" "$s" "$sc"
	awk -v g="$g" -v b="$b" -v s="$s" -v gc="$gc" -v bc="$bc" -v sc="$sc" -v n="$n" 'BEGIN {
		printf "%-8s bilan/git: wall %.2f (%.2f without git case sh), cpu %.2f (%.2f)\n",
			n, b / g, b / (g - s), bc / gc, bc / (gc - sc) }'
	git -C "$ws" fsck --full >/dev/null 2>&1 || echo "fsck failed in $ws" >&2
done
