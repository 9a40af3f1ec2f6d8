#!/bin/sh
# End-to-end: many commands at once on one workspace.  Afterwards every
# entry exists once, each mutating command made exactly one commit, git fsck
# is clean, the working tree is clean and no lock file remains.  A command
# that cannot get the lock in time names the holder and exits 75; a holder
# killed with SIGKILL never blocks the next command.
#
# Commands join the mix through the 'mutating' and 'reading' lists below
# (a command that does not exist yet is skipped with a note).
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
new_ws "$W"
B() { "$BILAN" -C "$W" "$@"; }
has() { "$BILAN" help "$1" >/dev/null 2>&1; }

N=${CONCURRENCY_JOURNAL:-50}
[ -n "${BILAN_TEST_WRAPPER:-}" ] && N=${CONCURRENCY_JOURNAL:-12}
# They queue on the lock: on a busy machine (or under valgrind) the last
# one waits for all the others.
export BILAN_LOCK_TIMEOUT=600

# --- sharing: a bare remote with consent, private items, a backup ---------
# 'sync' pushes to a bare remote on disk (nothing comes back from it, so it
# makes no commit on main), 'private' moves a shared entry under private/
# (one commit), 'backup' copies the whole history (no commit) to one
# destination, twice at once.
R="$T/remote.git"
DEST="$T/usb/bilan.git"
PRIV_SECRETS="SECRET-CONC-PRIV-1-q7 SECRET-CONC-PRIV-2-w3"
privs=""
if has share && has sync; then
	git init -q --bare "$R"
	B share init "$R" --to "Sophie Durand" >/dev/null || ko "share init"
	for s in $PRIV_SECRETS; do
		B journal add -q --private -t "$s" "$s : à garder" || ko "journal add --private"
	done
	if has private; then
		for k in 1 2 3; do
			B journal add -q -t "À rendre privée $k" "rendue-privée-$k-fin" || ko "journal add"
			f=$(grep -rl "rendue-privée-$k-fin" "$W/journal")
			privs="$privs $(basename "$f" .yaml)"
		done
	fi
	# files a sync stops for (an e-mail address), accepted once before the
	# mix and again in it: 'share accept' writes the sharing state beside
	# the syncs and backups (issue 14)
	accepts=""
	if "$BILAN" share accept --help >/dev/null 2>&1; then
		for k in 1 2 3; do
			B journal add -q -t "Courriel $k" "écrire à contact$k@exemple.fr accept-$k-fin" ||
				ko "journal add"
			f=$(grep -rl "accept-$k-fin" "$W/journal")
			accepts="$accepts ${f#"$W"/}"
		done
		# shellcheck disable=SC2086
		B share accept $accepts >/dev/null || ko "share accept"
	fi
	B sync >/dev/null || ko "first sync"
fi

# --- the mix ---------------------------------------------------------------
# Each job: NAME|TRAILER|COMMAND (TRAILER: the Bilan-Command its commit
# carries, "-" for a command that must not commit).
jobs="$T/jobs"
: >"$jobs"
i=1
while [ "$i" -le "$N" ]; do
	echo "journal-$i|journal add|journal add -q entrée-concurrente-$i-fin" >>"$jobs"
	i=$((i + 1))
done
if has todo; then
	for k in 1 2 3 4 5 6 7 8; do
		echo "todo-$k|todo add|todo add tâche-concurrente-$k-fin" >>"$jobs"
	done
else
	echo "note: no 'bilan todo' yet: the mix has no todo add"
fi
if has test; then
	n=$(python3 -c "import yaml;d=yaml.safe_load(open('$SRCDIR/data/questionnaires/riasec.yaml'));print(sum(1 for i in d['items'] if i.get('type','scale')!='text'))")
	answers=$(awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "%s%d", i ? "," : "", 1 + i % 5 }')
	for k in 1 2 3 4; do
		echo "test-$k|test run|test run -q --answers $answers riasec" >>"$jobs"
	done
	# three attempts of big-five taken before, removed at once
	nb=$(python3 -c "import yaml;d=yaml.safe_load(open('$SRCDIR/data/questionnaires/big-five.yaml'));print(sum(1 for i in d['items'] if i.get('type','scale')!='text'))")
	bf=$(awk -v n="$nb" 'BEGIN { for (i = 0; i < n; i++) printf "%s%d", i ? "," : "", 1 + i % 5 }')
	for k in 1 2 3 4; do
		B test run -q --answers "$bf" big-five >/dev/null
	done
	k=0
	for f in $(ls "$W/tests/big-five" | sort | head -3); do
		k=$((k + 1))
		echo "testrm-$k|test rm|test rm --force -q big-five ${f%.yaml}" >>"$jobs"
	done
