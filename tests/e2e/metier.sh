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

case_ "search tolerates typos: one or two letters wrong, missing or swapped"
run "$BILAN" metier search devloppeur
expect_rc 0
expect_out "No job sheet has 'devloppeur' as written; close spellings"
expect_out "^M1855  Développeur / Développeuse web"
run "$BILAN" metier search -n 1 formatuer
expect_rc 0
expect_out "^K2111  Formateur / Formatrice"
run "$BILAN" metier search -n 1 boulanjer
expect_out "^D1102  Boulanger / Boulangère"
run "$BILAN" metier search --json -n 50 infirmeire
expect_rc 0
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert d["typo"] is True and "J1506" in [r["code"] for r in d["results"]]
assert all(r["edits"] >= 1 for r in d["results"])
' "$T/out" && ok || ko "typo json"
# two letters off in a long word, one in a word of 4 to 6 letters
run "$BILAN" metier search -n 1 devlopeur
expect_out "^M18"
run "$BILAN" metier search -n 3 kinesiterapeut
expect_out "^J1404  Kinésithérapeute"
# exact matches win: no typo mode when a word is found as written
run "$BILAN" metier search --json infirmiere
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["typo"] is False' "$T/out" && ok || ko "no typo mode"
# short words stay exact, three letters off is not a typo
run "$BILAN" metier search xyzzyq
expect_rc 1
expect_err "no job sheet matches"
run "$BILAN" metier search dvlppr
expect_rc 1

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
expect_out "mainly S (Social), your strongest type; then A (Artistic), your second type"
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

case_ "suggest narrows: five profiles with fixed lists (bench/SUGGESTIONS.md says why), the same order on every run"
codes() { python3 -c 'import json,sys; print(" ".join(s["code"] for s in json.load(open(sys.argv[1]))["suggestions"]))' "$T/out"; }
while read -r prof want; do
	run "$BILAN" metier suggest --profile "$prof" --json
	expect_rc 0
	expect_eq "$prof $(codes)" "$prof $want"
	run "$BILAN" metier suggest --profile "$prof" --json
	expect_eq "$prof $(codes)" "$prof $want"
done <<'EOF2'
SIC J1506 K1104 K1103 K1301 K1108 K2111 K2401 K2602 K1204 K2106 G1703 J1102 J1306 J1103 J1303
SAI K2105 K2136 K1105 L1202 J1506 K1104 K1103 K1301 K1108 L1101 L1103 L1208 L1309 K2107 K1304
RIC H2602 H1209 M1816 H1236 A1501 H2907 K1701 H1203 H1504 H2202 H2903 H1503 M1807 H1506 N2102
ECS C1501 D1502 G1414 K1715 D1509 K1601 N1303 D1402 K1902 M1203 L1401 D1403 K1802 E1103 D1404
IAS E1125 E1114 K1606 E1126 K2401 E1205 L1510 J1102 J1306 E1104 J1103 J1303 K1607 K2411 K2125
EOF2
# the list is the bench's, written down with why (kept in step)
for prof in SIC SAI RIC ECS IAS; do
	grep -q "^| $prof | " "$SRCDIR/bench/SUGGESTIONS.md" && ok || ko "bench/SUGGESTIONS.md lacks $prof"
