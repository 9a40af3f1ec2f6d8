#!/bin/sh
# End-to-end: bilan report (suivi, seance, synthese; md, html, json) and
# bilan remind (for cron).
. "$SRCDIR/tests/e2e/lib.sh"
set -e
# Reports and reminders speak in days relative to now ("il y a 1 jour",
# "dans 3 jours"): every command at the clock's one moment, so that a clock
# of the matrix just before midnight never moves into the next day between
# the setup and the checks.
freeze_clock

SRC="Source : France Travail, ROME 4.0 (v4.60), Licence Ouverte"
W="$T/ws"
b() { "$BILAN" -C "$W" "$@"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $1" "$2"; }
ans() { python3 -c "import random; random.seed($2); print(','.join(str(random.randint(1,$3)) for _ in range($1)))"; }

# ------------------------------------------------------------------
# A rich workspace, built with the commands
new_ws "$W" --provider "Cabinet Horizon" --funding cpf --start "il y a 4 semaines" --weekly-goal 2h
b journal add -q -k reflexion -d "il y a 20 jours" --duration 1h30 -t "Mon parcours" --tag parcours \
	"J'ai commencé comme **assistante** de gestion.

# Mes débuts
- 2010 : BTS" >/dev/null
b journal add -q -k question -d "il y a 10 jours" -t "Comment financer une formation ?" "Le CPF suffit-il ?" >/dev/null
b journal add -q -k blocage -d "il y a 3 jours" -t "Peur de ne pas y arriver" "Je doute." >/dev/null
b journal add -q -k note --private -d "il y a 2 jours" --duration 30 -t "Note intime" "Très personnel" >/dev/null
esc=$(printf '\033[31mROUGE\033[0m')
b journal add -q -k reflexion -d hier --duration 2h -t "Valeurs <script>alert(1)</script>" \
	"Texte <script>alert('x')</script> <img src=x onerror=alert(1)> [lien](javascript:alert(1)) ![photo](https://example.org/x.png) $esc" >/dev/null
b journal add -q -k recherche --duration 1h -d "il y a 5 jours" -t "Financer une formation" --tag formation "Le CPF et la Transition pro." >/dev/null
b journal add -q -k recherche --rome M1805 --duration 45 -d "il y a 4 jours" -t "Compétences du métier" "Les **compétences** clés" >/dev/null
b piste add -q --rome M1805 --why "J'aime construire" "Développeuse web" >/dev/null 2>&1 || b piste add --rome M1805 --why "J'aime construire" "Développeuse web" >/dev/null
b piste add "Formatrice" >/dev/null
b piste set developpeuse-web en-exploration >/dev/null
b enquete add --piste developpeuse-web --role "Lead dev" --org Acme --with "Jean Dupont" \
	--phone "06 12 34 56 78" --date "il y a 2 jours" >/dev/null
b enquete done --verdict conforte --confirmed "Le travail en équipe" --attention "Salaire de départ" \
	developpeuse-web-lead-dev-acme "Très bon accueil" >/dev/null
b piste set --reason "L'enquête confirme" developpeuse-web validee >/dev/null
b piste set --reason "Pas de débouchés" formatrice ecartee >/dev/null
b test run -q --date "il y a 15 jours" --answers "$(ans 48 1 5)" riasec >/dev/null
b test run -q --date "il y a 2 jours" --answers "$(ans 48 2 5)" riasec >/dev/null
b test run -q --answers "$(ans 48 3 4)" competences >/dev/null
b test run -q --answers "$(ans 40 4 5)" valeurs >/dev/null
b seance add --duration 2h --subject "Entretien préliminaire" --force "il y a 18 jours" >/dev/null 2>&1
id=$(ls "$W/seances" | head -1); id=${id%.yaml}
b seance done --duration 1h45 --takeaways "Points clés : travailler sur les valeurs" "$id" >/dev/null
b seance add --duration 2h --subject "Restitution des tests" "dans 3 jours 14h" >/dev/null
b todo add --due hier "Faire le test des valeurs" >/dev/null 2>&1
b todo add --due "dans 2 jours" --piste developpeuse-web "Lire la fiche M1805" >/dev/null
b todo add "Contacter une formatrice" >/dev/null
# warm journal and result caches, then a steady workspace
sleep 2
b journal list >/dev/null
b report >/dev/null
expect_clean_repo "$W"
n_commits=$(commits "$W")
before=$(snapshot "$W")

case_ "report: the progress report in Markdown on stdout, by default"
run b report
expect_rc 0
expect_empty_err
expect_out "^# Suivi du bilan de compétences"
expect_out "Camille Martin"
expect_out "Sophie Durand — Cabinet Horizon"
expect_out "^## Temps consacré"
expect_out "Heures par semaine (objectif 2 h)"
expect_out "^## Questionnaires"
expect_out "Intérêts professionnels (RIASEC) — évolution"
expect_out "Réaliste (R)"
expect_out "auto-évaluations indicatives"
# questionnaire charts: means on the answer scale, never percents
# (which read as percentiles: issue 21)
expect_out "^| Réaliste (R) | [0-9],[0-9] sur 5 | [0-9],[0-9] sur 5 | █"
sed -n '/^## Questionnaires/,/^## Pistes/p' "$T/out" | grep '^| ' | grep -q '[0-9] %' &&
	ko "a percent in a questionnaire chart" || ok
expect_out "Atouts (maîtrisés et souhaités)"
expect_out "^## Pistes professionnelles"
expect_out "Pourquoi validée :\*\* L'enquête confirme"
expect_out "Pourquoi écartée :\*\* Pas de débouchés"
expect_out "^## Enquêtes métier"
expect_out "Le travail en équipe"
expect_out "^## Recherches par fiche métier"
expect_out "M1805 — Développeur / Développeuse informatique"
expect_out "$SRC"
expect_out "^## Questions ouvertes et blocages"
expect_out "Comment financer une formation ?"
expect_out "Peur de ne pas y arriver"
expect_out "^## À faire"
expect_out "en retard"
expect_out "^## Séances"
expect_out "Restitution des tests"
expect_out "^## Journal de bord"
expect_out "^#### Mes débuts"
# private content left out, and said
expect_no_out "Note intime"
expect_no_out "Jean Dupont"
expect_no_out "06 12 34"
expect_out "1 entrée privée du journal"
expect_out "coordonnées de 1 personne interrogée"
# untrusted text neutralised
expect_no_out "<script>alert(1)"
expect_no_out "javascript:"
if grep -q "$(printf '\033')" "$T/out"; then ko "an escape character reached the output"; else ok; fi
expect_out 'ROUGE'
expect_out '\\\\x1b'

case_ "report: reading changes nothing and never opens the repository"
expect_eq "$(snapshot "$W")" "$before"
expect_eq "$(commits "$W")" "$n_commits"
if has_strace && [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	strace -f -qq -e trace=open,openat -o "$T/strace" "$BILAN" -C "$W" report >/dev/null 2>&1 || true
	if grep -q 'ca-certificates\|\.git/HEAD\|\.git/objects\|\.git/index"' "$T/strace"; then
		ko "the repository was opened: $(grep 'ca-cert\|\.git/' "$T/strace" | head -3)"
	else ok; fi
elif [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	lacking_part "a usable strace"
fi

case_ "report --include-private"
run b report --include-private
expect_rc 0
expect_out "Note intime"
expect_out "Jean Dupont"
expect_out "06 12 34 56 78"
expect_out "Document privé"

case_ "report -o FILE.html: one self-contained file, format from the extension"
run b report -o "$T/out dir/rapport.html"
expect_rc 1   # the directory does not exist
expect_no_file "$T/out dir/rapport.html"
mkdir -p "$T/out dir"
run b report -o "$T/out dir/rapport.html"
expect_rc 0
expect_empty_out
H="$T/out dir/rapport.html"
expect_file "$H"
expect_eq "$(stat -c %a "$H")" 600
grep -q '^<!DOCTYPE html>' "$H" && ok || ko "not HTML"
grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$H" && ok || ko "no CSP"
grep -q 'name="viewport"' "$H" && ok || ko "no viewport"
grep -q '@media print' "$H" && ok || ko "no print CSS"
grep -q 'class="chart weeks"' "$H" && ok || ko "no weekly chart"
grep -q 'class="chart radar"' "$H" && ok || ko "no RIASEC hexagon"
grep -q 'class="chart bars"' "$H" && ok || ko "no bars"
grep -qi '<script' "$H" && ko "a script tag" || ok
grep -q 'onerror=' "$H" && ko "an event handler" || ok
grep -q 'javascript:' "$H" && ko "a javascript: link" || ok
grep -q '<img\|src=\|<link\|@import\|url(' "$H" && ko "something would be fetched" || ok
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$H" && ok || ko "title not escaped"
grep -q 'raw HTML omitted' "$H" && ok || ko "raw HTML kept"
grep -q 'href="https://example.org/x.png"' "$H" && ok || ko "image not turned into a link"
grep -q "$(printf '\033')" "$H" && ko "escape character in HTML" || ok
grep -q "$SRC" "$H" && ok || ko "ROME credit"
grep -q "Note intime" "$H" && ko "private entry in HTML" || ok
python3 - "$H" <<'PY' && ok || ko "HTML does not parse cleanly"
import sys, html.parser
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.stack=[]; s.bad=[]
    def handle_starttag(s, t, a):
        if t not in ('meta','br','hr','input','link','img'):
            s.stack.append(t)
    def handle_startendtag(s, t, a): pass
    def handle_endtag(s, t):
        if not s.stack or s.stack[-1] != t: s.bad.append((t, list(s.stack[-3:])))
        else: s.stack.pop()
p=P(); p.feed(open(sys.argv[1], encoding='utf-8').read())
assert not p.bad and not p.stack, (p.bad[:3], p.stack)
PY
expect_eq "$(snapshot "$W")" "$before"

case_ "report -o FILE.html: questionnaire charts drawn on the answer scale"
b report -o "$T/scale.html" >/dev/null
grep -q 'class="ax"[^>]*>5</text>' "$T/scale.html" && ok || ko "no tick of the answer scale in the HTML charts"
grep -q '<td class="num">[0-9],[0-9] sur 5</td>' "$T/scale.html" && ok || ko "no mean on the scale in the chart data"
grep -o '<figure class="chart radar">.*</figure>' "$T/scale.html" | grep -q "[0-9]\\($(printf '\302\240')\\| \\)%" &&
	ko "a percent in the RIASEC chart" || ok

case_ "report --format json: stable keys, parsed by python"
run b report --format json
expect_rc 0
json '
assert d["format"] == 1 and d["report"] == "suivi"
for k in ("generated","window","include_private","omitted","problems","bilan","time","seances",
          "questionnaires","unfinished_questionnaires","pistes","enquetes","research","rome_source",
          "open_questions","blockers","todo","formation","journal"):
    assert k in d, k
assert d["omitted"] == {"private_entries": 1, "contacts": 1}, d["omitted"]
assert d["bilan"]["name"] == "Camille Martin"
assert d["time"]["minutes"] == 90+30+120+60+45, d["time"]["minutes"]
assert d["time"]["weekly_goal_minutes"] == 120
assert [p["slug"] for p in d["pistes"]] == ["developpeuse-web", "formatrice"]
p = d["pistes"][0]
assert p["status"] == "validee" and p["reason"] == "L\u0027enquête confirme"
assert p["evidence"]["enquetes"] == 1 and p["evidence"]["verdicts"]["conforte"] == 1
assert p["rome"][0]["code"] == "M1805" and p["rome"][0]["title"]
e = d["enquetes"][0]
assert e["verdict"] == "conforte" and e["has_contact"] and "contact" not in e
q = {x["id"]: x for x in d["questionnaires"]}
assert q["riasec"]["riasec"] and len(q["riasec"]["takes"]) == 2
assert q["competences"]["pairs"] is not None
assert all(not j["private"] for j in d["journal"])
assert len(d["open_questions"]) == 1 and len(d["blockers"]) == 1
assert d["rome_source"].startswith("Source : France Travail")
assert d["seances"]["next"]["subject"] == "Restitution des tests"
assert d["seances"]["attended_minutes"] == 105
' "$T/out" && ok || ko "json content"
run b report -o "$T/r.json"
expect_rc 0
json 'assert d["report"] == "suivi"' "$T/r.json" && ok || ko "-o .json gives JSON"
run b report --include-private --format json
json '
e = d["enquetes"][0]
assert e["contact"]["name"] == "Jean Dupont", e
assert any(j["private"] for j in d["journal"])
assert d["include_private"] is True
' "$T/out" && ok || ko "json with private content"

case_ "report seance: the preparation sheet of the next meeting"
run b report seance
expect_rc 0
expect_out "^# Préparation de la prochaine séance"
expect_out "Prochaine séance :\*\* \*\*"
expect_out "Restitution des tests"
expect_out "depuis la dernière séance"
expect_out "^## Travail réalisé"
expect_out "(dont 1 privée)"
expect_out "^## Questionnaires passés"
expect_out "^## Enquêtes métier réalisées"
expect_out "^## Pistes qui ont bougé"
expect_out "en exploration → \*\*validée\*\*"
expect_out "^## Questions à poser et blocages"
expect_out "Lire la fiche M1805 — échéance"
expect_out "pour la séance"
expect_out "^## Entrées du journal"
expect_no_out "Mon parcours"   # before the last meeting
expect_no_out "Note intime"
lines=$(wc -l <"$T/out")
[ "$lines" -lt 120 ] && ok || ko "the preparation sheet is long: $lines lines"
run b report séance --format json
expect_rc 0
json 'assert d["report"] == "seance" and d["window"]["since"] and d["seances"]["last_held"]' "$T/out" && ok || ko "seance json"
run b report seance -o "$T/seance.html"
expect_rc 0
grep -q 'Préparation de la prochaine séance' "$T/seance.html" && ok || ko "seance html"

case_ "report synthese: the draft of the document de synthèse"
run b report synthese
expect_rc 0
expect_out "^# Document de synthèse — brouillon"
expect_out "rédigé par Sophie Durand"
expect_out "Camille Martin le commente"
expect_out "^## 1. Circonstances du bilan"
expect_out "^## 2. Compétences et aptitudes au regard des perspectives envisagées"
expect_out "^## 3. Projet professionnel retenu et alternatives"
expect_out "^### Projet retenu"
expect_out "^#### Développeuse web"
expect_out "^- \*\*Lead dev — Acme\*\*"
expect_out "^### Pistes écartées"
expect_out "Pas de débouchés"
expect_out "^## 4. Appuis et freins"
expect_out "Salaire de départ"
expect_out "^## 5. Projet de formation et financement"
expect_out "Financer une formation"
expect_out "^## 6. Étapes après le bilan"
expect_out "entretien de suivi"
expect_no_out "Contacter une formatrice"   # a to-do between séances, not a step
expect_out "^## 7. Observations de Camille Martin"
expect_no_out "Note intime"
expect_no_out "Jean Dupont"
run b report SYNTHÈSE -o "$T/synthese.md"
expect_rc 0
grep -q '^# Document de synthèse' "$T/synthese.md" && ok || ko "synthese file"
run b report synthese --format json
json 'assert d["report"] == "synthese" and d["journal"] == [] and d["formation"]' "$T/out" && ok || ko "synthese json"

case_ "report --since: what happened in the window, what is in full"
run b report --since "il y a 6 jours" --format json
expect_rc 0
json '
titles = [j["title"] for j in d["journal"]]
assert "Mon parcours" not in titles and "Compétences du métier" in titles, titles
assert d["time"]["minutes"] == 30+120+60+45, d["time"]["minutes"]
assert len(d["pistes"]) == 2 and len(d["open_questions"]) == 1
assert d["window"]["since"]
' "$T/out" && ok || ko "since window"
run b report --since "il y a 6 jours"
expect_out "depuis le"
expect_no_out "Mon parcours"

case_ "report: bad input lists the valid values and changes nothing"
run b report bilan
expect_rc 2
expect_err "invalid value 'bilan'"
expect_err "suivi, seance, synthese"
run b report --format pdf
expect_rc 2
expect_err "md, html, json"
run b report --since "la semaine des quatre jeudis"
expect_rc 2
run b report suivi seance
expect_rc 2
expect_err "too many arguments"
run b report --bogus
expect_rc 2
expect_eq "$(snapshot "$W")" "$before"
expect_eq "$(commits "$W")" "$n_commits"

case_ "report -o inside the workspace outside private/: refused, nothing written (issue 14)"
run b report -o "$W/rapport.md"
expect_rc 2
expect_err "inside the workspace"
expect_no_file "$W/rapport.md"
expect_eq "$(commits "$W")" "$n_commits"
mkdir -p "$W/private"
run b report -o "$W/private/rapport.md"
expect_rc 0
expect_file "$W/private/rapport.md"
rm -rf "$W/private/rapport.md"

case_ "report: a broken file is named at the top, the rest still renders, exit 1"
printf 'id: 20261101T000000Z-zzzz\ndate: [2026\n' >"$W/journal/2026/broken.yaml" 2>/dev/null || {
	mkdir -p "$W/journal/2026"; printf 'id: 20261101T000000Z-zzzz\ndate: [2026\n' >"$W/journal/2026/broken.yaml"; }
run b report
expect_rc 1
expect_err "journal/2026/broken.yaml:"
expect_err "could not be read"
first=$(grep -n "pas pu être lu" "$T/out" | head -1 | cut -d: -f1)
temps=$(grep -n "^## Temps consacré" "$T/out" | cut -d: -f1)
[ -n "$first" ] && [ "$first" -lt "$temps" ] && ok || ko "the problem is not at the top"
grep -q 'journal/2026/broken.yaml:[0-9]*:[0-9]*' "$T/out" && ok || ko "no FILE:LINE:COL"
expect_out "Développeuse web"
expect_out "Mon parcours"
run b report --format json
expect_rc 1
json 'assert d["problems"][0]["file"] == "journal/2026/broken.yaml" and d["problems"][0]["line"] > 0' "$T/out" && ok || ko "json problems"
run b report -o "$T/broken.html"
expect_rc 1
grep -q 'broken.yaml' "$T/broken.html" && ok || ko "html names the broken file"
rm -f "$W/journal/2026/broken.yaml"

case_ "report: test results checked once are vouched by their stat data; a hand edit is checked again"
run b report --format md
expect_rc 0
RC="$W/.git/bilan-cache/results-checked"
expect_file "$RC"
expect_eq "$(grep -ac ' tests/' "$RC")" "$(find "$W/tests" -name '*.yaml' | wc -l | tr -d ' ')"
cp "$T/out" "$T/trusted.md"
run b report --format md
expect_rc 0
cmp -s "$T/out" "$T/trusted.md" && ok || ko "a report from vouched results differs"
RF=$(find "$W/tests/riasec" -name '*.yaml' | LC_ALL=C sort | head -1)
cp -p "$RF" "$T/result.keep"
sed -i 's/^version: .*/version: deux/' "$RF"
run b report --format md
expect_rc 1
expect_err "${RF#"$W"/}:2:"
cp -p "$T/result.keep" "$RF"
printf 'garbage\n1 2 3\n' >"$RC"
run b report --format md
expect_rc 0
# the cache holds the parsed trees: a byte changed in it drops it whole,
# never a report built from a damaged tree
run b report --format md
python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[len(b) * 2 // 3] ^= 0x04; open(p, "wb").write(b)' "$RC"
run b report --format md
expect_rc 0
sed '/Établi le/d' "$T/out" >"$T/flipped.md"
sed '/Établi le/d' "$T/trusted.md" | cmp -s - "$T/flipped.md" && ok || ko "a damaged cache changed the report"

case_ "report in French messages when the locale is French"
if has_fr; then
	LC_ALL=fr_FR.UTF-8 run b report --format pdf
	expect_rc 2
	expect_err "valeur « pdf » invalide"
	LC_ALL=fr_FR.UTF-8 run b report -o "$W/r.md"
	expect_err "dans l'espace de travail"
	rm -f "$W/r.md"
else
	lacking_part "the fr_FR.UTF-8 locale"
fi

# ------------------------------------------------------------------
# bilan remind

case_ "remind: silent with nothing to say, even under env -i"
E="$T/empty"
new_ws "$E" --weekly-goal 2h
sleep 1
e_before=$(snapshot "$E")
run env -i BILAN_DIR="$E" "$BILAN" remind
expect_rc 0
expect_empty_out
expect_empty_err
run env -i "$BILAN" -C "$E" remind
expect_rc 0
expect_empty_out
run env -i BILAN_DIR="$E" "$BILAN" remind --always
expect_rc 0
expect_out "Bilan de compétences de Camille Martin"
expect_out "Cette semaine : 0 h sur 2 h"
expect_out "Rien ne demande votre attention."
expect_eq "$(snapshot "$E")" "$e_before"
expect_eq "$(commits "$E")" 1

case_ "remind: items due, in the workspace's language under cron, nothing written"
rm -rf "$W/.git/bilan-cache"
mkdir -p "$W/.git/bilan/partial"
cat >"$W/.git/bilan/partial/big-five.yaml" <<EOF
questionnaire: big-five
version: 1
sha256: 0000000000000000000000000000000000000000000000000000000000000000
saved: 2026-11-20T10:00:00+01:00
position: 3
total: 40
answers:
  o1: 4
EOF
b enquete add --piste developpeuse-web --role "Formateur" --org "AFPA" --date "il y a 3 jours" >/dev/null
w_before=$(snapshot "$W")
w_commits=$(commits "$W")
run env -i BILAN_DIR="$W" "$BILAN" remind
expect_rc 0
expect_empty_err
expect_out "Bilan de compétences de Camille Martin ($W)"
expect_out "Cette semaine : "
expect_out "Dernière entrée du journal : il y a 1 jour"
expect_out "Tâche en retard (1)"
expect_out "Faire le test des valeurs"
# due in two days: this week from Monday to Friday, next week at the weekend
if [ "$(now_fmt %u)" -le 5 ]; then expect_out "À faire cette semaine"; else expect_no_out "À faire cette semaine"; fi
expect_out "Questionnaire « big-five » inachevé : 1 réponse gardée sur 40"
expect_out "Enquête métier en attente d'une suite (1)"
expect_out "Formateur — AFPA : réalisée le .* ? Notez ce que vous avez appris : « bilan enquete done developpeuse-web-formateur-afpa »"
expect_out "Question ouverte pour Sophie Durand (1)"
expect_out "Comment financer une formation ?"
expect_out "Blocage (1)"
expect_out "Prochaine séance : "
expect_out "dans 3 jours"
expect_out "Restitution des tests"
expect_out "bilan report seance"
if grep -q "$(printf '\033')" "$T/out"; then ko "colour or escape in remind"; else ok; fi
expect_eq "$(snapshot "$W")" "$w_before"
expect_eq "$(commits "$W")" "$w_commits"
expect_no_file "$W/.git/bilan-cache/journal.bin"
# the user's own locale wins over the workspace's language
run b --color=always remind
expect_rc 0
expect_out "To-do item overdue (1)"
expect_out "Open question for the consultant (1)"
if grep -q "$(printf '\033')" "$T/out"; then ko "colour in remind"; else ok; fi
expect_eq "$(snapshot "$W")" "$w_before"

case_ "remind: a broken file is in the message, exit 1"
printf 'title: [\n' >"$W/todo/20261101T000000Z-zzzz.yaml"
run env -i BILAN_DIR="$W" "$BILAN" remind
expect_rc 1
expect_out "Fichiers illisibles"
expect_out "todo/20261101T000000Z-zzzz.yaml:[0-9]*:[0-9]*: "
expect_out "Tâche en retard"
rm -f "$W/todo/20261101T000000Z-zzzz.yaml"

case_ "remind: an English workspace under cron"
EN="$T/english"
new_ws "$EN" --language en --start "il y a 3 semaines"
run env -i BILAN_DIR="$EN" "$BILAN" remind
expect_rc 0
expect_out "No journal entry yet"
expect_out "This week: 0h of 2h (last week: 0h, under the goal)"

case_ "remind: the appraisal at the end of the bilan, and six months later"
A="$T/ended"
new_ws "$A" --start "il y a 12 semaines" --end "il y a 2 semaines"
run env -i BILAN_DIR="$A" "$BILAN" remind
expect_rc 0
expect_out "Le bilan s'est terminé le"
expect_out "bilan test run appreciation"
"$BILAN" -C "$A" test run -q --answers "$(ans 15 7 5)" appreciation >/dev/null 2>&1 || true
if [ -n "$(ls "$A/private/tests/appreciation" 2>/dev/null)" ]; then
	run env -i BILAN_DIR="$A" "$BILAN" remind
	expect_no_out "appréciation"
else
	ko "could not take the appraisal questionnaire"
fi
S="$T/six"
new_ws "$S" --start "il y a 40 semaines" --end "il y a 27 semaines"
run env -i BILAN_DIR="$S" "$BILAN" remind
expect_out "Six mois après la fin du bilan"

case_ "remind --crontab: a line for this workspace"
run b remind --crontab
expect_rc 0
expect_out "^0 9 \* \* 1 BILAN_DIR=$W .* remind$"
P="$T/dir with space %"
new_ws "$P"
run "$BILAN" -C "$P" remind --crontab
expect_out "BILAN_DIR='$T/dir with space \\\\%'"
run b remind --crontab --always
expect_rc 2
run b remind extra
expect_rc 2
run b remind --help
expect_rc 0
expect_out "bilan remind"

case_ "reports people want to read: no title twice, answered questions only, line breaks, takeaways, agenda"
R="$T/lisible"
new_ws "$R" --start "il y a 20 jours"
r() { "$BILAN" -C "$R" "$@"; }
printf 'Premier jet de mon parcours\nJ ai commencé en 2010.\nPuis une autre ligne.\n' | r journal add -q -k reflexion
printf 'Mes valeurs\n## Ce qui compte pour moi\nÊtre utile.\n## Ce que je ne veux plus\n\n## Une question laissée vide\n' | r journal add -q --guide valeurs
r seance add "il y a 3 jours 10h" --subject "Point d'étape" >/dev/null
r seance done --takeaways "Ce que nous retenons
Creuser la piste de la formation.
Revoir le budget." >/dev/null
r journal add -q --tag aborder "Demander comment financer la formation"
r seance add "dans 3 jours 10h" >/dev/null
run r report
expect_rc 0
expect_eq "$(grep -c 'Premier jet de mon parcours' "$T/out")" 1
expect_out "J ai commencé en 2010."
expect_out "Être utile."
expect_no_out "Ce que je ne veux plus"
expect_no_out "Une question laissée vide"
run r report --format html
expect_rc 0
expect_out "J ai commencé en 2010.<br>"
run r report seance
expect_rc 0
expect_out "^## Points clés de la dernière séance"
expect_out "Creuser la piste de la formation."
expect_out "^## Ce que je veux aborder"
expect_out "Demander comment financer la formation"

finish
