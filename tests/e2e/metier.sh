#!/bin/sh
# End-to-end: bilan metier search, show, suggest (ROME 4.0 v4.60, offline).
. "$SRCDIR/tests/e2e/lib.sh"
set -e

SRC="Source : France Travail, ROME 4.0 (v4.60), Licence Ouverte"
export BILAN_ROME_INDEX="$BUILDDIR/tools/rome.idx"

case_ "search: job titles as people type them"
run "$BILAN" metier search infirmiere bloc
expect_rc 0
expect_eq "$(head -1 "$T/out" | cut -c1-5)" J1504
expect_out "Infirmier / Infirmière de bloc opératoire (IBODE)"
expect_out "$SRC"
for q in "infirmière bloc" "INFIRMIERES DE BLOC" "infirm bloc"; do
	run "$BILAN" metier search $q
	expect_rc 0
	expect_eq "$(head -1 "$T/out" | cut -c1-5)" J1504
done
run "$BILAN" metier search boulangères
expect_eq "$(head -1 "$T/out" | cut -c1-5)" D1102
run "$BILAN" metier search coiffeuse
expect_eq "$(head -1 "$T/out" | cut -c1-5)" D1202
run "$BILAN" metier search panseuse
expect_rc 0
expect_out "Panseur / Panseuse en bloc opératoire"

case_ "search --json"
run "$BILAN" metier search --json infirmiere bloc
expect_rc 0
expect_out '"code": "J1504"'
expect_out '"match": "title"'
expect_out "\"source\": \"$SRC\""
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["results"][0]["code"]=="J1504"' "$T/out" && ok || ko "json"

case_ "search: bad input"
run "$BILAN" metier search
expect_rc 2
expect_err "no search words"
run "$BILAN" metier search infirmiere boulangere
expect_rc 1
expect_err "no job sheet matches"
expect_err "fewer words"

case_ "show: the fiche"
run "$BILAN" metier show j1504
expect_rc 0
expect_out "J1504  Infirmier / Infirmière de bloc opératoire (IBODE)"
expect_out "J Santé"
expect_out "RIASEC: S major, I minor"
expect_out "Organise la prise en charge de patients en bloc opératoire"
expect_out "Core skills"
expect_out "Close jobs one can move to"
expect_out "$SRC"
run "$BILAN" metier show --json K2111
expect_rc 0
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert d["code"]=="K2111" and d["definition"] and d["items"] and d["source"]
cores=[i["core"] for i in d["items"] if i["kind"]!="savoir"]
assert cores==sorted(cores, reverse=True)
' "$T/out" && ok || ko "show json"

case_ "show: bad codes"
run "$BILAN" metier show X12
expect_rc 2
expect_err "malformed ROME code"
expect_err "bilan metier search"
run "$BILAN" metier show A9999
expect_rc 1
expect_err "no fiche with code 'A9999'"
run "$BILAN" metier show
expect_rc 2

case_ "suggest with --profile, filters"
run "$BILAN" metier suggest --profile SAI -n 5
expect_rc 0
expect_out "not a verdict"
expect_out "your profile SAI: S major = S of the fiche, A minor present in your code"
expect_out "$SRC"
expect_eq "$(grep -c '^ *[0-9]*\. [A-N][0-9]' "$T/out")" 5
run "$BILAN" metier suggest --profile sai --domain 'J|K' --exclude K1105 --json
expect_rc 0
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert d["profile"]=="SAI" and len(d["suggestions"])==15
assert all(s["code"][0] in "JK" and s["code"]!="K1105" for s in d["suggestions"])
' "$T/out" && ok || ko "suggest json"
run "$BILAN" metier suggest --profile SAX
expect_rc 2

case_ "suggest from the workspace's latest RIASEC result"
W="$T/ws"
run "$BILAN" init --name "Camille Martin" "$W"
expect_rc 0
run "$BILAN" -C "$W" metier suggest
expect_rc 1
expect_err "no RIASEC result"
expect_err "bilan test riasec"
mkdir -p "$W/tests/riasec"
printf 'profile: RIC\n' >"$W/tests/riasec/20261101T100000Z-aaaa.yaml"
printf 'profile: ECS\n' >"$W/tests/riasec/20261120T100000Z-bbbb.yaml"
run "$BILAN" -C "$W" metier suggest -n 3
expect_rc 0
expect_out "your profile ECS: E major = E of the fiche, C minor present in your code"

case_ "missing or damaged index: clear error naming the file"
run env BILAN_ROME_INDEX="$T/nope.idx" "$BILAN" metier show J1504
expect_rc 1
expect_err "$T/nope.idx"
head -c 5000 "$BUILDDIR/tools/rome.idx" >"$T/cut.idx"
run env BILAN_ROME_INDEX="$T/cut.idx" "$BILAN" metier search infirmiere
expect_rc 1
expect_err "not a valid ROME index"
expect_err "$T/cut.idx"

finish
