#!/bin/sh
# End-to-end: commands killed with SIGKILL at random points, hundreds of
# times.  After every kill: no empty or partial YAML file in the workspace,
# the repository sound (git fsck --full), the next command never blocked,
# and the command's work either committed, or absent, or present and then
# reported by 'bilan status' and committed by 'bilan save'.
#
# CRASH_ITERATIONS (default 200, spread over the scenarios; 40 under
# valgrind) asks for more; CRASH_SECONDS bounds the time (default 150 s).
# Kill times are drawn uniformly over 1.2 times each command's measured
# duration, so every phase is hit: start-up, the atomic write, the commit,
# and after the end.  The outcome counts are printed; each of committed,
# absent and pending must occur for journal add.
#
# A command joins by defining three functions and naming its scenario:
#   <name>_setup            once, in the workspace $W
#   <name>_before I         what must happen first, not killed (may be ':')
#   <name>_run I            the command to kill (iteration I), ending in
#                           'exec "$BILAN" ...' so that the kill reaches it
#   <name>_probe I          prints committed, pending or absent
#   <name>_after            after the checks (and the save of a pending one)
# and 'scenario <name> <command>' (skipped with a note when <command> is
# not a bilan command yet).
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
new_ws "$W"
export BILAN_LOCK_TIMEOUT=10
# Automatic packing is part of what may be interrupted: a low threshold
# makes some commands pack (bilan gc must never lose an object either).
export BILAN_GC_AUTO=${CRASH_GC_AUTO:-100}

B() { "$BILAN" -C "$W" "$@"; }
# exec_bilan ARGS: become bilan (under strace when BILAN_STRACE is set)
exec_bilan() {
	if [ -n "${BILAN_STRACE:-}" ]; then
		# shellcheck disable=SC2086
		exec strace -f -qq -o /dev/null $BILAN_STRACE "$BILAN" -C "$W" "$@"
	fi
	exec "$BILAN" -C "$W" "$@"
}
# Aimed kills need strace (ptrace); not under valgrind.
aims=""
if [ -z "${BILAN_TEST_WRAPPER:-}" ] && has_strace; then
	aims=yes
