#!/bin/sh
# portfolio.sh - time "bilan portfolio" over N generated consultant clones
# (default 500): the budget is 2 s for 500 on a 2-core machine.
#
#   bench/portfolio.sh [BUILD_DIR] [N]      (defaults: build, 500)
#
# One real workspace is made and shared (so its resume.yaml is the one
# 'bilan sync' writes), cloned, and the clone copied N times with other
# names, phases and dates.  Prints the median of RUNS (default 7) runs of
# each format, in milliseconds; KEEP=1 keeps the files.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-build}
n=${2:-500}
runs=${RUNS:-7}
case $build in /*) ;; *) build=$src/$build ;; esac
ninja -C "$build" cmd/bilan >/dev/null
BILAN=$build/cmd/bilan

work=$(mktemp -d /tmp/bilan-bench-portfolio-XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 TZ=Europe/Paris
mkdir -p "$HOME"
git config --global user.name Bench
git config --global user.email bench@example.org
git config --global init.defaultBranch main

ws=$work/ws
"$BILAN" init --quiet --name "Camille Martin" --consultant "Sophie Durand" \
	--start 2026-09-01 --weekly-goal 2h "$ws"
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$BILAN" -C "$ws" journal add -q -t "Entrée $i" --duration 45min "Texte de l'entrée $i."
done
"$BILAN" -C "$ws" journal add -q --private -t "Privée" --duration 1h "Privé."
git init -q --bare "$work/remote.git"
"$BILAN" -C "$ws" share init "$work/remote.git" --to "Sophie Durand" >/dev/null
"$BILAN" -C "$ws" sync >/dev/null
git clone -q "$work/remote.git" "$work/model"

mkdir -p "$work/clones"
phases="preliminaire investigation conclusions terminee"
i=1
while [ "$i" -le "$n" ]; do
	d=$work/clones/b$(printf %04d "$i")
	cp -r "$work/model" "$d"
	set -- $phases
	shift $((i % 4))
	sed -i "s/^  name: Camille Martin/  name: Bénéficiaire $i/; s/^phase: .*/phase: ${1:-terminee}/" "$d/bilan.yaml"
	i=$((i + 1))
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() {
	s=$(date +%s%N)
	"$@" >/dev/null
	e=$(date +%s%N)
	echo $(((e - s) / 1000000))
}
echo "bilan portfolio over $n clones ($(nproc) cores, $(uname -m)), median of $runs runs:"
for f in text json md html; do
	"$BILAN" portfolio --format "$f" "$work/clones" >/dev/null   # warm the page cache
	r=$(for k in $(seq "$runs"); do ms "$BILAN" portfolio --format "$f" "$work/clones"; done | median)
	echo "  --format $f: $r ms"
done
rows=$("$BILAN" portfolio --format json "$work/clones" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["beneficiaries"]))')
echo "  rows: $rows"
[ "$rows" -eq "$n" ]
