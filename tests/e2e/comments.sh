#!/bin/sh
# End-to-end: a person's comments survive bilan's rewrites
# (bilan-workspace(5), COMMENTS): the header block (a yaml-language-server
# line in it), a comment line before a key, a comment at the end of a line,
# the comment lines at the end, after 'bilan todo done', 'bilan piste set',
# 'bilan journal close' (an entry rebuilt from its fields) and 'bilan upgrade' (which rebuilds bilan.yaml: each comment moves with its
# key); a deleted key takes its comments with it (tests/unit/test-yaml.c).
. "$SRCDIR/tests/e2e/lib.sh"
set -e
W="$T/ws"
new_ws "$W"
B() { run "$BILAN" -C "$W" "$@"; }

case_ "todo done: header, comment before a key, end-of-line comments, the end"
B todo add -q --due "lundi" "Passer le questionnaire RIASEC"
expect_rc 0
f=$(ls "$W"/todo/*.yaml)
{
	printf '# yaml-language-server: $schema=/usr/share/bilan/schemas/todo.schema.yaml\n'
	printf '# Ce que Sophie m'"'"'a demandé\n\n'
	sed -e 's/^due: \(.*\)$/due: \1   # négocié en séance/' \
	    -e 's/^status: /# où j'"'"'en suis\nstatus: /' \
	    -e 's/^history:$/history: # les changements/' "$f"
	printf '\n# fin\n'
} >"$T/edited"
cp "$T/edited" "$f"
B save -q -m "mes commentaires"
expect_rc 0
B todo done riasec
expect_rc 0
head -3 "$f" >"$T/head"
expect_eq "$(sed -n 1p "$T/head")" '# yaml-language-server: $schema=/usr/share/bilan/schemas/todo.schema.yaml'
expect_eq "$(sed -n 2p "$T/head")" "# Ce que Sophie m'a demandé"
expect_eq "$(sed -n 3p "$T/head")" ""
grep -q '^due: "[0-9-]*" # négocié en séance$' "$f" && ok || ko "end-of-line comment: $(cat "$f")"
grep -B1 '^status: fait$' "$f" | head -1 | grep -qx "# où j'en suis" && ok || ko "comment before status: $(cat "$f")"
grep -qx 'history: # les changements' "$f" && ok || ko "comment of history: $(cat "$f")"
expect_eq "$(tail -1 "$f")" "# fin"
grep -qx 'status: fait' "$f" && ok || ko "not done"
B check
expect_rc 0

case_ "piste set: the comments of a piste stay"
B piste add -q "Développeuse web" --why "Créer des outils"
expect_rc 0
p="$W/pistes/developpeuse-web.yaml"
{ printf '# Ma piste préférée\n\n'; sed 's/^why: \(.*\)$/why: \1 # à préciser/' "$p"; } >"$T/p"
cp "$T/p" "$p"
B save -q
B piste set -q developpeuse-web en-exploration
expect_rc 0
expect_eq "$(head -1 "$p")" "# Ma piste préférée"
grep -q '^why: Créer des outils # à préciser$' "$p" && ok || ko "piste: $(cat "$p")"

case_ "journal close: an entry rebuilt from its fields keeps its comments"
B journal add -q -k question -t "Le CPF finance-t-il une formation de 7 mois ?" "À demander à Sophie."
expect_rc 0
j=$(ls "$W"/journal/*/*/*.yaml | head -1)
id=$(basename "$j" .yaml)
{ printf '# Ma grande question

'; sed 's/^kind: question$/kind: question # à poser en séance/' "$j"; } >"$T/j"
cp "$T/j" "$j"
B save -q
B journal close -q --answer "Oui, avec Transition Pro" "$id"
expect_rc 0
expect_eq "$(head -1 "$j")" "# Ma grande question"
grep -qx 'kind: question # à poser en séance' "$j" && ok || ko "journal: $(cat "$j")"
grep -q 'Transition Pro' "$j" && ok || ko "not closed: $(cat "$j")"

case_ "upgrade rebuilds bilan.yaml: each comment moves with its key"
c="$W/bilan.yaml"
# a format 1 workspace (no timezone), with comments
{
	printf '# Mon bilan\n\n'
	grep -v '^timezone:' "$c" | sed -e 's/^format: .*/# le format\nformat: 1/' \
		-e 's/^language: \(.*\)$/language: \1 # en français/'
} >"$T/c"
cp "$T/c" "$c"
git -C "$W" commit -qam "format 1, by hand"
B upgrade
expect_rc 0
expect_eq "$(head -1 "$c")" "# Mon bilan"
grep -B1 '^format: 2$' "$c" | head -1 | grep -qx '# le format' && ok || ko "format's comment: $(cat "$c")"
grep -q '^language: fr # en français$' "$c" && ok || ko "language's comment: $(cat "$c")"
grep -q '^timezone: ' "$c" && ok || ko "no timezone: $(cat "$c")"
finish