else
	echo "note: no 'bilan test' yet: the mix has no test run"
fi
for k in 1 2 3 4 5 6; do
	echo "status-$k|-|status" >>"$jobs"
done
for k in 1 2; do
	echo "log-$k|-|log -n 5" >>"$jobs"
	echo "gc-$k|-|gc -q" >>"$jobs"
done
has journal && echo "list-1|-|journal list -n 3" >>"$jobs"
# reports read the results that test run adds and test rm removes, and
# write the cache of results checked (results-checked) beside each other
if has report; then
	for k in 1 2 3; do
		echo "report-$k|-|report --format md" >>"$jobs"
	done
fi
# the synthèse handed over: each a file of its own, named under the lock
if has synthese; then
	for k in 1 2 3; do
		echo "synthese-$k|synthese remise|synthese remise" >>"$jobs"
	done
fi
if [ -d "$R" ]; then
	for k in 1 2 3; do
		echo "sync-$k|-|sync --quiet" >>"$jobs"
	done
	k=0
	for id in $privs; do
		k=$((k + 1))
		echo "private-$k|private|private -q $id" >>"$jobs"
	done
	if has backup; then
		for k in 1 2; do
			echo "backup-$k|-|backup -q $DEST" >>"$jobs"
		done
	fi
	k=0
	for a in $accepts; do
		k=$((k + 1))
		echo "accept-$k|-|share accept $a" >>"$jobs"
	done
else
	echo "note: no 'bilan share'/'bilan sync' yet: the mix has no sync, private, backup"
fi

case_ "$(wc -l <"$jobs") commands at once"
before=$(commits "$W")
base=$(git -C "$W" rev-parse HEAD)
mkdir -p "$T/rc"
while IFS='|' read -r name trailer cmd; do
	# shellcheck disable=SC2086
	( set +e; B $cmd >"$T/rc/$name.out" 2>"$T/rc/$name.err"; echo $? >"$T/rc/$name" ) &
done <"$jobs"
wait
while IFS='|' read -r name trailer cmd; do
	code=$(cat "$T/rc/$name")
	if [ "$code" -ne 0 ]; then
		ko "$name exited $code: $(head -3 "$T/rc/$name.err")"
	else
		ok
	fi
done <"$jobs"

case_ "every entry exists once"
i=1
while [ "$i" -le "$N" ]; do
	c=$(grep -rl --include='*.yaml' "entrée-concurrente-$i-fin" "$W/journal" | wc -l)
	[ "$c" -eq 1 ] && ok || ko "entry $i found $c times"
	i=$((i + 1))
done
if has todo; then
	for k in 1 2 3 4 5 6 7 8; do
		c=$(grep -rh "tâche-concurrente-$k-fin" "$W/todo" 2>/dev/null | wc -l)
		[ "$c" -eq 1 ] && ok || ko "to-do item $k found $c times"
	done
fi
if has test; then
	expect_eq "$(find "$W/tests/riasec" -name '*.yaml' | wc -l)" 4
	expect_eq "$(find "$W/tests/big-five" -name '*.yaml' | wc -l)" 1
	expect_eq "$(git -C "$W" ls-tree -r --name-only HEAD -- tests/big-five | wc -l)" 1
fi
if has synthese; then
	expect_eq "$(find "$W/synthese" -name 'remise-*' | wc -l)" 3
fi

k=0
for id in $privs; do
	k=$((k + 1))
	c=$(grep -rl "rendue-privée-$k-fin" "$W" --include='*.yaml' --exclude-dir=.git | wc -l)
	[ "$c" -eq 1 ] && ok || ko "private item $k found $c times"
	grep -rqs "rendue-privée-$k-fin" "$W/private/journal" && ok || ko "item $k is not under private/"