done
run "$BILAN" metier suggest --profile SIC
expect_out "^ 6\. K2111  Formateur / Formatrice  \[SC\]$"
expect_out "^ 1\. J1506  .*\[SI\]  \[regulated\]$"
expect_eq "$(grep -c '^ *[0-9]*\. [A-N][0-9]' "$T/out")" 15
run "$BILAN" metier suggest --profile SIC -n 30 --json
expect_eq "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["suggestions"]))' "$T/out")" 30
# ROME flags: no regulated job, or only cadre jobs
run "$BILAN" metier suggest --profile SIC --regulated no --json
expect_rc 0
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert len(d["suggestions"])==15 and not any(s["flags"]["regulated"] for s in d["suggestions"])
assert "K2111" in [s["code"] for s in d["suggestions"]] and "J1506" not in [s["code"] for s in d["suggestions"]]
' "$T/out" && ok || ko "--regulated no"
run "$BILAN" metier suggest --profile SIC --cadre only --json
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
assert d["suggestions"] and all(s["flags"]["cadre"] for s in d["suggestions"])
' "$T/out" && ok || ko "--cadre only"
run "$BILAN" metier suggest --profile SIC --cadre maybe
expect_rc 2
expect_err "'no' or 'only'"
# the current job's mobility links, apart
run "$BILAN" metier suggest --profile SIC --current k2111
expect_rc 0
expect_out "From your current job K2111 (Formateur / Formatrice), the ROME's mobility links:"
expect_out "^  - K2101  "
expect_no_out "^ *[0-9]*\. K2111 "
run "$BILAN" metier suggest --profile SIC --current K9999
expect_rc 1
expect_err "K9999"

case_ "suggest from the workspace's latest RIASEC result"
W="$T/ws"
run "$BILAN" init --name "Camille Martin" "$W"
expect_rc 0
run "$BILAN" -C "$W" metier suggest
expect_rc 1
expect_err "no RIASEC result"
expect_err "bilan test riasec"
# answers in item order R,I,A,S,E,C repeated 8 times
rvec() { v="$1,$2,$3,$4,$5,$6"; printf '%s' "$v"; for _ in 2 3 4 5 6 7 8; do printf ',%s' "$v"; done; echo; }
run "$BILAN" -C "$W" test run riasec -q --answers "$(rvec 5 4 1 1 1 3)" --date 2026-11-01
expect_rc 0
run "$BILAN" -C "$W" test run riasec -q --answers "$(rvec 1 1 1 3 5 4)" --date 2026-11-20
expect_rc 0
run "$BILAN" -C "$W" metier suggest -n 3
expect_rc 0
# the person's own strengths: E 5, C 4, S 3 (means on the scale)
expect_out "your profile ECS"
expect_out "^R 1.0  I 1.0  A 1.0  S 3.0  E 5.0  C 4.0  (your means on the scale 1 to 5)"
expect_out "mainly E (Enterprising), your strongest type; then C (Conventional), your second type"
expect_out "activities of this type you rated highest: « Animer une réunion d'équipe et fixer les priorités », « "
expect_eq "$(grep -c '^ *[0-9]*\. [A-N][0-9]' "$T/out")" 3
first=$(sed -n 's/^ 1\. \([A-N][0-9]*\) .*/\1/p' "$T/out")
# sheets of pistes (a discarded one too) and of research notes are left out
run "$BILAN" -C "$W" piste add "Gestion de copropriété" --rome "$first"
expect_rc 0
run "$BILAN" -C "$W" metier note D1502 "lu la fiche"
expect_rc 0
run "$BILAN" -C "$W" metier suggest -n 3
expect_rc 0
expect_no_out "^ *[0-9]*\. $first "
expect_no_out "^ *[0-9]*\. D1502 "
expect_out "Left out: 2 sheets already among your pistes or research notes (.*$first.*)"

case_ "suggest: the sheets whose working conditions a non-negotiable constraint refuses are left out, and said"
pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$T/out"; }
run "$BILAN" -C "$W" metier suggest -n 200 --json
expect_rc 0
t0=$(pyjson 'd["total"]')
n0=$(pyjson 'sum(1 for s in d["suggestions"] if s["code"] in ("G1803", "K2503", "N4101"))')
expect_eq "$(pyjson 'd["constraints"]')" "[]"
"$BILAN" -C "$W" journal add -q --private --tag contrainte -t "Mes contraintes" \
	"Non négociable : pas de travail de nuit, ni le week-end. J'aimerais travailler en extérieur." >/dev/null
