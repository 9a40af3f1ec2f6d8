#!/bin/sh
# End-to-end: privacy by construction (issue 14).  Each scenario ends with
# every object of the remote searched for its private marker
# (git cat-file --batch-all-objects --batch).
. "$SRCDIR/tests/e2e/lib.sh"
set -e

# no_marker REMOTE MARKER WHAT: no byte of MARKER in any object of REMOTE
no_marker() {
	git -C "$1" cat-file --batch-all-objects --batch >"$T/objects" 2>/dev/null ||
		ko "$3: cannot list the objects of $1"
	if grep -q -- "$2" "$T/objects"; then ko "$3: '$2' is in an object of the remote"; else ok; fi
	if grep -aq "^private/\|	private$" "$T/objects"; then ko "$3: a private/ path is in the remote"; else ok; fi
}

# files DIR: a checksum of every file but the derived caches (never shared)
files() { (cd "$1" && find . -path ./.git/bilan-cache -prune -o -path ./.git/bilan.lock -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum) | sha256sum; }

# shared_ws DIR REMOTE: a workspace sharing with a bare repository REMOTE,
# synced once
shared_ws() {
	new_ws "$1" --start "$(day_of -60)"
	git init -q --bare "$2"
	"$BILAN" -C "$1" journal add -q -k reflexion -t "Mon parcours" --duration 1h \
		"Ce que j'ai aimé." || ko "journal add"
	"$BILAN" -C "$1" share init "$2" --to "Sophie Durand" >/dev/null || ko "share init"
	"$BILAN" -C "$1" sync >/dev/null || ko "first sync"
}

# ---------------------------------------------------------------- 1
case_ "1: on another branch every command that records work refuses, writing nothing"
W1="$T/w1" R1="$T/r1.git"
shared_ws "$W1" "$R1"
git -C "$W1" checkout -q partage
before=$(files "$W1")
heads=$(git -C "$W1" for-each-ref --format='%(objectname) %(refname)')
run "$BILAN" -C "$W1" journal add -q --private -k note -t F1SECRET --duration 10min "F1SECRET"
expect_rc 1
expect_err "branch 'partage'"
expect_err "git switch main"
run "$BILAN" -C "$W1" journal add -q -k note -t "public" --duration 10min "texte"
expect_rc 1
run "$BILAN" -C "$W1" todo add "Appeler quelqu'un"
expect_rc 1
run "$BILAN" -C "$W1" sync
expect_rc 1
expect_err "branch 'partage'"
mkdir -p "$W1/private"
printf 'title: F1SECRET\n' >"$W1/private/n.yaml"
run "$BILAN" -C "$W1" save -m "F1SECRET"
expect_rc 1
rm -f "$W1/private/n.yaml"
rmdir "$W1/private" 2>/dev/null || true
expect_eq "$(files "$W1")" "$before"
expect_eq "$(git -C "$W1" for-each-ref --format='%(objectname) %(refname)')" "$heads"
run "$BILAN" -C "$W1" doctor
expect_rc 1
expect_err "\[branch\]"
no_marker "$R1" F1SECRET "other branch"

case_ "1: on a detached HEAD every command that records work refuses, writing nothing"
git -C "$W1" checkout -q --detach main
before=$(files "$W1")
run "$BILAN" -C "$W1" journal add -q --private -k note -t F1SECRET --duration 10min "F1SECRET"
expect_rc 1
expect_err "detached HEAD"
run "$BILAN" -C "$W1" sync
expect_rc 1
expect_eq "$(files "$W1")" "$before"
expect_eq "$(git -C "$W1" for-each-ref --format='%(objectname) %(refname)')" "$heads"
run "$BILAN" -C "$W1" doctor
expect_rc 1
expect_err "detached"

case_ "1: back on main, the same commands record and publish nothing private"
git -C "$W1" checkout -q main
run "$BILAN" -C "$W1" journal add -q --private -k note -t F1SECRET --duration 10min "F1SECRET"
expect_rc 0
run "$BILAN" -C "$W1" sync
expect_rc 0
run "$BILAN" -C "$W1" doctor
if grep -q "\[branch\]" "$T/err"; then ko "doctor still reports the branch"; else ok; fi
no_marker "$R1" F1SECRET "back on main"
expect_clean_repo "$W1"

