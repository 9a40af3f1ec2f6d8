#!/bin/sh
# End-to-end: bilan share / sync / backup / private / portfolio against a
# bare repository on disk, and the faults a sync must survive.
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/share-lib.sh"
set -e

# files_of DIR: a checksum of the working files (not .git)
files_of() { (cd "$1" && find . -path ./.git -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum) | sha256sum; }

git init -q --bare "$T/remote.git"
two_sides "$T/remote.git" "$T/remote.git"

case_ "a bare remote whose default branch is master: git clone and share clone still give main"
W6="$T/ws6"
new_ws "$W6"
git init -q --bare --initial-branch=master "$T/r6.git"
"$BILAN" -C "$W6" share init "$T/r6.git" --to "Sophie Durand" >/dev/null
run "$BILAN" -C "$W6" sync
expect_rc 0
git clone -q "$T/r6.git" "$T/c6" 2>/dev/null
expect_file "$T/c6/bilan.yaml"
git -C "$T/r6.git" symbolic-ref HEAD refs/heads/master
run "$BILAN" share clone "$T/r6.git" "$T/c6b/sub"
expect_rc 0
expect_file "$T/c6b/sub/bilan.yaml"
expect_eq "$(git -C "$T/c6b/sub" symbolic-ref --short HEAD)" main
expect_eq "$(stat -c %a "$T/c6b/sub/.git/hooks/pre-push")" 700
expect_clean_repo "$T/c6b/sub"

case_ "a share clone killed or failed halfway leaves nothing that blocks its retry"
if [ -z "${BILAN_TEST_WRAPPER:-}" ] && has_strace; then
	for n in 1 3 6; do
		rm -rf "$T/c7"
		# killed at its n-th rename (objects, refs, the index: mid-clone)
		strace -f -qq -o /dev/null -e inject=rename,renameat,renameat2:signal=SIGKILL:when=$n \
			"$BILAN" share clone "$T/r6.git" "$T/c7" >/dev/null 2>&1 || true
		[ ! -e "$T/c7/.git" ] && ok || ko "killed at rename $n: a half-made clone is left at c7"
		run "$BILAN" share clone "$T/r6.git" "$T/c7"
		expect_rc 0
		expect_file "$T/c7/bilan.yaml"
		expect_eq "$(find "$T" -maxdepth 1 -name '.c7.bilan-new-*' | wc -l | tr -d ' ')" 0
	done
