#!/bin/sh
# End-to-end: bilan doctor checks a workspace end to end, explains what it
# finds, repairs what can be with --fix (committing a fix git records), and
# says nothing with exit 0 when all is well.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
new_ws "$W"
B() { "$BILAN" -C "$W" "$@"; }
has() { "$BILAN" help "$1" >/dev/null 2>&1; }

B journal add -q -d "2026-11-20 10:00" "Une entrée ordinaire" >/dev/null
B journal add -q --private "Une entrée privée : marie@exemple.fr, 06 12 34 56 78" >/dev/null
has piste && B piste add "Boulangère" >/dev/null

case_ "all is well: silent, exit 0"
run B doctor
expect_rc 0
expect_empty_out
expect_empty_err
run B doctor --json
expect_rc 0
python3 -c "import json; d=json.load(open('$T/out')); assert d['ok'] is True and d['findings'] == [] and d['errors'] == 0, d" && ok || ko "json: $(cat "$T/out")"
# -q silences what doctor says, never the JSON asked for
run B doctor -q --json
expect_rc 0
python3 -c "import json; d=json.load(open('$T/out')); assert d['ok'] is True, d" && ok || ko "-q --json printed no JSON: $(cat "$T/out")"
run B doctor -q
expect_rc 0
expect_empty_out
n0=$(commits "$W")
run B doctor --fix
expect_rc 0
expect_empty_err
expect_eq "$(commits "$W")" "$n0"

case_ "a lock left by a killed command, and git's index.lock: found and removed"
( exec flock -o "$W/.git/bilan.lock" sleep 30 ) &
holder=$!
k=0
while ! grep -q FLOCK /proc/locks 2>/dev/null && [ $k -lt 100 ]; do sleep 0.05; k=$((k + 1)); done
printf 'pid=%s\nhost=h\ncommand=journal add\nsince=2026-11-27T10:00:00+01:00\n' "$holder" >"$W/.git/bilan.lock"
# while it runs: named, and --fix repairs nothing
run B doctor
expect_err "in use by 'journal add'"
run B doctor --fix
expect_rc 75
expect_err "nothing was fixed"
kill -9 "$holder"
for c in $(cat "/proc/$holder/task/$holder/children" 2>/dev/null); do kill -9 "$c" 2>/dev/null || true; done
wait "$holder" 2>/dev/null || true
: >"$W/.git/index.lock"
touch -d '2026-01-01' "$W/.git/index.lock"
run B doctor
expect_rc 1
expect_err ".git/bilan.lock: a lock left by 'journal add'"
expect_err ".git/index.lock: a git lock file"
expect_err "hint:"
expect_err "bilan doctor --fix"
run B doctor --fix
expect_rc 0
expect_err "fixed:"
expect_no_file "$W/.git/bilan.lock"
expect_no_file "$W/.git/index.lock"
run B doctor
expect_rc 0
expect_empty_err

case_ "uncommitted, orphan, temporary files, a symbolic link, wrong permissions"
f=$(cd "$W" && git ls-files 'journal/*' | head -1)
printf '# une note à la main\n' >>"$W/$f"
echo "notes" >"$W/notes.txt"
echo "partial" >"$W/journal/.x.yaml.tmp-Ab12Cd"
# the only copy of a record (a command killed between two renames)
printf 'text: seule copie\nstatus: a-faire\n' >"$W/journal/.y.yaml.tmp-Ef34Gh"
# a change to a committed file that was never made
cp "$W/$f" "$W/$(dirname "$f")/.$(basename "$f").tmp-Ij56Kl"
printf 'title: changement jamais fait\n' >>"$W/$(dirname "$f")/.$(basename "$f").tmp-Ij56Kl"
ln -s /etc/hostname "$W/lien"
chmod 644 "$W/bilan.yaml"
chmod 755 "$W/journal"
run B doctor --json
expect_rc 0
python3 - "$T/out" "$f" <<'EOF' && ok || ko "json: $(head -c 600 "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
by = {(x['check'], x['file']): x for x in d['findings']}
assert ('uncommitted', sys.argv[2]) in by, by.keys()
assert ('uncommitted', 'notes.txt') in by
t = by[('orphan', 'journal/.x.yaml.tmp-Ab12Cd')]
assert not t['fixable'] and t['severity'] == 'warning' and 'left alone' in t['message'], t
t = by[('orphan', 'journal/.y.yaml.tmp-Ef34Gh')]
assert t['fixable'] and 'only copy' in t['message'], t
assert ('orphan', 'lien') in by and not by[('orphan', 'lien')]['fixable']
p = by[('permissions', 'bilan.yaml')]
assert p['fixable'] and '0644' in p['message'], p
assert ('permissions', 'journal') in by
assert d['errors'] == 0 and d['ok'] is True
for x in d['findings']:
    assert x['message'] and x['check'] in ('lock', 'repository', 'schema', 'uncommitted', 'orphan', 'permissions', 'privacy'), x
EOF
run B doctor --fix
expect_rc 0
expect_eq "$(stat -c %a "$W/bilan.yaml")" 600
expect_eq "$(stat -c %a "$W/journal")" 700
# never deleted: the partial one and the unfinished change stay, the only
# copy is put in place
expect_file "$W/journal/.x.yaml.tmp-Ab12Cd"
expect_file "$W/$(dirname "$f")/.$(basename "$f").tmp-Ij56Kl"
expect_no_file "$W/journal/.y.yaml.tmp-Ef34Gh"
expect_eq "$(cat "$W/journal/y.yaml")" "$(printf 'text: seule copie\nstatus: a-faire')"
rm "$W/journal/.x.yaml.tmp-Ab12Cd" "$W/$(dirname "$f")/.$(basename "$f").tmp-Ij56Kl" "$W/journal/y.yaml"
expect_file "$W/lien"
expect_file "$W/notes.txt"
# hand edits are never swept into a doctor commit
expect_eq "$(commits "$W")" "$n0"
git -C "$W" checkout -q -- "$f"
rm "$W/notes.txt" "$W/lien"