done

case_ "each mutating command made exactly one commit"
mutating=$(awk -F'|' '$2 != "-"' "$jobs" | wc -l)
expect_eq "$(( $(commits "$W") - before ))" "$mutating"
for trailer in "journal add" "todo add" "test run" "test rm" "private" "sync"; do
	want=$(awk -F'|' -v t="$trailer" '$2 == t' "$jobs" | wc -l)
	got=$(git -C "$W" log --format=%B "$base..HEAD" | grep -c "^Bilan-Command: $trailer\$" || true)
	expect_eq "$got" "$want"
done
# and each commit holds exactly the files of its command
git -C "$W" log --format=%H --grep='^Bilan-Command: journal add$' "$base..HEAD" | while read -r c; do
	n=$(git -C "$W" show --format= --name-only "$c" | grep -c . || true)
	[ "$n" -eq 1 ] || echo "$c" >>"$T/fat"
done
[ -s "$T/fat" ] && ko "journal commits with more than one file: $(cat "$T/fat")" || ok

case_ "the repository is sound, the tree clean, no lock file left"
expect_clean_repo "$W"
expect_no_file "$W/.git/bilan.lock"
expect_no_file "$W/.git/index.lock"
run B doctor
expect_rc 0
expect_empty_err
if has report; then
	# the cache the concurrent reports left gives the report made without it
	run B report --format md
	expect_rc 0
	sed '/Établi le/d' "$T/out" >"$T/cached.md"
	rm -f "$W/.git/bilan-cache/results-checked"
	run B report --format md
	expect_rc 0
	sed '/Établi le/d' "$T/out" | cmp -s - "$T/cached.md" && ok || ko "the report from the cache differs"
fi