# ---------------------------------------------------------------- 3
case_ "3: report --include-private -o FILE inside the workspace, outside private/: refused"
W3="$T/w3" R3="$T/r3.git"
shared_ws "$W3" "$R3"
"$BILAN" -C "$W3" journal add -q --private -k note -t F3SECRET --duration 10min "F3SECRET-text" ||
	ko "journal add --private"
before=$(files "$W3")
for out in rapport-complet.html journal/rapport.md ./private/../rapport.json; do
	run sh -c 'cd "$1" && shift && exec "$@"' sh "$W3" "$BILAN" report --include-private -o "$out"
	expect_rc 2
	expect_err "outside private/"
	expect_no_file "$W3/$out"
done
run sh -c 'cd "$1" && exec "$2" -C "$3" report --include-private -o "$3/rapport-complet.html"' sh "$T" "$BILAN" "$W3"
expect_rc 2
expect_eq "$(files "$W3")" "$before"
run "$BILAN" -C "$W3" save
run "$BILAN" -C "$W3" sync
expect_rc 0
no_marker "$R3" F3SECRET "report inside the workspace"

case_ "3: under private/ or outside the workspace, the report is written and never shared"
run sh -c 'cd "$1" && exec "$2" report --include-private -o private/rapport-complet.html' sh "$W3" "$BILAN"
expect_rc 0
grep -q F3SECRET "$W3/private/rapport-complet.html" && ok || ko "the full report lacks the private entry"
run "$BILAN" -C "$W3" report --include-private -o "$T/rapport-complet.md"
expect_rc 0
run "$BILAN" -C "$W3" save
run "$BILAN" -C "$W3" sync
expect_rc 0
no_marker "$R3" F3SECRET "report under private/"

# ---------------------------------------------------------------- 6
case_ "6: share init refuses credentials anywhere in a URL and the ext::/fd:: transports"
W6="$T/w6" R6="$T/r6.git"
shared_ws "$W6" "$R6"
"$BILAN" -C "$W6" share revoke >/dev/null || ko "share revoke"
before=$(files "$W6")
n=$(commits "$W6")
# URL|what stderr says
while IFS='|' read -r url says; do
	run "$BILAN" -C "$W6" share init "$url" --to "Sophie Durand"
	expect_rc 2
	expect_err "$says"
	grep -q F6TOKEN "$T/err" "$T/out" && ko "printed back: $url" || ok
	expect_eq "$(files "$W6")" "$before"
	expect_eq "$(commits "$W6")" "$n"
done <<CASES
https://F6TOKEN@forge.example/c.git|token
https://F6TOKEN:x-oauth-basic@forge.example/c.git|password
http://F6TOKEN@forge.example/c.git|token
git://F6TOKEN@forge.example/c.git|token
https://forge.example/c.git?access_token=F6TOKEN|query string
https://forge.example/c.git?private_token=F6TOKEN&x=1|query string
https://forge.example/c.git#F6TOKEN|query string
file://$R6?access_token=F6TOKEN|query string
https://user%3AF6TOKEN@forge.example/c.git|credentials
ssh://git%3AF6TOKEN@forge.example/c.git|password
ssh://git%253AF6TOKEN@forge.example/c.git|password
https://forge.example%2Fc.git%3Faccess_token%3DF6TOKEN|query string
https://F6TOKEN%40forge.example/c.git|token
ext::sh -c touch% $T/pwned-F6TOKEN|TRANSPORT::
fd::7,8|TRANSPORT::
EXT::ssh F6TOKEN@host|TRANSPORT::
gopher://forge.example/F6TOKEN|scheme
CASES
expect_no_file "$T/pwned-F6TOKEN"
grep -rqs F6TOKEN "$W6/partage.yaml" "$W6/.git/config" && ko "a token was stored" || ok

