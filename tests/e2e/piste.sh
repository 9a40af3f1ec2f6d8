#!/bin/sh
# End-to-end: the field work of a bilan, as one scripted story -- two pistes,
# three enquêtes through their statuses with verdicts, a piste set aside with
# its reason, séances with takeaways up to the 24 h warning, to-do items
# overdue and done, status and piste show reflecting all of it, --json
# wherever a list is printed, the closing of the bilan, and the history seen
# with plain git (one commit per command, private contacts never in a message).
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
pyjson() { python3 -c "import json,sys; d=json.load(open('$T/out')); print($1)"; }
expect_check() {
	if "$BILAN" -C "$W" check --strict >"$T/check.out" 2>&1; then ok; else ko "bilan check: $(head -5 "$T/check.out")"; fi
}
# one commit more than before, holding exactly N files
expect_commit() {
	now_c=$(commits "$W")
	expect_eq "$now_c" "$((c0 + 1))"
	expect_eq "$(git -C "$W" show --stat --format= HEAD | grep -c '|')" "$1"
	c0=$now_c
}
expect_nothing_changed() {
	expect_eq "$(snapshot "$W")" "$before"
	expect_eq "$(commits "$W")" "$c0"
}
B() { run "$BILAN" -C "$W" "$@"; }

new_ws "$W" --start "il y a 30 jours"
c0=$(commits "$W")

# ----------------------------------------------------------------------
case_ "pistes: add with ROME codes, accents folded in slugs"
B piste add "Développeuse web" --rome m1805 --why "Créer des outils utiles, travailler en équipe"
expect_rc 0
expect_out "developpeuse-web"
expect_file "$W/pistes/developpeuse-web.yaml"
expect_commit 1
expect_eq "$(stat -c %a "$W/pistes/developpeuse-web.yaml")" 600
grep -q '^- M1805$' "$W/pistes/developpeuse-web.yaml" && ok || ko "ROME code normalised"
grep -q '^status: a-explorer$' "$W/pistes/developpeuse-web.yaml" && ok || ko "status"
B piste add Infirmière --rome J1506
expect_rc 0
expect_commit 1
expect_eq "$(git -C "$W" log -1 --format=%s)" "piste: add infirmiere"

case_ "piste add --rome echoes the sheet's title"
B piste add "Formateur" --rome k2111
expect_rc 0
expect_out "^  K2111  Formateur / Formatrice$"
expect_commit 1
B piste add "Médiatrice" --rome K1204,g1703
expect_rc 0
expect_out "^  K1204  Médiateur social / Médiatrice sociale$"
expect_out "^  G1703  Réceptionniste$"
expect_commit 1

case_ "evidence before a verdict: validee with no enquête held and no research note asks (exit 3, --force)"
B piste show formateur
before=$(snapshot "$W")
B piste set formateur validee --reason "j'adore"
expect_rc 3
expect_err "not validating 'formateur' on no evidence: no enquête held and no research note"
expect_err "add --force"
expect_nothing_changed
B piste set formateur validee --reason "j'adore" --force
expect_rc 0
expect_commit 1
grep -q "^status: validee$" "$W/pistes/formateur.yaml" && ok || ko "validee with --force"
# a research note on one of its sheets is evidence enough
B journal add --piste mediatrice -k recherche "Fiche K1204 lue : médiation, écoute, travail de rue"
expect_rc 0
c0=$(commits "$W")
B piste set mediatrice validee --reason "la fiche correspond à ce que je cherche"
expect_rc 0
expect_commit 1

case_ "pistes: bad input changes nothing"
before=$(snapshot "$W")
B piste add Boulangère --rome Z9999
expect_rc 2
expect_err "ROME code 'Z9999'"
B piste add Boulangère --rome A9999
expect_rc 1
expect_err "A9999"
B piste add
expect_rc 2
B piste set developpeuse-web validee
expect_rc 2
expect_err "needs a reason"
B piste set developpeuse-web bof
expect_rc 2
expect_err "a-explorer, en-exploration, validee, ecartee, en-attente"
B piste set infirmeire en-exploration
expect_rc 1
expect_err "no piste matches 'infirmeire'"
expect_err "did you mean 'infirmiere'"
B piste list --status bof
expect_rc 2
expect_nothing_changed

