#!/bin/sh
# End-to-end: the JSON contract (bilan-json(7)).  Builds the demo workspace
# (scripts/demo-workspace.sh: a beneficiary's workspace, the consultant's
# clone, a portfolio), writes every JSON output of bilan from it (every
# command that has --json, and report and portfolio --format json) into
# $T/json/, and checks each against the contract documented in
# man/bilan-json.7: one object, "format" first and 1, exactly the members
# the page lists for that command.  A command with --json that the page or
# this script leaves out fails too.  Also: -o - is standard output, a
# missing file named to check or save is an error, -q prints nothing.
. "$SRCDIR/tests/e2e/lib.sh"
set -e
command -v python3 >/dev/null 2>&1 || lacking "python3"

at 2026-12-09T10:15:00+01:00
export GIT_AUTHOR_NAME="Camille Martin" GIT_AUTHOR_EMAIL="camille@example.org"
export GIT_COMMITTER_NAME="Camille Martin" GIT_COMMITTER_EMAIL="camille@example.org"
D="$T/demo"
"$BILAN" init --quiet --name "Camille Martin" --consultant "Sophie Durand" \
	--provider "Cabinet Horizon Compétences" --funding cpf --timezone Europe/Paris \
	--start "il y a 3 semaines" --weekly-goal 2h "$D"
if ! BILAN="$BILAN" sh "$SRCDIR/scripts/demo-workspace.sh" "$D" >"$T/demo.log" 2>&1; then
	ko "scripts/demo-workspace.sh failed: $(tail -5 "$T/demo.log")"
fi
C="$T/demo-partage/clients/camille-martin"
P="$T/demo-partage/clients"
mkdir -p "$T/json"

# one output: NAME (the page's entry) WORKSPACE ARGS...; stdout to json/N.json
n=0
out() {
	name=$1 ws=$2
	shift 2
	n=$((n + 1))
	f="$T/json/$n.json"
	printf '%s\t%s\n' "$name" "$f" >>"$T/list"
	(cd "$ws" && "$BILAN" "$@" >"$f" 2>>"$T/json/stderr") || true
}
# the answers of the demo's skill gap, again
sed -n "/^b metier ecart M1805/,/^ANSWERS/p" "$SRCDIR/scripts/demo-workspace.sh" | sed '1d;$d' >"$T/ecart-answers"
J=$("$BILAN" -C "$D" journal list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["entries"][0]["id"])')
case_ "every JSON output of the demo workspace is written"
for ws in "$D" "$C"; do
	out status "$ws" status --json
	out log "$ws" log --json
	out "test list" "$ws" test list --json
	out "journal list" "$ws" journal list --json
	out "journal time" "$ws" journal time --json
	out "piste list" "$ws" piste list --json
	out "enquete list" "$ws" enquete list --json
	out "seance list" "$ws" seance list --json
	out "todo list" "$ws" todo list --json
	out "phase show" "$ws" phase show --json
	out "synthese list" "$ws" synthese list --json
	out "share status" "$ws" share status --json
	out check "$ws" check --json
	out doctor "$ws" doctor --json
	out remind "$ws" remind --json
	out report "$ws" report --format json
	out report "$ws" report seance --format json -o -
	out report "$ws" report synthese --format json
	out report "$ws" report decision --format json
done
out "test show" "$D" test show riasec --json
out "test compare" "$D" test compare riasec --json
out "test validate" "$D" test validate questionnaires/apprentissage.yaml --json
out "journal show" "$D" journal show "$J" --json
out "metier search" "$D" metier search développeur --json
out "metier show" "$D" metier show M1805 --json
out "metier suggest" "$D" metier suggest --json
out "piste show" "$D" piste show developpeuse-web --json
out "enquete show" "$D" enquete show atelier --json
out check "$D" check --json bilan.yaml nosuchfile.yaml
out portfolio "$T" portfolio --format json "$P"
out portfolio "$T" portfolio --json "$P"
# the ones that write, last
out sync "$D" sync --json
out gc "$D" gc --json
out "journal add" "$D" journal add --json -t "Une note" "Du texte."
out "todo add" "$D" todo add --json "Relire la fiche M1805"
out "piste add" "$D" piste add --json "Testeuse logicielle"
out "enquete add" "$D" enquete add --json --piste testeuse-logicielle --role "Testeuse"
out "seance add" "$D" seance add --json "dans 4 semaines 10h"
out "test run" "$D" test run valeurs --json --answers 5,3,3,4,5,4,4,3,5,2,5,4,3,4,5,5,4,2,4,2,4,3,2,4,5,4,5,3,5,1,5,3,3,3,4,4,4,3,5,2
out "metier ecart" "$D" metier ecart M1805 --json --answers-file "$T/ecart-answers"
ok

