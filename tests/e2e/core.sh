#!/bin/sh
# End-to-end: init, discovery, status, log, check, save, upgrade, conventions.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"

case_ "init creates a private workspace with one commit"
run "$BILAN" init --name "Camille Martin" --consultant "Sophie Durand" --provider "Cabinet Horizon" \
	--funding cpf --start 2026-11-02 --end 2027-01-31 --weekly-goal 1h30 "$W"
expect_rc 0
expect_out "Created a bilan workspace"
expect_file "$W/bilan.yaml"
expect_file "$W/.gitignore"
expect_eq "$(stat -c %a "$W")" 700
expect_eq "$(stat -c %a "$W/bilan.yaml")" 600
expect_eq "$(commits "$W")" 1
expect_eq "$(git -C "$W" symbolic-ref --short HEAD)" main
expect_eq "$(git -C "$W" show --stat --format= HEAD | grep -c '|')" 2
expect_clean_repo "$W"
grep -q '^format: 3$' "$W/bilan.yaml" && ok || ko "format: 3 missing"
grep -qx "timezone: $TZ" "$W/bilan.yaml" && ok || ko "timezone from TZ missing"
grep -q '^weekly_goal: 1h30$' "$W/bilan.yaml" && ok || ko "weekly goal"
grep -q "start: '2026-11-02'\|start: \"2026-11-02\"\|start: 2026-11-02" "$W/bilan.yaml" && ok || ko "start date"
git -C "$W" log -1 --format=%B | grep -q '^Bilan-Command: init$' && ok || ko "trailer"
grep -q private "$W/.gitignore" && ko "private/ must not be ignored" || ok

case_ "init refuses an existing workspace and a non-empty directory, touching nothing"
before=$(snapshot "$W")
run "$BILAN" init "$W"
expect_rc 1
expect_err "already a bilan workspace"
expect_eq "$(snapshot "$W")" "$before"
mkdir "$T/full" && echo hello >"$T/full/notes.txt"
run "$BILAN" init "$T/full"
expect_rc 1
expect_err "not empty"
expect_no_file "$T/full/bilan.yaml"
expect_no_file "$T/full/.git"

case_ "bad option values list the valid ones"
run "$BILAN" init --funding banque "$T/x"
expect_rc 2
expect_err "cpf, plan, reclassement, france-travail, fonction-publique, personnel"
expect_no_file "$T/x"
run "$BILAN" init --start demain-matin "$T/x"
expect_rc 2
expect_no_file "$T/x"

case_ "funding by France Travail or a public employer: accepted, valid, named in the report"
for f in france-travail fonction-publique; do
	run "$BILAN" init -q --name "Camille Martin" --funding "$f" "$T/fund-$f"
	expect_rc 0
	grep -q "^funding: $f\$" "$T/fund-$f/bilan.yaml" && ok || ko "funding $f not stored"
	run "$BILAN" -C "$T/fund-$f" check --strict
	expect_rc 0
done
run "$BILAN" -C "$T/fund-france-travail" report
expect_out "France Travail (aide individuelle à la formation)"
run "$BILAN" -C "$T/fund-fonction-publique" report
expect_out "congé pour bilan de compétences de la fonction publique"

case_ "outside a workspace: a clear error and exit 1"
cd "$T"
run "$BILAN" status
expect_rc 1
expect_err "not in a bilan workspace"
expect_err "bilan init"

case_ "discovery: parent directory, -C, BILAN_DIR"
mkdir -p "$W/journal/deep"
cd "$W/journal/deep"
run "$BILAN" status
expect_rc 0
expect_out "Camille Martin"
cd "$T"
run "$BILAN" -C "$W" status
expect_rc 0
BILAN_DIR="$W" run "$BILAN" status
expect_rc 0
run "$BILAN" -C "$T/nowhere" status
expect_rc 1
rmdir "$W/journal/deep" "$W/journal"

case_ "help and version work anywhere"
run "$BILAN" --help
expect_rc 0
expect_out "init"
run "$BILAN" help status
expect_rc 0
expect_out "bilan status"
run "$BILAN" status --help
expect_rc 0
run "$BILAN" --version
expect_rc 0
expect_out "^bilan "
run "$BILAN" frobnicate
expect_rc 2
expect_err "not a bilan command"
run "$BILAN" -C "$W" status --bogus
expect_rc 2
expect_err "usage:"

case_ "log shows the history, --json parses"
run "$BILAN" -C "$W" log
expect_rc 0
expect_out "init: new bilan workspace"
run "$BILAN" -C "$W" log --json
expect_rc 0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["commits"][0]["command"]=="init", d' "$T/out" && ok || ko "log json"

case_ "check is silent on a good workspace"
run "$BILAN" -C "$W" check
expect_rc 0
expect_empty_out
expect_empty_err