elif [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	lacking_part "a usable strace: no aimed kills, random ones only"
else
	echo "note: under valgrind: no aimed kills, random ones only"
fi

if [ -n "${BILAN_TEST_WRAPPER:-}" ]; then
	iterations=${CRASH_ITERATIONS:-40}
else
	iterations=${CRASH_ITERATIONS:-200}
fi
# A time budget for slow machines (CI shares its cores): the loop stops
# early, with a note, past CRASH_SECONDS (default 150; 0 = none).
budget=${CRASH_SECONDS:-150}
[ -n "${CRASH_ITERATIONS:-}" ] && budget=${CRASH_SECONDS:-0}

# rand N: a random integer in [0, N)
rand() { od -An -N4 -tu4 /dev/urandom | awk -v n="$1" '{ print $1 % n }'; }


# --- scenarios ---------------------------------------------------------

journal_setup() { :; }
journal_before() { :; }
journal_after() { :; }
journal_run() { exec_bilan journal add -q "marqueur-crash-$1-fin"; }
journal_probe() {
	if git -C "$W" grep -q "marqueur-crash-$1-fin" HEAD -- journal 2>/dev/null; then
		echo committed
	elif grep -rqs --include='*.yaml' "marqueur-crash-$1-fin" "$W/journal"; then
		echo pending
	else
		echo absent
	fi
}

# test run: the number of result files, committed and on disk
test_count_head() { git -C "$W" ls-tree -r --name-only HEAD -- tests/riasec 2>/dev/null | grep -c '\.yaml$' || true; }
test_count_wt() { find "$W/tests/riasec" -name '*.yaml' 2>/dev/null | wc -l; }
test_setup() {
	n=$(python3 -c "import yaml;d=yaml.safe_load(open('$SRCDIR/data/questionnaires/riasec.yaml'));print(sum(1 for i in d['items'] if i.get('type','scale')!='text'))")
	TEST_ANSWERS=$(awk -v n="$n" 'BEGIN { srand(3); for (i = 0; i < n; i++) printf "%s%d", i ? "," : "", 1 + int(rand() * 5) }')
}
test_before() { :; }
test_run() { exec_bilan test run -q --answers "$TEST_ANSWERS" riasec; }
test_base=0
test_probe() {
	h=$(test_count_head)
	w=$(test_count_wt)
	if [ "$h" -gt "$test_base" ]; then echo committed
	elif [ "$w" -gt "$h" ]; then echo pending
	else echo absent; fi
}
test_after() { test_base=$(test_count_head); }

# test rm: an attempt of big-five taken before each round, removed: the
# result file gone and committed, or gone and then committed by save, or
# still there (never half a file)
bf_count_head() { git -C "$W" ls-tree -r --name-only HEAD -- tests/big-five 2>/dev/null | grep -c '\.yaml$' || true; }
bf_count_wt() { find "$W/tests/big-five" -name '*.yaml' 2>/dev/null | wc -l; }
testrm_setup() {
	n=$(python3 -c "import yaml;d=yaml.safe_load(open('$SRCDIR/data/questionnaires/big-five.yaml'));print(sum(1 for i in d['items'] if i.get('type','scale')!='text'))")
	BF_ANSWERS=$(awk -v n="$n" 'BEGIN { srand(5); for (i = 0; i < n; i++) printf "%s%d", i ? "," : "", 1 + int(rand() * 5) }')
}
testrm_before() {
	B test run -q --answers "$BF_ANSWERS" big-five >/dev/null
	TESTRM_BASE=$(bf_count_head)
	TESTRM_ID=$(ls "$W/tests/big-five" | sort | tail -1)
	TESTRM_ID=${TESTRM_ID%.yaml}
}
testrm_run() { exec_bilan test rm --force -q big-five "$TESTRM_ID"; }
testrm_probe() {
	h=$(bf_count_head)
	w=$(bf_count_wt)
	if [ "$h" -lt "$TESTRM_BASE" ]; then echo committed
	elif [ "$w" -lt "$h" ]; then echo pending
	else echo absent; fi
}
testrm_after() { :; }

# piste set: toggles one piste between en-exploration and en-attente
piste_setup() {
	B piste add "Boulangère" >/dev/null
	B piste set boulangere en-exploration >/dev/null
	PISTE_NEXT=en-attente
}
piste_status() { sed -n 's/^status: *//p' "$1" | head -1; }
piste_before() { :; }
piste_run() { exec_bilan piste set boulangere "$PISTE_NEXT"; }
piste_probe() {
	head_status=$(git -C "$W" show HEAD:pistes/boulangere.yaml | sed -n 's/^status: *//p' | head -1)
	wt_status=$(piste_status "$W/pistes/boulangere.yaml")
	if [ "$head_status" = "$PISTE_NEXT" ]; then echo committed
	elif [ "$wt_status" = "$PISTE_NEXT" ]; then echo pending
	else echo absent; fi
}
piste_after() {
	cur=$(piste_status "$W/pistes/boulangere.yaml")
	if [ "$cur" = en-attente ]; then PISTE_NEXT=en-exploration; else PISTE_NEXT=en-attente; fi
}

# upgrade: format 1 (no timezone) to 2, killed anywhere: format 1 intact,
# or format 2 committed, or written and then committed by save
upgrade_setup() { :; }
upgrade_before() {
	sed -i 's/^format: 3$/format: 1/; /^timezone: /d' "$W/bilan.yaml"
	# a séance confirmed as format 2 wrote it: the step 2 to 3 rewrites it
	mkdir -p "$W/seances"
	printf 'date: "2026-11-04T14:00:00+01:00"\nduration: 2h\nstatus: realisee\nattendance:\n  confirmed: true\n  confirmed_at: "2026-11-04T16:30:00+01:00"\n  confirmed_by: Camille Martin\n  duration: 2h\n' \
		>"$W/seances/20261103T080000Z-crsh.yaml"
	git -C "$W" add seances/20261103T080000Z-crsh.yaml
	git -C "$W" commit -q -m "back to format 1" -- bilan.yaml seances/20261103T080000Z-crsh.yaml
}
upgrade_run() { exec_bilan upgrade; }
upgrade_probe() {
	if git -C "$W" show HEAD:bilan.yaml | grep -q '^timezone: '; then echo committed
	elif grep -q '^timezone: ' "$W/bilan.yaml"; then echo pending
	else echo absent; fi
}
upgrade_after() {
	grep -q '^format: 3$' "$W/bilan.yaml" || B upgrade >/dev/null || ko "upgrade after a kill"
	grep -q '^format: 1$' "$W/bilan.yaml" && ko "still format 1 after the upgrade" || true
	grep -q "^  beneficiaire:$" "$W/seances/20261103T080000Z-crsh.yaml" || ko "the séance was not upgraded"
	[ -z "$(git -C "$W" status --porcelain)" ] || ko "not clean after the upgrade: $(git -C "$W" status --porcelain | head -3)"
}

# sync: a bare remote stands for the consultant's repository
sync_setup() {
	git init -q --bare "$T/remote.git"
	B share init "$T/remote.git" --to "Sophie Durand" >/dev/null
	B sync >/dev/null
	SYNC_N=0
}
sync_after() {
	# a sync killed while it generated the shared files left its folder;
	# the next one (the probe's) removed it
	left=$(find "$W/.git" -maxdepth 1 -name 'bilan-publish-*')
	[ -z "$left" ] || ko "left in .git: $left"
}
sync_before() { B journal add -q "avant-sync-$1-fin"; }
sync_run() { exec_bilan sync --quiet; }
sync_probe() {
	# whatever the kill interrupted, the remote is sound and the next sync
	# completes and brings it up to date
	git -C "$T/remote.git" fsck --full --strict >/dev/null 2>&1 || { echo remote-corrupt; return; }
	if B sync --quiet >/dev/null 2>"$T/sync-err"; then
		if git -C "$T/remote.git" grep -q "avant-sync-$1-fin" main -- journal 2>/dev/null; then
			echo committed
		else
			echo absent
		fi
	else
		echo "sync-failed: $(head -2 "$T/sync-err" | tr '\n' ' ')"
	fi
}

# private: moves a fresh shared entry under private/ (write the copy,
# remove the original, one commit).  Afterwards the move completes when
# run again, and the entry exists once, under private/.
private_setup() { :; }
private_before() {
	B journal add -q -t "privé $1" "marqueur-prive-$1-fin"
	f=$(grep -rl "marqueur-prive-$1-fin" "$W/journal")
	PRIV_REL=${f#"$W"/}
	PRIV_ID=$(basename "$f" .yaml)
	PRIV_N=$1
}
private_run() { exec_bilan private -q "$PRIV_ID"; }
private_probe() {
	if git -C "$W" cat-file -e "HEAD:private/$PRIV_REL" 2>/dev/null &&
	   ! git -C "$W" cat-file -e "HEAD:$PRIV_REL" 2>/dev/null; then
		echo committed
	elif [ -e "$W/private/$PRIV_REL" ] || [ ! -e "$W/$PRIV_REL" ]; then
		echo pending
	else
		echo absent
	fi
}
private_after() {
	# a half-done move (the copy saved beside the original) completes
	if [ -e "$W/$PRIV_REL" ]; then
		B private -q "$PRIV_ID" >/dev/null 2>"$T/priv-err" ||
			ko "private $PRIV_ID again after the kill: $(head -2 "$T/priv-err")"
	fi
	c=$(grep -rl --include='*.yaml' "marqueur-prive-$PRIV_N-fin" "$W/journal" "$W/private" 2>/dev/null | wc -l)
	[ "$c" -eq 1 ] || ko "the entry made private is there $c times"
	git -C "$W" cat-file -e "HEAD:private/$PRIV_REL" 2>/dev/null || ko "the entry is not committed under private/"
	[ -z "$(git -C "$W" status --porcelain)" ] || ko "not clean after the move: $(git -C "$W" status --porcelain | head -3)"
}

# backup: the whole history to a place of one's own; every other round a
# new destination (so that its creation is interrupted too).  Afterwards
# the destination is sound or absent, and the next backup there completes.
backup_setup() { :; }
backup_before() {
	B journal add -q "avant-backup-$1-fin"
	if [ $(($1 % 2)) -eq 0 ]; then BK="$T/usb/b$1.git"; else BK="$T/usb/same.git"; fi
}
backup_run() { exec_bilan backup -q "$BK"; }
backup_probe() {
	if [ -e "$BK/HEAD" ] && ! git -C "$BK" fsck --full --strict >/dev/null 2>&1; then
		echo backup-corrupt
		return
	fi
	if B backup -q "$BK" >/dev/null 2>"$T/backup-err"; then
		if [ "$(git -C "$BK" rev-parse main 2>/dev/null)" = "$(git -C "$W" rev-parse main)" ]; then
			echo committed
		else
			echo "backup-incomplete"
		fi
	else
		echo "backup-failed: $(head -2 "$T/backup-err" | tr '\n' ' ')"
	fi
}
backup_after() {
	# nothing left beside it by a backup killed while it made the repository
	left=$(find "$T/usb" -maxdepth 1 -name ".$(basename "$BK").bilan-new-*")
	[ -z "$left" ] || ko "left beside the backup: $left"
}

# share forget: a path shared, then made private, withdrawn from the shared
# history (rewrite, then forced push).  Afterwards the remote's history has
# it no more, or 'share forget' run again completes; a later sync too.
forget_setup() {
	if [ ! -d "$T/remote.git" ]; then
		git init -q --bare "$T/remote.git"
		B share init "$T/remote.git" --to "Sophie Durand" >/dev/null
	fi
}
forget_before() {
	B journal add -q -t "à oublier $1" "marqueur-oubli-$1-fin"
	f=$(grep -rl "marqueur-oubli-$1-fin" "$W/journal")
	FORGET_REL=${f#"$W"/}
	B sync --quiet
	B private -q "$(basename "$f" .yaml)"
}
forget_run() { exec_bilan share forget "$FORGET_REL"; }
remote_has() { git -C "$T/remote.git" log --all --name-only --format= | grep -qxF "$1"; }
forget_probe() {
	git -C "$T/remote.git" fsck --full --strict >/dev/null 2>&1 || { echo remote-corrupt; return; }
	if ! remote_has "$FORGET_REL"; then
		echo committed
	elif B share forget "$FORGET_REL" >/dev/null 2>"$T/forget-err"; then
		if remote_has "$FORGET_REL"; then echo "forget-incomplete"; else echo absent; fi
	else
		echo "forget-failed: $(head -2 "$T/forget-err" | tr '\n' ' ')"
	fi
}
forget_after() {
	B sync --quiet >/dev/null 2>"$T/sync-err" || ko "sync after the forget: $(head -2 "$T/sync-err")"
	! remote_has "$FORGET_REL" || ko "'$FORGET_REL' is back in the remote's history"
	git -C "$T/remote.git" log --all --name-only --format= | grep -q '^private/' &&
		ko "a private/ path in the remote's history" || true
}

# synthese remise: the version handed over, killed anywhere: its file
# committed, or absent, or written and then committed by save
synthese_setup() { SYN_N=0; }
synthese_before() { :; }
synthese_run() { exec_bilan synthese remise; }
synthese_probe() {
	head_n=$(git -C "$W" ls-tree --name-only HEAD synthese/ 2>/dev/null | wc -l)
	wt_n=$(find "$W/synthese" -name 'remise-*' -type f 2>/dev/null | wc -l)
	if [ "$head_n" -gt "$SYN_N" ]; then echo committed
	elif [ "$wt_n" -gt "$SYN_N" ]; then echo pending
	else echo absent; fi
}
synthese_after() {
	SYN_N=$(git -C "$W" ls-tree --name-only HEAD synthese/ 2>/dev/null | wc -l)
	# a temporary file of an interrupted atomic write is never a version
	find "$W/synthese" -name 'remise-*' -size 0 2>/dev/null | grep -q . && ko "an empty version" || true
}

# share accept: a shared entry holding an e-mail address, accepted as it
# is (the sharing state in .git/bilan/share.yaml rewritten).  Afterwards the
# state reads, keeps every forgotten path, and holds the acceptance or, run
# again, gets it; the next sync shares the entry (issue 14).
accept_setup() { :; }
accept_before() {
	B journal add -q -t "courriel $1" "écrire à c$1@exemple.fr accept-$1-fin"
	f=$(grep -rl "accept-$1-fin" "$W/journal")
	ACC_REL=${f#"$W"/}
}
accept_run() { exec_bilan share accept "$ACC_REL"; }
accept_probe() {
	if grep -qs " $ACC_REL\$" "$W/.git/bilan/share.yaml"; then echo committed; else echo absent; fi
}
accept_after() {
	python3 -c "import yaml,sys; yaml.safe_load(open(sys.argv[1]))" "$W/.git/bilan/share.yaml" 2>/dev/null ||
		ko "the sharing state does not read after the kill"
	if [ -n "${FORGET_REL:-}" ] && [ -e "$T/remote.git" ]; then
		grep -q "$FORGET_REL" "$W/.git/bilan/share.yaml" || ko "a forgotten path was lost"
	fi
	if ! grep -qs " $ACC_REL\$" "$W/.git/bilan/share.yaml"; then
		B share accept "$ACC_REL" >/dev/null 2>"$T/accept-err" ||
			ko "share accept again after the kill: $(head -2 "$T/accept-err")"
	fi
}

# status on a copied workspace (stale stat data: every file rewritten with
# a new inode, same content): it writes the fresh stat data back under the
# workspace lock, killed anywhere; the index stays sound, nothing changes
# in the tree, and the next status heals it.  Its outcome is always absent.
heal_setup() { :; }
heal_before() {
	git -C "$W" ls-files | while read -r f; do
		cp -p "$W/$f" "$W/$f.heal" && mv "$W/$f.heal" "$W/$f"
	done
}
heal_run() { exec_bilan status; }
heal_probe() { echo absent; }
heal_after() {
	git -C "$W" ls-files >/dev/null 2>&1 || ko "the index is damaged after a killed status"
	# (the loop's git status may have refreshed the index itself: stale
	# again, so that this status has to take over the killed one's locks)
	heal_before
	B status >/dev/null 2>&1 || ko "status after a killed status"
	f=$(git -C "$W" ls-files | head -1)
	[ "$(git -C "$W" ls-files --debug -- "$f" | sed -n 's/.*ino: *//p')" = "$(stat -c %i "$W/$f")" ] ||
		ko "the status after a killed one did not refresh the stat data"
	expect_no_file "$W/.git/index.lock"
}

# report, a reader that writes its cache of the results already checked
# (.git/bilan-cache/results-checked, atomically): killed anywhere, the
# next report reads what is there (the old cache, the new one or none) and
# gives the report made without any.  Its outcome is always absent.
report_setup() { :; }
report_before() {
	# every other round from no cache: the kill may hit its writing
	[ $(($1 % 2)) -eq 0 ] && rm -f "$W/.git/bilan-cache/results-checked"
	:
}
report_run() { exec_bilan report --format md; }
report_probe() { echo absent; }
report_after() {
	B report --format md >"$T/report-cached" 2>"$T/report-err" ||
		ko "report after a killed report: $(head -2 "$T/report-err")"
	cp -p "$W/.git/bilan-cache/results-checked" "$T/rc-keep" 2>/dev/null || true
	rm -f "$W/.git/bilan-cache/results-checked"
	B report --format md >"$T/report-plain" 2>/dev/null || true
	[ -e "$T/rc-keep" ] && mv "$T/rc-keep" "$W/.git/bilan-cache/results-checked"
	sed -i '/Établi le/d' "$T/report-cached" "$T/report-plain"
	cmp -s "$T/report-cached" "$T/report-plain" || ko "a report after a killed report differs from one made without the cache"
}

scenarios=""
scenario() {
	if "$BILAN" help "$2" >/dev/null 2>&1; then
		scenarios="$scenarios $1"
	else
		echo "note: '$2' is not a bilan command yet: crash scenario '$1' skipped"
	fi
}
scenario journal journal
scenario test test
scenario testrm test
scenario piste piste
scenario upgrade upgrade
scenario heal status
scenario report report
scenario synthese synthese
scenario sync sync
# These three are slower (a sync or a push each round): CRASH_SHARE_ROUNDS
# rounds each (default 20; 6 under valgrind), on top of the iterations.
scenario private private
scenario backup backup
scenario forget share
scenario accept share
capped=" private backup forget accept "
if [ -n "${BILAN_TEST_WRAPPER:-}" ]; then cap=${CRASH_SHARE_ROUNDS:-6}; else cap=${CRASH_SHARE_ROUNDS:-20}; fi

for s in $scenarios; do
	case_ "$s: setup"
	"${s}_setup" || ko "setup of $s failed"
done

# --- calibration: each command's duration -------------------------------
for s in $scenarios; do
	"${s}_before" 0 >/dev/null 2>&1 || true
	t0=$(now_ms)
	( "${s}_run" 0 ) >/dev/null 2>&1 || true
	t1=$(now_ms)
	"${s}_probe" 0 >/dev/null || true
	B save >/dev/null 2>&1 || true
	"${s}_after"
	d=$((t1 - t0))
	[ "$d" -lt 5 ] && d=5
	eval "dur_$s=$d"
	echo "calibration: $s takes ${d} ms"
done

# --- the loop -------------------------------------------------------------
count=0
c_committed=0 c_pending=0 c_absent=0 j_committed=0 j_pending=0 j_absent=0
t_start=$(now_ms)
i=1
while [ "$i" -le "$iterations" ]; do
	if [ "$budget" -gt 0 ] && [ $(( $(now_ms) - t_start )) -gt $((budget * 1000)) ]; then
		echo "note: time budget of ${budget} s reached after $count kills (CRASH_SECONDS)"
		break
	fi
	for s in $scenarios; do
		[ "$i" -le "$iterations" ] || break
		is_capped=""
		case $capped in *" $s "*)
			is_capped=yes
			eval "n_s=\${rounds_$s:-0}"
			[ "$n_s" -lt "$cap" ] || continue
			eval "rounds_$s=$((n_s + 1))"
			;;
		esac
		case_ "$s: kill -9, iteration $i"
		t_round=$(now_ms)
		eval "d=\$dur_$s"
		delay=$(rand $((d * 12 / 10 + 1)))
		"${s}_before" "$i" >/dev/null 2>&1 || true
		aim=""
		# (aimed at the commit: only the commands that commit on main)
		if [ -n "$aims" ] && [ "$s" != sync ] && [ "$s" != backup ] && [ "$s" != forget ] && [ "$s" != accept ] && [ "$s" != report ]; then
			case $((i % 10)) in
			0) aim=index.lock ;;
			5) [ "$s" = heal ] || aim=refs/heads/main.lock ;;
			esac
		fi
		if [ -n "$aim" ]; then
			# Aimed: strace holds the command for 3 s right after it
			# created git's lock file (the file is written, the commit
			# not made); the kill comes as soon as the lock file shows.
			( BILAN_STRACE="-P $W/.git/$aim -e trace=openat -e inject=openat:delay_exit=3000000" \
			  "${s}_run" "$i" ) >/dev/null 2>&1 &
			pid=$!
			n=0
			while [ ! -e "$W/.git/$aim" ] && [ $n -lt 500 ]; do sleep 0.01; n=$((n + 1)); done
			[ -e "$W/.git/$aim" ] || ko "aimed at $aim: never reached"
			for c in $(cat "/proc/$pid/task/$pid/children" 2>/dev/null); do kill -9 "$c" 2>/dev/null || true; done
			kill -9 "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
		else
			# _run ends with exec: the background job is bilan
			# itself, and the kill reaches it (not a subshell)
			( "${s}_run" "$i" ) >/dev/null 2>&1 &
			pid=$!
			sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
			kill -9 "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
		fi

		# never an empty or partial YAML file: every changed file is
		# complete and valid (committed ones were complete before
		# their commit)
		if [ -n "$(find "$W" -path "$W/.git" -prune -o -name '*.yaml' -size 0 -print)" ]; then
			ko "an empty YAML file: $(find "$W" -path "$W/.git" -prune -o -name '*.yaml' -size 0 -print)"
		fi
		changed=$(git -C "$W" status --porcelain -uall --no-renames | awk '$2 ~ /\.yaml$/ && $1 != "D" { print $2 }')
		if [ -n "$changed" ]; then
			# shellcheck disable=SC2086
			# (a move killed between its write and its removal leaves
			# one entry in two files: check names the twin, the only
			# error allowed; 'bilan save' below finishes the move)
			(cd "$W" && "$BILAN" check $changed) >/dev/null 2>"$T/check-err" ||
				[ -z "$(grep -v "the same entry is also in" "$T/check-err")" ] ||
				ko "a partial or invalid file after the kill: $(head -3 "$T/check-err")"
		fi
		if [ $((i % 5)) -eq 0 ] || [ -n "$aim" ]; then
			git -C "$W" fsck --full --strict >/dev/null 2>"$T/fsck-err" ||
				ko "git fsck: $(head -3 "$T/fsck-err")"
		fi

		outcome=$("${s}_probe" "$i")
		if [ -n "$aim" ] && [ "$outcome" != pending ] && [ "$s" != heal ]; then
			ko "aimed at $aim: the outcome is '$outcome', expected pending"
		fi
		case $outcome in
		committed) c_committed=$((c_committed + 1)) ;;
		absent) c_absent=$((c_absent + 1)) ;;
		pending)
			c_pending=$((c_pending + 1))
			run B status
			# (an interrupted move: status names the twin as an
			# error, exit 1; save finishes the move)
			if [ "$rc" -eq 1 ] && [ -z "$(grep -v "the same entry is also in" "$T/err")" ]; then
				ok
			else
				expect_rc 0
			fi
			for f in $changed; do
				grep -q "$f" "$T/out" || ko "bilan status does not report $f"
			done
			run B save
			expect_rc 0
			[ -z "$(git -C "$W" status --porcelain)" ] && ok || ko "not saved: $(git -C "$W" status --porcelain | head -3)"
			;;
		*) ko "$outcome" ;;
		esac
		if [ "$s" = journal ]; then
			eval "j_$outcome=\$((j_$outcome + 1))" 2>/dev/null || true
		fi
		"${s}_after"
		eval "ms_$s=\$((\${ms_$s:-0} + $(now_ms) - t_round))"
		eval "kills_$s=\$((\${kills_$s:-0} + 1))"
		count=$((count + 1))
		[ -n "$is_capped" ] || i=$((i + 1))
	done