case_ "pistes: statuses move with dates, accents accepted"
B piste set dev "En exploration"
expect_rc 0
expect_out "now 'being explored'"
expect_commit 1
B piste set infirmiere en-exploration
expect_rc 0
expect_commit 1
before=$(snapshot "$W")
B piste set dev à-explorer
expect_rc 2
expect_err "does not go back"
expect_nothing_changed

# ----------------------------------------------------------------------
case_ "enquêtes: slugs from piste, role and organisation; contacts kept private"
B enquete add --piste dev --role "Lead développeuse" --org Acme --channel réseau \
	--with "Jeanne Dupont" --phone "06 12 34 56 78" --email jeanne@example.org
expect_rc 0
E1=developpeuse-web-lead-developpeuse-acme
expect_file "$W/enquetes/$E1.yaml"
expect_file "$W/private/contacts/$E1.yaml"
expect_commit 2
grep -q "Jeanne\|06 12\|example.org" "$W/enquetes/$E1.yaml" && ko "contact details in the enquête file" || ok
grep -q "^contact: $E1$" "$W/enquetes/$E1.yaml" && ok || ko "contact id"
grep -q "^name: Jeanne Dupont$" "$W/private/contacts/$E1.yaml" && ok || ko "contact name"
expect_eq "$(stat -c %a "$W/private/contacts")" 700
B enquete add --piste developpeuse-web --role Développeuse --org "Beta SAS" --date "dans 3 jours 14h"
expect_rc 0
expect_out "planifiee"
E2=developpeuse-web-developpeuse-beta-sas
expect_commit 1
B enquete add --piste infirm --role "Infirmière de nuit" --org "CHU de Lyon"
expect_rc 0
E3=infirmiere-infirmiere-de-nuit-chu-de-lyon
expect_file "$W/enquetes/$E3.yaml"
expect_commit 1

case_ "enquêtes: bad input changes nothing"
before=$(snapshot "$W")
B enquete add --role x
expect_rc 2
expect_err "--piste"
B enquete add --piste devv
expect_rc 1
expect_err "did you mean 'developpeuse-web'"
B enquete add --piste dev --phone "appelle-moi"
expect_rc 2
B enquete add --piste dev --email "jeanne at example"
expect_rc 2
B enquete add --piste dev --date "la semaine des quatre jeudis"
expect_rc 2
expect_err "cannot read date"
B enquete set acme planifiee
expect_rc 2
expect_err "needs its date"
B enquete set beta a-contacter
expect_rc 2
expect_err "does not go back"
B enquete set beta realisee
expect_rc 2
expect_err "verdict"
B enquete done acme --verdict mitige
expect_rc 2
expect_err "conforte, nuance, infirme"
B enquete done acme
expect_rc 2
B enquete set web contactee
expect_rc 1
expect_err "ambiguous"
expect_nothing_changed

case_ "enquêtes: forward through their statuses, each change dated"
B enquete set acme contactée
expect_rc 0
expect_commit 1
B enquete set acme planifiee --date "demain 10h"
expect_rc 0
expect_commit 1
expect_eq "$(grep -c '^- date:' "$W/enquetes/$E1.yaml")" 3
B enquete list --json
expect_rc 0
expect_eq "$(pyjson 'len(d["enquetes"])')" 3
expect_eq "$(pyjson '[e["status"] for e in d["enquetes"] if e["slug"]=="'$E1'"][0]')" planifiee
pyjson 'd' | grep -q Jeanne && ko "contact name in enquete list --json" || ok
B enquete list --status planifiee --piste dev
expect_rc 0
expect_out "$E1"
expect_out "$E2"
expect_no_out "$E3"

