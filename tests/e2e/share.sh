#!/bin/sh
# End-to-end: bilan share / sync / backup / private / portfolio against a
# bare repository on disk, and the faults a sync must survive.
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/share-lib.sh"
set -e

git init -q --bare "$T/remote.git"
two_sides "$T/remote.git" "$T/remote.git"

# ---------------------------------------------------------------- faults

case_ "a wrong URL: a clear error, exit 1, the workspace unchanged"
W="$T/ws-wrong"
new_ws "$W"
"$BILAN" -C "$W" share init "$T/nowhere.git" --to "Sophie Durand" >/dev/null
before=$(snapshot "$W")
n=$(commits "$W")
run "$BILAN" -C "$W" sync
expect_rc 1
expect_err "no repository at"
expect_eq "$(snapshot "$W")" "$before"
expect_eq "$(commits "$W")" "$n"

case_ "a URL with a password is refused"
run "$BILAN" -C "$W" share revoke
run "$BILAN" -C "$W" share init "https://camille:motdepasse@forge.example/c.git" --to "Sophie"
expect_rc 2
expect_err "password"
grep -q motdepasse "$W/partage.yaml" "$W/.git/config" && ko "the password was stored" || ok

W="$T/ws3" R="$T/r3.git" C3="$T/c3"
new_ws "$W"
git init -q --bare "$R"
"$BILAN" -C "$W" share init "$R" --to "Sophie Durand" >/dev/null
"$BILAN" -C "$W" journal add -q -t "Première entrée" "texte" >/dev/null
"$BILAN" -C "$W" sync >/dev/null || ko "first sync"
git clone -q "$R" "$C3"

