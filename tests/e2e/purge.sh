#!/bin/sh
# End-to-end: bilan purge, the consultant's deletion of their clone and of
# the shared repository (a bare repository on disk) once the retention
# period is over: refused in the beneficiary's workspace, before the end,
# during the retention agreed; a dry run by default; the beneficiary's name
# typed to confirm; a dated line in the register; what each transport
# allows, stated.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
R="$T/depot.git"
C="$T/clone"
new_ws "$W" --start "il y a 40 jours"
git init -q --bare "$R"
"$BILAN" -C "$W" share init "$R" --to "Sophie Durand" >/dev/null
"$BILAN" -C "$W" sync -q
"$BILAN" share clone "$R" "$C" >/dev/null
REG="$HOME/.local/share/bilan/purges.txt"

case_ "the consultant keeps the final synthèse handed over; sync carries it to the beneficiary"
printf '%%PDF-1.4 synthese finale\n' >"$T/finale.pdf"
run "$BILAN" -C "$C" synthese remise "$T/finale.pdf"
expect_rc 0
"$BILAN" -C "$C" sync -q
"$BILAN" -C "$W" sync -q
run "$BILAN" -C "$W" synthese list
expect_out "^$(day_of 0)  synthese/remise-$(day_of 0).pdf$"
cmp -s "$T/finale.pdf" "$W/synthese/remise-$(day_of 0).pdf" && ok || ko "the version, byte for byte, on the beneficiary's side"

case_ "never in the beneficiary's workspace, never before the end"
run "$BILAN" -C "$W" purge --confirm "Camille Martin"
expect_rc 2
expect_err "the beneficiary's copy is theirs"
run "$BILAN" -C "$C" purge
expect_rc 3
expect_err "not closed"
expect_file "$C/bilan.yaml"

case_ "during the retention agreed: not yet"
"$BILAN" -C "$W" close --force --date "il y a 10 jours" --keep-until "dans 20 jours" \
	--agreement "accord écrit signé" >/dev/null
"$BILAN" -C "$W" sync -q
"$BILAN" -C "$C" sync -q
run "$BILAN" -C "$C" purge
expect_rc 3
expect_err "the purge is due from $(day_of 21)"
expect_file "$C/bilan.yaml"

case_ "after it: a dry run by default, the name typed to confirm"
at "$(TZ=$BILAN_TEST_ZONE day_of 22)T10:00:00+01:00"
run "$BILAN" -C "$C" purge
expect_rc 0
expect_out "the clone $C: deleted"
expect_out "the shared repository $R: a bare repository on disk: deleted"
expect_out "Dry run: nothing deleted"
expect_out "bilan purge --confirm 'Camille Martin'"
expect_file "$C/bilan.yaml"
expect_file "$R/HEAD"
expect_no_file "$REG"
run "$BILAN" -C "$C" purge --confirm "camille martin"
expect_rc 2
expect_err "not the beneficiary's"
expect_file "$C/bilan.yaml"
run "$BILAN" -C "$C" purge --confirm "Camille Martin"
expect_rc 0
expect_out "Purged: the clone and the shared repository are deleted."
expect_no_file "$C"
expect_no_file "$R"
expect_file "$W/bilan.yaml"
expect_eq "$(wc -l <"$REG" | tr -d ' ')" 1
grep -q "^$(day_of 0)T[0-9:]*[-+][0-9:]*	Camille Martin	clone $C supprimé	dépôt $R supprimé$" "$REG" && ok || ko "register line: $(cat "$REG")"
expect_eq "$(stat -c %a "$REG")" 600

case_ "over a server: what each transport allows is stated, the repository left alone"
for url in "ssh://git@example.org/bilans/camille.git" "sophie@example.org:bilans/camille.git" \
	"https://forge.example.org/sophie/camille.git" "git://example.org/camille.git"; do
	C2="$T/clone2"
	rm -rf "$C2"
	git init -q "$T/src2"
	mkdir -p "$C2"
	cp -r "$W/." "$C2/"
	rm -rf "$C2/.git" && git -C "$C2" init -q
	git -C "$C2" config bilan.role consultant
	git -C "$C2" remote add origin "$url"
	git -C "$C2" add -A && git -C "$C2" commit -q -m copy
	run "$BILAN" -C "$C2" purge
	expect_rc 0
	case $url in
	ssh*|*@*) expect_out "over SSH: git cannot delete a repository" ;;
	https*) expect_out "over HTTPS (a forge or a git server)" ;;
	git*) expect_out "read-only" ;;
	esac
	rm -rf "$T/src2"
done
run "$BILAN" -C "$C2" purge --confirm "Camille Martin"
expect_rc 0
expect_out "the shared repository is to delete where it is kept"
expect_no_file "$C2"
grep -q "git://example.org/camille.git à supprimer sur le serveur" "$REG" && ok || ko "register: remote to delete"

finish