case_ "enquêtes: done with verdicts and notes (options, stdin); suggested contacts stay private"
B enquete done acme --verdict conforté --date aujourd\'hui \
	--confirmed "Beaucoup de travail en équipe, des revues de code" \
	--surprised "Plus de réunions que prévu" --attention "Veille technique le soir" \
	--suggested "Paul Martin, CTO chez Gamma, 07 00 00 00 00"
expect_rc 0
expect_out "verdict .confirms."
expect_commit 2
grep -q "^  verdict: conforte$" "$W/enquetes/$E1.yaml" && ok || ko "verdict stored"
grep -q "Paul Martin" "$W/enquetes/$E1.yaml" && ko "suggested contact in the enquête file" || ok
grep -q "Paul Martin" "$W/private/contacts/$E1.yaml" && ok || ko "suggested contact kept privately"
printf '## Ce qui confirme\nLe contact client\n## Points de vigilance\nSalaires plus bas en agence\n# un commentaire\n' >"$T/notes"
set +e
"$BILAN" -C "$W" enquete done beta --verdict nuancé <"$T/notes" >"$T/out" 2>"$T/err"
rc=$?
set -e
expect_rc 0
expect_commit 1
grep -q "attention: Salaires plus bas en agence" "$W/enquetes/$E2.yaml" && ok || ko "stdin notes"
grep -q "commentaire" "$W/enquetes/$E2.yaml" && ko "comment kept" || ok
B enquete set chu contactee
expect_rc 0
expect_commit 1
# empty notes cancel whatever their source: </dev/null, blank stdin, blank options
before=$(snapshot "$W")
B enquete done chu --verdict infirme
expect_rc 1
expect_err "no notes written: nothing recorded"
expect_nothing_changed
run_in "$(printf '  \n\n')" "$BILAN" -C "$W" enquete done chu --verdict infirme
expect_rc 1
expect_err "nothing recorded"
expect_nothing_changed
run_in "$(printf '## Ce qui confirme\n\n## Points de vigilance\n# rien\n')" "$BILAN" -C "$W" enquete done chu --verdict infirme
expect_rc 1
expect_nothing_changed
B enquete done chu --verdict infirme --confirmed " " --attention ""
expect_rc 1
expect_err "nothing recorded"
expect_nothing_changed
B enquete done chu --verdict infirme "Les gardes de nuit et le week-end ne sont pas négociables."
expect_rc 0
expect_commit 1
expect_out "verdict 'does not confirm'"
expect_out "does not confirm the piste: is its status still right?"
# the piste's status is questioned until it is set again
B piste show infirmiere
expect_rc 0
expect_out "The enquête 'infirmiere-infirmiere-de-nuit-chu-de-lyon' does not confirm this piste: is the status 'being explored' still right?"
B piste show infirmiere --json
expect_eq "$(pyjson 'd["questioned_by"]')" infirmiere-infirmiere-de-nuit-chu-de-lyon
B piste show developpeuse-web --json
expect_eq "$(pyjson 'd["questioned_by"]')" None
B remind
expect_out "Piste an enquête did not confirm (1): is its status still right?"
expect_out "infirmiere (en-exploration): the enquête 'infirmiere-infirmiere-de-nuit-chu-de-lyon' does not confirm it"
B enquete list
expect_out "\[does not confirm\]"
before=$(snapshot "$W")
B enquete done acme --verdict infirme
expect_rc 2
expect_err "no longer changes"
expect_nothing_changed
B enquete show acme
expect_rc 0
expect_out "Jeanne Dupont"
expect_out "Paul Martin"
expect_out "Plus de réunions"
B enquete show acme --json
expect_rc 0
expect_eq "$(pyjson 'd["verdict"]')" conforte
expect_eq "$(pyjson 'd["contact"]["name"]')" "Jeanne Dupont"

case_ "the interview guide, adapted to the piste's ROME fiche"
B enquete guide acme
expect_rc 0
expect_out "Avant l'entretien"
expect_out "Pendant l'entretien"
expect_out "Après l'entretien"
expect_out "Développeuse web"
expect_no_out "{metier}"
expect_out "Dans votre quotidien, comment mobilisez-vous"
expect_out "M1805"
expect_out "Source : France Travail"
B enquete guide infirmiere
expect_rc 0
expect_out "Infirmière"
expect_out "J1506"
B enquete guide nowhere
expect_rc 1

