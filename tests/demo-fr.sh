#!/bin/sh
# Done when (issue 20): every command of the demo workspace
# (scripts/demo-workspace.sh) under LANG=fr_FR.UTF-8 — lists, shows, errors,
# help, reports in every format — and tests/demo-fr-check.py fails on a raw
# stored value, an "(e)"/"(s)" agreement, an English prefix or word of
# tests/fr-english-words.txt, a breakable space before « : ; ! ? » (or after
# «), or a list whose columns do not line up.  Without the French locale:
# skipped (77), failed with CI=true.
. "$SRCDIR/tests/e2e/lib.sh"

has_fr || lacking "the fr_FR.UTF-8 locale"
command -v python3 >/dev/null 2>&1 || lacking "python3"

# The demo workspace, as scripts/demo makes it (English locale, like a
# script; the workspace records French).
export GIT_AUTHOR_NAME="Camille Martin" GIT_AUTHOR_EMAIL="camille@example.org"
export GIT_COMMITTER_NAME="Camille Martin" GIT_COMMITTER_EMAIL="camille@example.org"
W="$T/demo"
"$BILAN" init --quiet --language fr --timezone "$BILAN_TEST_ZONE" --name "Camille Martin" \
	--consultant "Sophie Durand" --provider "Cabinet Horizon Compétences" --funding cpf \
	--start "il y a 3 semaines" --weekly-goal 2h "$W" >/dev/null ||
	{ echo "FAIL: init of the demo workspace" >&2; echo "0 passed, 1 failed"; exit 1; }
(cd "$T" && BILAN="$BILAN" sh "$SRCDIR/scripts/demo-workspace.sh" "$W") >"$T/demo.log" 2>&1 ||
	{ echo "FAIL: scripts/demo-workspace.sh" >&2; tail -20 "$T/demo.log" >&2; echo "0 passed, 1 failed"; exit 1; }

O="$T/outputs"
mkdir -p "$O"
export LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 LANGUAGE= PAGER=cat COLUMNS=100
n=0
# fr KIND COMMAND...: run bilan -C the demo workspace, keep what it printed
fr() {
	kind=$1; shift
	n=$((n + 1))
	name=$(printf '%03d-%s' "$n" "$(echo "$*" | tr -c 'a-z0-9\n' '_' | cut -c1-40)")
	"$BILAN" -C "$W" "$@" >"$O/$name.out" 2>&1
	echo "$kind" >"$O/$name.kind"
}