done
t_end=$(now_ms)
echo "crash: $count kills in $(( (t_end - t_start) / 1000 )) s: committed $c_committed, pending (then saved) $c_pending, absent $c_absent"
for s in $scenarios; do
	eval "echo \"crash: $s: \${kills_$s:-0} kills in \$((\${ms_$s:-0} / 1000)) s\""
done
echo "crash: journal add: committed $j_committed, pending $j_pending, absent $j_absent"
echo "crash: packs made by the automatic packing meanwhile: $(ls "$W/.git/objects/pack" 2>/dev/null | grep -c '\.pack$')"

case_ "every outcome was reached for journal add"
git -C "$W" fsck --full --strict >/dev/null 2>"$T/fsck-err" && ok || ko "git fsck: $(head -3 "$T/fsck-err")"
if [ "$count" -ge 100 ]; then
	[ "$j_committed" -gt 0 ] && ok || ko "no kill after the commit"
	[ "$j_pending" -gt 0 ] || [ -z "$aims" ] && ok || ko "no kill between the write and the commit"
	[ "$j_absent" -gt 0 ] && ok || ko "no kill before the write"
fi

case_ "enquete add killed between its two renames: the contact is never lost"
if [ -z "${BILAN_TEST_WRAPPER:-}" ] && has_strace; then
	E="$T/enq"
	new_ws "$E"
	"$BILAN" -C "$E" piste add "Ébéniste" >/dev/null
	# the enquête's file is renamed into place, the kill comes at the
	# contact's rename (the only copy of the contact is a temporary)
	strace -f -qq -o /dev/null -e inject=renameat:signal=SIGKILL:when=2 \
		"$BILAN" -C "$E" enquete add --piste ebeniste --role "Ébéniste" --org "Atelier" \
		--with "Jeanne Dupont" --phone "06 12 34 56 78" >/dev/null 2>&1 || true
	ls "$E"/private/contacts/.*.tmp-* >/dev/null 2>&1 && ok || ko "no temporary left: the kill missed the second rename"
	run "$BILAN" -C "$E" check
	expect_rc 1
	expect_err "points at nothing"
	run "$BILAN" -C "$E" save
	[ "$rc" -ne 0 ] && ok || ko "save committed an enquête whose contact is missing"
	run "$BILAN" -C "$E" doctor
	expect_err "only copy"
	run "$BILAN" -C "$E" doctor --fix
	grep -rq "06 12 34 56 78" "$E/private/contacts/" && ok || ko "the contact was lost"
	run "$BILAN" -C "$E" check
	expect_rc 0
	run "$BILAN" -C "$E" save
	expect_rc 0
	git -C "$E" grep -q "06 12 34 56 78" HEAD -- private/contacts && ok || ko "the contact is not committed"
	run "$BILAN" -C "$E" doctor
	expect_rc 0
	expect_empty_err