case_ "a corrupted object in the remote: a clear error, nothing changed, a later sync completes"
"$BILAN" -C "$C3" journal add -q -k retour -t "Retour" "Un retour du consultant." >/dev/null
"$BILAN" -C "$C3" sync >/dev/null || ko "consultant sync"
cp -a "$R/objects" "$T/objects.bak"
for p in "$R"/objects/pack/*.pack; do
	chmod u+w "$p"
	head -c 200 "$p" >"$p.tmp" && mv "$p.tmp" "$p"
done
before=$(snapshot "$W")
n=$(commits "$W")
run "$BILAN" -C "$W" sync
expect_rc 1
expect_err "cannot exchange with the remote"
expect_eq "$(snapshot "$W")" "$before"
expect_eq "$(commits "$W")" "$n"
git -C "$W" fsck --strict >/dev/null 2>&1 && ok || ko "local fsck after the failed sync"
rm -rf "$R/objects" && cp -a "$T/objects.bak" "$R/objects"
run "$BILAN" -C "$W" sync
expect_rc 0
grep -rq "Un retour du consultant" "$W/journal" && ok || ko "the retour did not arrive after the repair"

case_ "a remote rewritten by someone else: the sync completes and says so"
old=$(git -C "$R" rev-list --max-parents=0 main | head -1)
git -C "$R" update-ref refs/heads/main "$old"
run "$BILAN" -C "$W" sync
expect_rc 0
expect_eq "$(git -C "$R" rev-parse main)" "$(git -C "$W" rev-parse partage)"
# an unrelated history pushed over it
git init -q "$T/other" && printf 'x: 1\n' >"$T/other/autre.yaml" &&
	git -C "$T/other" add autre.yaml && git -C "$T/other" commit -qm "autre" &&
	git -C "$T/other" push -qf "$R" main:main
run "$BILAN" -C "$W" sync
expect_rc 0
expect_err "rewritten"
expect_file "$W/autre.yaml"
expect_eq "$(git -C "$R" rev-parse main)" "$(git -C "$W" rev-parse partage)"
expect_clean_repo "$W"

case_ "two syncs at once are serialized by the workspace lock"
"$BILAN" -C "$W" journal add -q -t "Encore" "texte" >/dev/null
"$BILAN" -C "$W" sync >"$T/s1" 2>&1 & p1=$!
"$BILAN" -C "$W" sync >"$T/s2" 2>&1 & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
expect_eq "$r1$r2" "00"
expect_clean_repo "$W"
git -C "$R" fsck --strict >/dev/null 2>&1 && ok || ko "remote fsck"
expect_eq "$(git -C "$R" rev-parse main)" "$(git -C "$W" rev-parse partage)"

# ---------------------------------------------------------------- backup

case_ "backup copies everything, private part included, to a place of one's own"
B="$T/benef"
run "$BILAN" -C "$B" backup "$T/usb/bilan.git"
expect_rc 0
expect_out "encrypted disk"
git -C "$T/usb/bilan.git" cat-file --batch-all-objects --batch | grep -q SECRET-EDIT-v2-m3x && ok || ko "the backup lacks the private part"
expect_eq "$(git -C "$T/usb/bilan.git" rev-parse main)" "$(git -C "$B" rev-parse main)"
expect_eq "$(stat -c %a "$T/usb/bilan.git")" 700
"$BILAN" -C "$B" journal add -q -t "Après la sauvegarde" "texte" >/dev/null
run "$BILAN" -C "$B" backup "$T/usb/bilan.git"
expect_rc 0
expect_eq "$(git -C "$T/usb/bilan.git" rev-parse main)" "$(git -C "$B" rev-parse main)"

case_ "backup refuses the shared remote and a place inside the workspace"
run "$BILAN" -C "$W" backup "$R"
expect_rc 2
expect_err "shared remote"
run "$BILAN" -C "$W" backup "$W/sauvegarde"
expect_rc 2
expect_no_file "$W/sauvegarde"

case_ "backup --restore brings it back into a fresh workspace"
run "$BILAN" backup --restore "$T/usb/bilan.git" "$T/restored"
expect_rc 0
expect_eq "$(cd "$T/restored" && find . -path ./.git -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum)" \
	"$(cd "$B" && find . -path ./.git -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum)"
expect_eq "$(git -C "$T/restored" rev-parse main)" "$(git -C "$B" rev-parse main)"
run "$BILAN" -C "$T/restored" status
expect_rc 0
expect_clean_repo "$T/restored"
run "$BILAN" backup --restore "$T/usb/bilan.git" "$T/restored"
expect_rc 1
expect_err "not empty"
run "$BILAN" backup --restore "$T/nowhere" "$T/restored2"
expect_rc 1
expect_no_file "$T/restored2"

# ---------------------------------------------------------------- private, forget

case_ "bilan private moves a shared item under private/ and says it was shared"
W="$T/ws3"
"$BILAN" -C "$W" journal add -q -t "À garder pour moi FORGET-ME-8j" "FORGET-ME-8j contenu" >/dev/null
"$BILAN" -C "$W" sync >/dev/null || ko "sync"
f=$(grep -rl FORGET-ME-8j "$W/journal" | head -1)
rel=${f#"$W"/}
id=$(basename "$f" .yaml)
n=$(commits "$W")
run "$BILAN" -C "$W" private "$id"
expect_rc 0
expect_err "already shared"
expect_err "share forget"
expect_file "$W/private/$rel"
expect_no_file "$f"
expect_eq "$(commits "$W")" $((n + 1))
git -C "$W" log -1 --format=%B | grep -q FORGET-ME && ko "a title in the commit message" || ok
expect_clean_repo "$W"
run "$BILAN" -C "$W" private "$id"
expect_rc 1
run "$BILAN" -C "$W" private bilan.yaml
expect_rc 2

case_ "share forget refuses a path still shared, then rewrites the shared history"
"$BILAN" -C "$W" sync >/dev/null || ko "sync"
run "$BILAN" -C "$W" share forget journal
expect_rc 1
expect_err "still part of what is shared"
run "$BILAN" -C "$W" share forget "$rel"
expect_rc 0
expect_err "keep"
expect_eq "$(git -C "$R" rev-parse main)" "$(git -C "$W" rev-parse partage)"
git -C "$R" log -p main | grep -q FORGET-ME-8j && ko "still in the remote's history" || ok
git -C "$W" log -p partage | grep -q FORGET-ME-8j && ko "still in the shared branch" || ok
# the server keeps unreachable copies until it is garbage-collected
git -C "$R" gc -q --prune=now
git -C "$R" cat-file --batch-all-objects --batch | grep -q FORGET-ME-8j && ko "still in the remote after gc" || ok
run "$BILAN" -C "$W" sync
expect_rc 0
git -C "$R" log -p main | grep -q FORGET-ME-8j && ko "shared again" || ok

finish
