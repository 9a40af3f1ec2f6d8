#!/bin/sh
# End-to-end: bilan gc packs the loose objects of the history with libgit2's
# packbuilder, by hand and by itself past a threshold; the repository stays
# valid for plain git before and after, and the history is the same.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
new_ws "$W"
B() { "$BILAN" -C "$W" "$@"; }
loose() { git -C "$W" count-objects -v | sed -n 's/^count: //p'; }
packs() { git -C "$W" count-objects -v | sed -n 's/^packs: //p'; }
history() { git -C "$W" log --format='%H %T %s' && git -C "$W" ls-tree -r HEAD; }

N=${GC_COMMITS:-40}
[ -n "${BILAN_TEST_WRAPPER:-}" ] && N=12

case_ "months of commits leave loose objects; plain git reads them"
export BILAN_GC_AUTO=0
i=1
while [ "$i" -le "$N" ]; do
	B journal add -q -d "2026-11-0$((1 + i % 9)) 10:00" "entrée $i" >/dev/null
	i=$((i + 1))
done
n=$(loose)
[ "$n" -ge $((N * 3)) ] && ok || ko "only $n loose objects"
expect_eq "$(packs)" 0
expect_clean_repo "$W"
before=$(history)

case_ "bilan gc packs them all into one pack; the history is the same"
run B gc
expect_rc 0
expect_out "Packed"
expect_eq "$(loose)" 0
expect_eq "$(packs)" 1
expect_eq "$(history)" "$before"
expect_clean_repo "$W"
git -C "$W" verify-pack "$W"/.git/objects/pack/pack-*.idx >/dev/null 2>&1 && ok || ko "git verify-pack"
expect_eq "$(git -C "$W" count-objects -v | sed -n 's/^in-pack: //p')" "$n"
run B log -n 3
expect_rc 0
expect_out "journal: add"
run B journal list -n 3
expect_rc 0
# nothing else to do
run B gc
expect_rc 0
expect_out "Nothing to pack"

case_ "bilan keeps committing on top of the pack; a second gc makes one pack again"
B journal add -q "après le gc" >/dev/null
B journal add -q "et encore" >/dev/null
[ "$(loose)" -gt 0 ] && ok || ko "no loose objects after two commits"
run B gc --json
expect_rc 0
python3 - "$T/out" <<'EOF' && ok || ko "gc --json: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d['mode'] == 'full' and d['packed'] is True and d['cancelled'] is False, d
assert d['loose_after'] == 0 and d['packs_after'] == 1 and d['packs_removed'] == 1, d
assert d['objects_in_pack'] >= d['loose_before'] > 0, d
assert d['pack'].startswith('pack-') and isinstance(d['ms'], int), d
EOF
expect_eq "$(packs)" 1
expect_clean_repo "$W"

case_ "plain git works on a packed repository: clone, gc, fsck"
git clone -q "$W" "$T/clone" && ok || ko "git clone"
expect_eq "$(git -C "$T/clone" log --format=%H | head -1)" "$(git -C "$W" log --format=%H | head -1)"
git -C "$T/clone" fsck --full --strict >/dev/null 2>&1 && ok || ko "fsck of the clone"
git -C "$W" gc -q && ok || ko "plain git gc after bilan gc"
run B journal add -q "après le gc de git"
expect_rc 0
run B gc
expect_rc 0
expect_clean_repo "$W"

case_ "automatic packing past the threshold, within the command that crosses it"
export BILAN_GC_AUTO=20
p0=$(packs)
i=1
while [ "$i" -le 30 ] && [ "$(packs)" -eq "$p0" ] && [ ! -e "$W/.git/bilan-gc.log" ]; do
	B journal add -q "auto $i" >/dev/null
	i=$((i + 1))
done
if [ -e "$W/.git/bilan-gc.log" ]; then
	# a machine too slow for the 500 ms budget (valgrind): the run gave
	# up, removed nothing, and said so
	echo "note: the automatic packing ran out of time here; its log is checked instead"
	expect_eq "$(packs)" "$p0"
	run B doctor
	expect_err "did not finish in time"
	rm "$W/.git/bilan-gc.log"
else
	[ "$(packs)" -gt "$p0" ] && ok || ko "no automatic packing after $i commits ($(loose) loose objects)"
	[ "$(loose)" -lt 60 ] && ok || ko "$(loose) loose objects left"
fi
expect_clean_repo "$W"
expect_no_file "$W/.git/bilan.lock"
run B gc --auto --json
expect_rc 0
python3 -c "import json; d=json.load(open('$T/out')); assert d['mode'] == 'auto', d" && ok || ko "gc --auto --json"
# BILAN_GC_AUTO=0: never
export BILAN_GC_AUTO=0
p1=$(packs)
B journal add -q "sans auto" >/dev/null
B journal add -q "sans auto 2" >/dev/null
expect_eq "$(packs)" "$p1"

case_ "a suspended automatic packing is reported and cleared by bilan gc"
export BILAN_GC_AUTO=1
echo "did not finish" >"$W/.git/bilan-gc.log"
B journal add -q "suspendu" >/dev/null
[ "$(loose)" -gt 0 ] && ok || ko "packed although suspended"
run B doctor
expect_err "bilan gc"
run B gc
expect_rc 0
expect_no_file "$W/.git/bilan-gc.log"
run B doctor
expect_rc 0
expect_empty_err
export BILAN_GC_AUTO=0

case_ "bilan gc waits for the workspace lock, and says who holds it"
flock -o "$W/.git/bilan.lock" sleep 20 &
holder=$!
k=0
while ! grep -q FLOCK /proc/locks 2>/dev/null && [ $k -lt 100 ]; do sleep 0.05; k=$((k + 1)); done
sleep 0.2
BILAN_LOCK_TIMEOUT=0.3 run B gc
expect_rc 75
expect_err "locked by"
kill -9 "$holder"
for c in $(cat "/proc/$holder/task/$holder/children" 2>/dev/null); do kill -9 "$c" 2>/dev/null || true; done
wait "$holder" 2>/dev/null || true

case_ "usage"
run B gc extra
expect_rc 2
run B gc --bad
expect_rc 2
run B gc --help
expect_rc 0
expect_out "bilan gc"
if has_fr; then
	B journal add -q "pour le français" >/dev/null
	LC_ALL=fr_FR.UTF-8 LANGUAGE= run B gc
	expect_rc 0
	expect_out "objet"
else
	lacking_part "the fr_FR.UTF-8 locale"
fi

finish