entry=$(cd "$W" && ls journal/*/*/*.yaml | head -1 | xargs basename | sed 's/\.yaml$//')
enq=$(cd "$W" && ls enquetes/*.yaml 2>/dev/null | head -1 | xargs basename 2>/dev/null | sed 's/\.yaml$//')

# the lists (table:N — N columns that line up), shows and everyday commands
fr text status
fr json status --json
fr 'table:5:^[0-9]{8}T' journal list
fr 'table:5:^[0-9]{8}T' journal list --open
fr 'table:5:^[0-9]{8}T' journal list -k reflexion,recherche
fr text journal show "$entry"
fr text journal time
fr json journal list --json
fr 'table:3:^[a-z]' piste list
fr text piste show developpeuse-web
fr text piste show infirmiere
fr 'table:4:^[a-z]' enquete list
[ -n "$enq" ] && fr text enquete show "$enq"
fr 'table:6:^[0-9a-z]{4}  ' seance list
fr 'table:4:^[0-9a-z]{4}  ' todo list --all
fr 'table:5:^[a-z]' test list
fr text test show riasec
fr text test show valeurs
fr text test show big-five
fr text phase
fr 'table:4:^[0-9a-f]{8}  ' log -n 30
fr text remind
fr text doctor
fr text check
fr text share status
fr text metier show M1805
fr text metier search développeur
fr text journal time --month
# reports in every format
fr markdown report
fr html report --format html
fr json report --format json
fr markdown report seance
fr markdown report synthese
fr markdown report decision
# help and usage
fr text help
fr text help journal
fr text journal -h
fr text piste -h
fr text seance -h
fr text todo -h
fr text report -h
fr text --version
# errors
fr text frobnicate
fr text journal add -k idee "x"
fr text journal show nope
fr text piste set developpeuse-web bof
fr text piste show nope
fr text enquete done nope
fr text seance done nope
fr text todo done nope
fr text test show nope
fr text journal list --since "la semaine des quatre jeudis"
fr text report --format pdf
fr text phase set nulle-part

# An error at a place in a file: the locus FILE:LINE:COL: is written as
# compilers write it, in every language, so that editors and scripts find
# the place (no space before its colon: HACKING.md, "French typography");
# the prefix around it follows the typography ("bilan : erreur : ").
B="$T/broken"
cp -R "$W" "$B"
extra=0 extra_ok=0
# A save in French: its commit subject stored in English like every other
# (scripts read it), bilan log shows it in French.
printf '# à relire\n' >>"$B/bilan.yaml"
"$BILAN" -C "$B" save >/dev/null 2>&1
subject=$(git -C "$B" log -1 --format=%s)
shown=$("$BILAN" -C "$B" log -n 1 2>&1)
case $subject in
"save: 1 file edited by hand") extra_ok=$((extra_ok + 1)) ;;
*) echo "FAIL: a save in French stored the subject '$subject'" >&2; extra=$((extra + 1)) ;;
esac
case $shown in
*"enregistrement$(printf '\302\240'): 1 fichier modifié à la main"*) extra_ok=$((extra_ok + 1)) ;;
*) echo "FAIL: bilan log shows '$shown'" >&2; extra=$((extra + 1)) ;;
esac
printf 'text: [\n' >"$B/todo/zz-broken.yaml"
"$BILAN" -C "$B" check >"$O/999-check_broken_file.out" 2>&1
echo text >"$O/999-check_broken_file.kind"
nb=$(printf '\302\240')
if grep -q "^bilan${nb}: erreur${nb}: todo/zz-broken\.yaml:[0-9][0-9]*:[0-9][0-9]*: [^ ]" "$O/999-check_broken_file.out"; then
	extra_ok=$((extra_ok + 1))
else
	echo "FAIL: the French error does not read 'bilan : erreur : todo/zz-broken.yaml:L:C: message':" >&2
	cat "$O/999-check_broken_file.out" >&2
	extra=$((extra + 1))
fi

# The checker itself catches what it is for: a percent written another way
# than "25 %" / "44,4 %" (bilan_report_percent), a breakable space.
C="$T/checker"
mkdir -p "$C"
printf 'Score\302\240: 25,0\302\240%%\n' >"$C/a.out"
printf 'Score\302\240: 25 %%\n' >"$C/b.out"
printf 'Score : 25\302\240%%\n' >"$C/c.out"
for k in a b c; do echo text >"$C/$k.kind"; done
python3 "$SRCDIR/tests/demo-fr-check.py" "$SRCDIR/tests/fr-english-words.txt" "$C" >"$T/self" 2>&1
if [ "$(grep -c '^FAIL: a: a percent\|^FAIL: b: a percent\|^FAIL: c: a breakable' "$T/self")" = 3 ]; then
	extra_ok=$((extra_ok + 1))
else
	echo "FAIL: demo-fr-check.py does not catch a bad percent or space:" >&2
	cat "$T/self" >&2
	extra=$((extra + 1))
fi
printf 'Score\302\240: 25\302\240%%, 44,4\302\240%%\n' >"$C/a.out"
rm -f "$C/b.out" "$C/b.kind" "$C/c.out" "$C/c.kind"
if python3 "$SRCDIR/tests/demo-fr-check.py" "$SRCDIR/tests/fr-english-words.txt" "$C" >"$T/self" 2>&1; then
	extra_ok=$((extra_ok + 1))
else
	echo "FAIL: demo-fr-check.py refuses '25 %' or '44,4 %':" >&2
	cat "$T/self" >&2
	extra=$((extra + 1))
fi

python3 "$SRCDIR/tests/demo-fr-check.py" "$SRCDIR/tests/fr-english-words.txt" "$O" >"$T/check" 2>&1
status=$?
grep -v ' passed, ' "$T/check"
[ $status = 0 ] && extra_ok=$((extra_ok + 1)) || extra=$((extra + 1))
echo "$extra_ok passed, $extra failed"
[ "$extra" = 0 ]
