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
	new_ws "$1" --start 2026-11-02
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

finish