case_ "a piste set aside with its reason; a decided piste is reopened only with --force"
B piste set infirmiere écartée --reason "Les horaires de nuit ne me conviennent pas"
expect_rc 0
expect_commit 1
grep -q "^status: ecartee$" "$W/pistes/infirmiere.yaml" && ok || ko "ecartee"
grep -q "reason: Les horaires de nuit" "$W/pistes/infirmiere.yaml" && ok || ko "reason kept"
B piste show infirmiere
expect_no_out "does not confirm this piste"
B remind
expect_no_out "did not confirm"
before=$(snapshot "$W")
B piste set infirmiere en-exploration --reason "je réfléchis encore"
expect_rc 2
expect_err "--force"
expect_nothing_changed

# ----------------------------------------------------------------------
case_ "journal entries and research notes linked to a piste"
B journal add --piste developpeuse-web -k recherche "Fiche M1805 lue : beaucoup de travail en équipe"
expect_rc 0
c0=$(commits "$W")
B journal add --piste developpeuse-web -k reflexion "Ce qui me plaît : construire"
expect_rc 0
c0=$(commits "$W")
B piste list
expect_rc 0
expect_out "developpeuse-web"
expect_out "1 journal entry · 1 research note · 2 enquêtes (1 confirms, 1 qualifies)"
expect_out "1 enquête (1 does not confirm)"
B piste list --json
expect_rc 0
expect_eq "$(pyjson '[p["evidence"]["enquetes"] for p in d["pistes"] if p["slug"]=="developpeuse-web"][0]')" 2
expect_eq "$(pyjson '[p["evidence"]["research"] for p in d["pistes"] if p["slug"]=="developpeuse-web"][0]')" 1
expect_eq "$(pyjson '[p["reason"] for p in d["pistes"] if p["slug"]=="infirmiere"][0]')" "Les horaires de nuit ne me conviennent pas"
B piste list --status ecartee --json
expect_eq "$(pyjson 'len(d["pistes"])')" 1

# ----------------------------------------------------------------------
case_ "séances: planned, attended with takeaways, one commit with the journal entry"
B seance add "il y a 20 jours 10h" --duration 3h --phase préliminaire --subject "Premier entretien"
expect_rc 0
expect_commit 1
S1=$(ls "$W/seances" | head -1 | sed 's/\.yaml$//')
B seance done "$S1" --takeaways "Cadrage du bilan
Trois pistes à explorer, un entretien par semaine."
expect_rc 0
expect_out "Takeaways written"
expect_commit 2
git -C "$W" show --stat --format= HEAD | grep -q "journal/" && ok || ko "journal entry in the séance commit"
grep -q "^status: realisee$" "$W/seances/$S1.yaml" && ok || ko "realisee"
grep -q "^  beneficiaire:$" "$W/seances/$S1.yaml" && ok || ko "attendance confirmed"
grep -q "^    name: Camille Martin$" "$W/seances/$S1.yaml" && ok || ko "confirmed by"
grep -q "^  duration: 3h$" "$W/seances/$S1.yaml" && ok || ko "duration attended"
grep -q "^journal: " "$W/seances/$S1.yaml" && ok || ko "journal link"
B journal list -k seance --json
expect_eq "$(pyjson 'len(d["entries"])' 2>/dev/null || echo x)" 1
for when in "il y a 13 jours 10h" "il y a 9 jours 10h" "il y a 6 jours 10h"; do
	B seance add "$when" --duration 3h
	expect_rc 0
	c0=$(commits "$W")
