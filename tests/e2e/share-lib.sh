# share-lib.sh - the two-sided sharing scenario, run by share.sh (bare
# repository), sync-daemon.sh (git daemon) and sync-ssh.sh (sshd) against
# their own remote.  Sourced after lib.sh.

SECRETS="SECRET-UNEDITED-7q2 SECRET-EDIT-v1-k8d SECRET-EDIT-v2-m3x SECRET-MSG-TITLE-z9w SECRET-PRIVTITLE-p4f SECRET-CONTACT-c1a SECRET-CONSULTANT-n5b"

# no_secret GITDIR WHAT: no object of the repository holds a private string,
# in any blob, tree (file names) or commit message.
no_secret() {
	git -C "$1" cat-file --batch-all-objects --batch >"$T/objects" 2>/dev/null || ko "cannot list the objects of $1"
	[ -s "$T/objects" ] || ko "$2: no object at all in $1"
	for s in $SECRETS; do
		if grep -q -- "$s" "$T/objects"; then ko "$2: '$s' is in an object of the remote"; else ok; fi
	done
	if grep -q "^private/\|	private$" "$T/objects"; then ko "$2: a private/ path is in the remote"; else ok; fi
	git -C "$1" log --all --format=%B >"$T/msgs" 2>/dev/null || true
	for s in $SECRETS; do
		if grep -q -- "$s" "$T/msgs"; then ko "$2: '$s' in a commit message of the remote"; else ok; fi
	done
}

# beneficiary_ws DIR: a workspace with shared and private work, private
# entries edited and unedited, a private title in a commit message.
beneficiary_ws() {
	new_ws "$1" --start 2026-11-02 --weekly-goal 2h
	b() { "$BILAN" -C "$1" "$@"; }
	"$BILAN" -C "$1" journal add -q -k reflexion -t "Mon parcours" --duration 1h \
		"Ce que j'ai aimé dans mes postes." || ko "journal add"
	"$BILAN" -C "$1" journal add -q --private -k reflexion -t "SECRET-PRIVTITLE-p4f" \
		--duration 45min "SECRET-UNEDITED-7q2 : ce qui me pèse vraiment." || ko "journal add --private"
	"$BILAN" -C "$1" journal add -q --private -k note -t "Note privée" --duration 30min \
		"SECRET-EDIT-v1-k8d" || ko "journal add --private (2)"
	f=$(grep -rl SECRET-EDIT-v1-k8d "$1/private/journal" | head -1)
	id=$(basename "$f" .yaml)
	EDITOR="sed -i s/SECRET-EDIT-v1-k8d/SECRET-EDIT-v2-m3x/" "$BILAN" -C "$1" journal edit -q "$id" ||
		ko "journal edit of a private entry"
	grep -q SECRET-EDIT-v2-m3x "$f" && ok || ko "private entry not edited"
	# a private file committed by hand with a private title as message
	mkdir -p "$1/private/notes"
	printf 'title: SECRET-CONTACT-c1a\n' >"$1/private/notes/contact.yaml"
	"$BILAN" -C "$1" save -m "SECRET-MSG-TITLE-z9w" >/dev/null || ko "save of a private file"
}