if [ -d "$R" ]; then
	case_ "after the syncs, backups and private moves: nothing under private/ in the remote, the backup whole"
	run B sync
	expect_rc 0
	expect_eq "$(git -C "$R" rev-parse main)" "$(git -C "$W" rev-parse partage)"
	git -C "$R" fsck --full --strict >/dev/null 2>&1 && ok || ko "git fsck of the remote"
	# plain git over the remote's whole history: paths and objects
	git -C "$R" log --all --name-only --format= | grep -q '^private/' &&
		ko "a private/ path in the remote's history: $(git -C "$R" log --all --name-only --format= | grep '^private/' | head -3)" || ok
	git -C "$R" rev-list --objects --all | grep -q ' private\(/\|$\)' &&
		ko "a private/ object reachable in the remote" || ok
	git -C "$R" cat-file --batch-all-objects --batch >"$T/objects"
	for s in $PRIV_SECRETS; do
		grep -q -- "$s" "$T/objects" && ko "'$s' is in an object of the remote" || ok
	done
	# every acceptance kept in the sharing state, through the concurrent saves
	for a in $accepts; do
		grep -q " $a\$" "$W/.git/bilan/share.yaml" && ok || ko "the acceptance of $a was lost"
	done
	ls -d "$W"/.git/bilan-publish-* >/dev/null 2>&1 && ko "a publication folder was left in .git" || ok
	# every item made private is gone from the remote's current tree
	k=0
	for id in $privs; do
		k=$((k + 1))
		git -C "$R" grep -q "rendue-privée-$k-fin" main && ko "item $k still shared" || ok
	done
	if has backup; then
		run B backup -q "$DEST"
		expect_rc 0
		expect_eq "$(git -C "$DEST" rev-parse main)" "$(git -C "$W" rev-parse main)"
		git -C "$DEST" fsck --full --strict >/dev/null 2>&1 && ok || ko "git fsck of the backup"
		git -C "$DEST" cat-file --batch-all-objects --batch | grep -q SECRET-CONC-PRIV-1-q7 &&
			ok || ko "the backup lacks the private part"
	fi
	expect_clean_repo "$W"

	case_ "a sync that read the sharing state before a concurrent share forget keeps the forgotten path"
	if has_strace && [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
		B journal add -q -t "À oublier" "oubli-concurrent-fin"
		f=$(grep -rl "oubli-concurrent-fin" "$W/journal")
		rel=${f#"$W"/}
		B sync --quiet
		B private -q "$(basename "$f" .yaml)"
		# the sync held 3 s as it starts its fetch (its state read);
		# LeakSanitizer cannot run under ptrace (the sanitizer build)
		( ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		  exec strace -f -qq -o /dev/null -P "$R/config" -e trace=openat \
			-e inject=openat:delay_exit=3000000 "$BILAN" -C "$W" sync --quiet ) >"$T/held.out" 2>&1 &
		held=$!
		sleep 1
		run B share forget "$rel"
		expect_rc 0
		wait "$held" || ko "the held sync failed: $(head -3 "$T/held.out")"
		grep -qF "$rel" "$W/.git/bilan/share.yaml" && ok || ko "the forgotten path was lost from the sharing state"
		run B sync
		expect_rc 0
		git -C "$R" log --all --name-only --format= | grep -qxF "$rel" && ko "'$rel' is in the remote's history" || ok
	elif [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
		lacking_part "a usable strace: no sync held during a forget"
	fi
fi

# removed_while_reading FILE READER RM...: bilan READER (its words) held by
# strace for 3 s as it opens FILE, listed already; bilan RM... removes FILE
# meanwhile.  The reader exits 0 and does not name FILE (readers hold no
# lock: a file gone is no longer a record, never a broken one).
removed_while_reading() {
	file=$1 reader=$2
	shift 2
	# shellcheck disable=SC2086
	( ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	  exec strace -f -qq -o /dev/null -P "$file" -e trace=openat \
		-e inject=openat:delay_enter=3000000 "$BILAN" -C "$W" $reader ) \
		>"$T/held.out" 2>"$T/held.err" &
	held=$!
	sleep 1
	run B "$@"
	expect_rc 0
	set +e
	wait "$held"
	hrc=$?
	set -e
	[ "$hrc" -eq 0 ] && ok || ko "$reader: exit $hrc: $(head -2 "$T/held.err")"
	grep -q "$(basename "$file")" "$T/held.out" "$T/held.err" && ko "$reader: the removed file is named" || ok
}

case_ "a test result removed while a reader reads the results (report, test show): it goes on without it, exit 0"
if has report && has test && has_strace && [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	for reader in "report --format md" "test show --all riasec"; do
		RF=$(ls "$W/tests/riasec/"*.yaml | LC_ALL=C sort | head -1)
		rm -f "$W/.git/bilan-cache/results-checked"   # read from the file, not the cache
		removed_while_reading "$RF" "$reader" test rm --force -q riasec "$(basename "$RF" .yaml)"
	done
	expect_clean_repo "$W"
elif [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	lacking_part "a usable strace: no reader held during a test rm"
fi

case_ "a journal entry removed while a reader reads the journal (list, report, remind): it goes on without it, exit 0"
if has_strace && [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	for reader in "journal list" "report --format md" "remind --always"; do
		B journal add -q -t "À retirer" "retrait-concurrent-fin"
		JF=$(grep -rl "retrait-concurrent-fin" "$W/journal" | head -1)
		rm -rf "$W/.git/bilan-cache"   # read from the files, not the caches
		removed_while_reading "$JF" "$reader" journal rm --force -q "$(basename "$JF" .yaml)"
	done
	expect_clean_repo "$W"
elif [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	lacking_part "a usable strace: no journal list held during a journal rm"
fi

case_ "a holder that keeps the lock: the waiter names it and exits 75, changing nothing"
snap=$(snapshot "$W")
n0=$(commits "$W")
# flock(1) as the holder: it writes no record; bilan names it from /proc/locks
flock -o "$W/.git/bilan.lock" sleep 30 &
holder=$!
k=0
while ! grep -q FLOCK /proc/locks 2>/dev/null && [ $k -lt 100 ]; do sleep 0.05; k=$((k + 1)); done
sleep 0.2
t0=$(now_ms)
BILAN_LOCK_TIMEOUT=0.5 run B journal add -q "bloquée"
t1=$(now_ms)
expect_rc 75
expect_err "locked by"
expect_err "pid $holder"
expect_err "BILAN_LOCK_TIMEOUT"
waited=$((t1 - t0))
[ "$waited" -ge 450 ] && ok || ko "gave up after ${waited} ms, before its 0.5 s"
expect_eq "$(commits "$W")" "$n0"
expect_eq "$(snapshot "$W")" "$snap"
if has_fr; then
	LC_ALL=fr_FR.UTF-8 BILAN_LOCK_TIMEOUT=0.2 run B journal add -q "bloquée"
	expect_rc 75
	expect_err "verrouill"
else
	lacking_part "the fr_FR.UTF-8 locale"
fi

case_ "journal edit of a hand-edited entry while the lock is held: nothing written before the lock, 75, the hand edit intact"
HF=$(cd "$W" && find journal -name '*.yaml' | LC_ALL=C sort | head -1)
HID=$(basename "$HF" .yaml)
sed -i 's/^title: .*/title: retouchée à la main/' "$W/$HF"
hand=$(cat "$W/$HF")
cat >"$T/redate" <<'EOF2'
#!/bin/sh
t=$(sed 's/^date: .*/date: "2026-10-15T09:00:00+02:00"/' "$1"); printf '%s\n' "$t" >"$1"
EOF2
chmod +x "$T/redate"
EDITOR="$T/redate" BILAN_LOCK_TIMEOUT=3 B journal edit "$HID" >"$T/edit.out" 2>"$T/edit.err" &
editor=$!
sleep 1.5
# waiting for the lock: the entry is as the person left it, not moved
expect_eq "$(cat "$W/$HF")" "$hand"
expect_eq "$(find "$W/journal" -name "$HID.yaml" | wc -l | tr -d ' ')" 1
set +e; wait "$editor"; erc=$?; set -e
expect_eq "$erc" 75
expect_eq "$(cat "$W/$HF")" "$hand"
expect_eq "$(find "$W/journal" -name "$HID.yaml" | wc -l | tr -d ' ')" 1

case_ "a holder killed with SIGKILL never blocks the next command"
kill -9 "$holder"
for c in $(cat "/proc/$holder/task/$holder/children" 2>/dev/null); do kill -9 "$c" 2>/dev/null || true; done
wait "$holder" 2>/dev/null || true
t0=$(now_ms)
BILAN_LOCK_TIMEOUT=30 run B journal add -q "après le holder tué"
t1=$(now_ms)
expect_rc 0
[ $((t1 - t0)) -lt 10000 ] && ok || ko "took $((t1 - t0)) ms"
expect_no_file "$W/.git/bilan.lock"
expect_eq "$(commits "$W")" "$((n0 + 1))"

case_ "a bilan holder killed with SIGKILL in the middle of its commit never blocks either"
if has_strace && [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	# held inside its commit, just after it created git's index.lock
	( exec strace -f -qq -o /dev/null -P "$W/.git/index.lock" -e trace=openat \
		-e inject=openat:delay_exit=20000000 "$BILAN" -C "$W" journal add -q "tuée" ) >/dev/null 2>&1 &
	tracer=$!
	k=0
	while [ ! -e "$W/.git/index.lock" ] && [ $k -lt 500 ]; do sleep 0.02; k=$((k + 1)); done
	# the waiter names a bilan holder by its command
	BILAN_LOCK_TIMEOUT=0.3 run B journal add -q "attend"
	expect_rc 75
	expect_err "locked by 'journal add'"
	for c in $(cat "/proc/$tracer/task/$tracer/children" 2>/dev/null); do kill -9 "$c" 2>/dev/null || true; done
	kill -9 "$tracer" 2>/dev/null || true
	wait "$tracer" 2>/dev/null || true
	expect_file "$W/.git/index.lock"
	t0=$(now_ms)
	run B journal add -q "après la commande tuée"
	t1=$(now_ms)
	expect_rc 0
	[ $((t1 - t0)) -lt 10000 ] && ok || ko "took $((t1 - t0)) ms"
	expect_no_file "$W/.git/index.lock"
	expect_no_file "$W/.git/bilan.lock"
	# the killed command's entry was written, not committed: reported, then saved
	run B status
	expect_out "journal/"
	run B save
	expect_rc 0
	expect_clean_repo "$W"
elif [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	lacking_part "a usable strace: no bilan holder killed in its commit"
fi

# index_fresh DIR: the index's stat data describe the working tree (the
# inode of each of a few tracked files is the one the index records)
index_fresh() {
	for f in $(git -C "$1" ls-files | awk 'NR % 7 == 1' | head -8); do
		want=$(stat -c %i "$1/$f")
		got=$(git -C "$1" ls-files --debug -- "$f" | sed -n 's/.*ino: *//p')
		[ "$got" = "$want" ] || return 1
	done
}

case_ "a copied workspace: a status while the lock is held neither waits nor writes the index; the next one heals it"
C="$T/copied"
rm -rf "$C"
cp -a "$W" "$C"
index_fresh "$C" && ko "cp -a kept the inodes: this case proves nothing" || ok
cp "$C/.git/index" "$T/index.before"
flock -o "$C/.git/bilan.lock" sleep 30 &
holder=$!
k=0
while ! grep -q FLOCK /proc/locks 2>/dev/null && [ $k -lt 100 ]; do sleep 0.05; k=$((k + 1)); done
sleep 0.2
t0=$(now_ms)
BILAN_LOCK_TIMEOUT=10 run "$BILAN" -C "$C" status
t1=$(now_ms)
expect_rc 0
expect_no_out "Changes not saved"
[ $((t1 - t0)) -lt 5000 ] && ok || ko "status waited $((t1 - t0)) ms for the lock"
cmp -s "$C/.git/index" "$T/index.before" && ok || ko "the index was written without the lock"
index_fresh "$C" && ko "the stat data were refreshed without the lock" || ok
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true
run "$BILAN" -C "$C" status
expect_rc 0
index_fresh "$C" && ok || ko "one status did not refresh the stat data"
expect_no_file "$C/.git/bilan.lock"
expect_no_file "$C/.git/index.lock"
expect_clean_repo "$C"

case_ "a copied workspace healed by statuses racing journal adds: every entry committed, fsck clean"
rm -rf "$C"
cp -a "$W" "$C"
n0=$(commits "$C")
pids=""
for k in 1 2 3 4 5 6; do
	"$BILAN" -C "$C" status >"$T/heal-st-$k.out" 2>&1 & pids="$pids $!"
	"$BILAN" -C "$C" journal add -q "pendant-la-guérison-$k-fin" >"$T/heal-add-$k.out" 2>&1 & pids="$pids $!"
done
for p in $pids; do
	wait "$p" || ko "a status or an add failed: $(cat "$T"/heal-*.out | head -3)"
done
expect_eq "$(commits "$C")" "$((n0 + 6))"
for k in 1 2 3 4 5 6; do
	git -C "$C" grep -q "pendant-la-guérison-$k-fin" HEAD -- journal && ok || ko "entry $k not committed"
done
"$BILAN" -C "$C" status >/dev/null || ko "status after the race"
index_fresh "$C" && ok || ko "the stat data are still stale"
expect_no_file "$C/.git/bilan.lock"
expect_no_file "$C/.git/index.lock"
expect_clean_repo "$C"

case_ "two share clones into one folder at once: one whole copy, the other refused, nothing half-made left"
if [ -e "$R" ]; then
	CL="$T/clone-once"
	"$BILAN" share clone "$R" "$CL" >"$T/c1.out" 2>&1 & c1=$!
	"$BILAN" share clone "$R" "$CL" >"$T/c2.out" 2>&1 & c2=$!
	set +e; wait $c1; r1=$?; wait $c2; r2=$?; set -e
	case "$r1$r2" in 01|10) ok ;; *) ko "exits $r1 $r2, expected one 0 and one 1" ;; esac
	expect_file "$CL/bilan.yaml"
	expect_clean_repo "$CL"
	expect_eq "$(find "$T" -maxdepth 1 -name '.clone-once.bilan-new-*' | wc -l | tr -d ' ')" 0
fi

finish
