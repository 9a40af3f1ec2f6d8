#!/bin/sh
# End-to-end: bilan journal add (arguments, pipe, '-', editor, guides), list
# and its filters, show, edit, rm, close, time, status, bad input, broken
# files, French messages, and the history seen with plain git.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
new_ws "$W" --weekly-goal 1h30 --start "il y a 4 semaines"
cd "$W"

J() { "$BILAN" journal "$@"; }

# count_files DIR: entry files under DIR
count_files() { find "$1" -name '*.yaml' -type f 2>/dev/null | wc -l | tr -d ' '; }
# newest file of the current workspace (by commit)
last_file() { git show --name-only --format= HEAD | head -1; }
# snapshot without the derived cache (.git/bilan-cache, rebuilt by reads)
snap() { (cd "$1" && find . -path ./.git/bilan.lock -prune -o -path ./.git/bilan-cache -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum) | sha256sum; }
# the JSON of a command, through python3
pyjson() { python3 -c "import json,sys; d=json.load(open('$T/out')); print($1)"; }
# check that every file written is valid for bilan check
expect_check() {
	if "$BILAN" -C "$W" check >"$T/check.out" 2>&1; then ok; else ko "bilan check: $(head -5 "$T/check.out")"; fi
}

mkdir -p "$T/bin"
# editors: each one is a script given the file as $1
cat >"$T/bin/write-entry" <<'EOF'
#!/bin/sh
printf 'Mon titre écrit\n\nLe corps de l’entrée #éditeur\n\n# une instruction supprimée\n## Un intertitre gardé\n' >"$1"
EOF
cat >"$T/bin/append" <<'EOF'
#!/bin/sh
printf '\nMa réponse à tout cela.\n' >>"$1"
EOF
cat >"$T/bin/empty" <<'EOF'
#!/bin/sh
: >"$1"
EOF
cat >"$T/bin/fail-after-typing" <<'EOF'
#!/bin/sh
printf 'Texte précieux tapé avant la panne\n' >"$1"
exit 3
EOF
cat >"$T/bin/retitle" <<'EOF'
#!/bin/sh
sed -i 's/^title: .*/title: Titre corrigé à la main/' "$1"
EOF
cat >"$T/bin/redate" <<'EOF'
#!/bin/sh
sed -i 's/^date: .*/date: "2026-10-15T09:00:00+02:00"/' "$1"
EOF
cat >"$T/bin/break" <<'EOF'
#!/bin/sh
printf 'id: [oops\n' >>"$1"
EOF
cat >"$T/bin/fix-broken" <<'EOF'
#!/bin/sh
sed -i 's/^title: \[.*/title: Réparé/' "$1"
EOF
chmod +x "$T/bin/"*

# ----------------------------------------------------------------------
case_ "add from the arguments: one file, one commit, echo of id, kind and date"
c0=$(commits "$W")
run J add --kind réflexion --duration 1h30 --tag valeurs "J'ai relu mon #parcours et noté mes réussites"
expect_rc 0
expect_out "^added [0-9]\{8\}T[0-9]\{4\} (reflexion, [0-9-]* [0-9:]*)$"
expect_eq "$(commits "$W")" $((c0 + 1))
F=$(last_file)
case "$F" in journal/[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.yaml) ok ;; *) ko "path $F" ;; esac
expect_eq "$(stat -c %a "$F")" 600
expect_eq "$(stat -c %a "$(dirname "$F")")" 700
expect_eq "$(sed -n 1p "$F" | cut -c1-4)" "id: "
expect_eq "$(sed -n 's/^kind: //p' "$F")" reflexion
expect_eq "$(sed -n 's/^duration: //p' "$F")" 1h30
grep -q '^- valeurs$' "$F" && grep -q '^- parcours$' "$F" && ok || ko "tags of $F"
expect_eq "$(git log -1 --format=%s)" "journal: add reflexion entry"
git log -1 --format=%B | grep -q '^Bilan-Command: journal add$' && ok || ko "trailer"
expect_eq "$(git show --name-only --format= HEAD | wc -l)" 1
expect_clean_repo "$W"
# the keys in the documented order
expect_eq "$(grep -o '^[a-z]*:' "$F" | tr -d '\n')" "id:date:kind:title:duration:tags:author:"