elif [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	lacking_part "a usable strace"
fi
mkdir "$T/c8"
run "$BILAN" share clone "$T/nothing-here.git" "$T/c8"
expect_rc 1
expect_eq "$(ls -A "$T/c8")" ""
git -C "$T/r6.git" symbolic-ref HEAD refs/heads/main
run "$BILAN" share clone "$T/r6.git" "$T/c8"
expect_rc 0
expect_file "$T/c8/bilan.yaml"
expect_clean_repo "$T/c8"

case_ "conflicts open on both sides at once: each keeps its version and the other's, nothing sent by the consultant until they decide"
git init -q --bare "$T/d.git"
new_ws "$T/db"
"$BILAN" -C "$T/db" seance add --subject "Point" "$(day_of 3) 10:00" >/dev/null || ko "seance add"
"$BILAN" -C "$T/db" share init "$T/d.git" --to "Sophie Durand" >/dev/null
"$BILAN" -C "$T/db" sync >/dev/null || ko "first sync"
git clone -q "$T/d.git" "$T/dc"
# a séance is common to both (lib/owner.h; bilan.yaml is the beneficiary's alone)
S=$(cd "$T/db" && ls seances/*.yaml | head -1)
sed -i 's/^subject: .*/subject: investigation/' "$T/dc/$S"
"$BILAN" -C "$T/dc" save >/dev/null
run "$BILAN" -C "$T/dc" sync
expect_rc 0
sed -i 's/^subject: .*/subject: conclusions/' "$T/db/$S"
"$BILAN" -C "$T/db" save >/dev/null
run "$BILAN" -C "$T/db" sync
expect_rc 3
sed -i 's/^subject: .*/subject: preliminaire/' "$T/dc/$S"
"$BILAN" -C "$T/dc" save >/dev/null
head=$(git -C "$T/d.git" rev-parse main)
run "$BILAN" -C "$T/dc" sync
expect_rc 3
expect_eq "$(git -C "$T/d.git" rev-parse main)" "$head"
grep -q "^subject: conclusions" "$T/db/$S" && ok || ko "beneficiary: own version lost"
grep -q "^subject: investigation" "$T/db/$S.remote" && ok || ko "beneficiary: the consultant's version lost"
grep -q "^subject: preliminaire" "$T/dc/$S" && ok || ko "consultant: own version lost"
grep -q "^subject: conclusions" "$T/dc/$S.remote" && ok || ko "consultant: the beneficiary's version lost"
for d in db dc; do
	run "$BILAN" -C "$T/$d" status
	expect_err "open conflict"
	expect_clean_repo "$T/$d"
done
rm "$T/db/$S.remote"
"$BILAN" -C "$T/db" save >/dev/null
run "$BILAN" -C "$T/db" sync
expect_rc 0
sed -i 's/^subject: .*/subject: conclusions/' "$T/dc/$S"
rm "$T/dc/$S.remote"
"$BILAN" -C "$T/dc" save >/dev/null
run "$BILAN" -C "$T/dc" sync
expect_rc 0
run "$BILAN" -C "$T/db" sync
expect_rc 0
run "$BILAN" -C "$T/dc" sync
expect_rc 0
# the consultant's history holds conflict files, never sent: what went is
# main's tree in a commit of its own (issue 14)
expect_eq "$(git -C "$T/dc" rev-parse 'main^{tree}')" "$(git -C "$T/d.git" rev-parse 'main^{tree}')"
for d in db dc; do
	grep -q "^subject: conclusions" "$T/$d/$S" && ok || ko "$d: the decision is not there"
	expect_no_file "$T/$d/conflits.yaml"
	expect_no_file "$T/$d/$S.remote"
done

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

case_ "git's configuration locked by another program: exit 75 with the hint (lib/git.h)"
W75="$T/ws-locked"
new_ws "$W75"
: >"$W75/.git/config.lock"
run "$BILAN" -C "$W75" share init "$T/locked.git" --to "Sophie Durand"
expect_rc 75
expect_err "cannot configure the remote"
expect_err "another program is using the repository"
rm -f "$W75/.git/config.lock"
# 75 means "try again": the same command again finishes the work (the
# consent was recorded before the remote could be configured)
git init -q --bare "$T/locked.git"
n75=$(commits "$W75")
run "$BILAN" -C "$W75" share init "$T/locked.git" --to "Sophie Durand"
expect_rc 0
expect_out "Consent recorded"
expect_eq "$(commits "$W75")" "$n75"
git -C "$W75" config --get-regexp '^remote\..*\.url$' | grep -qF "$T/locked.git" && ok || ko "the remote is not configured after the retry"
run "$BILAN" -C "$W75" sync
expect_rc 0
# with someone else or elsewhere: still refused
run "$BILAN" -C "$W75" share init "$T/locked.git" --to "Quelqu'un d'autre"
expect_rc 1
expect_err "already shared"

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

case_ "a damaged object in the consultant's clone: a clear error, nothing changed, a later sync completes"
"$BILAN" -C "$C3" sync >/dev/null || ko "consultant sync"
"$BILAN" -C "$C3" todo add "Relire le bilan intermédiaire" >/dev/null || ko "todo add"
o=$(git -C "$C3" rev-parse HEAD^{tree})
obj="$C3/.git/objects/$(echo "$o" | cut -c1-2)/$(echo "$o" | cut -c3-)"
cp "$obj" "$T/tree.bak"
chmod u+w "$obj"
printf 'abîmé' >"$obj"
before=$(snapshot "$C3")
n=$(commits "$W")
head=$(git -C "$R" rev-parse main)
run "$BILAN" -C "$C3" sync
expect_rc 1
expect_err "damaged"
expect_err "bilan doctor"
expect_no_out "Sent"
expect_eq "$(snapshot "$C3")" "$before"
expect_eq "$(git -C "$R" rev-parse main)" "$head"
# the beneficiary moves on: the consultant's sync now has to merge
"$BILAN" -C "$W" journal add -q -t "Pendant la panne" "texte" >/dev/null
"$BILAN" -C "$W" sync >/dev/null || ko "beneficiary sync"
# (the fetch may bring the remote's objects: the files and main must not change)
before="$(files_of "$C3") $(git -C "$C3" rev-parse main)"
run "$BILAN" -C "$C3" sync
expect_rc 1
expect_err "damaged"
expect_eq "$(files_of "$C3") $(git -C "$C3" rev-parse main)" "$before"
cp "$T/tree.bak" "$obj"
run "$BILAN" -C "$C3" sync
expect_rc 0
expect_clean_repo "$C3"
"$BILAN" -C "$W" sync >/dev/null || ko "beneficiary sync"
run "$BILAN" -C "$W" todo list
expect_out "Relire le bilan"

case_ "a damaged object in the beneficiary's workspace: exit 1, nothing sent"
"$BILAN" -C "$W" journal add -q -t "Une entrée à abîmer" "CORRUPT-ME-5t" >/dev/null
f=$(grep -rl CORRUPT-ME-5t "$W/journal")
o=$(git -C "$W" hash-object "$f")
obj="$W/.git/objects/$(echo "$o" | cut -c1-2)/$(echo "$o" | cut -c3-)"
cp "$obj" "$T/blob.bak"
chmod u+w "$obj"
printf 'abîmé' >"$obj"
head=$(git -C "$R" rev-parse main)
run "$BILAN" -C "$W" sync
expect_rc 1
expect_err "damaged"
expect_eq "$(git -C "$R" rev-parse main)" "$head"
git -C "$R" fsck --strict >/dev/null 2>&1 && ok || ko "remote fsck"
cp "$T/blob.bak" "$obj"
run "$BILAN" -C "$W" sync
expect_rc 0
git -C "$R" grep -q CORRUPT-ME-5t main -- journal && ok || ko "the entry was not shared after the repair"

case_ "a sync waits for the workspace lock, and says who holds it"
"$BILAN" -C "$W" journal add -q -t "Sous verrou" "texte" >/dev/null
head=$(git -C "$R" rev-parse main)
flock "$W/.git/bilan.lock" sleep 3 &
holder=$!
sleep 0.5
BILAN_LOCK_TIMEOUT=0.5 run "$BILAN" -C "$W" sync
expect_rc 75
expect_err "locked by"
expect_eq "$(git -C "$R" rev-parse main)" "$head"
BILAN_LOCK_TIMEOUT=20 run "$BILAN" -C "$W" sync
expect_rc 0
wait $holder || true
git -C "$R" grep -q "Sous verrou" main -- journal && ok || ko "not shared after the wait"
expect_no_file "$W/.git/bilan.lock"

case_ "a remote that lost the consultant's last push (rewound): nothing lost, it is sent again"
"$BILAN" -C "$C3" sync >/dev/null || ko "consultant sync"
"$BILAN" -C "$W" sync >/dev/null || ko "beneficiary sync"
"$BILAN" -C "$C3" sync >/dev/null || ko "consultant sync"
prev=$(git -C "$R" rev-parse main)
"$BILAN" -C "$C3" todo add "Perdu puis retrouvé" >/dev/null || ko "todo add"
"$BILAN" -C "$C3" sync >/dev/null || ko "consultant sync"
git -C "$R" update-ref refs/heads/main "$prev"
"$BILAN" -C "$W" journal add -q -t "Après la perte" "texte" >/dev/null
"$BILAN" -C "$W" sync >/dev/null || ko "beneficiary sync"
"$BILAN" -C "$C3" todo add "Ajouté ensuite" >/dev/null || ko "todo add"
run "$BILAN" -C "$C3" sync
expect_rc 0
run "$BILAN" -C "$C3" todo list
expect_out "Perdu puis retrouvé"
expect_out "Ajouté ensuite"
grep -rq "Après la perte" "$C3/journal" && ok || ko "the beneficiary's entry did not arrive"
"$BILAN" -C "$W" sync >/dev/null || ko "beneficiary sync"
run "$BILAN" -C "$W" todo list
expect_out "Perdu puis retrouvé"
expect_out "Ajouté ensuite"

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
expect_rc 3
expect_err "rewritten"
# a file of nobody's but the beneficiary's (lib/owner.h): not taken
expect_err "'autre.yaml' was changed by the consultant"
expect_no_file "$W/autre.yaml"
expect_eq "$(git -C "$R" rev-parse main)" "$(git -C "$W" rev-parse partage)"
expect_clean_repo "$W"

case_ "a push killed while it updated the remote's ref: the next sync completes"
"$BILAN" -C "$W" journal add -q -t "Après un arrêt brutal" "texte" >/dev/null
: >"$R/refs/heads/main.lock"
run "$BILAN" -C "$W" sync
expect_rc 0
expect_no_file "$R/refs/heads/main.lock"
expect_eq "$(git -C "$R" rev-parse main)" "$(git -C "$W" rev-parse partage)"
: >"$W/.git/refs/heads/partage.lock"
"$BILAN" -C "$W" journal add -q -t "Et un autre" "texte" >/dev/null
run "$BILAN" -C "$W" sync
expect_rc 0
expect_no_file "$W/.git/refs/heads/partage.lock"

case_ "a ref lock in the remote held by a live push (a slow server): never removed, exit 75 naming it, then the sync completes"
"$BILAN" -C "$W" journal add -q -t "Pendant un push lent" "texte" >/dev/null
before=$(git -C "$R" rev-parse main)
# a push in progress: its lock file is open (and older than 3 s)
sleep 60 9>"$R/refs/heads/main.lock" &
holder=$!
touch -d '1 minute ago' "$R/refs/heads/main.lock"
run "$BILAN" -C "$W" sync
expect_rc 75
expect_err "locked by another push"
expect_err "process $holder"
expect_err "again later"
expect_file "$R/refs/heads/main.lock"
expect_eq "$(git -C "$R" rev-parse main)" "$before"
kill "$holder"; wait "$holder" 2>/dev/null || true
# the holder is gone (killed): its lock goes, the sync completes
run "$BILAN" -C "$W" sync
expect_rc 0
expect_no_file "$R/refs/heads/main.lock"
expect_eq "$(git -C "$R" rev-parse main)" "$(git -C "$W" rev-parse partage)"

case_ "a ref lock held a moment by another git (a concurrent fetch): the sync waits for it"
"$BILAN" -C "$W" journal add -q -t "Pendant un fetch" "texte" >/dev/null
# the remote moves, so that the fetch has to update the ref
"$BILAN" -C "$C3" sync >/dev/null || ko "consultant sync"
"$BILAN" -C "$C3" todo add "Pendant un fetch" >/dev/null || ko "todo add"
"$BILAN" -C "$C3" sync >/dev/null || ko "consultant sync"
mkdir -p "$W/.git/refs/remotes/partage"
: >"$W/.git/refs/remotes/partage/main.lock"
(sleep 1; rm -f "$W/.git/refs/remotes/partage/main.lock") &
run "$BILAN" -C "$W" sync
expect_rc 0
wait
expect_eq "$(git -C "$R" rev-parse main)" "$(git -C "$W" rev-parse partage)"

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

case_ "syncs on both sides at once: every entry arrives everywhere, nothing left behind"
"$BILAN" -C "$C3" sync >/dev/null || ko "consultant sync"
for k in 1 2 3; do
	"$BILAN" -C "$W" journal add -q -t "Simultanée B$k" "texte" >/dev/null
	"$BILAN" -C "$C3" journal add -q -k retour -t "Simultanée C$k" "texte" >/dev/null
	pids=""
	for i in 1 2 3; do "$BILAN" -C "$W" sync >"$T/sb$i" 2>&1 & pids="$pids $!"; done
	for i in 1 2; do "$BILAN" -C "$C3" sync >"$T/sc$i" 2>&1 & pids="$pids $!"; done
	for p in $pids; do
		wait "$p" && continue
		prc=$?
		ko "a concurrent sync failed (exit $prc): $(for f in "$T"/sb* "$T"/sc*; do echo "[${f##*/}] $(tail -3 "$f")"; done)"
	done
done
for i in 1 2; do
	"$BILAN" -C "$W" sync >/dev/null || ko "final sync"
	"$BILAN" -C "$C3" sync >/dev/null || ko "final consultant sync"
done
for k in B1 B2 B3 C1 C2 C3; do
	git -C "$R" grep -q "Simultanée $k" main -- journal && ok || ko "$k not in the remote"
	grep -rq "Simultanée $k" "$W/journal" && ok || ko "$k not in the workspace"
	grep -rq "Simultanée $k" "$C3/journal" && ok || ko "$k not in the clone"
done
expect_eq "$(git -C "$C3" rev-parse main)" "$(git -C "$R" rev-parse main)"
expect_clean_repo "$W"
expect_clean_repo "$C3"
expect_no_file "$W/.git/bilan.lock"

case_ "messages in French"
if has_fr; then
	W5="$T/ws5"
	new_ws "$W5"
	LC_ALL=fr_FR.UTF-8 run "$BILAN" -C "$W5" sync
	expect_rc 1
	expect_err "aucun accord de partage"
	LC_ALL=fr_FR.UTF-8 run "$BILAN" -C "$W5" share init "$T/r5.git" --to "Sophie Durand"
	expect_rc 0
	expect_out "Accord enregistré"
	LC_ALL=fr_FR.UTF-8 run "$BILAN" -C "$W5" backup "$T/r5.git"
	expect_rc 2
	expect_err "dépôt partagé"
	LC_ALL=fr_FR.UTF-8 run "$BILAN" -C "$W5" share status
	expect_out "Partagé avec Sophie Durand"
	LC_ALL=fr_FR.UTF-8 run "$BILAN" portfolio "$W5"
	expect_out "Bénéficiaire"
else
	lacking_part "the fr_FR.UTF-8 locale"
fi

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
# the consultant pulls it, and has work of their own when it is forgotten
"$BILAN" -C "$C3" sync >/dev/null || ko "consultant sync"
"$BILAN" -C "$C3" todo add "Après l'oubli" >/dev/null || ko "todo add"
f=$(grep -rl FORGET-ME-8j "$W/journal" | head -1)
rel=${f#"$W"/}
id=$(basename "$f" .yaml)
n=$(commits "$W")
git clone -q "$R" "$T/old-copy"        # a plain copy pulled before the forget
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
# the consultant's next sync must not bring the old history back
run "$BILAN" -C "$C3" sync
expect_rc 0
expect_err "rewritten"
expect_no_file "$C3/$rel"
git -C "$R" log -p --all | grep -q FORGET-ME-8j && ko "the consultant's sync sent it back" || ok
run "$BILAN" -C "$W" sync
expect_rc 0
run "$BILAN" -C "$W" todo list
expect_out "Après l'oubli"
git -C "$R" gc -q --prune=now
git -C "$R" cat-file --batch-all-objects --batch | grep -q FORGET-ME-8j && ko "in the remote after the consultant's sync" || ok
git -C "$W" log -p partage | grep -q FORGET-ME-8j && ko "back in the shared branch" || ok
run "$BILAN" -C "$C3" sync
expect_rc 0
expect_eq "$(git -C "$C3" rev-parse main)" "$(git -C "$R" rev-parse main)"
# the old copy pushed back with plain git: the beneficiary's sync does not
# adopt that history, it replaces it
git -C "$T/old-copy" push -q -f origin main 2>/dev/null || ko "push of the old copy"
git -C "$R" log -p main | grep -q FORGET-ME-8j || ko "the old copy did not bring it back (test)"
run "$BILAN" -C "$W" sync
expect_rc 3
expect_err "pushed back"
# the old copy's .gitignore is the beneficiary's alone (lib/owner.h)
expect_err "'.gitignore' was changed by the consultant"
git -C "$W" log -p partage | grep -q FORGET-ME-8j && ko "back in the shared branch" || ok
git -C "$R" gc -q --prune=now
git -C "$R" log -p --all | grep -q FORGET-ME-8j && ko "still in the remote's history" || ok
git -C "$R" cat-file --batch-all-objects --batch | grep -q FORGET-ME-8j && ko "still an object of the remote" || ok
run "$BILAN" -C "$W" todo list
expect_out "Après l'oubli"
run "$BILAN" -C "$C3" sync
expect_rc 0
run "$BILAN" -C "$W" sync
expect_rc 0
expect_eq "$(git -C "$R" rev-parse main)" "$(git -C "$W" rev-parse partage)"
git -C "$R" log -p --all | grep -q FORGET-ME-8j && ko "back after the consultant's sync" || ok

# ---------------------------------------------------------------- portfolio

case_ "portfolio: one line per beneficiary over many generated clones, every format"
P="$T/clients"
mkdir -p "$P"
git clone -q "$T/remote.git" "$T/model"
i=1
while [ $i -le 60 ]; do
	d="$P/b$(printf %03d $i)"
	cp -r "$T/model" "$d"
	sed -i "s/^  name: Camille Martin/  name: Bénéficiaire $i/" "$d/bilan.yaml"
	i=$((i + 1))
done
cp -r "$T/ws3" "$P/zz-own"               # a workspace without resume.yaml
# b004: a to-do item long overdue, a bilan that ended long ago
python3 - "$P/b004" <<'PY'
import re, sys
d = sys.argv[1]
r = open(d + "/resume.yaml").read()
r = re.sub(r"open_due:.*\n(  - .*\n)*", "open_due:\n  - '2020-01-01'\n  - '2999-01-01'\n", r)
open(d + "/resume.yaml", "w").write(r)
b = open(d + "/bilan.yaml").read()
open(d + "/bilan.yaml", "w").write(b + "end: '2020-06-30'\n")
PY
mkdir -p "$P/not-a-workspace"
run "$BILAN" portfolio "$P"
expect_rc 0
expect_eq "$(grep -c "Bénéficiaire [0-9]" "$T/out")" 60
expect_out "Beneficiary"
expect_out "/24h"
run "$BILAN" portfolio --format json "$P"
expect_rc 0
# the week's time counts while the clock is still in the week the entries
# were made (a matrix clock just before midnight on Sunday moves past it)
wk=180
[ "$(start_fmt %G-%V)" = "$(now_fmt %G-%V)" ] || wk=0
python3 - "$T/out" "$wk" "$(now_fmt %F)" <<'PY' && ok || ko "portfolio JSON"
import json, sys
rows = json.load(open(sys.argv[1]))["beneficiaries"]
assert len(rows) == 61, len(rows)
r = rows[0]
assert r["name"] == "Bénéficiaire 1" and r["from_resume"] is True, r
# the weekly goal is bilan.yaml's, the beneficiary's alone (lib/owner.h)
assert r["tests"] == 0 and r["weekly_goal_minutes"] == 120 and r["legal_minutes"] == 1440, r
# 180: the private entries' 75 minutes stay out of resume.yaml (issue 14)
assert r["week_minutes"] == int(sys.argv[2]) and r["phase"] == "investigation", r
# the consultant's item is due on 2026-12-15 (share-lib.sh)
assert r["todo_overdue"] == (1 if sys.argv[3] > "2026-12-15" else 0), r
late = rows[3]
assert late["todo_overdue"] == 1 and late["past_retention"] is True, late
own = rows[-1]
assert own["from_resume"] is False and own["tests"] is None, own
PY
run "$BILAN" portfolio --format md "$P/b001"
expect_rc 0
expect_out "^| Beneficiary"
run "$BILAN" portfolio --format html "$P/b001"
expect_rc 0
expect_out "<table>"
expect_out "Bénéficiaire 1"
printf '<script>x</script>' >>"$P/b002/resume.yaml"
sed -i 's/^  name: Bénéficiaire 2$/  name: "<b>Évil<\/b>"/' "$P/b002/bilan.yaml"
run "$BILAN" portfolio --format html "$P/b002"
expect_no_out "<b>Évil"
expect_out "&lt;b&gt;"
run "$BILAN" portfolio --format xml "$P"
expect_rc 2
expect_err "text, md, html, json"
run "$BILAN" portfolio "$T/nowhere"
expect_rc 1
printf 'format: [\n' >"$P/b003/bilan.yaml"
run "$BILAN" portfolio "$P"
expect_rc 1
expect_err "b003"
expect_eq "$(grep -c "Bénéficiaire [0-9]" "$T/out")" 58
start=$(now_ms)
"$BILAN" portfolio "$P" >/dev/null 2>&1 || true
ms=$(($(now_ms) - start))
# (not under valgrind, which is 20 to 50 times slower)
[ -n "${BILAN_TEST_WRAPPER:-}" ] || { [ "$ms" -lt 2000 ] && ok || ko "portfolio over 61 workspaces took $ms ms"; }

finish