done
B phase set investigation
expect_rc 0
expect_commit 1
grep -q '^phase: investigation$' "$W/bilan.yaml" && ok || ko "phase written"
printf 'Restitution RIASEC\n\nProfil SAI, à discuter.\n' >"$T/take"
set +e
"$BILAN" -C "$W" seance done "$(ls "$W/seances" | sed -n 2p | sed 's/\.yaml$//')" <"$T/take" >"$T/out" 2>"$T/err"
rc=$?
set -e
expect_rc 0
expect_commit 2
B seance done --duration 2h30
expect_rc 0
expect_commit 1
B seance done --no-takeaways
expect_rc 0
expect_commit 1
B seance list
expect_rc 0
expect_out "Hours used: 11h30 of the 24h maximum"
expect_out "Phase: investigation"

case_ "séances: the 24 h warning and refusal"
B seance add "il y a 2 jours 9h" --duration 9h --subject "Journée d'immersion"
expect_rc 0
expect_err "attended or planned"
c0=$(commits "$W")
B seance done
expect_rc 0
expect_err "20h30 of the 24h maximum are used"
c0=$(commits "$W")
before=$(snapshot "$W")
B seance add "mardi 14h" --duration 4h
expect_rc 3
expect_err "legal maximum of 24h"
expect_err "--force"
B seance done --duration 4h --date hier
expect_rc 3
# --force asks for a reason, which the séance keeps (issue 22)
B seance add "mardi 14h" --duration 4h --force
expect_rc 2
expect_err "needs a reason"
B seance add "mardi 14h" --duration 1h --reason "pour rien"
expect_rc 2
expect_err "only for going past the 24-hour maximum"
B seance done --duration 4h --date hier --force --no-takeaways
expect_rc 2
expect_err "needs a reason"
B seance add "mardi 25h"
expect_rc 2
B seance add "mardi 14h" --duration 0
expect_rc 2
B seance add "mardi 14h" --phase terminee
expect_rc 2
expect_err "preliminaire, investigation, conclusions"
expect_nothing_changed
B seance add "dans 10 jours 14h" --duration 2h --phase conclusions --subject "Synthèse"
expect_rc 0
expect_commit 1
# what 'seance done' refuses: decided in lib/ (seance-done.c), worded by
# cmd/ with its labels and dates; nothing written
before=$(snapshot "$W")
syn=$(basename "$(grep -l "^subject: Synthèse" "$W"/seances/*.yaml)" .yaml)
B seance done "$syn" --no-takeaways
expect_rc 2
expect_err "séance $syn is planned for .*, later than now"
expect_err "give --date WHEN"
B seance done --no-takeaways
expect_rc 2
expect_err "no planned séance today or before"
expect_err "or --duration D"
B seance done "$S1" --no-takeaways
expect_rc 2
expect_err "séance $S1 is already 'held'"
expect_nothing_changed
B seance add "dans 11 jours 14h" --duration 3h --force --reason "restitution avec l'employeur, accord tripartite" --subject "Restitution"
expect_rc 0
expect_commit 1
f=$(grep -l "^subject: Restitution" "$W"/seances/*.yaml)
grep -A2 "^over_cap:" "$f" | grep -q "reason: restitution avec l'employeur, accord tripartite" && ok || ko "the reason is not kept: $(cat "$f")"
B check --strict
expect_rc 0
B seance cancel --reason "finalement inutile" "$(basename "$f" .yaml)"
expect_rc 0
expect_commit 1
B seance list --json
expect_rc 0
expect_eq "$(pyjson 'd["attended_minutes"]')" 1230
expect_eq "$(pyjson 'd["planned_minutes"]')" 120
expect_eq "$(pyjson 'd["max_minutes"]')" 1440
expect_eq "$(pyjson 'sum(1 for s in d["seances"] if s["status"]=="realisee")')" 5
expect_eq "$(pyjson 'sum(1 for s in d["seances"] if s["journal"])')" 2

# ----------------------------------------------------------------------
case_ "to-do items: overdue first, done by id or words, linked to an entry"
B todo add "Passer le questionnaire RIASEC" --kind test --due "il y a 3 jours"
expect_rc 0
expect_err "already overdue"
expect_commit 1
B todo add "Lire la fiche M1805 en entier" --kind recherche --piste dev --due "dans 8 jours"
expect_rc 0
expect_commit 1
B todo add "Écrire mon parcours" --kind réflexion --due "il y a 1 jours"
expect_rc 0
expect_commit 1
B todo add "Relancer Beta SAS" --kind enquête
expect_rc 0
expect_commit 1
expect_eq "$(git -C "$W" log -1 --format=%s)" "todo: add an item"
before=$(snapshot "$W")
B todo add "x" --kind dessin
expect_rc 2
expect_err "test, reflexion, recherche, enquete"
B todo add "x" --due "31/02/2027"
expect_rc 2
B todo add "x" --piste nowhere
expect_rc 1
B todo done nothing-like-this
expect_rc 1
B todo done é
expect_rc 1
expect_err "ambiguous"
expect_nothing_changed
B todo list
expect_rc 0
expect_eq "$(sed -n 1p "$T/out" | grep -c 'overdue.*RIASEC')" 1
expect_eq "$(sed -n 2p "$T/out" | grep -c 'overdue.*parcours')" 1
B todo list --json
expect_eq "$(pyjson 'd["todos"][0]["overdue"]')" True
expect_eq "$(pyjson 'len(d["todos"])')" 4
ENTRY=$(basename "$(find "$W/journal" -name '*.yaml' | sort | tail -1)" .yaml)
B todo done parcours --by "$ENTRY"
expect_rc 0
expect_out "Écrire mon parcours"
expect_commit 1
grep -q "^by: $ENTRY$" "$W/todo/"*.yaml && ok || ko "by link"
B todo done riasec --by 00000000T
expect_rc 1
B todo list --json
RID=$(pyjson '[t["id"] for t in d["todos"] if "RIASEC" in t["text"]][0]')
B todo done "$(echo "$RID" | cut -c18-)"
expect_rc 0
expect_commit 1
B todo list
expect_out "(2 items done; --all shows them)"
B todo list --all --json
expect_eq "$(pyjson 'sum(1 for t in d["todos"] if t["status"]=="fait")')" 2

# ----------------------------------------------------------------------
case_ "status shows the field work"
B status
expect_rc 0
expect_out "Séances: 20h30 used of the 24h maximum"
expect_out "near the legal maximum"
expect_out "next: "
expect_out "(Synthèse)"
expect_out "Pistes: 4 (1 being explored, 2 validated, 1 set aside)"
expect_out "To do: 2 open"
B status --json
expect_rc 0
expect_eq "$(pyjson 'd["seances"]["attended_minutes"]')" 1230
expect_eq "$(pyjson 'd["seances"]["next"]["subject"]')" "Synthèse"
expect_eq "$(pyjson 'd["pistes"]["by_status"]["ecartee"]')" 1
expect_eq "$(pyjson 'd["todo"]["open"]')" 2
expect_eq "$(pyjson 'd["retention"]')" None

case_ "piste show gathers everything in time order"
B piste show dev
expect_rc 0
expect_out "Développeuse web"
expect_out "status: being explored"
expect_out "ROME: M1805"
expect_out "held, verdict confirms"
expect_out "held, verdict qualifies"
expect_out "research: Fiche M1805"
expect_out "to do: Lire la fiche M1805"
B piste show dev --json
expect_rc 0
expect_eq "$(pyjson 'd["evidence"]["verdicts"]["conforte"]')" 1
python3 -c "
import json, datetime; d=json.load(open('$T/out'))
t=[datetime.datetime.fromisoformat(e['date']) for e in d['timeline']]
assert t == sorted(t), t
kinds={e['kind'] for e in d['timeline']}
assert kinds >= {'status','journal','enquete','todo'}, kinds
" && ok || ko "timeline in time order with every kind"
B piste show infirmiere
expect_out "Les horaires de nuit"
expect_out "held, verdict does not confirm"

# ----------------------------------------------------------------------
case_ "every file written is valid; the history is clean"
expect_check
expect_clean_repo "$W"
git -C "$W" log --format=%B | grep -q "Jeanne\|Dupont\|Paul Martin\|06 12\|example.org" && ko "personal data in a commit message" || ok
git -C "$W" log --format=%s | grep -v '^\(init\|piste\|enquete\|seance\|todo\|phase\|journal\|close\): ' && ko "unexpected commit subject" || ok

# ----------------------------------------------------------------------
case_ "close: end date, phase terminee, retention at most 3 years"
before=$(snapshot "$W")
B close --keep-until 2099-01-01 --agreement "accord écrit"
expect_rc 2
expect_err "at most 3 years"
B close --keep-until "dans 30 jours"
expect_rc 2
expect_err "--agreement"
B close --agreement "accord écrit"
expect_rc 2
B close --date "il y a 60 jours"
expect_rc 2
expect_err "before the start"
B phase set terminee
expect_rc 2
expect_err "bilan close"
expect_nothing_changed
B close --keep-until "dans 30 jours" --agreement "accord écrit signé le jour de la dernière séance"
expect_rc 3
expect_err "things are left to settle before closing"
expect_err "to-do items still open"
expect_err "still planned"
expect_err "appraisal"
expect_err "commented on the synthèse"
expect_err "bilan close --force"
expect_nothing_changed
B close --force --keep-until "dans 30 jours" --agreement "accord écrit signé le jour de la dernière séance"
expect_rc 0
expect_out "closed on"
expect_out "Closed with --force"
expect_out "the provider keeps the documents for the follow-up until"
expect_out "own copy"
expect_commit 1
grep -q '^phase: terminee$' "$W/bilan.yaml" && ok || ko "phase terminee"
grep -q '^end: ' "$W/bilan.yaml" && ok || ko "end date"
grep -q '^  agreement: accord écrit' "$W/bilan.yaml" && ok || ko "agreement"
grep -q '^language: ' "$W/bilan.yaml" && ok || ko "other keys kept"

case_ "a closed bilan refuses new work but takes the follow-up"
before=$(snapshot "$W")
B piste add "Libraire"
expect_rc 1
expect_err "closed bilan no longer takes"
expect_err "follow-up"
B todo add "encore"
expect_rc 1
B enquete add --piste dev
expect_rc 1
B phase set conclusions
expect_rc 1
B close
expect_rc 2
expect_err "already closed"
expect_nothing_changed
B status --json
expect_eq "$(pyjson 'd["seances"]["next"]')" None
B status
expect_no_out "Synthèse"
B seance add "dans 60 jours 10h" --duration 1h --subject "Entretien de suivi à 6 mois"
expect_rc 0
expect_commit 1
B status
expect_out "Documents kept until"
expect_out "finished"
expect_out "next: .*Entretien de suivi"
expect_no_out "Synthèse"
B status --json
expect_eq "$(pyjson 'd["closed"]')" True
expect_eq "$(pyjson 'd["retention"]["agreement"][:12]')" "accord écrit"
expect_check
expect_clean_repo "$W"

# ----------------------------------------------------------------------
case_ "French messages"
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
	LC_ALL=fr_FR.UTF-8 B piste add Libraire
	expect_rc 1
	expect_err "le bilan s'est terminé le"
	LC_ALL=fr_FR.UTF-8 B piste set dev bof
	expect_rc 2
	expect_err "valeur « bof » invalide"
	LC_ALL=fr_FR.UTF-8 B piste list
	expect_out "1 enquête (1 ne confirme pas)"
	expect_no_out "1 infirme"
	LC_ALL=fr_FR.UTF-8 B seance list
	expect_out "Heures utilisées : 20 h 30 sur le maximum de 24 h"
	LC_ALL=fr_FR.UTF-8 B status
	expect_out "Documents conservés jusqu'au"
	LC_ALL=fr_FR.UTF-8 B todo done riasec
	expect_rc 1
	unset LOCPATH
else
	lacking_part "the fr_FR.UTF-8 locale"
fi

case_ "help"
for cmd in piste enquete seance todo phase close; do
	run "$BILAN" "$cmd" --help
	expect_rc 0
	expect_out "bilan $cmd"
done

finish
