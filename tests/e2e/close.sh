#!/bin/sh
# End-to-end: bilan close lists what is left (open to-dos, planned séances,
# open questions and blockers, the appraisal, the beneficiary's comments on
# the synthèse) and exits 3 until each is settled or --force; afterwards
# status and remind announce only a follow-up séance; the messages say who
# keeps and who destroys what (R6313-7/8).
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
B() { run "$BILAN" -C "$W" "$@"; }
new_ws "$W" --start "il y a 60 jours" --funding plan
# every file but the derived cache (.git/bilan-cache, rebuilt by reads)
snap() { (cd "$W" && find . -path ./.git/bilan.lock -prune -o -path ./.git/bilan-cache -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum) | sha256sum; }
id_of() { sed -n 's/.*id \([^ .,)]*\).*/\1/p' "$T/out" | head -1; }

"$BILAN" -C "$W" todo add "Lire la fiche M1805" >/dev/null
T1=$(ls "$W/todo" | sed 's/\.yaml$//')
"$BILAN" -C "$W" seance add "dans 3 jours 10h" --subject "Conclusions" >"$T/out"
S1=$(id_of)
"$BILAN" -C "$W" journal add -q -k question "La VAE est-elle possible ?"
"$BILAN" -C "$W" journal add -q -k blocage "Pas de réponse de l'entreprise"
"$BILAN" -C "$W" journal add -q --private -k question "Question privée"

case_ "close lists everything left and exits 3, nothing changed"
before=$(snap)
c0=$(commits "$W")
B close
expect_rc 3
expect_err "7 things are left to settle before closing the bilan"
expect_err "1 to-do item still open: 'bilan todo done ID'"
expect_err "Lire la fiche M1805"
expect_err "1 séance still planned"
expect_err "Conclusions"
expect_err "2 questions still open"
expect_err "Question privée"
expect_err "1 blocker still open"
expect_err "appraisal questionnaire has not been taken: 'bilan test run appreciation'"
expect_err "not commented on the synthèse"
expect_err "bilan journal add --tag synthese"
expect_err "bilan close --force"
expect_empty_out
expect_eq "$(snap)" "$before"
expect_eq "$(commits "$W")" "$c0"
[ ! -e "$W/.git/bilan.lock" ] && ok || ko "lock left behind"

case_ "settled one by one, the list shrinks"
"$BILAN" -C "$W" todo done "$T1" >/dev/null
B close
expect_rc 3
expect_err "6 things are left"
expect_no_out "to-do"
grep -q "to-do item" "$T/err" && ko "to-do still listed" || ok
"$BILAN" -C "$W" seance cancel --reason "fin du bilan" "$S1" >/dev/null
for id in $("$BILAN" -C "$W" journal list --open --json | python3 -c "import json,sys; print(' '.join(e['id'] for e in json.load(sys.stdin)['entries']))"); do
	"$BILAN" -C "$W" journal close -q --answer "Réglé en séance" "$id" >/dev/null
done
B close
expect_rc 3
expect_err "2 things are left"
grep -q "still open\|still planned" "$T/err" && ko "settled items still listed" || ok
printf '5\n4\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n1\n-\nRien à ajouter\n' | "$BILAN" -C "$W" test run -q appreciation --answers-file - >/dev/null
B close
expect_rc 3
expect_err "1 thing is left"
expect_err "commented on the synthèse"
"$BILAN" -C "$W" journal add -q --tag synthese "Je me reconnais dans la synthèse ; j'ajouterais mon goût pour la transmission."

case_ "everything settled: closed without --force, who keeps and who destroys what"
c0=$(commits "$W")
B close
expect_rc 0
expect_out "The bilan is closed on $(day_of 0)"
expect_no_out "Closed with --force"
expect_out "the provider (the consultant's organisation) destroys the documents"
expect_out "except the synthèse sent to the CEP"
expect_out "own copy (this workspace, the synthèse) is theirs"
expect_out "three-party agreement (R6313-8)"
expect_out "bilan purge"
expect_eq "$(commits "$W")" "$((c0 + 1))"
grep -q '^phase: terminee$' "$W/bilan.yaml" && ok || ko "phase terminee"
B status
expect_out "the provider destroys them"

case_ "--force closes with things left; status and remind stop announcing séances"
W2="$T/ws2"
new_ws "$W2" --start "il y a 30 jours"
"$BILAN" -C "$W2" seance add "demain 10h" --subject "Restitution" >/dev/null
"$BILAN" -C "$W2" todo add "Encore une chose" >/dev/null
run "$BILAN" -C "$W2" remind
expect_out "Restitution"
run "$BILAN" -C "$W2" close
expect_rc 3
run "$BILAN" -C "$W2" close --force
expect_rc 0
expect_out "Closed with --force: 4 things were left unsettled"
run "$BILAN" -C "$W2" status
expect_no_out "Restitution"
expect_no_out "next:"
run "$BILAN" -C "$W2" status --json
expect_eq "$(python3 -c "import json; print(json.load(open('$T/out'))['seances']['next'])")" None
run "$BILAN" -C "$W2" remind
expect_no_out "Restitution"
run "$BILAN" -C "$W2" report seance
expect_no_out "Restitution"
# a follow-up séance planned after the closing is announced
run "$BILAN" -C "$W2" seance add "dans 2 jours 10h" --subject "Entretien de suivi"
expect_rc 0
run "$BILAN" -C "$W2" status
expect_out "next: .*Entretien de suivi"
run "$BILAN" -C "$W2" remind
expect_out "Entretien de suivi"
expect_no_out "Restitution"
run "$BILAN" -C "$W2" close --force
expect_rc 2
expect_err "already closed"
expect_clean_repo "$W2"

case_ "French messages"
if has_fr || { [ -n "${BUILDDIR:-}" ] && command -v localedef >/dev/null; }; then
	if ! has_fr; then
		L="$BUILDDIR/tests/locale"
		[ -d "$L/fr_FR.UTF-8" ] || { mkdir -p "$L" && localedef -i fr_FR -f UTF-8 "$L/fr_FR.UTF-8" >/dev/null 2>&1; } || true
		export LOCPATH="$L"
	fi
	W3="$T/ws3"
	new_ws "$W3" --start "il y a 30 jours"
	"$BILAN" -C "$W3" todo add "Une chose" >/dev/null
	LC_ALL=fr_FR.UTF-8 run "$BILAN" -C "$W3" close
	expect_rc 3
	expect_err "à régler avant de clore le bilan"
	LC_ALL=fr_FR.UTF-8 run "$BILAN" -C "$W3" close --force
	expect_rc 0
	expect_out "le prestataire"
	expect_out "détruit"
else
	lacking_part "a French locale (localedef)"
fi

finish