run "$BILAN" -C "$W" metier suggest -n 200 --json
expect_rc 0
expect_eq "$(pyjson '[c["label"] for c in d["constraints"]]')" "['Travail de nuit', 'Travail les week-ends et jours fériés']"
t1=$(pyjson 'd["total"]')
[ "$t1" -lt "$t0" ] && ok || ko "nothing left out: $t1 of $t0"
expect_eq "$(pyjson 'd["total"] + sum(c["fiches"] for c in d["constraints"])')" "$t0"
# none of the sheets kept lists a refused context
for code in $(pyjson '" ".join(s["code"] for s in d["suggestions"])'); do
	"$BILAN" metier show "$code" | grep -q "^  - Travail de nuit$" && ko "$code lists Travail de nuit" || true
done
ok
run "$BILAN" -C "$W" metier suggest -n 3
expect_out "Left out for your constraint \".*pas de travail de nuit.*\": [0-9]* sheets listing \"Travail de nuit\""
run "$BILAN" -C "$W" metier suggest -n 200 --all-contexts --json
expect_eq "$(pyjson 'd["total"]')" "$t0"
expect_eq "$(pyjson 'd["constraints"]')" "[]"

case_ "suggest: no code from a result with too few answers or a flat profile"
# one item answered: the stored profile of an old result is not trusted either
run "$BILAN" -C "$W" test run riasec -q --answers "1$(printf ',%.0s' $(seq 47))" --date 2026-11-21
expect_rc 0
run "$BILAN" -C "$W" metier suggest
expect_rc 1
expect_err "too few answers to give a code"
expect_err "three quarters"
run "$BILAN" -C "$W" test run riasec -q --answers "$(rvec 3 3 3 3 3 3)" --date 2026-11-22
expect_rc 0
run "$BILAN" -C "$W" metier suggest
expect_rc 1
expect_err "little differentiated"

case_ "missing or damaged index: clear error naming the file"
run env BILAN_ROME_INDEX="$T/nope.idx" "$BILAN" metier show J1504
expect_rc 1
expect_err "$T/nope.idx"
head -c 5000 "$BUILDDIR/tools/rome.idx" >"$T/cut.idx"
run env BILAN_ROME_INDEX="$T/cut.idx" "$BILAN" metier search infirmiere
expect_rc 1
expect_err "not a valid ROME index"
expect_err "$T/cut.idx"

# ----------------------------------------------------------------------
# bilan metier note and bilan metier ecart (in a workspace)

pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$T/out"; }
# section HEADING: the lines under a heading of the text output, up to the next
# blank line (labels wrap at 100 columns at most: COLUMNS=100)
section() { awk -v h="$1" '$0 == h { on = 1; next } on && $0 == "" { exit } on { print }' "$T/out"; }

N="$T/notes"
new_ws "$N"
M() { "$BILAN" -C "$N" metier "$@"; }

case_ "note: text from the arguments, a journal entry of kind recherche"
before=$(commits "$N")
run M note j1504 --duration 45m --tag ibode "Lu la fiche : le diplôme d'IBODE est exigé."
expect_rc 0
expect_out "^added [0-9TZ]*-\{0,1\}[a-z0-9]* (recherche, .*): Recherche : Infirmier / Infirmière de bloc opératoire (IBODE) (J1504)$"
expect_eq "$(commits "$N")" $((before + 1))
expect_eq "$(git -C "$N" log -1 --format=%s)" "metier: note on J1504"
expect_eq "$(git -C "$N" show --name-only --format= HEAD | grep -c '^journal/[0-9]*/[0-9]*/.*\.yaml$')" 1
run "$BILAN" -C "$N" journal list --json
expect_rc 0
expect_eq "$(pyjson 'len(d["entries"])')" 1
expect_eq "$(pyjson 'd["entries"][0]["kind"]')" recherche
expect_eq "$(pyjson 'd["entries"][0]["rome"]')" J1504
expect_eq "$(pyjson 'd["entries"][0]["title"]')" "Recherche : Infirmier / Infirmière de bloc opératoire (IBODE) (J1504)"
expect_eq "$(pyjson 'd["entries"][0]["body"]')" "Lu la fiche : le diplôme d'IBODE est exigé."
expect_eq "$(pyjson 'd["entries"][0]["duration_minutes"]')" 45
expect_eq "$(pyjson 'd["entries"][0]["tags"]')" "['ibode']"