case_ "a broken bilan.yaml: FILE:LINE:COL, exit 1, byte-for-byte unchanged"
cp "$W/bilan.yaml" "$T/good.yaml"
for bad in indent alias tab utf8 big dup; do
	case $bad in
	indent) printf 'format: 1\nlanguage: fr\n  phase: x\n' >"$W/bilan.yaml" ;;
	alias) printf 'format: 1\nbeneficiary: &a\n  name: x\nconsultant: *a\n' >"$W/bilan.yaml" ;;
	tab) printf 'format: 1\nbeneficiary:\n\tname: x\n' >"$W/bilan.yaml" ;;
	utf8) printf 'format: 1\nprovider: caf\351\n' >"$W/bilan.yaml" ;;
	big) { printf 'format: 1\nprovider: |\n'; head -c 10485760 /dev/zero | tr '\0' 'a' | fold -w 100 | sed 's/^/  /'; } >"$W/bilan.yaml" ;;
	dup) printf 'format: 1\nphase: investigation\nphase: conclusions\n' >"$W/bilan.yaml" ;;
	esac
	sum=$(sha256sum <"$W/bilan.yaml")
	case_ "broken bilan.yaml ($bad)"
	run "$BILAN" -C "$W" status
	expect_rc 1
	if [ "$bad" = big ]; then expect_err "bilan.yaml"; else expect_err "bilan.yaml:[0-9]*:[0-9]*: "; fi
	expect_eq "$(sha256sum <"$W/bilan.yaml")" "$sum"
	run "$BILAN" -C "$W" check
	expect_rc 1
done
cp "$T/good.yaml" "$W/bilan.yaml"

case_ "a newer format is refused"
sed -i 's/^format: 3$/format: 9/' "$W/bilan.yaml"
run "$BILAN" -C "$W" status
expect_rc 1
expect_err "newer"
cp "$T/good.yaml" "$W/bilan.yaml"

case_ "hand edits: status lists them, save validates then commits them"
printf 'provider: [unclosed\n' >>"$W/bilan.yaml"
run "$BILAN" -C "$W" save
expect_rc 1
expect_err "bilan.yaml:"
expect_eq "$(commits "$W")" 1
cp "$T/good.yaml" "$W/bilan.yaml"
sed -i 's/^weekly_goal: .*/weekly_goal: 2h/' "$W/bilan.yaml"
run "$BILAN" -C "$W" status
expect_rc 0
expect_out "modified"
expect_out "bilan.yaml"
run "$BILAN" -C "$W" save -m "config: goal 2h"
expect_rc 0
expect_eq "$(commits "$W")" 2
expect_eq "$(git -C "$W" log -1 --format=%s)" "config: goal 2h"
expect_clean_repo "$W"
run "$BILAN" -C "$W" save
expect_rc 0
expect_eq "$(commits "$W")" 2

case_ "check: an unknown key is a warning, an error with --strict"
printf 'hobby: voile\n' >>"$W/bilan.yaml"
run "$BILAN" -C "$W" check
expect_rc 0
expect_err "warning"
run "$BILAN" -C "$W" check --strict
expect_rc 1
git -C "$W" checkout -q bilan.yaml

case_ "upgrade: format 0 to 2 in one commit, the zone recorded"
sed -i '/^format: /d; /^timezone: /d' "$W/bilan.yaml"
git -C "$W" commit -qam "old workspace"
n=$(commits "$W")
run "$BILAN" -C "$W" journal add "refused before the upgrade"
expect_rc 1
expect_err "bilan upgrade"
TZ=America/Montreal run "$BILAN" -C "$W" upgrade
expect_rc 0
expect_out "from format 0 to 3"
expect_out "America/Montreal"
expect_eq "$(commits "$W")" $((n + 1))
grep -q '^format: 3$' "$W/bilan.yaml" && ok || ko "format after upgrade"
expect_eq "$(sed -n '2,3p' "$W/bilan.yaml" | tr '\n' ' ')" "language: fr timezone: America/Montreal "
run "$BILAN" -C "$W" check
expect_rc 0
run "$BILAN" -C "$W" upgrade
expect_rc 0
expect_eq "$(commits "$W")" $((n + 1))

case_ "NO_COLOR and --color"
NO_COLOR=1 run "$BILAN" -C "$W" --color=auto status
grep -q "$(printf '\033')" "$T/out" && ko "colour with NO_COLOR" || ok
run "$BILAN" -C "$W" --color=always status
grep -q "$(printf '\033')" "$T/out" && ok || ko "no colour with --color=always"
run "$BILAN" -C "$W" --color=sometimes status
expect_rc 2
expect_err "auto, always, never"

case_ "French messages"
if has_fr; then
	cd "$T"
	LC_ALL=fr_FR.UTF-8 LANG=fr_FR.UTF-8 run "$BILAN" status
	expect_rc 1
	expect_err "pas dans un espace de travail bilan"
	LC_ALL=fr_FR.UTF-8 run "$BILAN" -C "$W" status
	expect_out "phase"
else
	lacking_part "the fr_FR.UTF-8 locale"
fi

case_ "a closed stdout is an error"
if [ -w /dev/full ]; then
	set +e; "$BILAN" -C "$W" log >/dev/full 2>/dev/null; rc=$?; set -e
	expect_rc 1
fi

finish