case_ "6: a user name over ssh is no credential; the remote is said to be private and the provider's"
run "$BILAN" -C "$W6" share init "ssh://git@forge.example/c.git" --to "Sophie Durand"
expect_rc 0
expect_out "private repository controlled by the provider"
run "$BILAN" -C "$W6" share revoke
run "$BILAN" -C "$W6" share init "git@forge.example:c.git" --to "Sophie Durand"
expect_rc 0
run "$BILAN" -C "$W6" share revoke

case_ "6: a consent recorded with a token by an older bilan: sync sends nothing"
cp "$W6/partage.yaml" "$T/partage6.yaml"
run "$BILAN" -C "$W6" share init "$R6" --to "Sophie Durand"
expect_rc 0
sed -i "s|remote: $R6|remote: https://F6TOKEN@forge.example/c.git|" "$W6/partage.yaml"
grep -q F6TOKEN "$W6/partage.yaml" && ok || ko "the test could not plant the token"
"$BILAN" -C "$W6" save -m "an old consent" >/dev/null 2>&1 || ko "save"
remote_before=$(git -C "$R6" rev-parse main)
run "$BILAN" -C "$W6" sync
expect_rc 1
expect_err "refused"
grep -q F6TOKEN "$T/err" "$T/out" && ko "sync printed the token" || ok
expect_eq "$(git -C "$R6" rev-parse main)" "$remote_before"
no_marker "$R6" F6TOKEN "credentials in URLs"

# ---------------------------------------------------------------- 5
# no_conflict_files REMOTE WHAT: no conflits.yaml or *.remote in any tree
no_conflict_files() {
	if git -C "$1" rev-list --objects --all | grep -Eq ' (.*/)?conflits\.yaml$| .*\.remote$'; then
		ko "$2: a conflict file is in the remote's history: $(git -C "$1" rev-list --objects --all | grep -E 'conflits\.yaml$|\.remote$' | head -3)"
	else ok; fi
}

case_ "5: a conflict on the consultant's side: conflict files never reach the remote"
W5="$T/w5" R5="$T/r5.git" C5="$T/c5"
shared_ws "$W5" "$R5"
"$BILAN" -C "$W5" journal add -q --private -k note -t F5SECRET --duration 10min "F5SECRET" ||
	ko "journal add --private"
"$BILAN" -C "$W5" sync >/dev/null || ko "sync"
git clone -q "$R5" "$C5"
sed -i 's/^phase: .*/phase: investigation/' "$W5/bilan.yaml"
"$BILAN" -C "$W5" save >/dev/null
"$BILAN" -C "$W5" sync >/dev/null || ko "sync"
sed -i 's/^phase: .*/phase: conclusions/' "$C5/bilan.yaml"
"$BILAN" -C "$C5" save >/dev/null
# in French when it can: "bilan : conflit : ..." (issue 20)
if has_fr; then
	run env LC_ALL=fr_FR.UTF-8 "$BILAN" -C "$C5" sync
	expect_err "^bilan$(printf '\302\240'): conflit$(printf '\302\240'): "
else
	run "$BILAN" -C "$C5" sync
	lacking_part "the fr_FR.UTF-8 locale"
fi
expect_rc 3
expect_file "$C5/bilan.yaml.remote"
expect_file "$C5/conflits.yaml"
no_conflict_files "$R5" "conflict open"
sed -i 's/^phase: .*/phase: investigation/' "$C5/bilan.yaml"
rm "$C5/bilan.yaml.remote"
"$BILAN" -C "$C5" save >/dev/null
run "$BILAN" -C "$C5" sync
expect_rc 0
run "$BILAN" -C "$W5" sync
expect_rc 0
run "$BILAN" -C "$C5" sync
expect_rc 0
no_conflict_files "$R5" "consultant's conflict resolved"
no_marker "$R5" F5SECRET "consultant's conflict"