case_ "note: text from standard input, a title and a piste"
run_in "$(printf '# Salaire\nEntre 2 000 et 2 600 euros nets.\n\nA vérifier en enquête.\n')" "$BILAN" -C "$N" metier note K2111 --title "Formateur : les salaires" --piste "Formation pour adultes"
expect_rc 0
expect_out "Formateur : les salaires"
run "$BILAN" -C "$N" journal list --json --rome k2111
expect_eq "$(pyjson 'len(d["entries"])')" 1
expect_eq "$(pyjson 'd["entries"][0]["piste"]')" formation-pour-adultes
expect_eq "$(pyjson 'd["entries"][0]["body"]')" "$(printf '# Salaire\nEntre 2 000 et 2 600 euros nets.\n\nA vérifier en enquête.')"
run_in "Lu la fiche M1805" "$BILAN" -C "$N" metier note M1805 -
expect_rc 0
expect_eq "$(git -C "$N" log -1 --format=%s)" "metier: note on M1805"

case_ "note: private, with a neutral commit message"
run M note J1504 --private "Mon salaire actuel : 1 900 euros"
expect_rc 0
expect_out "\[private\]"
expect_eq "$(git -C "$N" log -1 --format=%s)" "journal: add private entry"
expect_eq "$(git -C "$N" show --name-only --format= HEAD | grep -c '^private/journal/')" 1
if git -C "$N" log --format=%B | grep -q "salaire"; then ko "private content in a commit message"; else ok; fi

case_ "note: bad input changes nothing"
snap=$(snapshot "$N")
run M note J9999 "texte"
expect_rc 1
expect_err "no fiche with code 'J9999'"
expect_err "bilan metier search"
run M note infirmiere "texte"
expect_rc 2
expect_err "malformed ROME code 'infirmiere'"
expect_err "bilan metier search"
run M note
expect_rc 2
expect_err "missing ROME code"
run M note J1504
expect_rc 1
expect_err "the note is empty, nothing was written"
run M note J1504 --duration 30h "x"
expect_rc 2
run M note J1504 --date demain "x"
expect_rc 2
run M note J1504 a - b
expect_rc 2
mkdir -p "$T/p" && "$BILAN" init --quiet --name X "$T/p" >/dev/null
"$BILAN" -C "$T/p" piste add "Infirmière de bloc" --rome J1504 >/dev/null 2>&1 || ko "piste add"
snapp=$(snapshot "$T/p")
run "$BILAN" -C "$T/p" metier note J1504 --piste boulangerie "x"
expect_rc 2
expect_eq "$(snapshot "$T/p")" "$snapp"
run "$BILAN" -C "$T/p" metier note J1504 --piste infirmiere "x"
expect_rc 0
run "$BILAN" -C "$T/p" journal list --json
expect_eq "$(pyjson 'd["entries"][0]["piste"]')" infirmiere-de-bloc
expect_eq "$(snapshot "$N")" "$snap"

case_ "ecart: the skills to rate"
run M ecart --items J1504
expect_rc 0
expect_out "10 skills to rate, in this order"
expect_out "^  1\. 300051  Participer à une intervention chirurgicale$"
expect_out "^  8\. 300465  Avoir l'esprit d'équipe (savoir-être)$"
expect_out "$SRC"
run M ecart --items --json j1504
expect_eq "$(pyjson '",".join(i["code_ogr"] for i in d["items"])')" 300051,107714,300141,107715,300451,107703,300448,300465,300412,300490
expect_eq "$(pyjson 'd["scale"]["labels"]')" "['Pas encore', 'En partie', 'Je maîtrise']"