case_ "add from a pipe: first line as title, body kept as written"
run_in "$(printf 'Fiche métier M1805 lue\nAccès : bac+2 ou reconversion.\nSalaire : 2 400 € brut.')" \
	"$BILAN" journal add -k recherche -d hier --duration 45m --rome m1805
expect_rc 0
expect_out "(recherche, "
F=$(last_file)
expect_eq "$(sed -n 's/^title: //p' "$F")" "Fiche métier M1805 lue"
expect_eq "$(sed -n 's/^rome: //p' "$F")" M1805
expect_eq "$(sed -n 's/^duration: //p' "$F")" 45min
grep -q '^body: |$' "$F" && grep -q '^  Salaire : 2 400 € brut.$' "$F" && ok || ko "literal body block"
expect_eq "$(sed -n 's/^date: "\(.*\)T.*/\1/p' "$F")" "$(day_of -1)"

case_ "add with '-' reads standard input (and keeps it out of the shell history)"
run_in "Question pour Sophie : la VAE est-elle possible ?" "$BILAN" journal add -k question -
expect_rc 0
F=$(last_file)
expect_eq "$(sed -n 's/^status: //p' "$F")" ouverte
QUESTION=$(basename "$F" .yaml)

case_ "add --private: under private/, neutral commit message"
run J add --private -k blocage --duration 20min "Conflit avec mon manager, je n'ose pas en parler"
expect_rc 0
expect_out "\[private\]"
F=$(last_file)
case "$F" in private/journal/*) ok ;; *) ko "private path $F" ;; esac
expect_eq "$(git log -1 --format=%B | head -1)" "journal: add private entry"
git log --format=%B | grep -qi "manager" && ko "private text in a commit message" || ok
PRIVATE=$(basename "$F" .yaml)

case_ "durations in every accepted form"
for d in "1h30=1h30" "90min=1h30" "1.5h=1h30" "1,5h=1h30" "2h15=2h15" "45m=45min" "1h=1h" "2:15=2h15"; do
	run J add -q --duration "${d%%=*}" "durée ${d%%=*}"
	expect_rc 0
	expect_empty_out
	expect_eq "$(sed -n 's/^duration: //p' "$(last_file)")" "${d#*=}"
done

case_ "dates in French and English, echoed back, past only"
run J add -d "lundi dernier" "fr"
expect_rc 0
# the Monday before today (a week ago on a Monday)
dow=$(now_fmt %u)
expect_out "$(day_of -$((dow == 1 ? 7 : dow - 1)))"
run J add -d "yesterday" "en"
expect_rc 0
expect_out "$(day_of -1) 12:00"
run J add -d "2026-11-20 14h30" "iso"
expect_rc 0
expect_out "2026-11-20 14:30"
F=$(last_file)
case "$F" in journal/2026/11/*) ok ;; *) ko "folder of the entry's date: $F" ;; esac
run J add -d "20/10/2026 à 9h" "jj/mm"
expect_rc 0
expect_out "2026-10-20 09:00"
case "$(last_file)" in journal/2026/10/*) ok ;; *) ko "folder 2026/10" ;; esac

case_ "bad input: a clear message, non-zero exit, nothing changed"
before=$(snap "$W")
c0=$(commits "$W")
run J add --kind idee "x"
expect_rc 2
expect_err "invalid value 'idee' for --kind"
expect_err "note, reflexion, recherche, enquete, test, question, blocage, seance, retour"
run J add --frobnicate "x"
expect_rc 2
expect_err "unknown or incomplete option"
run J add -d demain "x"
expect_rc 2
expect_err "future"
for d in "dans 6 mois" "in 6 months" "dans deux semaines" "tomorrow at 2pm"; do
	run J add -d "$d" "x"
	expect_rc 2
	expect_err "future"
done
run J add -d "la semaine des quatre jeudis" "x"
expect_rc 2
expect_err "cannot read date"
for d in -1h 25h 0 abc 1h75; do
	run J add --duration "$d" "x"
	expect_rc 2
done
run J add --tag "deux mots" "x"
expect_rc 2
expect_err "invalid tag"
run J add --rome X12 "x"
expect_rc 2
run J add "$(printf 'caf\351 au lait')"
expect_rc 2
expect_err "UTF-8"
run_in "$(printf 'ligne\n\377\376 cassée')" "$BILAN" journal add
expect_rc 2
expect_err "UTF-8"
run J add ""
expect_rc 1
expect_err "empty"
run_in "$(printf '  \n\n  ')" "$BILAN" journal add
expect_rc 1
expect_err "empty"
head -c 1048577 /dev/zero | tr '\0' 'a' >"$T/big"
set +e; "$BILAN" journal add <"$T/big" >"$T/out" 2>"$T/err"; rc=$?; set -e
expect_rc 1
expect_err "too large"
run J add -t "$(printf 'deux\nlignes')" "x"
expect_rc 2
run J add --guide inconnu
expect_rc 2
expect_err "no guide 'inconnu'"
expect_err "parcours"
run J add --guide valeurs --kind note
expect_rc 2
run J add "a" - "b"
expect_rc 2
run J nimporte
expect_rc 2
expect_err "unknown sub-command"
expect_eq "$(snap "$W")" "$before"
expect_eq "$(commits "$W")" "$c0"

case_ "the editor: a script writes the entry (title line, then body)"
c0=$(commits "$W")
EDITOR="$T/bin/write-entry" run J add -k note --duration 30min
expect_rc 0
F=$(last_file)
expect_eq "$(sed -n 's/^title: //p' "$F")" "Mon titre écrit"
grep -q '^  Le corps de l’entrée #éditeur$' "$F" && ok || ko "body from the editor"
grep -q '^  ## Un intertitre gardé$' "$F" && ok || ko "## heading kept"
grep -q 'instruction' "$F" && ko "instruction line kept" || ok
grep -q '^- éditeur$' "$F" && ok || ko "hashtag from the editor"
expect_eq "$(commits "$W")" $((c0 + 1))
expect_eq "$(find .git -maxdepth 1 -name 'BILAN_*' | wc -l)" 0

case_ "the editor: --edit forces it even with text on a pipe"
run_in "ignored" env EDITOR="$T/bin/write-entry" "$BILAN" journal add --edit
expect_rc 0
expect_eq "$(sed -n 's/^title: //p' "$(last_file)")" "Mon titre écrit"

case_ "the editor: unchanged, empty, or failing: nothing written, typed text kept"
before=$(snap "$W")
c0=$(commits "$W")
EDITOR=true run J add
expect_rc 1
expect_err "empty"
EDITOR=true run J add -t "Un titre proposé"
expect_rc 1
expect_err "unchanged"
EDITOR="$T/bin/empty" run J add
expect_rc 1
expect_err "empty"
EDITOR="$T/bin/fail-after-typing" run J add
expect_rc 1
expect_err "exited with an error"
expect_err "kept in"
kept=$(sed -n 's/.*kept in \(.*\)$/\1/p' "$T/err")
expect_file "$kept"
grep -q "Texte précieux" "$kept" && ok || ko "typed text not kept"
expect_eq "$(stat -c %a "$kept")" 600
rm -f "$kept"
expect_eq "$(snap "$W")" "$before"
expect_eq "$(commits "$W")" "$c0"

case_ "guided reflection: the guide's questions in the editor, kind reflexion, guide recorded"
EDITOR="$T/bin/append" run J add --guide parcours --duration 1h
expect_rc 0
expect_out "(reflexion, "
F=$(last_file)
expect_eq "$(sed -n 's/^guide: //p' "$F")" parcours
expect_eq "$(sed -n 's/^kind: //p' "$F")" reflexion
expect_eq "$(sed -n 's/^title: //p' "$F")" "Mon parcours de vie et professionnel"
grep -q "^  ## Les grandes étapes$" "$F" && ok || ko "guide sections"
grep -q "^  ### Quelles ont été les grandes étapes" "$F" && ok || ko "guide questions"
grep -q "^  Ma réponse à tout cela.$" "$F" && ok || ko "answer"
grep -q "Prévoyez" "$F" && ko "guide description kept" || ok
# a guide left unanswered is refused
EDITOR=true run J add --guide valeurs
expect_rc 1
expect_err "unchanged"
# the workspace's guides/ overrides and extends the shipped ones
mkdir -p guides
cat >guides/mobilite.yaml <<'EOF'
id: mobilite
version: 1
title: Ma mobilité géographique
sections:
  - title: Où ?
    questions:
      - Quelles régions envisagez-vous ?
EOF
"$BILAN" save -m "guides: mobilité" >/dev/null
EDITOR="$T/bin/append" run J add --guide mobilite
expect_rc 0
grep -q "Quelles régions" "$(last_file)" && ok || ko "workspace guide"

case_ "every file written passes bilan check"
expect_check
expect_clean_repo "$W"

# ----------------------------------------------------------------------
case_ "list: short ids, dates, durations, kinds, titles, tags, marks"
run J list
expect_rc 0
expect_out "reflexion  J'ai relu mon #parcours"
expect_out "question   Question pour Sophie"
expect_out "\[open\]"
expect_out "\[private\]"
expect_out "  1h30  "
n=$(wc -l <"$T/out")
expect_eq "$n" "$(($(count_files journal) + $(count_files private/journal)))"

case_ "list filters: kind, tag, grep without accents, since/until, -n, piste, private"
run J list --kind question
expect_rc 0
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 1
run J list --kind question,blocage
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 2
run J list --tag Valeurs
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 1
run J list --tag '#éditeur'
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 2
run J list --grep "REUSSITES"
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 1
expect_out "réussites"
run J list --grep "metier"
expect_out "Fiche métier"
run J list --since 2026-10-01 --until 2026-10-31
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 1
expect_out "jj/mm"
run J list --until 2026-11-20
expect_out "iso"
run J list -n 2
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 2
run J list --no-private
expect_no_out "\[private\]"
run J list --open
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 2
run J list -n 0
expect_rc 2
run J list --kind idee
expect_rc 2
run J add --piste "Développeuse web" "Piste notée avant que les pistes existent"
expect_rc 0
expect_eq "$(sed -n 's/^piste: //p' "$(last_file)")" developpeuse-web
run J list --piste developpeuse-web
expect_eq "$(wc -l <"$T/out" | tr -d ' ')" 1

case_ "list --json parses, with every field"
run J list --json
expect_rc 0
expect_eq "$(pyjson 'len(d["entries"])')" "$(($(count_files journal) + $(count_files private/journal)))"
expect_eq "$(pyjson 'd["problems"]')" "[]"
expect_eq "$(pyjson 'sorted(d["entries"][0].keys())')" \
	"['body', 'closed', 'date', 'duration', 'duration_minutes', 'guide', 'id', 'kind', 'path', 'piste', 'private', 'rome', 'short_id', 'status', 'tags', 'title']"
expect_eq "$(pyjson '[e["duration_minutes"] for e in d["entries"] if e["title"].startswith("J")][0]')" 90
expect_eq "$(pyjson '[e["status"] for e in d["entries"] if e["kind"]=="question"][0]')" ouverte
expect_eq "$(pyjson '[e["private"] for e in d["entries"] if e["kind"]=="blocage"][0]')" True
run J list --json --grep reflexion --no-private
expect_rc 0

case_ "ids by prefix like git: show, ambiguous, unknown"
run J show "$QUESTION"
expect_rc 0
expect_out "Question pour Sophie"
expect_out "open"
run J show "$(echo "$QUESTION" | cut -c18-21)"
expect_rc 0
run J show --json "$QUESTION"
expect_rc 0
expect_eq "$(pyjson 'd["kind"]')" question
run J show 2
expect_rc 1
expect_err "ambiguous"
expect_err "$QUESTION"
run J show 19990101
expect_rc 1
expect_err "no entry\|not found\|no such"
run J show
expect_rc 2

case_ "close: a question gets its answer and leaves the open list"
c0=$(commits "$W")
run J close "$QUESTION" --answer "Oui, par le CPF de transition."
expect_rc 0
expect_out "settled"
F=journal/$(echo "$QUESTION" | cut -c1-4)/$(echo "$QUESTION" | cut -c5-6)/$QUESTION.yaml
F=$(git show --name-only --format= HEAD)
expect_eq "$(sed -n 's/^status: //p' "$F")" reglee
grep -q '^  answer: Oui, par le CPF de transition.$' "$F" && ok || ko "answer stored"
grep -q '^  date: ' "$F" && ok || ko "closed date"
expect_eq "$(commits "$W")" $((c0 + 1))
run J list --open
expect_no_out "Question pour Sophie"
run J close "$QUESTION"
expect_rc 1
expect_err "already settled"
run J close "$(basename "$(git log --format= --name-only --diff-filter=A -- 'journal/*' | tail -1)" .yaml)"
expect_rc 2
expect_err "only questions and blockers"
echo "Pas encore : mon manager est absent" | "$BILAN" journal close --answer - -q "$PRIVATE"
expect_eq "$(git log -1 --format=%s)" "journal: close private entry"
expect_clean_repo "$W"

case_ "edit: the editor on the file, validated, one commit"
ID=$(basename "$(git log --format= --name-only --diff-filter=A -- 'journal/2026/11/*' | tail -1)" .yaml)
c0=$(commits "$W")
EDITOR="$T/bin/retitle" run J edit "$ID"
expect_rc 0
expect_out "updated"
expect_eq "$(commits "$W")" $((c0 + 1))
git show HEAD | grep -q "^+title: Titre corrigé à la main" && ok || ko "edit committed"
EDITOR=true run J edit "$ID"
expect_rc 0
expect_err "No change"
expect_eq "$(commits "$W")" $((c0 + 1))

case_ "edit: a new date moves the file to its month, in one commit"
EDITOR="$T/bin/redate" run J edit "$ID"
expect_rc 0
expect_out "moved to journal/2026/10/$ID.yaml"
expect_file "journal/2026/10/$ID.yaml"
expect_eq "$(find journal -name "$ID.yaml" | wc -l | tr -d ' ')" 1
expect_eq "$(git show --no-renames --name-status --format= HEAD | cut -c1 | sort | tr -d '\n')" AD
expect_clean_repo "$W"

case_ "edit: invalid text is refused with FILE:LINE:COL, nothing committed, text kept"
before=$(snap "$W")
c0=$(commits "$W")
EDITOR="$T/bin/break" run J edit "$ID"
expect_rc 1
expect_err "BILAN_EDIT-.*\.yaml:[0-9]*:[0-9]*: "
expect_err "kept in"
kept=$(sed -n 's/.*kept in \(.*\)$/\1/p' "$T/err")
grep -q "oops" "$kept" && ok || ko "typed text kept"
rm -f "$kept"
EDITOR="$T/bin/fail-after-typing" run J edit "$ID"
expect_rc 1
expect_err "kept in"
rm -f "$(sed -n 's/.*kept in \(.*\)$/\1/p' "$T/err")"
expect_eq "$(snap "$W")" "$before"
expect_eq "$(commits "$W")" "$c0"

case_ "a file broken by hand: the list shows the others and names it with FILE:LINE:COL"
B="journal/2026/11/20261120T100000Z-bad1.yaml"
mkdir -p journal/2026/11
printf 'id: 20261120T100000Z-bad1\ndate: "2026-11-20T11:00:00+01:00"\nkind: note\ntitle: [cassé\n' >"$B"
run J list
expect_rc 1
expect_err "$B:[0-9]*:[0-9]*: "
expect_out "Mon titre écrit"
run J list --json
expect_rc 1
expect_eq "$(pyjson 'd["problems"][0]["file"]')" "$B"
run "$BILAN" status
expect_out "journal file cannot be read"
# journal edit opens the broken file and commits the fix
EDITOR="$T/bin/fix-broken" run J edit bad1
expect_rc 0
expect_eq "$(sed -n 's/^title: //p' "$B")" "Réparé"
expect_clean_repo "$W"
run J list
expect_rc 0

case_ "rm: asks on a terminal, refuses without --force elsewhere, the history keeps it"
before=$(snap "$W")
run J rm bad1
expect_rc 3
expect_err "--force"
expect_eq "$(snap "$W")" "$before"
c0=$(commits "$W")
run J rm --force bad1
expect_rc 0
expect_out "removed"
expect_no_file "$B"
expect_eq "$(commits "$W")" $((c0 + 1))
expect_eq "$(git log --format=%h -- "$B" | wc -l | tr -d ' ')" 2
expect_clean_repo "$W"

case_ "terminal escapes in a title are neutralised in the list"
run J add "$(printf 'Titre \033[31mrouge\033[0m')"
expect_rc 0
run J list -n 1
grep -q "$(printf '\033')" "$T/out" && ko "raw escape printed" || ok
expect_out 'x1b'

case_ "every file passes bilan check; one commit per command; sound repository"
expect_check
expect_clean_repo "$W"
expect_eq "$(git log --format=%s | grep -c '^journal: ')" "$(git log --format=%B | grep -c '^Bilan-Command: journal ')"

# ----------------------------------------------------------------------
case_ "time: hours per ISO week against the goal, bar chart, streak"
W2="$T/time"
new_ws "$W2" --weekly-goal 1h30 --start "il y a 4 semaines"
cd "$W2"
J add -q --duration 1h -d "aujourd'hui" "cette semaine 1"
J add -q --duration 45min --private -d "aujourd'hui" "cette semaine 2 (privée)"
J add -q --duration 1h30 -d "il y a 7 jours" "semaine -1"
J add -q --duration 30min -d "il y a 14 jours" "semaine -2"
J add -q -d "il y a 14 jours" "sans durée"
J add -q --duration 2h -d "il y a 21 jours" "semaine -3"
run J time --json
expect_rc 0
expect_eq "$(pyjson 'd["goal_minutes"]')" 90
expect_eq "$(pyjson '[w["minutes"] for w in d["weeks"]][-4:]')" "[120, 30, 90, 105]"
expect_eq "$(pyjson 'd["streak"]')" 2
expect_eq "$(pyjson 'd["weeks"][-1]["week"]')" "$(now_fmt %G-W%V)"
expect_eq "$(pyjson 'd["weeks"][-1]["start"]')" "$(day_of $((1 - $(now_fmt %u))))"
expect_eq "$(pyjson 'd["total_minutes"]')" 345
run J time
expect_rc 0
expect_out "goal: 1h30"
expect_out "$(now_fmt %G-W%V)"
expect_out "█"
expect_out "✓"
expect_out "streak: 2 weeks at goal"
LC_ALL=C LANG=C run J time
expect_rc 0
expect_no_out "█"
expect_out "#"
run J time --week --json
expect_eq "$(pyjson 'len(d["weeks"])')" 1
expect_eq "$(pyjson 'd["weeks"][0]["minutes"]')" 105
expect_eq "$(pyjson 'd["streak"]')" None
run J time --since "il y a 8 jours" --json
# eight days ago is in the week before last on a Monday (the failure of
# 2026-12-07 was this expectation, not the product: calendar.sh pins it)
expect_eq "$(pyjson 'len(d["weeks"])')" "$([ "$(now_fmt %u)" = 1 ] && echo 3 || echo 2)"
run J time --week --month
expect_rc 2

case_ "status: this week's line and the open items"
J add -q -k question "Une question ouverte"
J add -q -k blocage --private "Un blocage ouvert"
run "$BILAN" status
expect_rc 0
expect_out "this week: 1h45 of 1h30"
expect_out "open: 1 question, 1 blocker"
run "$BILAN" status --json
expect_eq "$(pyjson 'd["journal"]["week_minutes"]')" 105
expect_eq "$(pyjson 'd["journal"]["open_questions"]')" 1

# ----------------------------------------------------------------------
case_ "French messages"
LOC=""
if has_fr; then
	LOC=system
elif [ -n "${BUILDDIR:-}" ] && command -v localedef >/dev/null; then
	# a private copy of the locale, built once per build directory
	L="$BUILDDIR/tests/locale"
	if [ -d "$L/fr_FR.UTF-8" ] || { mkdir -p "$L" && localedef -i fr_FR -f UTF-8 "$L/fr_FR.UTF-8" >/dev/null 2>&1; }; then
		export LOCPATH="$L"
		LOC=private
	fi
fi
if [ -n "$LOC" ]; then
	LC_ALL=fr_FR.UTF-8 run J add -k idee "x"
	expect_rc 2
	expect_err "valeur « idee » invalide pour --kind"
	LC_ALL=fr_FR.UTF-8 run J add -d demain "x"
	expect_rc 2
	LC_ALL=fr_FR.UTF-8 run J add "Note en français"
	expect_rc 0
	expect_out "^ajoutée [0-9TZ]*-\{0,1\}[a-z0-9]* (note, "
	LC_ALL=fr_FR.UTF-8 run J time
	expect_out "objectif : 1h30"
	LC_ALL=fr_FR.UTF-8 run "$BILAN" status
	expect_out "cette semaine : "
	LC_ALL=fr_FR.UTF-8 run J rm "$(basename "$(last_file)" .yaml)"
	expect_rc 3
	expect_err "confirmation"
	unset LOCPATH
else
	lacking_part "the fr_FR.UTF-8 locale"
fi

case_ "status and remind see open items through the folder digest, hand edits in place included"
W2="$T/ws-digest"
new_ws "$W2" --weekly-goal 1h
run "$BILAN" -C "$W2" journal add -q --kind question "Quelle formation pour ce métier ?"
expect_rc 0
run "$BILAN" -C "$W2" journal add -q --kind note "Une note"
sleep 3   # past the 2 s during which a changed folder is not trusted
run "$BILAN" -C "$W2" status
expect_out "open: 1 question, 0 blockers"
expect_file "$W2/.git/bilan-cache/journal/folders.digest"
Q=$(grep -l '^kind: question' "$W2"/journal/*/*/*.yaml)
# closed by hand, written in place (the folder's own time stamps unchanged)
sed 's/^status: ouverte/status: reglee/' "$Q" >"$T/q.yaml" && cat "$T/q.yaml" >"$Q"
run "$BILAN" -C "$W2" status
expect_no_out "open: 1 question"
expect_out "modified"
# reopened in place: status sees it among its hand edits
git -C "$W2" show "HEAD:${Q#"$W2"/}" >"$Q"
sed 's/^title: .*/title: Quelle formation, vraiment ?/' "$Q" >"$T/q.yaml" && cat "$T/q.yaml" >"$Q"
run "$BILAN" -C "$W2" status
expect_out "open: 1 question"
run "$BILAN" -C "$W2" save
expect_rc 0
expect_no_file "$W2/.git/bilan-cache/journal/folders.digest"
run env -i BILAN_DIR="$W2" LANGUAGE=en "$BILAN" remind --always
expect_out "Quelle formation, vraiment ?"
# reopened in place then saved without a status in between: save forgets
# the digest, so remind does not miss the question
sed 's/^status: ouverte/status: reglee/' "$Q" >"$T/q.yaml" && cat "$T/q.yaml" >"$Q"
run "$BILAN" -C "$W2" save
run "$BILAN" -C "$W2" status
sleep 3
run "$BILAN" -C "$W2" status
expect_no_out "open: 1 question"
sed 's/^status: reglee/status: ouverte/' "$Q" >"$T/q.yaml" && cat "$T/q.yaml" >"$Q"
run "$BILAN" -C "$W2" save
expect_rc 0
run env -i BILAN_DIR="$W2" LANGUAGE=en "$BILAN" remind --always
expect_out "Quelle formation, vraiment ?"
run "$BILAN" -C "$W2" status
expect_out "open: 1 question"
expect_clean_repo "$W2"