case_ "an executable bit that was committed: fixed by one commit of its own"
chmod 755 "$W/bilan.yaml"
git -C "$W" add bilan.yaml && git -C "$W" commit -qm "chmod by hand"
n0=$(commits "$W")
run B doctor --fix
expect_rc 0
expect_eq "$(commits "$W")" $((n0 + 1))
expect_eq "$(git -C "$W" log -1 --format=%s)" "doctor: fix file permissions"
expect_eq "$(git -C "$W" ls-tree HEAD bilan.yaml | cut -c1-6)" 100644
expect_eq "$(git -C "$W" show --format= --name-only HEAD)" "bilan.yaml"
expect_clean_repo "$W"

case_ "private data outside private/: errors and warnings, never the data itself"
mkdir -p "$W/contacts"
printf 'name: Marie Dupont\nphone: "06 12 34 56 78"\n' >"$W/contacts/marie.yaml"
printf 'id: 20261120T100000Z-abcd\ndate: "2026-11-20T10:00:00+01:00"\nkind: note\ntitle: à garder pour moi\nprivate: true\n' \
	>"$W/journal/2026/11/20261120T100000Z-abcd.yaml"
printf '# Compte rendu\n\nAppeler Jean au +33 6 98 76 54 32 ou jean.martin@exemple.org.\n' >"$W/compte-rendu.md"
chmod 600 "$W/contacts/marie.yaml" "$W/compte-rendu.md"
chmod 700 "$W/contacts"
run B doctor
expect_rc 1
expect_err "contacts/marie.yaml: a contact's details outside private/"
expect_err "journal/2026/11/20261120T100000Z-abcd.yaml:5:10: marked private but outside private/"
expect_err "compte-rendu.md:3:17: a phone number"
expect_err "compte-rendu.md:3:38: an e-mail address"
expect_err "bilan private"
grep -q "exemple\|98 76\|Dupont" "$T/err" && ko "the personal data itself is shown" || ok
# the private entry made above is not reported
grep -q "private/journal" "$T/err" && ko "a file under private/ reported" || ok
run B doctor --json
python3 -c "
import json; d=json.load(open('$T/out'))
assert d['errors'] == 2 and not d['ok'], d
assert all('exemple' not in x['message'] for x in d['findings'])" && ok || ko "json privacy"
rm -rf "$W/contacts" "$W/compte-rendu.md" "$W/journal/2026/11/20261120T100000Z-abcd.yaml"

case_ "invalid files: the schema errors with their place"
printf 'id: 20261120T110000Z-efgh\ndate: "hier"\nkind: inconnu\ntitle: x\n' >"$W/journal/2026/11/20261120T110000Z-efgh.yaml"
run B doctor
expect_rc 1
expect_err "journal/2026/11/20261120T110000Z-efgh.yaml:[0-9]*:[0-9]*:"
expect_err "\[schema\]"
rm "$W/journal/2026/11/20261120T110000Z-efgh.yaml"

case_ "a damaged repository: named objects, exit 1, nothing 'fixed'"
blob=$(git -C "$W" rev-parse HEAD:bilan.yaml)
obj="$W/.git/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)"
if [ -f "$obj" ]; then
	cp "$obj" "$T/obj.good"
	chmod u+w "$obj"
	printf 'garbage' >"$obj"
	run B doctor
	expect_rc 1
	expect_err "$blob"
	expect_err "damaged"
	run B doctor --fix
	expect_rc 1
	cp "$T/obj.good" "$obj"
	run B doctor
	expect_rc 0
else
	echo "note: bilan.yaml's blob is packed: damaged object case skipped"
fi

case_ "usage"
run B doctor extra
expect_rc 2
run B doctor --bad
expect_rc 2
run B doctor --help
expect_rc 0
expect_out "bilan doctor"
if has_fr; then
	: >"$W/.git/index.lock"
	LC_ALL=fr_FR.UTF-8 LANGUAGE= run B doctor
	expect_rc 1
	expect_err "verrou"
	rm "$W/.git/index.lock"
else
	lacking_part "the fr_FR.UTF-8 locale"
fi
expect_clean_repo "$W"

case_ "a link, a folder or a FIFO where the lock file goes: a clear error (not 'try later'), doctor names and removes it"
for kind in link dir fifo fulldir; do
	case $kind in
	link) ln -s /nonexistent "$W/.git/bilan.lock" ;;
	dir) mkdir "$W/.git/bilan.lock" ;;
	fifo) mkfifo "$W/.git/bilan.lock" ;;
	fulldir) mkdir -p "$W/.git/bilan.lock/dedans" ;;
	esac
	run B journal add -q "bloquée ?"
	expect_rc 1
	expect_err "not bilan's lock file"
	expect_err "doctor --fix"
	run B doctor
	expect_rc 1
	expect_err "where bilan's lock file goes"
	run B doctor --fix
	if [ "$kind" = fulldir ]; then
		expect_rc 1
		expect_err "move it away by hand"
		expect_file "$W/.git/bilan.lock/dedans"
		rm -r "$W/.git/bilan.lock"
	else
		expect_rc 0
		[ -e "$W/.git/bilan.lock" ] || [ -L "$W/.git/bilan.lock" ] && ko "$kind still there" || ok
	fi
	run B journal add -q "après le $kind"
	expect_rc 0
done
expect_clean_repo "$W"

finish