case_ "ecart: scripted answers give exactly three lists"
before=$(commits "$N")
COLUMNS=100 run M ecart J1504 --answers 3,2,1,,3,1,2,2,3,1
expect_rc 0
expect_out "^J1504  Infirmier / Infirmière de bloc opératoire (IBODE)$"
expect_out "10 key skills of the job sheet"
expect_eq "$(section 'Already there (3)')" "$(printf '%s\n' '  - Participer à une intervention chirurgicale' "  - Relayer de l'information" "  - Etre à l'écoute, faire preuve d'empathie (savoir-être)")"
expect_eq "$(section 'Partly there (3)')" "$(printf '%s\n' "  - Préparer la table d'instrumentation médico-chirurgicale selon le programme opératoire" '  - Respecter des règles, des consignes, normes et procédures opérationnelles' "  - Avoir l'esprit d'équipe (savoir-être)")"
expect_eq "$(section 'Missing (3)')" "$(printf '%s\n' '  - Préparer un patient pour une intervention médicale' "  - Renseigner les documents techniques lors d'une intervention chirurgicale et les transmettre à" "    l'interlocuteur concerné" '  - Faire preuve de rigueur et de précision (savoir-être)')"
expect_eq "$(section 'Not rated (1)')" "  - Réaliser des soins infirmiers"
expect_out "$SRC"
expect_out "material for a training plan, to discuss with your consultant"
expect_eq "$(commits "$N")" $((before + 1))
expect_eq "$(git -C "$N" log -1 --format=%s)" "metier: ecart-j1504 result"
expect_eq "$(git -C "$N" show --name-only --format= HEAD)" "$(cd "$N" && ls tests/ecart-j1504/*.yaml)"
run M ecart --show --json J1504
expect_rc 0
expect_eq "$(pyjson '",".join(s["code_ogr"] for s in d["already"])')" 300051,300451,300412
expect_eq "$(pyjson '",".join(s["code_ogr"] for s in d["partial"])')" 107714,300448,300465
expect_eq "$(pyjson '",".join(s["code_ogr"] for s in d["missing"])')" 300141,107703,300490
expect_eq "$(pyjson '",".join(s["code_ogr"] for s in d["unrated"])')" 107715
expect_eq "$(pyjson 'd["outdated"]')" False
expect_eq "$(pyjson 'd["questionnaire"]')" ecart-j1504
expect_eq "$(pyjson 'd["source"]')" "$SRC"
run M ecart --show J1504
expect_rc 0
expect_out "Already there (3)"

case_ "ecart: bilan test knows the generated questionnaire, by its title, typed in capitals too"
run "$BILAN" -C "$N" test list
expect_rc 0
expect_out "ecart-j1504 .*Écart de compétences"
expect_no_out "no definition"
run "$BILAN" -C "$N" test list --json
expect_eq "$(python3 -c "import json; print([q['title'] for q in json.load(open('$T/out'))['questionnaires'] if q['id'] == 'ecart-j1504'][0][:20])")" "Écart de compétences"
run "$BILAN" -C "$N" test show ecart-J1504
expect_rc 0

case_ "ecart: answers from a file, by skill id; nothing missing"
printf '# mes réponses\n300051: 3\n107714: 3\n300141: 2\n107715: 3\n300451: 3\n107703: 2\n300448: 3\n300465: 3\n300412: 3\n300490: 3\n' >"$T/answers"
COLUMNS=100 run M ecart j1504 --answers-file "$T/answers"
expect_rc 0
expect_out "^Already there (8)$"
expect_out "^Partly there (2)$"
expect_out "^Missing (0)$"
expect_eq "$(section 'Missing (0)')" "  (none)"
expect_no_out "Not rated"
expect_out "1 earlier skill gap for this job: 'bilan test compare ecart-j1504'"
run_in "$(cat "$T/answers")" "$BILAN" -C "$N" metier ecart J1504 --json --answers-file -
expect_rc 0
expect_eq "$(pyjson 'len(d["already"]), len(d["partial"]), len(d["missing"])')" "8 2 0"