case_ "every output follows the contract of bilan-json(7)"
"$BILAN" __options | awk -F'\t' '$2 == "--json" { print $1 }' >"$T/with-json"
if python3 - "$SRCDIR/man/bilan-json.7" "$T/list" "$T/with-json" >"$T/check" 2>&1 <<'PY'
import json, re, sys
page, listing, withjson = sys.argv[1:4]
# the page: ".It Cm NAME" then ".Li" lines naming the members, in
# the section OUTPUTS
doc, cur, inside = {}, None, False
for line in open(page, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith(".Sh "):
        inside = line == ".Sh OUTPUTS"
        cur = None
        continue
    if not inside:
        continue
    m = re.match(r"\.It Cm (.+)$", line)
    if m:
        cur = m.group(1).replace("\\-", "-").strip()
        doc[cur] = []
        continue
    if cur and line.startswith(".Li "):
        for w in line[4:].replace(",", " ").split():
            if re.match(r"^[a-z_][a-z_0-9]*$", w):
                doc[cur].append(w)
    elif cur and not line.startswith("."):
        cur = None   # the prose after the members
bad = 0
seen = set()
for row in open(listing, encoding="utf-8"):
    name, path = row.rstrip("\n").split("\t")
    seen.add(name)
    text = open(path, encoding="utf-8").read()
    try:
        v = json.loads(text)
    except ValueError as e:
        print(f"{name}: not JSON ({e}): {text[:200]!r}"); bad += 1; continue
    if not isinstance(v, dict):
        print(f"{name}: not an object but {type(v).__name__}"); bad += 1; continue
    keys = list(v)
    if not keys or keys[0] != "format" or v["format"] != 1 or type(v["format"]) is not int:
        print(f"{name}: 'format' is not the first member with the value 1: {keys[:3]}"); bad += 1
    if name not in doc:
        print(f"{name}: not documented in bilan-json(7): {keys}"); bad += 1; continue
    if set(keys) - {"format"} != set(doc[name]):
        print(f"{name}: members {sorted(keys)} but bilan-json(7) lists {sorted(doc[name])}"); bad += 1
for c in open(withjson, encoding="utf-8").read().split("\n"):
    if c and c not in seen:
        print(f"{c}: has --json but no output of it was checked"); bad += 1
for c in doc:
    if c not in seen:
        print(f"{c}: documented but no output of it was checked"); bad += 1
print(f"{len(open(listing).readlines())} outputs checked")
sys.exit(1 if bad else 0)
PY
then ok; else ko "$(cat "$T/check")"; fi

case_ "-o - is standard output"
rm -f "$D/-"
run "$BILAN" -C "$D" report -o - --format json
expect_rc 0
expect_out '"format": 1'
expect_no_file "$D/-"

case_ "a file named that is not there: check and save fail"
run "$BILAN" -C "$D" check bilan.yaml nosuchfile
expect_rc 1
expect_err "nosuchfile: no such file"
run "$BILAN" -C "$D" save -m x nosuch
expect_rc 1
expect_err "'nosuch': no such file in the workspace"

case_ "-q on every command that changes the workspace"
"$BILAN" __options | awk -F'\t' '$2 == "--quiet" { print $1 }' >"$T/with-quiet"
for c in init "test run" "test rm" "journal add" "journal edit" "journal rm" "journal close" \
	"metier note" "metier ecart" "piste add" "piste set" "enquete add" "enquete set" \
	"enquete done" "seance add" "seance done" "seance cancel" "todo add" "todo done" \
	"phase set" close "synthese remise" purge "share init" "share revoke" "share forget" \
	"share accept" "share clone" sync backup private save upgrade gc doctor; do
	grep -qx "$c" "$T/with-quiet" && ok || ko "bilan $c has no -q"
done

case_ "-q prints nothing on a command that changes the workspace"
run "$BILAN" -C "$D" todo add -q "Appeler Karim"
expect_rc 0
expect_empty_out
run "$BILAN" -C "$D" todo done -q karim
expect_rc 0
expect_empty_out
run "$BILAN" -C "$D" piste set -q testeuse-logicielle ecartee --reason "Pas pour moi"
expect_rc 0
expect_empty_out
finish