case_ "entries added in the same minute get short ids that name them alone"
W3="$T/ws-short"
new_ws "$W3"
"$BILAN" -C "$W3" journal add "premier" >/dev/null
run "$BILAN" -C "$W3" journal add "deuxième"
s2=$(sed -n 's/^added \([^ ]*\) .*/\1/p' "$T/out")
run "$BILAN" -C "$W3" journal add "troisième"
s3=$(sed -n 's/^added \([^ ]*\) .*/\1/p' "$T/out")
[ "$s2" != "$s3" ] && ok || ko "same short id twice: $s2"
run "$BILAN" -C "$W3" journal show "$s3"
expect_rc 0
expect_out "troisième"
# (like git's short hashes, the earlier one may have become ambiguous since)

case_ "remind lists the five questions waiting longest, and counts them all"
W4="$T/ws-many"
new_ws "$W4"
for i in 1 2 3 4 5 6 7; do "$BILAN" -C "$W4" journal add -q --kind question --date "2026-11-0$i 10:00" "Question $i"; done
run env -i BILAN_DIR="$W4" LANGUAGE=en "$BILAN" remind
expect_out "Open questions for the consultant (7):"
expect_out "  - Question 1"
expect_out "  - Question 5"
expect_no_out "Question 6"
expect_out "and 2 more: bilan journal list --open"

case_ "dates in words, months, am/pm: journal entries in the past, séances ahead"
W5="$T/ws-words"
new_ws "$W5" --start "il y a 2 mois"
run "$BILAN" -C "$W5" journal add -d "il y a trois jours" "trois"
expect_rc 0
expect_out "$(day_of -3) 12:00"
run "$BILAN" -C "$W5" journal add -d "il y a vingt et un jours à 9h" "vingt et un"
expect_rc 0
expect_out "$(day_of -21) 09:00"
run "$BILAN" -C "$W5" journal add -d "yesterday at 2pm" "hier après-midi"
expect_rc 0
expect_out "$(day_of -1) 14:00"
run "$BILAN" -C "$W5" journal add -d "hier à 14h" "hier 14h"
expect_rc 0
expect_out "$(day_of -1) 14:00"
run "$BILAN" -C "$W5" journal add -d "il y a un mois" "un mois"
expect_rc 0
run "$BILAN" -C "$W5" journal add -d "dans 6 mois" "futur"
expect_rc 2
expect_err "future"

case_ "help"
run J --help
expect_rc 0
expect_out "bilan journal add"
run "$BILAN" help journal
expect_rc 0

finish