case_ "5: a conflict on the beneficiary's side: conflict files never reach the remote"
# a séance is common to both (lib/owner.h): both change its subject
"$BILAN" -C "$W5" seance add --subject "Sujet" "$(day_of 2) 14:00" >/dev/null || ko "seance add"
"$BILAN" -C "$W5" sync >/dev/null || ko "sync"
"$BILAN" -C "$C5" sync >/dev/null || ko "consultant sync"
s5=$(cd "$W5" && ls seances/*.yaml | head -1)
sed -i 's/^subject: .*/subject: Côté consultant/' "$C5/$s5"
"$BILAN" -C "$C5" save >/dev/null
"$BILAN" -C "$C5" sync >/dev/null || ko "consultant sync"
sed -i 's/^subject: .*/subject: Côté bénéficiaire/' "$W5/$s5"
"$BILAN" -C "$W5" save >/dev/null
run "$BILAN" -C "$W5" sync
expect_rc 3
expect_file "$W5/conflits.yaml"
no_conflict_files "$R5" "beneficiary's conflict open"
rm "$W5/$s5.remote"
"$BILAN" -C "$W5" save >/dev/null
run "$BILAN" -C "$W5" sync
expect_rc 0
run "$BILAN" -C "$C5" sync
expect_rc 0
no_conflict_files "$R5" "beneficiary's conflict resolved"
# a conflict file committed by hand with plain git: not sent either
printf 'x: 1\n' >"$C5/todo.yaml.remote"
git -C "$C5" add todo.yaml.remote
git -C "$C5" commit -q -m "by hand"
"$BILAN" -C "$C5" journal add -q -k retour -t "Retour" "Un retour." >/dev/null || ko "consultant journal add"
run "$BILAN" -C "$C5" sync
no_conflict_files "$R5" "a conflict file committed by hand"
no_marker "$R5" F5SECRET "beneficiary's conflict"

# ---------------------------------------------------------------- 2
case_ "2: the generated files come from main's committed tree as it is shared"
W2="$T/w2" R2="$T/r2.git"
shared_ws "$W2" "$R2"
# a month of the past (never the clock's: 40 days back), its folder
M2=$(day_of -40 %Y-%m) F2=journal/$(day_of -40 %Y/%m)
"$BILAN" -C "$W2" journal add -q -k note -d "$M2-03" -t "Ancienne" --duration 10min "ancienne" ||
	ko "journal add"
"$BILAN" -C "$W2" sync >/dev/null || ko "sync"
old=$(grep -rl "Ancienne" "$W2/$F2" | head -1)
"$BILAN" -C "$W2" private "$(basename "$old" .yaml)" >/dev/null || ko "private"
run "$BILAN" -C "$W2" share forget "$F2"
expect_rc 0
# a new shared entry in the forgotten folder
"$BILAN" -C "$W2" journal add -q -k note -d "$M2-05" -t F2FORGOTTEN --duration 10min "F2FORGOTTEN-text" ||
	ko "journal add in the forgotten folder"
# a hand edit not saved, and a new file not saved
shared=$(grep -rl "Mon parcours" "$W2/journal" | head -1)
printf 'tags: [F2HANDEDIT]\n' >>"$shared"
mkdir -p "$W2/journal/2026/10"
cp "$shared" "$W2/journal/2026/10/20261005T100000Z-abcd.yaml"
sed -i 's/^title: .*/title: F2UNSAVED/; s/^id: .*/id: 20261005T100000Z-abcd/' "$W2/journal/2026/10/20261005T100000Z-abcd.yaml"
# a file outside the layout, committed
printf '# F2LAYOUT\n' >"$W2/notes-perso.md"
mkdir -p "$W2/brouillons"
printf 'title: F2LAYOUT\n' >"$W2/brouillons/b.yaml"
printf 'F2LAYOUT\n' >"$W2/journal/rapport.txt"
git -C "$W2" add notes-perso.md brouillons journal/rapport.txt
git -C "$W2" commit -q -m "by hand"
# the checks before publishing stop for them (point 7); accepted, they
# still stay out of the shared tree
run "$BILAN" -C "$W2" sync
expect_rc 3
expect_err "notes-perso.md: outside the layout"
"$BILAN" -C "$W2" share accept notes-perso.md brouillons/b.yaml journal/rapport.txt >/dev/null ||
	ko "share accept"
run "$BILAN" -C "$W2" sync
expect_rc 0
for m in F2FORGOTTEN F2HANDEDIT F2UNSAVED F2LAYOUT; do
	no_marker "$R2" "$m" "generated files from the committed tree"
done
git -C "$R2" show main:RAPPORT.md >"$T/rapport2" 2>/dev/null || ko "no RAPPORT.md"
grep -q "Mon parcours" "$T/rapport2" && ok || ko "RAPPORT.md lacks a shared entry"
git -C "$R2" ls-tree -r --name-only main >"$T/tree2"
grep -q "notes-perso.md\|brouillons\|rapport.txt\|$F2" "$T/tree2" && ko "a path outside the layout or forgotten is shared: $(cat "$T/tree2")" || ok

case_ "2: private time and counts stay out of resume.yaml and RAPPORT.md"
"$BILAN" -C "$W2" journal add -q --private -k reflexion -d "$M2-07" -t F2PRIVTITLE --duration 7h13min "texte" ||
	ko "journal add --private"
git -C "$W2" checkout -q -- "$shared"
run "$BILAN" -C "$W2" sync
expect_rc 0
git -C "$R2" show main:resume.yaml >"$T/resume2"
git -C "$R2" show main:RAPPORT.md >"$T/rapport2"
grep -Eq "minutes: (433|443|493|503)$" "$T/resume2" && ko "resume.yaml holds the private entry's minutes" || ok
grep -qi "priv" "$T/rapport2" && ko "RAPPORT.md mentions private items: $(grep -i priv "$T/rapport2" | head -2)" || ok
no_marker "$R2" F2PRIVTITLE "private time"

case_ "2: a sync with nothing new makes nothing new; a hand edit after it is not published either"
tip=$(git -C "$W2" rev-parse partage)
grep -q "^published: " "$W2/.git/bilan/share.yaml" && ok || ko "the state does not say what was built"
run "$BILAN" -C "$W2" sync
expect_rc 0
expect_eq "$(git -C "$W2" rev-parse partage)" "$tip"
printf 'tags: [F2LATE]\n' >>"$shared"
run "$BILAN" -C "$W2" sync
expect_rc 0
expect_eq "$(git -C "$W2" rev-parse partage)" "$tip"
no_marker "$R2" F2LATE "a hand edit after the last sync"
git -C "$W2" checkout -q -- "$shared"

# ---------------------------------------------------------------- 4
# remote_refs REMOTE: every ref and what it points at
remote_refs() { git -C "$1" for-each-ref --format='%(objectname) %(refname)'; }

case_ "4: the pre-push guard refuses any push whose objects hold private/, whatever the ref"
W4="$T/w4" R4="$T/r4.git"
shared_ws "$W4" "$R4"
expect_file "$R4/hooks/pre-receive"
"$BILAN" -C "$W4" journal add -q --private -k note -t F4SECRET --duration 10min "F4SECRET-text" ||
	ko "journal add --private"
"$BILAN" -C "$W4" sync >/dev/null || ko "sync"
pf=$(grep -rl F4SECRET "$W4/private" | head -1)
prel=${pf#"$W4/"}
git -C "$W4" tag t-tree 'main^{tree}'
git -C "$W4" tag t-blob "main:$prel"
git -C "$W4" tag t-private "main:private"
git -C "$W4" tag -a -m "annotated" t-annotated main
git -C "$W4" branch copie main
# an orphan branch whose commit holds private/ (not of main's history)
git -C "$W4" checkout -q --orphan fuite
git -C "$W4" commit -q -m "a copy"
git -C "$W4" checkout -q -f main
git -C "$W4" branch -f partage-bis partage
before=$(remote_refs "$R4")
for spec in main:refs/heads/drafts copie main~0:refs/heads/x fuite fuite:refs/heads/main \
	t-tree t-blob t-private t-annotated 'main^{tree}:refs/tags/arbre' --tags --all --mirror; do
	run git -C "$W4" push "$R4" "$spec"
	if [ "$rc" -eq 0 ]; then ko "git push $spec was accepted"; else ok; fi
	expect_err "bilan: refusing to push"
	expect_eq "$(remote_refs "$R4")" "$before"
done
no_marker "$R4" F4SECRET "pushes refused by the pre-push guard"

case_ "4: the shared branch still goes with plain git, to any ref"
run git -C "$W4" push
expect_rc 0
run git -C "$W4" push "$R4" partage-bis:refs/heads/main
expect_rc 0

case_ "4: past the local guard (--no-verify), the shared repository's pre-receive refuses"
for spec in +fuite:refs/heads/main +main:refs/heads/main copie t-tree t-annotated; do
	run git -C "$W4" push --no-verify "$R4" "$spec"
	if [ "$rc" -eq 0 ]; then ko "git push --no-verify $spec was accepted"; else ok; fi
	expect_err "bilan: refused"
	expect_eq "$(remote_refs "$R4")" "$before"
done
no_marker "$R4" F4SECRET "pushes refused by the pre-receive guard"

case_ "4: doctor flags core.hooksPath and a missing, changed or inert guard; sync puts it back"
run "$BILAN" -C "$W4" doctor
if grep -q "\[guard\]" "$T/err"; then ko "doctor flags a sound guard: $(cat "$T/err")"; else ok; fi
git -C "$W4" config core.hooksPath /dev/null
run "$BILAN" -C "$W4" doctor
expect_rc 1
expect_err "core.hooksPath"
git -C "$W4" config --unset core.hooksPath
git config --global core.hooksPath "$T/nohooks"
run "$BILAN" -C "$W4" doctor
expect_err "core.hooksPath"
git config --global --unset core.hooksPath
rm "$W4/.git/hooks/pre-push"
run "$BILAN" -C "$W4" doctor
expect_rc 1
expect_err "guard is missing"
run "$BILAN" -C "$W4" sync
expect_rc 0
run "$BILAN" -C "$W4" doctor
if grep -q "\[guard\]" "$T/err"; then ko "the guard was not put back: $(cat "$T/err")"; else ok; fi
printf 'exit 0\n' >>"$W4/.git/hooks/pre-push"
run "$BILAN" -C "$W4" doctor
expect_err "not bilan's"
"$BILAN" -C "$W4" sync >/dev/null 2>&1 || ko "sync"
chmod 600 "$W4/.git/hooks/pre-push"
run "$BILAN" -C "$W4" doctor
expect_err "not executable"
"$BILAN" -C "$W4" sync >/dev/null 2>&1 || ko "sync"
no_marker "$R4" F4SECRET "guards"

case_ "4: the consultant's guard looks at everything the remote lacks, even what a backup of theirs has"
C4="$T/c4"
"$BILAN" share clone "$R4" "$C4" >/dev/null 2>&1 || ko "share clone"
"$BILAN" -C "$C4" journal add -q --private -k note -t F4CONSULT --duration 10min "F4CONSULT-text" ||
	ko "consultant journal add --private"
git init -q --bare "$T/c4-backup.git"
git -C "$C4" remote add sauvegarde "$T/c4-backup.git"
git -C "$C4" push -q --no-verify sauvegarde main 2>/dev/null || ko "push to the consultant's backup"
cbefore=$(remote_refs "$R4")
run git -C "$C4" push origin main
if [ "$rc" -eq 0 ]; then ko "the consultant's private/ was pushed"; else ok; fi
expect_err "refusing to push"
# the guard speaks the language of the locale (issue 20)
if has_fr; then
	run env LC_ALL=fr_FR.UTF-8 git -C "$C4" push origin main
	if [ "$rc" -eq 0 ]; then ko "the consultant's private/ was pushed"; else ok; fi
	expect_err "envoi de .* refusé"
	expect_err "bilan sync.* envoie vos changements sans eux"
else
	lacking_part "the fr_FR.UTF-8 locale"
fi
git -C "$C4" tag c-tree 'main^{tree}'
run git -C "$C4" push origin c-tree
if [ "$rc" -eq 0 ]; then ko "a tag of the consultant's tree was pushed"; else ok; fi
run git -C "$C4" push --no-verify origin main
if [ "$rc" -eq 0 ]; then ko "the pre-receive guard let the consultant's private/ in"; else ok; fi
expect_eq "$(remote_refs "$R4")" "$cbefore"
run "$BILAN" -C "$C4" sync
expect_rc 0
no_marker "$R4" F4CONSULT "the consultant's guard"
no_marker "$R4" F4SECRET "the consultant's guard"

case_ "4: the hooks pass shellcheck"
if command -v shellcheck >/dev/null 2>&1; then
	shellcheck -s sh "$SRCDIR/data/hooks/pre-push" "$SRCDIR/data/hooks/pre-push-consultant" \
		"$SRCDIR/data/hooks/pre-receive" >"$T/sc" 2>&1 && ok || ko "shellcheck: $(head -20 "$T/sc")"
	cmp -s "$SRCDIR/data/hooks/pre-push" "$W4/.git/hooks/pre-push" && ok ||
		ko "the installed hook is not data/hooks/pre-push"
elif [ "${CI:-}" = true ]; then
	ko "shellcheck is not installed (scripts/install-deps installs it)"
else
	echo "shellcheck not installed: the hooks are not checked" >&2
fi

# ---------------------------------------------------------------- 7
case_ "7: sync checks what it would share before it pushes: someone's details stop it (exit 3)"
W7="$T/w7" R7="$T/r7.git"
shared_ws "$W7" "$R7"
before=$(remote_refs "$R7")
"$BILAN" -C "$W7" journal add -q -k note -t "Appel" --duration 10min \
	"F7PHONE appeler Mme Durand au 06 12 34 56 78 demain" || ko "journal add"
phone=$(grep -rl F7PHONE "$W7/journal" | head -1)
prel=${phone#"$W7/"}
"$BILAN" -C "$W7" journal add -q -k note -t "Courriel" --duration 10min \
	"écrire à paul.martin@exemple.fr pour le stage" || ko "journal add"
mail=$(grep -rl "paul.martin" "$W7/journal" | head -1)
mrel=${mail#"$W7/"}
"$BILAN" -C "$W7" journal add -q -k note -t "Visite" --duration 10min \
	"F7ADDRESS rendez-vous au 12 rue des Lilas, 75011 Paris" || ko "journal add"
addr=$(grep -rl F7ADDRESS "$W7/journal" | head -1)
arel=${addr#"$W7/"}
printf '<html>F7REPORT</html>\n' >"$W7/rapport.html"
git -C "$W7" add rapport.html
git -C "$W7" commit -q -m "a saved report"
run "$BILAN" -C "$W7" sync
expect_rc 3
expect_err "$prel:[0-9]*:[0-9]*: a phone number"
expect_err "$mrel:[0-9]*:[0-9]*: an e-mail address"
expect_err "$arel:[0-9]*:[0-9]*: a postal address"
expect_err "rapport.html: outside the layout"
expect_err "bilan share accept"
grep -q "06 12\|paul.martin\|Lilas" "$T/err" "$T/out" && ko "the details found were printed" || ok
expect_eq "$(remote_refs "$R7")" "$before"
# in French: "bilan :" with its no-break space, the locus FILE:LINE:COL: (or
# FILE:) as compilers write it (issue 20)
if has_fr; then
	run env LC_ALL=fr_FR.UTF-8 "$BILAN" -C "$W7" sync
	expect_rc 3
	expect_err "^bilan$(printf '\302\240'): $mrel:[0-9]*:[0-9]*: une adresse"
	expect_err "^bilan$(printf '\302\240'): rapport.html: hors de l'organisation"
else
	lacking_part "the fr_FR.UTF-8 locale"
fi
run "$BILAN" -C "$W7" sync --json
expect_rc 3
python3 - "$T/out" <<'PY' && ok || ko "sync --json lacks the privacy list"
import json, sys
d = json.load(open(sys.argv[1]))
whats = sorted(p["what"] for p in d["privacy"])
assert whats == ["address", "email", "outside-layout", "phone"], whats
PY
no_marker "$R7" F7PHONE "details before publishing"
no_marker "$R7" F7ADDRESS "details before publishing"

case_ "7: each is moved to private/ or accepted, the acceptance recorded; a new version is checked again"
"$BILAN" -C "$W7" private "$(basename "$phone" .yaml)" >/dev/null || ko "private"
"$BILAN" -C "$W7" private "$(basename "$addr" .yaml)" >/dev/null || ko "private"
run "$BILAN" -C "$W7" share accept "$mrel" rapport.html
expect_rc 0
grep -q "$mrel" "$W7/.git/bilan/share.yaml" && ok || ko "the acceptance is not recorded"
run "$BILAN" -C "$W7" share accept private/nothing.yaml
expect_rc 1
run "$BILAN" -C "$W7" sync
expect_rc 0
git -C "$R7" grep -q "paul.martin" main -- journal && ok || ko "the accepted file was not shared"
run "$BILAN" -C "$W7" journal edit -q "$(basename "$mail" .yaml)"
sed -i 's/paul.martin@exemple.fr/F7MAIL2@exemple.fr/' "$mail"
"$BILAN" -C "$W7" save >/dev/null 2>&1 || ko "save"
before=$(remote_refs "$R7")
run "$BILAN" -C "$W7" sync
expect_rc 3
expect_err "an e-mail address"
expect_eq "$(remote_refs "$R7")" "$before"
no_marker "$R7" F7MAIL2 "a new version checked again"
no_marker "$R7" F7PHONE "moved to private/"
no_marker "$R7" F7ADDRESS "moved to private/"
no_marker "$R7" F7REPORT "a report outside the layout"

case_ "7: the contraintes guide's entries are private unless --shared"
W7b="$T/w7b" R7b="$T/r7b.git"
shared_ws "$W7b" "$R7b"
run "$BILAN" -C "$W7b" journal add -q --guide contraintes --duration 30min "F7CONTRAINTE ma santé"
expect_rc 0
grep -rq F7CONTRAINTE "$W7b/private/journal" && ok || ko "a contraintes entry is not private"
run "$BILAN" -C "$W7b" journal add -q --guide contraintes --shared --duration 30min "F7PARTAGE horaires"
expect_rc 0
grep -rq F7PARTAGE "$W7b/journal" && ok || ko "--shared did not share it"
run "$BILAN" -C "$W7b" journal add -q --guide valeurs --duration 30min "F7VALEURS"
grep -rq F7VALEURS "$W7b/journal" && ok || ko "a values entry is private"
run "$BILAN" -C "$W7b" sync
expect_rc 0
no_marker "$R7b" F7CONTRAINTE "contraintes guide"

case_ "7: a shared entry naming a private piste stops the sync: the slug would tell"
W7c="$T/w7c" R7c="$T/r7c.git"
shared_ws "$W7c" "$R7c"
"$BILAN" -C "$W7c" piste add "Sage-femme F7SLUG" >/dev/null || ko "piste add"
slug=$(basename "$(ls "$W7c"/pistes/*.yaml | head -1)" .yaml)
"$BILAN" -C "$W7c" private "pistes/$slug.yaml" >/dev/null || ko "private of the piste"
"$BILAN" -C "$W7c" journal add -q -k note -t "Lecture" --piste "$slug" --duration 10min "une lecture" ||
	ko "journal add --piste"
before=$(remote_refs "$R7c")
run "$BILAN" -C "$W7c" sync
expect_rc 3
expect_err "names a private piste"
expect_eq "$(remote_refs "$R7c")" "$before"
no_marker "$R7c" "$slug" "a private piste's slug"
f=$(grep -rl "piste: $slug" "$W7c/journal" | head -1)
"$BILAN" -C "$W7c" private "$(basename "$f" .yaml)" >/dev/null || ko "private of the entry"
run "$BILAN" -C "$W7c" sync
expect_rc 0
no_marker "$R7c" "$slug" "a private piste's slug, the entry made private"

finish