elif [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	lacking_part "a usable strace"
fi

case_ "journal edit to another month killed between its write and its removal: check names the twins, doctor keeps the newer"
if [ -z "${BILAN_TEST_WRAPPER:-}" ] && has_strace; then
	J="$T/jmove"
	new_ws "$J"
	"$BILAN" -C "$J" journal add -q "texte d'avant le déplacement"
	JID=$(basename "$(find "$J/journal" -name '*.yaml' | head -1)" .yaml)
	OLD=$(cd "$J" && find journal -name "$JID.yaml")
	# an editor that neither renames nor removes (strace follows it too)
	cat >"$T/redate" <<'EOF2'
#!/bin/sh
t=$(sed 's/^date: .*/date: "2026-10-15T09:00:00+02:00"/; s/^title: .*/title: texte nouveau après édition/' "$1")
printf '%s\n' "$t" >"$1"
EOF2
	chmod +x "$T/redate"
	# the first unlinkat of journal edit removes the old file: killed there
	EDITOR="$T/redate" strace -f -qq -o /dev/null -e inject=unlinkat:signal=SIGKILL:when=1 \
		"$BILAN" -C "$J" journal edit "$JID" >/dev/null 2>&1 || true
	expect_eq "$(find "$J/journal" -name "$JID.yaml" | wc -l | tr -d ' ')" 2
	run "$BILAN" -C "$J" check
	expect_rc 1
	expect_err "also in '$OLD'"
	run "$BILAN" -C "$J" doctor
	expect_rc 1
	expect_err "interrupted move"
	run "$BILAN" -C "$J" doctor --fix
	expect_eq "$(find "$J/journal" -name "$JID.yaml" | wc -l | tr -d ' ')" 1
	expect_file "$J/journal/2026/10/$JID.yaml"
	grep -q "texte nouveau après édition" "$J/journal/2026/10/$JID.yaml" && ok || ko "the newer text was lost"
	expect_eq "$(git -C "$J" log -1 --format=%s)" "doctor: finish interrupted moves"
	run "$BILAN" -C "$J" check
	expect_rc 0
	run "$BILAN" -C "$J" doctor
	expect_rc 0
	expect_empty_err
	expect_clean_repo "$J"
	# the same kill, then 'bilan save': it finishes the move too (one
	# commit, the newer text kept, the old file removed)
	sed 's/texte nouveau après édition/encore un autre texte/; s/2026-10-15/2026-09-15/' \
		"$T/redate" >"$T/redate2"
	chmod +x "$T/redate2"
	EDITOR="$T/redate2" strace -f -qq -o /dev/null -e inject=unlinkat:signal=SIGKILL:when=1 \
		"$BILAN" -C "$J" journal edit "$JID" >/dev/null 2>&1 || true
	expect_eq "$(find "$J/journal" -name "$JID.yaml" | wc -l | tr -d ' ')" 2
	run "$BILAN" -C "$J" save
	expect_rc 0
	expect_err "interrupted move finished"
	expect_eq "$(find "$J/journal" -name "$JID.yaml" | wc -l | tr -d ' ')" 1
	grep -q "encore un autre texte" "$J/journal/2026/09/$JID.yaml" && ok || ko "save lost the newer text"
	run "$BILAN" -C "$J" check
	expect_rc 0
	expect_clean_repo "$J"
elif [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	lacking_part "a usable strace"
fi

case_ "journal edit of a hand-edited file killed while it waits for the lock: nothing written before the lock"
if [ -z "${BILAN_TEST_WRAPPER:-}" ] && has_strace; then
	H="$T/jhand"
	new_ws "$H"
	"$BILAN" -C "$H" journal add -q "entrée modifiée à la main"
	HF=$(cd "$H" && find journal -name '*.yaml' | head -1)
	HID=$(basename "$HF" .yaml)
	sed -i 's/^title: .*/title: changé à la main, pas encore enregistré/' "$H/$HF"
	hand=$(cat "$H/$HF")
	# killed at its first flock: the lock of the transaction
	EDITOR="$T/redate" strace -f -qq -o /dev/null -e inject=flock:signal=SIGKILL:when=1 \
		"$BILAN" -C "$H" journal edit "$HID" >/dev/null 2>&1 || true
	expect_file "$H/$HF"
	expect_eq "$(cat "$H/$HF")" "$hand"
	expect_eq "$(find "$H/journal" -name "$HID.yaml" | wc -l | tr -d ' ')" 1
	# and the edit itself, not killed: adopted, written and committed under the lock
	EDITOR="$T/redate" run "$BILAN" -C "$H" journal edit "$HID"
	expect_rc 0
	expect_file "$H/journal/2026/10/$HID.yaml"
	expect_no_file "$H/$HF"
	expect_clean_repo "$H"
elif [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	lacking_part "a usable strace"
fi

case_ "share clone killed halfway: nothing left that blocks the retry"
if [ -z "${BILAN_TEST_WRAPPER:-}" ] && has_strace; then
	git init -q --bare "$T/clone-src.git"
	CS="$T/clone-ws"
	new_ws "$CS"
	"$BILAN" -C "$CS" share init "$T/clone-src.git" --to "Sophie Durand" >/dev/null
	"$BILAN" -C "$CS" sync --quiet >/dev/null 2>&1 || ko "sync to the clone's source"
	for n in 2 5; do
		rm -rf "$T/cc"
		strace -f -qq -o /dev/null -e inject=rename,renameat,renameat2:signal=SIGKILL:when=$n \
			"$BILAN" share clone "$T/clone-src.git" "$T/cc" >/dev/null 2>&1 || true
		run "$BILAN" share clone "$T/clone-src.git" "$T/cc"
		expect_rc 0
		expect_file "$T/cc/bilan.yaml"
	done
elif [ -z "${BILAN_TEST_WRAPPER:-}" ]; then
	lacking_part "a usable strace"
fi

case_ "afterwards: each entry at most once, one commit per recorded command, doctor repairs the rest"
dups=$(grep -rhos --include='*.yaml' 'marqueur-crash-[0-9]*-fin' "$W/journal" | sort | uniq -d)
[ -z "$dups" ] && ok || ko "entries twice: $dups"
run B journal add -q "après les crashs"
expect_rc 0
expect_no_file "$W/.git/bilan.lock"
run B doctor --fix
[ "$rc" -le 1 ] && ok || ko "doctor --fix exit $rc"
# what doctor put in place (the only copies) is saved like any hand edit
run B save
[ "$rc" -le 1 ] && ok || ko "save after doctor --fix: exit $rc"
# (that commit may take the loose objects past doctor's threshold of 100,
# a warning doctor --fix clears by packing: cleared here, as the hint says)
run B doctor --fix
[ "$rc" -le 1 ] && ok || ko "doctor --fix after the save: exit $rc"
# what it leaves alone (unfinished changes, perhaps partial copies) it
# names; the person compares and deletes, as the hint says
run B doctor
left=$(find "$W" -path "$W/.git" -prune -o -name '.*.tmp-*' -type f -print)
for f in $left; do
	grep -qF "${f#"$W"/}" "$T/err" && ok || ko "a temporary left alone but not named: ${f#"$W"/}"
	rm -f "$f"
done
run B doctor
expect_rc 0
expect_empty_err
expect_clean_repo "$W"

finish
