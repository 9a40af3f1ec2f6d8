#!/bin/sh
# End-to-end: the format rule (lib/workspace.h).  The kept workspace of
# the previous format (tests/fixtures/format-2) is upgraded; a consultant's
# copy leaves the format to the beneficiary and takes their upgrade
# through sync; a newer format from the other side is said clearly, never
# a lock-out, never a silent rewrite.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

# fixture_ws DIR: the format-2 workspace in a repository of its own
fixture_ws() {
	mkdir -p "$1"
	(cd "$SRCDIR/tests/fixtures/format-2" && tar cf - --exclude=README .) | (cd "$1" && tar xf -)
	sed -i "s|/tmp/fx/remote.git|$T/r.git|" "$1/partage.yaml"
	git -C "$1" init -q -b main
	git -C "$1" add -A
	git -C "$1" commit -q -m "format 2"
}

case_ "the previous format's workspace: read as it is, written after 'bilan upgrade'"
W="$T/w"
fixture_ws "$W"
run "$BILAN" -C "$W" status
expect_rc 0
run "$BILAN" -C "$W" journal add -q -k note -t "Avant" "texte"
expect_rc 1
expect_err "bilan upgrade"
run "$BILAN" -C "$W" upgrade
expect_rc 0
expect_out "from format 2 to 3"
grep -q '^format: 3$' "$W/bilan.yaml" && ok || ko "format after upgrade"
s="$W/seances/20261103T080000Z-fj3g.yaml"
grep -q "^  beneficiaire:$" "$s" && ok || ko "the beneficiary's confirmation was not moved"
grep -q '^    confirmed_at: "2026-11-04T16:30:00+01:00"$' "$s" && ok || ko "the confirmation lost its moment"
grep -q "^    name: Camille Martin$" "$s" && ok || ko "the confirmation lost its name"
grep -q "confirmed_by\|confirmed: true" "$s" && ko "format 2's keys are left" || ok
expect_eq "$(git -C "$W" log -1 --format=%s)" "upgrade: format 2 to 3"
expect_clean_repo "$W"
run "$BILAN" -C "$W" check
expect_rc 0
run "$BILAN" -C "$W" report seance
expect_out "Émargement"
expect_out "Camille Martin, le"
run "$BILAN" -C "$W" journal add -q -k note -t "Après" "texte"
expect_rc 0
run "$BILAN" -C "$W" upgrade
expect_rc 0

case_ "a consultant's copy of the previous format: the upgrade is the beneficiary's, sync brings it"
git init -q --bare "$T/r.git"
B="$T/b"
fixture_ws "$B"
# shared at format 2 ('bilan share init' made partage.yaml, kept in the
# fixture, and this configuration), the consultant's copy made then
git -C "$B" remote add partage "$T/r.git"
git -C "$B" config remote.partage.push refs/heads/partage:refs/heads/main
git -C "$B" config bilan.role beneficiaire
git -C "$B" push -q "$T/r.git" main
"$BILAN" share clone "$T/r.git" "$T/c" >/dev/null || ko "share clone"
run "$BILAN" -C "$T/c" upgrade
expect_rc 1
expect_err "beneficiary's to change"
grep -q '^format: 2$' "$T/c/bilan.yaml" && ok || ko "the consultant's copy was upgraded"
run "$BILAN" -C "$T/c" status
expect_rc 0
run "$BILAN" -C "$T/c" todo add "Avant la mise à jour"
expect_rc 1
expect_err "ask the beneficiary to run 'bilan upgrade'"
expect_no_out "."

"$BILAN" -C "$B" upgrade >/dev/null || ko "upgrade (beneficiary)"
run "$BILAN" -C "$B" sync
expect_rc 0
run "$BILAN" -C "$T/c" sync
expect_rc 0
grep -q '^format: 3$' "$T/c/bilan.yaml" && ok || ko "the beneficiary's upgrade did not reach the consultant"
run "$BILAN" -C "$T/c" todo add "Préparer la restitution"
expect_rc 0

case_ "a newer format from the beneficiary: the consultant's older bilan says so and changes nothing"
# what a newer bilan's beneficiary would publish
git clone -q "$T/r.git" "$T/newer"
sed -i 's/^format: .*/format: 4/' "$T/newer/bilan.yaml"
git -C "$T/newer" commit -qam "format 4"
git -C "$T/newer" push -q origin main
before=$(snapshot "$T/c")
n=$(commits "$T/c")
run "$BILAN" -C "$T/c" sync
expect_rc 1
expect_err "format 4, newer than this bilan understands (3)"
expect_err "install a newer bilan"
expect_eq "$(commits "$T/c")" "$n"
grep -q '^format: 3$' "$T/c/bilan.yaml" && ok || ko "the consultant's copy took a format it cannot read"
run "$BILAN" -C "$T/c" status
expect_rc 0
run "$BILAN" -C "$T/c" report
expect_rc 0

case_ "a newer format from the consultant's side: the beneficiary keeps their own, is told, and goes on"
run "$BILAN" -C "$B" sync
expect_rc 3
expect_err "newer than this bilan's (3)"
grep -q '^format: 3$' "$B/bilan.yaml" && ok || ko "a remote changed the beneficiary's format"
run "$BILAN" -C "$B" journal add -q -k note -t "Toujours là" "texte"
expect_rc 0
run "$BILAN" -C "$B" sync
expect_rc 0
git -C "$T/r.git" show main:bilan.yaml | grep -q '^format: 3$' && ok || ko "the remote keeps the newer format"

finish