case_ "ecart: a result dated in the past"
run M ecart J1504 --date "2026-11-02 10:00" --answers 1,1,1,1,1,1,1,1,1,1 --json
expect_rc 0
expect_eq "$(pyjson 'd["date"]')" "2026-11-02T10:00:00+01:00"
expect_eq "$(pyjson 'len(d["missing"])')" 10
run M ecart --show --json J1504
expect_eq "$(pyjson 'len(d["already"]), len(d["partial"]), len(d["missing"])')" "8 2 0"
run M ecart --show --date hier J1504
expect_rc 2

case_ "ecart: seen by bilan test"
run "$BILAN" -C "$N" test show ecart-j1504
expect_rc 0
expect_out "Écart de compétences : Infirmier / Infirmière de bloc opératoire (IBODE)"
expect_out "Participer à une intervention chirurgicale"
expect_no_out "definition is not available"
run "$BILAN" -C "$N" test list --json
expect_eq "$(python3 -c 'import json,sys; print([r["taken"] for r in json.load(open(sys.argv[1]))["questionnaires"] if r["id"]=="ecart-j1504"])' "$T/out")" "[4]"
run "$BILAN" -C "$N" test compare ecart-j1504
expect_rc 0

case_ "ecart: bad input changes nothing"
snap=$(snapshot "$N")
run M ecart J1504
expect_rc 2
expect_err "not on a terminal"
expect_err "bilan metier ecart --items J1504"
run M ecart J1504 --answers 3,2
expect_rc 2
expect_err "expected 10 answers"
run M ecart J1504 --answers 3,2,1,1,1,1,1,1,1,4
expect_rc 2
expect_err "outside the scale 1 to 3"
run M ecart J1504 --answers ,,,,,,,,,
expect_rc 2
run M ecart J1504 --answers 1,1,1,1,1,1,1,1,1,1 --answers-file "$T/answers"
expect_rc 2
run M ecart J9999 --answers 3
expect_rc 1
expect_err "no fiche with code 'J9999'"
run M ecart bloc --answers 3
expect_rc 2
run M ecart --show K2111
expect_rc 1
expect_err "no skill gap for K2111 yet"
run M ecart --show --items J1504
expect_rc 2
expect_eq "$(snapshot "$N")" "$snap"

case_ "note and ecart: the workspace checks clean"
run "$BILAN" -C "$N" check
expect_rc 0
run "$BILAN" -C "$T/p" check
expect_rc 0
expect_clean_repo "$N"
expect_clean_repo "$T/p"

case_ "note and ecart: French messages"
LOC=""
if has_fr; then
	LOC=system
elif [ -n "${BUILDDIR:-}" ] && command -v localedef >/dev/null; then
	L="$BUILDDIR/tests/locale"
	if [ -d "$L/fr_FR.UTF-8" ] || { mkdir -p "$L" && localedef -i fr_FR -f UTF-8 "$L/fr_FR.UTF-8" >/dev/null 2>&1; }; then
		export LOCPATH="$L"
		LOC=private
	fi
fi
if [ -n "$LOC" ]; then
	LC_ALL=fr_FR.UTF-8 COLUMNS=100 run M ecart --show J1504
	expect_rc 0
	expect_out "^Déjà là (8)$"
	expect_out "^En partie (2)$"
	expect_out "^À acquérir (0)$"
	expect_out "plan de formation"
	LC_ALL=fr_FR.UTF-8 run M note J1504 "Relu la fiche"
	expect_rc 0
	expect_out "^ajoutée [0-9TZ]*-\{0,1\}[a-z0-9]* (recherche, "
	LC_ALL=fr_FR.UTF-8 run M ecart J1504
	expect_rc 2
	expect_err "pas dans un terminal"
	unset LOCPATH
else
	lacking_part "the fr_FR.UTF-8 locale"
fi

finish