# two_sides URL GITDIR: the checks of issue 8 against one remote.
two_sides() {
	url=$1 remote=$2
	B="$T/benef" C="$T/consultant"
	rm -rf "$B" "$C"

	case_ "[$url] the push is refused without consent"
	beneficiary_ws "$B"
	run "$BILAN" -C "$B" sync
	expect_rc 1
	expect_err "no consent"
	expect_eq "$(git -C "$remote" for-each-ref | wc -l)" 0

	case_ "[$url] share init records the consent and sets the remote; sync publishes"
	before=$(commits "$B")
	run "$BILAN" -C "$B" share init "$url" --to "Sophie Durand"
	expect_rc 0
	expect_out "Sophie Durand"
	expect_out "private items stay"
	expect_eq "$(commits "$B")" $((before + 1))
	expect_file "$B/partage.yaml"
	expect_eq "$(stat -c %a "$B/.git/hooks/pre-push")" 700
	"$BILAN" -C "$B" check >/dev/null 2>&1 && ok || ko "bilan check after share init"
	run "$BILAN" -C "$B" sync
	expect_rc 0
	expect_out "nothing from private/"
	expect_eq "$(git -C "$remote" rev-parse main)" "$(git -C "$B" rev-parse partage)"
	no_secret "$remote" "first sync"
	git -C "$remote" fsck --strict >/dev/null 2>&1 && ok || ko "fsck of the remote"
	expect_clean_repo "$B"
	git -C "$B" log --format=%s partage | grep -v '^partage: ' && ko "partage holds a commit not made by sync" || ok
	# no main commit in the shared history
	for c in $(git -C "$B" rev-list main); do
		git -C "$B" merge-base --is-ancestor "$c" partage && ko "main commit $c in partage"
	done
	ok

	case_ "[$url] git clone gives a usable copy with nothing private"
	git clone -q "$url" "$C" 2>"$T/err" || ko "git clone: $(cat "$T/err")"
	expect_file "$C/bilan.yaml"
	expect_file "$C/README.md"
	expect_file "$C/resume.yaml"
	expect_file "$C/partage.yaml"
	expect_no_file "$C/private"
	run "$BILAN" -C "$C" status
	expect_rc 0
	expect_out "Camille Martin"
	run "$BILAN" -C "$C" journal list
	expect_rc 0
	expect_out "Mon parcours"
	expect_no_out "SECRET"
	# derived from the shared tree alone: the private entries' 75 minutes
	# stay home (issue 14)
	grep -q "minutes: 60$" "$C/resume.yaml" && ok || ko "resume.yaml: the week's minutes (private time left out) are not 60"
	grep -q "minutes: 135$" "$C/resume.yaml" && ko "resume.yaml: the private entries' time is in it" || ok
	"$BILAN" -C "$C" check >/dev/null 2>"$T/err" && ok || ko "bilan check in the clone: $(cat "$T/err")"
	run "$BILAN" -C "$C" share status
	expect_rc 0
	expect_out "copy shared by"

	case_ "[$url] the consultant's to-do items and retour entries arrive"
	"$BILAN" -C "$C" todo add --due "2026-12-15" "Contacter deux développeuses web" >/dev/null || ko "todo add (consultant)"
	"$BILAN" -C "$C" journal add -q -k retour -t "Retour séance 1" "Bon travail sur le parcours." || ko "journal add retour"
	# the consultant's own private note stays on their computer
	"$BILAN" -C "$C" journal add -q --private -k note -t "SECRET-CONSULTANT-n5b" "SECRET-CONSULTANT-n5b : mon impression" ||
		ko "journal add --private (consultant)"
	run "$BILAN" -C "$C" sync
	expect_rc 0
	expect_out "private/ stays"
	no_secret "$remote" "after the consultant's private note"
	grep -rq SECRET-CONSULTANT-n5b "$C/private/journal" && ok || ko "the consultant's private note is gone"
	run "$BILAN" -C "$C" sync
	expect_rc 0
	expect_out "Already up to date"
	# nor with a plain git push from the consultant's copy
	"$BILAN" -C "$C" todo add "Envoyé par git push ?" >/dev/null || ko "todo add (consultant)"
	(cd "$C" && git push) >"$T/out" 2>&1 && ko "a plain git push of the consultant's private/ was accepted" || ok
	grep -q "holds your private/" "$T/out" && ok || ko "the consultant's hook did not say why: $(cat "$T/out")"
	no_secret "$remote" "after a plain git push from the consultant's copy"
	run "$BILAN" -C "$C" sync
	expect_rc 0
	expect_out "private/ stays"
	run "$BILAN" -C "$C" share status
	expect_out "Last sync"
	expect_no_out "files shared"
	before=$(commits "$B")
	run "$BILAN" -C "$B" sync
	expect_rc 0
	expect_out "from the remote"
	expect_eq "$(commits "$B")" $((before + 1))
	ls "$B"/todo/*.yaml >/dev/null 2>&1 && ok || ko "the to-do item did not arrive"
	grep -rq "Retour séance 1" "$B/journal" && ok || ko "the retour entry did not arrive"
	run "$BILAN" -C "$B" todo list
	expect_out "Contacter deux"
	expect_clean_repo "$B"
	"$BILAN" -C "$B" check >/dev/null 2>"$T/err" && ok || ko "bilan check after sync: $(cat "$T/err")"
	no_secret "$remote" "after the consultant's additions"
	# the consultant's commits are in the shared history
	# (as one commit without their private/, since they have one)
	git -C "$B" log --format=%s partage | grep -q "the consultant's changes" && ok || ko "consultant commits not in partage"

	case_ "[$url] field-by-field merge: different keys of a séance on each side"
	# a séance is common to both parties (lib/owner.h); bilan.yaml is the
	# beneficiary's alone (roles.sh)
	"$BILAN" -C "$B" seance add --subject "Point d'étape" --duration 2h "$(day_of 3) 10:00" >/dev/null ||
		ko "seance add"
	run "$BILAN" -C "$B" sync
	expect_rc 0
	run "$BILAN" -C "$C" sync
	expect_rc 0
	SEANCE=$(cd "$B" && ls seances/*.yaml | head -1)
	sed -i "s/^subject: .*/subject: Restitution des tests/" "$C/$SEANCE"
	"$BILAN" -C "$C" save >/dev/null || ko "save (consultant)"
	run "$BILAN" -C "$C" sync
	expect_rc 0
	sed -i 's/^duration: .*/duration: 1h30/' "$B/$SEANCE"
	"$BILAN" -C "$B" save >/dev/null || ko "save (beneficiary)"
	run "$BILAN" -C "$B" sync
	expect_rc 0
	grep -q "^subject: Restitution des tests" "$B/$SEANCE" && ok || ko "subject not merged"
	grep -q "^duration: 1h30" "$B/$SEANCE" && ok || ko "duration lost"

	case_ "[$url] a conflict on a séance loses neither side"
	run "$BILAN" -C "$C" sync
	expect_rc 0
	sed -i 's/^subject: .*/subject: Côté consultant/' "$C/$SEANCE"
	"$BILAN" -C "$C" save >/dev/null || ko "save (consultant)"
	run "$BILAN" -C "$C" sync
	expect_rc 0
	sed -i 's/^subject: .*/subject: Côté bénéficiaire/' "$B/$SEANCE"
	"$BILAN" -C "$B" save >/dev/null || ko "save (beneficiary)"
	before=$(commits "$B")
	run "$BILAN" -C "$B" sync
	expect_rc 3
	expect_err "conflict"
	expect_err "$SEANCE.remote"
	grep -q "^subject: Côté bénéficiaire" "$B/$SEANCE" && ok || ko "the beneficiary's subject is lost"
	grep -q "^subject: Côté consultant" "$B/$SEANCE.remote" && ok || ko "the consultant's subject is lost"
	expect_file "$B/conflits.yaml"
	expect_eq "$(commits "$B")" $((before + 1))
	expect_clean_repo "$B"
	run "$BILAN" -C "$B" status
	expect_err "open conflict"
	"$BILAN" -C "$B" check >/dev/null 2>"$T/err" && ok || ko "bilan check after a conflict: $(cat "$T/err")"
	# the shared tree carries neither the copy nor the record
	git -C "$remote" ls-tree -r --name-only main >"$T/names"
	grep -q 'remote$\|conflits.yaml' "$T/names" && ko "conflict files were shared" || ok
	# resolving: keep ours, delete the copy, save, sync
	rm "$B/$SEANCE.remote"
	"$BILAN" -C "$B" save >/dev/null || ko "save after resolving"
	run "$BILAN" -C "$B" status
	expect_no_out "open conflict"
	run "$BILAN" -C "$B" sync
	expect_rc 0
	expect_no_file "$B/conflits.yaml"
	git -C "$B" log --format=%s main | grep -q "^sync: closed conflicts" && ok ||
		ko "the record's removal is not named as such: $(git -C "$B" log -3 --format=%s main | tr '\n' '|')"
	run "$BILAN" -C "$C" sync
	expect_rc 0
	grep -q "^subject: Côté bénéficiaire" "$C/$SEANCE" && ok || ko "the decision did not reach the consultant"

	case_ "[$url] a conflict in the consultant's copy: nothing lost, nothing sent until they decide"
	run "$BILAN" -C "$C" sync
	expect_rc 0
	sed -i 's/^phase: .*/phase: investigation/' "$B/bilan.yaml"
	"$BILAN" -C "$B" save >/dev/null || ko "save (beneficiary)"
	run "$BILAN" -C "$B" sync
	expect_rc 0
	sed -i 's/^phase: .*/phase: conclusions/' "$C/bilan.yaml"
	"$BILAN" -C "$C" save >/dev/null || ko "save (consultant)"
	"$BILAN" -C "$C" todo add "Relire le CV ensemble" >/dev/null || ko "todo add (consultant)"
	head=$(git -C "$remote" rev-parse main)
	run "$BILAN" -C "$C" sync
	expect_rc 3
	expect_err "conflict"
	expect_err "bilan.yaml.remote"
	expect_out "Nothing sent"
	expect_eq "$(git -C "$remote" rev-parse main)" "$head"
	grep -q "^phase: conclusions" "$C/bilan.yaml" && ok || ko "the consultant's phase is lost"
	grep -q "^phase: investigation" "$C/bilan.yaml.remote" && ok || ko "the beneficiary's phase is lost"
	expect_clean_repo "$C"
	run "$BILAN" -C "$C" status
	expect_err "open conflict"
	# held while it is open, even when the beneficiary goes on
	"$BILAN" -C "$B" journal add -q -t "Pendant le conflit" "texte" || ko "journal add"
	run "$BILAN" -C "$B" sync
	expect_rc 0
	head=$(git -C "$remote" rev-parse main)
	run "$BILAN" -C "$C" sync
	expect_rc 3
	expect_out "Nothing sent"
	expect_eq "$(git -C "$remote" rev-parse main)" "$head"
	grep -rq "Pendant le conflit" "$C/journal" && ok || ko "the beneficiary's entry did not arrive while held"
	grep -q "^phase: investigation" "$B/bilan.yaml" && ok || ko "the beneficiary's phase was replaced unseen"
	# the consultant decides (the beneficiary's phase), deletes the copy, saves
	sed -i 's/^phase: .*/phase: investigation/' "$C/bilan.yaml"
	rm "$C/bilan.yaml.remote"
	"$BILAN" -C "$C" save >/dev/null || ko "save after deciding"
	run "$BILAN" -C "$C" sync
	expect_rc 0
	expect_out "Sent your changes"
	expect_no_file "$C/conflits.yaml"
	expect_clean_repo "$C"
	run "$BILAN" -C "$B" sync
	expect_rc 0
	grep -q "^phase: investigation" "$B/bilan.yaml" && ok || ko "the phase changed"
	run "$BILAN" -C "$B" todo list
	expect_out "Relire le CV ensemble"
	expect_no_file "$B/conflits.yaml"
	expect_no_file "$B/bilan.yaml.remote"
	git -C "$remote" ls-tree -r --name-only main >"$T/names"
	grep -q 'remote$\|conflits.yaml' "$T/names" && ko "conflict files in the remote's tree" || ok
	expect_clean_repo "$B"

	case_ "[$url] a merge in the consultant's copy keeps the generated files current"
	run "$BILAN" -C "$C" sync
	expect_rc 0
	"$BILAN" -C "$C" todo add "Préparer la séance 3" >/dev/null || ko "todo add (consultant)"
	"$BILAN" -C "$B" journal add -q -t "Deux heures de recherche" --duration 2h "texte" || ko "journal add"
	run "$BILAN" -C "$B" sync
	expect_rc 0
	run "$BILAN" -C "$C" sync
	expect_rc 0
	for f in resume.yaml RAPPORT.md README.md; do
		expect_eq "$(git -C "$remote" show "main:$f" | sha256sum)" "$(git -C "$B" show "partage:$f" | sha256sum)"
		expect_eq "$(sha256sum <"$C/$f")" "$(git -C "$B" show "partage:$f" | sha256sum)"
	done
	run "$BILAN" -C "$B" sync
	expect_rc 0
	run "$BILAN" -C "$C" sync
	expect_rc 0
	run "$BILAN" -C "$C" sync
	expect_rc 0
	expect_out "Already up to date"
	git -C "$C" diff --quiet "$(git -C "$remote" rev-parse main)" main -- . ':!private' && ok ||
		ko "the consultant's copy differs from the remote outside private/"

	case_ "[$url] a plain git push from the workspace sends nothing private"
	run "$BILAN" -C "$B" sync
	expect_rc 0
	"$BILAN" -C "$B" journal add -q --private -k note -t "SECRET-PRIVTITLE-p4f" "SECRET-UNEDITED-7q2 again" || ko "journal add"
	(cd "$B" && git push) >"$T/out" 2>&1 || ko "plain git push failed: $(cat "$T/out")"
	(cd "$B" && git push partage main) >"$T/out" 2>&1 && ko "git push partage main was accepted" || ok
	(cd "$B" && git push -f partage main) >"$T/out" 2>&1 && ko "git push -f partage main was accepted" || ok
	grep -q "refusing to push 'main'" "$T/out" && ok || ko "the hook did not say why: $(cat "$T/out")"
	(cd "$B" && git push -f partage main:refs/heads/x) >"$T/out" 2>&1 && ko "main:x was accepted" || ok
	(cd "$B" && git push --all partage) >"$T/out" 2>&1 && ko "git push --all was accepted" || ok
	(cd "$B" && git push -f partage "$(git rev-parse main):refs/heads/y") >"$T/out" 2>&1 && ko "a main commit by id was accepted" || ok
	run "$BILAN" -C "$B" sync
	expect_rc 0
	no_secret "$remote" "after plain git pushes and the last sync"

	case_ "[$url] revoke: nothing more is sent"
	run "$BILAN" -C "$B" share revoke
	expect_rc 0
	expect_out "keep what they already have"
	"$BILAN" -C "$B" journal add -q -t "Après la révocation" "texte" || ko "journal add"
	head=$(git -C "$remote" rev-parse main)
	run "$BILAN" -C "$B" sync
	expect_rc 1
	expect_err "revoked"
	expect_eq "$(git -C "$remote" rev-parse main)" "$head"
	(cd "$B" && git push) >/dev/null 2>&1 || true
	expect_eq "$(git -C "$remote" rev-parse main)" "$head"
	run "$BILAN" -C "$B" share status
	expect_out "revoked"
	no_secret "$remote" "at the end"
}
