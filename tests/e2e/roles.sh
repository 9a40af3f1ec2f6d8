#!/bin/sh
# End-to-end: two parties, one workspace (issue 17).  The consultant's
# clone knows whose it is; every record says who wrote it; sync applies
# from the other side only what that side owns (lib/owner.h); each party
# confirms attendance for themselves; the consultant's report and
# RAPPORT.md give one figure.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

git init -q --bare "$T/r.git"
B="$T/benef" C="$T/consultant"
new_ws "$B" --start 2026-11-02 --email camille@example.org
"$BILAN" -C "$B" journal add -q -k reflexion -t "Mon parcours" --duration 1h "Ce que j'ai aimé." || ko "journal add"
"$BILAN" -C "$B" journal add -q --private -k reflexion -t "À moi" --duration 30min "Privé." || ko "journal add --private"
"$BILAN" -C "$B" share init "$T/r.git" --to "Sophie Durand" >/dev/null
"$BILAN" -C "$B" sync >/dev/null || ko "first sync"
"$BILAN" share clone "$T/r.git" "$C" >/dev/null || ko "share clone"

case_ "1. the consultant's clone commits as the consultant, and records say who wrote them"
"$BILAN" -C "$C" todo add "Préparer l'enquête métier" || ko "todo add in the clone"
"$BILAN" -C "$C" journal add -q -k retour -t "Retour séance" --duration 15min "Bien avancé." || ko "journal add -k retour in the clone"
expect_eq "$(git -C "$C" log -2 --format=%an | sort -u)" "Sophie Durand"
t=$(ls "$C"/todo/*.yaml | head -1)
grep -q "^author: consultant" "$t" && ok || ko "the consultant's to-do does not say who wrote it"
j=$(grep -rl "Retour séance" "$C/journal" | head -1)
grep -q "^author: consultant" "$j" && ok || ko "the consultant's journal entry does not say who wrote it"
run "$BILAN" -C "$C" report
expect_out "par Sophie Durand"
"$BILAN" -C "$B" todo add "Lire la fiche ROME" || ko "todo add (beneficiary)"
t=$(grep -rl "fiche ROME" "$B/todo" | head -1)
grep -q "^author: beneficiaire" "$t" && ok || ko "the beneficiary's to-do does not say who wrote it"
"$BILAN" -C "$C" sync >/dev/null || ko "consultant sync"
run "$BILAN" -C "$B" sync
expect_rc 0
run "$BILAN" -C "$B" report
expect_out "par Sophie Durand"

case_ "2. each party confirms attendance for themselves; the consultant cannot confirm for the beneficiary"
"$BILAN" -C "$B" seance add --duration 1h30 "$(day_of -1) 14:00" >/dev/null || ko "seance plan"
"$BILAN" -C "$B" sync >/dev/null || ko "sync after plan"
"$BILAN" -C "$C" sync >/dev/null || ko "consultant sync after plan"
s=$(ls "$C"/seances/*.yaml | head -1)
EDITOR=true "$BILAN" -C "$C" seance done "$(basename "$s" .yaml)" --no-takeaways >/dev/null || ko "seance done in the clone"
grep -q "confirmed_by: Camille Martin" "$s" && ko "the consultant's clone confirmed for the beneficiary" || ok
grep -q "^  consultant:" "$s" && ok || ko "the consultant's own confirmation is not recorded"
"$BILAN" -C "$C" sync >/dev/null || ko "consultant sync after done"
"$BILAN" -C "$B" sync >/dev/null || ko "sync after the consultant's done"
sb="$B/seances/$(basename "$s")"
grep -q "^  beneficiaire:" "$sb" && ko "the beneficiary's confirmation exists before they gave it" || ok
EDITOR=true "$BILAN" -C "$B" seance done "$(basename "$s" .yaml)" --no-takeaways >/dev/null || ko "seance done (beneficiary)"
grep -q "^  beneficiaire:" "$sb" && ok || ko "the beneficiary's confirmation is not recorded"
grep -q "^  consultant:" "$sb" && ok || ko "the consultant's confirmation was lost"
run "$BILAN" -C "$B" seance list --json
python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["seances"][0]["attendance"]
assert s["beneficiaire"]["name"] == "Camille Martin" and s["consultant"]["name"] == "Sophie Durand", s
' "$T/out" && ok || ko "seance list --json: both confirmations"
run "$BILAN" -C "$B" report seance
expect_out "Émargement"
expect_out "Camille Martin"
expect_out "Sophie Durand, le"
"$BILAN" -C "$B" sync >/dev/null || ko "sync after the beneficiary's done"
"$BILAN" -C "$C" sync >/dev/null || ko "consultant sync after the beneficiary's done"

case_ "3. sync does not apply the other side's changes to what it does not own; the workspace stays usable"
sed -i 's/^format: .*/format: 99/; s/^phase: .*/phase: terminee/' "$C/bilan.yaml"
printf 'journal/\n' >>"$C/.gitignore"
"$BILAN" -C "$C" save -m "prise en main" >/dev/null 2>&1 || git -C "$C" commit -qam "prise en main"
git -C "$C" push -q origin main 2>/dev/null || ko "plain push of the consultant's changes"
run "$BILAN" -C "$B" sync
expect_rc 3
expect_err "bilan.yaml"
expect_err ".gitignore"
grep -q "^format: 99" "$B/bilan.yaml" && ko "a remote changed the format" || ok
grep -q "^phase: terminee" "$B/bilan.yaml" && ko "a remote closed the bilan" || ok
grep -q "^journal/" "$B/.gitignore" && ko "a remote hid the journal" || ok
run "$BILAN" -C "$B" journal add -q -k note -t "Après" "Toujours là."
expect_rc 0
run "$BILAN" -C "$B" status
expect_rc 0
run "$BILAN" -C "$B" sync
expect_rc 0
# the beneficiary's version goes back to the remote
git -C "$T/r.git" show main:bilan.yaml | grep -q "^format: 99" && ko "the remote keeps format 99" || ok
# and the consultant may not change the beneficiary's records either
# (the consultant's own copy, locked by their own hand edit, takes the remote's main back)
git -C "$C" fetch -q origin && git -C "$C" reset -q --hard origin/main
run "$BILAN" -C "$C" status
expect_rc 0
e=$(grep -rl "Mon parcours" "$C/journal" | head -1)
sed -i 's/Ce que j.ai aimé./Réécrit par un autre./' "$e"
git -C "$C" commit -qam "réécriture" && git -C "$C" push -q origin main || ko "push of a rewrite"
run "$BILAN" -C "$B" sync
expect_rc 3
expect_err "$(basename "$e")"
grep -rq "Réécrit par un autre" "$B/journal" && ko "the consultant rewrote the beneficiary's entry" || ok

case_ "3. hostile records from the other side: refused as nobody's but the beneficiary's, the workspace usable"
git -C "$C" fetch -q origin && git -C "$C" reset -q --hard origin/main
# an alias bomb, 10,000 levels, a list as root, invalid UTF-8, an author
# the consultant is not, each as a to-do item of the consultant's
{
	printf 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
	for l in b c d e f g h i; do printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $l $l a a a a a a a a a; done
	printf 'author: consultant\n'
} >"$C/todo/hostile-bomb.yaml"
python3 -c 'print("a: " + "[" * 10000 + "]" * 10000 + "\nauthor: consultant")' >"$C/todo/hostile-deep.yaml"
printf -- '- author: consultant\n' >"$C/todo/hostile-list.yaml"
printf 'text: "\377\376"\nauthor: consultant\n' >"$C/todo/hostile-utf8.yaml"
printf 'text: au nom de\nauthor: beneficiaire\n' >"$C/todo/hostile-forged.yaml"
git -C "$C" add todo && git -C "$C" commit -qm "hostile" && git -C "$C" push -q origin main || ko "push of hostile records"
run "$BILAN" -C "$B" sync
expect_rc 3
expect_err "hostile-forged.yaml"
expect_err "hostile-list.yaml"
expect_no_file "$B/todo/hostile-forged.yaml"
expect_no_file "$B/todo/hostile-list.yaml"
run "$BILAN" -C "$B" status
expect_rc 0
run "$BILAN" -C "$B" journal add -q -k note -t "Encore là" "texte"
expect_rc 0
expect_clean_repo "$B"

case_ "4. the consultant's report and RAPPORT.md give one figure; no banner claims what a report lacks"
"$BILAN" -C "$B" sync >/dev/null 2>&1 || true
"$BILAN" -C "$C" sync >/dev/null 2>&1 || true
# nothing private in the clone: no banner claims otherwise
run "$BILAN" -C "$C" report --include-private
expect_no_out "Document privé"
# the consultant's own private note, with time, stays theirs: not the beneficiary's work
"$BILAN" -C "$C" journal add -q --private -k note -t "Mes notes" --duration 30min "Pour moi." || ko "private note in the clone"
fig() { grep "Travail personnel" | grep -o '[*][*][0-9]*h[0-9]*' | head -1; }
r=$(fig <"$C/RAPPORT.md")
[ -n "$r" ] && ok || ko "RAPPORT.md gives no time"
run "$BILAN" -C "$C" report
expect_eq "$(fig <"$T/out")" "$r"
run "$BILAN" -C "$C" report --include-private
expect_out "vos notes privées"
expect_no_out "accord du bénéficiaire"
# the preparation sheet lists no contact, and no private entry here (none
# tagged #aborder): no banner says it does
run "$BILAN" -C "$B" report seance --include-private
expect_rc 0
expect_no_out "coordonnées"
expect_no_out "Document privé"
# the follow-up report holds the private entry: its banner says so, and only so
run "$BILAN" -C "$B" report --include-private
expect_out "Document privé"
expect_out "des entrées privées du journal"
expect_no_out "coordonnées"

finish
