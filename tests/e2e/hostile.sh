#!/bin/sh
# End-to-end: hostile and broken input.  Each case gets a clear error, a
# non-zero exit and leaves the workspace byte for byte as it was (and the
# history as it was), in bounded time and memory; names never become paths
# outside the workspace; symbolic links are never written through; the
# editor runs without a shell injection; escape sequences are shown
# neutralised, escaped in reports and kept in the files; a full disk and a
# read-only workspace fail cleanly; odd locales and time zones work.
#
# Big inputs are generated here, never committed.  Bounds (HOSTILE_SECONDS,
# default 10 s; HOSTILE_KB, default 200000 KB of maximum resident memory)
# are not checked under valgrind.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
new_ws "$W" --start 2026-03-01
B() { "$BILAN" -C "$W" "$@"; }
has() { "$BILAN" help "$1" >/dev/null 2>&1; }

MAX_S=${HOSTILE_SECONDS:-10}
# (AddressSanitizer's shadow memory adds about half: a wider bound there)
if [ -n "${ASAN_OPTIONS:-}" ]; then MAX_KB=${HOSTILE_KB:-320000}; else MAX_KB=${HOSTILE_KB:-200000}; fi
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "note: no /usr/bin/time (apt-get install time): time and memory not measured"; TIME=""; }
[ -n "${BILAN_TEST_WRAPPER:-}" ] && TIME=""

# measure CMD...: run (as run) and check the time and memory it took
measure() {
	if [ -z "$TIME" ]; then
		run "$@"
		return 0
	fi
	set +e
	"$TIME" -f '%e %M' -o "$T/time" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	set -e
	secs=$(awk '{ print $1 }' "$T/time" | tail -1)
	kb=$(awk '{ print $2 }' "$T/time" | tail -1)
	awk -v s="$secs" -v m="$MAX_S" 'BEGIN { exit !(s <= m) }' && ok || ko "took ${secs} s (bound ${MAX_S} s)"
	[ "${kb:-0}" -le "$MAX_KB" ] && ok || ko "used ${kb} KB (bound ${MAX_KB} KB)"
}

# The workspace, byte for byte: every file but the lock and the derived,
# rebuildable caches of .git/bilan-cache (journal list may refresh them).
snapshot() { (cd "$1" && find . -path ./.git/bilan.lock -prune -o -path ./.git/bilan-cache -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum) | sha256sum; }

# Files outside the workspace: nothing may appear there.
outside() { (cd "$T" && find . -path ./ws -prune -o -path ./home -prune -o -print | LC_ALL=C sort); }

B journal add -q -d "2026-11-20 10:00" --duration 45min "Une entrée ordinaire" >/dev/null
has piste && B piste add "Boulangère" >/dev/null

# --- hostile YAML -----------------------------------------------------------
gen="$T/gen"
mkdir -p "$gen"
# billion laughs: nine levels of nine aliases
python3 - "$gen" <<'EOF'
import sys, os
d = sys.argv[1]
s = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
for i in range(1, 10):
    p, c = chr(96 + i), chr(97 + i)
    s += f'{c}: &{c} [' + ','.join(['*' + p] * 9) + ']\n'
open(f'{d}/laughs', 'w').write(s)
open(f'{d}/anchor', 'w').write('id: &x 20261120T090000Z-aaaa\ntitle: *x\n')
open(f'{d}/deep-flow', 'w').write('body: ' + '[' * 10000 + ']' * 10000 + '\n')
open(f'{d}/deep-map', 'w').write('body: ' + '{a: ' * 10000 + '1' + '}' * 10000 + '\n')
open(f'{d}/deep-block', 'w').write(''.join('  ' * i + f'k{i}:\n' for i in range(300)))
open(f'{d}/long-key', 'w').write('k' * (1 << 20) + ': 1\n')
open(f'{d}/tabs', 'w').write('id: 20261120T090000Z-aaaa\nkind: note\ntags:\n\t- a\n')
open(f'{d}/utf8', 'wb').write(b'id: 20261120T090000Z-aaaa\ntitle: "caf\xc3\x28 \xff\xfe"\n')
open(f'{d}/nul', 'wb').write(b'id: 20261120T090000Z-aaaa\ntitle: un\x00deux\n')
open(f'{d}/dup', 'w').write('id: 20261120T090000Z-aaaa\ndate: 2026-11-20T10:00:00+01:00\nkind: note\ntitle: a\ntitle: b\n')
open(f'{d}/types', 'w').write('id: [1, 2]\ndate: {a: b}\nkind: 42\ntitle: [x]\nduration: true\ntags: "valeurs"\nbody: {x: 1}\n')
open(f'{d}/types-config', 'w').write('format: "un"\nlanguage: [fr]\nbeneficiary: Camille\nconsultant: {name: [x]}\nstart: 42\nweekly_goal: true\nphase: {a: b}\n')
open(f'{d}/multidoc', 'w').write('id: 20261120T090000Z-aaaa\n---\nid: 20261120T090000Z-bbbb\n')
open(f'{d}/unclosed', 'w').write('id: 20261120T090000Z-aaaa\ntitle: "pas fini\nkind: note\n')
open(f'{d}/raw-escape', 'w').write('id: 20261120T090000Z-aaaa\ntitle: a\x1b[31mb\n')
EOF
# 100 MB: a sparse file (nothing is read past the size check)
printf 'id: 20261120T090000Z-aaaa\n' >"$gen/huge"
truncate -s 100M "$gen/huge"

for name in laughs anchor deep-flow deep-map deep-block long-key tabs utf8 nul dup types multidoc unclosed raw-escape huge; do
	case_ "hostile YAML ($name) in a journal entry: refused, nothing changed"
	bad="journal/2026/11/20261120T090000Z-aaaa.yaml"
	cp "$gen/$name" "$W/$bad"
	snap=$(snapshot "$W")
	n0=$(commits "$W")
	for cmd in "check" "journal list" "save" "doctor"; do
		# shellcheck disable=SC2086
		measure "$BILAN" -C "$W" $cmd
		[ "$rc" -ne 0 ] && ok || ko "$cmd: exit 0 on a hostile file"
		[ "$rc" -le 2 ] && ok || ko "$cmd: exit $rc"
		grep -q "$bad" "$T/err" && ok || ko "$cmd: the error does not name the file: $(head -2 "$T/err")"
	done
	# the file's error has a place (FILE:LINE) when it has content
	run B check "$bad"
	expect_rc 1
	if [ "$name" != huge ]; then
		grep -q "$bad:[0-9]" "$T/err" && ok || ko "no FILE:LINE in: $(head -1 "$T/err")"
	else
		grep -q "too large\|larger than" "$T/err" && ok || ko "no size in: $(head -1 "$T/err")"
	fi
	# a mutating command still works beside it (it never reads that file)
	measure "$BILAN" -C "$W" status
	[ "$rc" -le 1 ] && ok || ko "status exit $rc"
	expect_eq "$(snapshot "$W")" "$snap"
	expect_eq "$(commits "$W")" "$n0"
	rm -f "$W/$bad"
done

case_ "a 1 MB line in a value: accepted within the limits, in bounded time"
python3 -c "import sys; open(sys.argv[1], 'w').write('id: 20261120T090000Z-cccc\ndate: \"2026-11-20T09:00:00+01:00\"\nkind: note\ntitle: longue ligne\nbody: ' + 'mot ' * 250000 + '\n')" \
	"$W/journal/2026/11/20261120T090000Z-cccc.yaml"
measure "$BILAN" -C "$W" check journal/2026/11/20261120T090000Z-cccc.yaml
expect_rc 0
measure "$BILAN" -C "$W" journal list -n 3
expect_rc 0
measure "$BILAN" -C "$W" save
expect_rc 0
expect_clean_repo "$W"

for name in laughs deep-flow tabs utf8 nul dup types-config huge; do
	case_ "hostile YAML ($name) as bilan.yaml: every command refuses, nothing changed"
	cp "$W/bilan.yaml" "$T/bilan.yaml.good"
	cp "$gen/$name" "$W/bilan.yaml"
	snap=$(snapshot "$W")
	n0=$(commits "$W")
	for cmd in "status" "journal add -q texte" "check" "doctor --fix"; do
		# shellcheck disable=SC2086
		measure "$BILAN" -C "$W" $cmd
		[ "$rc" -eq 1 ] && ok || ko "$cmd: exit $rc, expected 1"
		expect_err "bilan.yaml"
	done
	expect_eq "$(snapshot "$W")" "$snap"
	expect_eq "$(commits "$W")" "$n0"
	cp "$T/bilan.yaml.good" "$W/bilan.yaml"
done
expect_clean_repo "$W"

if has piste; then
	for name in laughs types dup; do
		case_ "hostile YAML ($name) in a piste file: refused, nothing changed"
		cp "$W/pistes/boulangere.yaml" "$T/piste.good"
		cp "$gen/$name" "$W/pistes/boulangere.yaml"
		snap=$(snapshot "$W")
		# the list names the broken file (field-work lists warn and go on)
		measure "$BILAN" -C "$W" piste list
		expect_err "pistes/boulangere.yaml"
		# a command on it refuses
		measure "$BILAN" -C "$W" piste set boulangere en-exploration
		[ "$rc" -ne 0 ] && ok || ko "piste set on a broken file: exit 0"
		run B check pistes/boulangere.yaml
		expect_rc 1
		expect_eq "$(snapshot "$W")" "$snap"
		cp "$T/piste.good" "$W/pistes/boulangere.yaml"
	done
fi
if has test; then
	case_ "hostile questionnaire definitions: refused, nothing changed"
	mkdir -p "$W/questionnaires"
	for name in laughs deep-flow types; do
		cp "$gen/$name" "$W/questionnaires/hostile.yaml"
		snap=$(snapshot "$W")
		measure "$BILAN" -C "$W" test run -q --answers 1 hostile
		[ "$rc" -ne 0 ] && ok || ko "test run: exit 0"
		expect_err "questionnaires/hostile.yaml"
		expect_eq "$(snapshot "$W")" "$snap"
	done
	printf 'id: ../../evil\nversion: 1\n' >"$W/questionnaires/hostile.yaml"
	run B test run -q --answers 1 ../../evil
	[ "$rc" -ne 0 ] && ok || ko "test run ../../evil: exit 0"
	rm -rf "$W/questionnaires"
fi
expect_clean_repo "$W"

# --- names that become paths ---------------------------------------------------
case_ "names that become paths never leave the workspace"
before_out=$(outside)
n0=$(commits "$W")
ctrl=$(printf 'a\033[31mb\007c')
if has piste; then
	for title in "../../../etc/evil" "/" "/tmp/evil" ".." "." "$ctrl" "Boulangère" "boulangere" "BOULANGÈRE" "boulangère " "con" "a/b/../../c"; do
		run B piste add -- "$title"
		[ "$rc" -le 2 ] && ok || ko "piste add '$title': exit $rc"
	done
	# every piste file is a direct child of pistes/, names unique ignoring case
	bad=$(cd "$W" && find . -path ./.git -prune -o -type f -print | grep -v '^\./\(pistes\|journal\|bilan.yaml\|\.gitignore\)' || true)
	[ -z "$bad" ] && ok || ko "files outside the known folders: $bad"
	expect_eq "$(ls "$W/pistes" | tr 'A-Z' 'a-z' | sort | uniq -d)" ""
	for f in "$W"/pistes/*; do
		case $(basename "$f") in
		*[!a-z0-9.-]*) ko "piste file name '$(basename "$f")'" ;;
		*) ok ;;
		esac
	done
	# "Boulangère" (above), then four names that differ by case, accents, a space
	expect_eq "$(ls "$W/pistes" | grep -c '^boulangere')" 5
	for ref in "../../../etc/passwd" "/etc/passwd" "pistes/../bilan" ""; do
		run B piste set -- "$ref" validee --reason x
		[ "$rc" -ne 0 ] && ok || ko "piste set '$ref': exit 0"
		run B piste show -- "$ref"
		[ "$rc" -ne 0 ] && ok || ko "piste show '$ref': exit 0"
	done
fi
for ref in "../../../etc/passwd" "/etc/passwd" "journal/../bilan.yaml" "$ctrl"; do
	run B journal show -- "$ref"
	[ "$rc" -ne 0 ] && ok || ko "journal show '$ref': exit 0"
	run B journal rm --force -- "$ref"
	[ "$rc" -ne 0 ] && ok || ko "journal rm '$ref': exit 0"
done
if has test; then
	for qid in "../../etc/passwd" "/etc/passwd" "RIASEC" "riasec/../x" "$ctrl"; do
		run B test run -q --answers 1 -- "$qid"
		[ "$rc" -ne 0 ] && ok || ko "test run '$qid': exit 0"
	done
fi
for tag in "../x" "/x" "a/b" "$ctrl"; do
	run B journal add -q --tag "$tag" texte
	expect_rc 2
done
for kind in "../x" "$ctrl"; do
	run B journal add -q -k "$kind" texte
	expect_rc 2
done
has private && { run B private ../../etc/passwd; [ "$rc" -ne 0 ] && ok || ko "private ../../etc/passwd: exit 0"; }
expect_eq "$(outside)" "$before_out"
expect_clean_repo "$W"

# --- symbolic links ---------------------------------------------------------------
case_ "a symbolic link in the workspace pointing outside: never written through"
mkdir -p "$T/victim"
echo "à garder" >"$T/victim/victim.yaml"
vsnap=$(cd "$T/victim" && ls -la; cat victim.yaml)
n0=$(commits "$W")
mkdir -p "$W/journal/2026"
ln -s "$T/victim" "$W/journal/2026/09"
run B journal add -q -d "2026-09-01 10:00" "vers le lien"
expect_rc 1
expect_err "symbolic link"
rm "$W/journal/2026/09"
mv "$W/journal" "$T/journal.moved"
ln -s "$T/victim" "$W/journal"
run B journal add -q "vers le lien"
expect_rc 1
expect_err "symbolic link"
rm "$W/journal"
mv "$T/journal.moved" "$W/journal"
if has piste; then
	mv "$W/pistes/boulangere.yaml" "$T/boulangere.yaml"
	ln -s "$T/victim/victim.yaml" "$W/pistes/boulangere.yaml"
	run B piste set boulangere en-exploration
	[ "$rc" -ne 0 ] && ok || ko "piste set through a link: exit 0"
	rm "$W/pistes/boulangere.yaml"
	mv "$T/boulangere.yaml" "$W/pistes/boulangere.yaml"
fi
ln -s "$T/victim/lock" "$W/.git/bilan.lock"
run B journal add -q "lock lié"
expect_rc 1
expect_no_file "$T/victim/lock"
rm "$W/.git/bilan.lock"
expect_eq "$(cd "$T/victim" && ls -la; cat victim.yaml)" "$vsnap"
expect_eq "$(commits "$W")" "$n0"
expect_clean_repo "$W"

# --- standard input of 1 GB ---------------------------------------------------------
case_ "1 GB on standard input: refused past the documented limit, not read to the end"
cat >"$T/feed.py" <<'EOF'
import os, sys, time
chunk = b'a' * 65536
sent = 0
t0 = time.time()
try:
    while sent < (1 << 30):
        os.write(1, chunk)
        sent += len(chunk)
except BrokenPipeError:
    pass
finally:
    open(sys.argv[1], 'w').write('%d %.2f\n' % (sent, time.time() - t0))
EOF
n0=$(commits "$W")
snap=$(snapshot "$W")
set +e
python3 -c "import signal; signal.signal(signal.SIGPIPE, signal.SIG_IGN); exec(open('$T/feed.py').read())" "$T/fed" |
	"$BILAN" -C "$W" journal add -q - >"$T/out" 2>"$T/err"
rc=$?
set -e
expect_rc 1
expect_err "too large"
sent=$(awk '{ print $1 }' "$T/fed")
[ "$sent" -lt $((8 * 1024 * 1024)) ] && ok || ko "bilan read $sent bytes before refusing"
expect_eq "$(commits "$W")" "$n0"
expect_eq "$(snapshot "$W")" "$snap"
if has test; then
	set +e
	python3 -c "import signal; signal.signal(signal.SIGPIPE, signal.SIG_IGN); exec(open('$T/feed.py').read())" "$T/fed" |
		"$BILAN" -C "$W" test run -q --answers-file - riasec >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	[ "$rc" -ne 0 ] && ok || ko "test run --answers-file -: exit 0"
	sent=$(awk '{ print $1 }' "$T/fed")
	[ "$sent" -lt $((8 * 1024 * 1024)) ] && ok || ko "test run read $sent bytes"
	expect_eq "$(snapshot "$W")" "$snap"
fi

# --- the editor -----------------------------------------------------------------
case_ "\$EDITOR with arguments and spaces, and a workspace path with shell characters: no injection"
mkdir -p "$T/my editor/bin"
cat >"$T/my editor/bin/ed" <<'EOF'
#!/bin/sh
# records its arguments, one per line, then writes an entry into the last one
for a in "$@"; do printf '%s\n' "$a"; done >"$EDITOR_LOG"
for last in "$@"; do :; done
printf 'Écrit par l’éditeur\n\nDu texte.\n' >"$last"
EOF
chmod +x "$T/my editor/bin/ed"
export EDITOR_LOG="$T/editor.log"
odd="$T/odd \$(touch \"$T/pwned1\"); \`touch $T/pwned2\` & 'q'"
new_ws "$odd"
# 1. a value that is a path with spaces, unquoted: run as is
EDITOR="$T/my editor/bin/ed" VISUAL= run "$BILAN" -C "$odd" journal add -q -e
expect_rc 0
expect_eq "$(wc -l <"$EDITOR_LOG")" 1
case $(cat "$EDITOR_LOG") in "$odd"/*|/*) ok ;; *) ko "editor got: $(cat "$EDITOR_LOG")" ;; esac
# 2. shell words with an argument, the path quoted: like "code --wait"
EDITOR="\"$T/my editor/bin/ed\" --wait" VISUAL= run "$BILAN" -C "$odd" journal add -q -e
expect_rc 0
expect_eq "$(head -1 "$EDITOR_LOG")" "--wait"
expect_eq "$(wc -l <"$EDITOR_LOG")" 2
# 3. VISUAL wins over EDITOR
VISUAL="\"$T/my editor/bin/ed\" -f" EDITOR=false TERM=xterm run "$BILAN" -C "$odd" journal add -q -e
expect_rc 0
expect_eq "$(head -1 "$EDITOR_LOG")" "-f"
expect_no_file "$T/pwned1"
expect_no_file "$T/pwned2"
expect_no_file "$odd/pwned1"
expect_eq "$(grep -rl 'Écrit par' "$odd/journal" | wc -l)" 3
expect_clean_repo "$odd"
# 4. an editor that fails: nothing recorded
n0=$(commits "$odd")
EDITOR=false VISUAL= run "$BILAN" -C "$odd" journal add -q -e
[ "$rc" -ne 0 ] && ok || ko "a failing editor: exit 0"
expect_eq "$(commits "$odd")" "$n0"

# --- escape sequences ------------------------------------------------------------------
case_ "escape sequences in an entry: neutralised on a terminal, escaped in JSON and HTML, kept in the file"
esc_title=$(printf 'titre \033[2J\033]0;pwn\007 fin')
esc_body=$(printf 'corps \033[31mrouge\033[0m <script>alert(1)</script> [lien](javascript:alert(1)) <img src=x onerror=alert(2)> &#x1b;]0;pwn&#x07; ![x](data:image/png;base64,AAAA) fin')
run B journal add -q -t "$esc_title" -- "$esc_body"
expect_rc 0
f=$(cd "$W" && git show --name-only --format= HEAD | grep '^journal/')
# kept: the file loads back to the same bytes
python3 - "$W/$f" "$esc_title" "$esc_body" <<'EOF' && ok || ko "the escape sequences are not kept in the file"
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
assert d['title'] == sys.argv[2], d['title']
assert sys.argv[3] in d['body'], d['body']
EOF
grep -q "$(printf '\033')" "$W/$f" && ko "a raw ESC byte in the file" || ok
id=$(basename "$f" .yaml)
for cmd in "journal show $id" "journal list" "status" "log -n 3"; do
	set +e
	TERM=xterm PAGER=cat script -qec "$BILAN -C '$W' $cmd" /dev/null >"$T/tty" 2>&1
	set -e
	# no escape sequence from the entry reaches the terminal: only
	# bilan's own colours (ESC [ digits ; m) may appear
	if LC_ALL=C grep -a "$(printf '\033')" "$T/tty" | LC_ALL=C sed "s/$(printf '\033')\[[0-9;]*m//g" | LC_ALL=C grep -qa "$(printf '\033\|\007')"; then
		ko "$cmd: an escape sequence reaches the terminal"
	else
		ok
	fi
done
script -qec "$BILAN -C '$W' journal show $id" /dev/null >"$T/tty" 2>&1 || true
grep -q 'x1b\[2J' "$T/tty" && ok || ko "not shown as \\x1b: $(head -5 "$T/tty")"
run B journal show --json "$id"
expect_rc 0
python3 - "$T/out" "$esc_title" <<'EOF' && ok || ko "JSON does not carry the title as it is"
import json, sys
d = json.load(open(sys.argv[1]))
assert d['title'] == sys.argv[2], d['title']
EOF
grep -q "$(printf '\033')" "$T/out" && ko "raw ESC in JSON" || ok
if has report; then
	run B report --format html -o "$T/report.html"
	expect_rc 0
	grep -q "$(printf '\033')" "$T/report.html" && ko "raw ESC in the HTML report" || ok
	grep -qi '<script' "$T/report.html" && ko "a <script> element in the HTML report" || ok
	grep -qi 'href="javascript' "$T/report.html" && ko "a javascript: link in the HTML report" || ok
	grep -qi 'onerror=' "$T/report.html" && ko "an event handler in the HTML report" || ok
	grep -qi '<img' "$T/report.html" && ko "an <img> in the HTML report" || ok
	grep -q 'Content-Security-Policy' "$T/report.html" && ok || ko "no Content-Security-Policy"
	grep -q 'rouge' "$T/report.html" && ok || ko "the entry is not in the report"
else
	echo "note: no 'bilan report' yet: HTML escaping not checked"
fi
# an escape written by hand (a consultant's push) in YAML's own escape form
printf 'id: 20261120T100000Z-dddd\ndate: "2026-11-20T10:00:00+01:00"\nkind: note\ntitle: "poussé \\e[5mclignote\\e[0m"\n' \
	>"$W/journal/2026/11/20261120T100000Z-dddd.yaml"
run B save
expect_rc 0
set +e
TERM=xterm PAGER=cat script -qec "$BILAN -C '$W' journal show dddd" /dev/null >"$T/tty" 2>&1
set -e
grep -q 'x1b\[5m' "$T/tty" && ok || ko "a pushed escape not neutralised"
expect_clean_repo "$W"

# --- full disk, read-only workspace -----------------------------------------------------
if [ "$(id -u)" = 0 ] && mkdir -p "$T/mnt" && mount -t tmpfs -o size=1m bilan-e2e "$T/mnt" 2>/dev/null; then
	# (set -e applies inside traps: every command may fail)
	trap 'umount "$T/mnt" 2>/dev/null || :; umount "$T/ro" 2>/dev/null || :; rm -rf "$T" || :' EXIT INT TERM
	case_ "a full disk: a clear error, no partial file, the previous state intact"
	D="$T/mnt/ws"
	new_ws "$D"
	"$BILAN" -C "$D" journal add -q "avant le disque plein" >/dev/null
	big=$(python3 -c "print('mot ' * 2000)")
	failures=0 successes=0
	for free_kb in 0 4 8 12 16 24 32 48 64 96; do
		rm -f "$T/mnt/filler"
		avail=$(df -k --output=avail "$T/mnt" | tail -1)
		fill=$((avail - free_kb))
		[ "$fill" -gt 0 ] && dd if=/dev/zero of="$T/mnt/filler" bs=1k count="$fill" status=none 2>/dev/null || true
		snap=$(snapshot "$D")
		n0=$(commits "$D")
		run "$BILAN" -C "$D" journal add -q -- "$big"
		# room again, for git to look (git status writes its index)
		rm -f "$T/mnt/filler"
		if [ "$rc" -eq 0 ]; then
			successes=$((successes + 1))
			expect_eq "$(commits "$D")" $((n0 + 1))
		else
			failures=$((failures + 1))
			expect_rc 1
			grep -qi "no space left\|disk is full\|disk full" "$T/err" && ok || ko "unclear: $(head -2 "$T/err")"
			expect_eq "$(commits "$D")" "$n0"
			# rolled back: the working tree is the last commit
			expect_eq "$(git -C "$D" status --porcelain)" ""
		fi
		[ -z "$(find "$D" -path "$D/.git" -prune -o -name '*.yaml' -size 0 -print)" ] && ok || ko "an empty file"
		rm -f "$T/mnt/filler"
		git -C "$D" fsck --full --strict >/dev/null 2>&1 && ok || ko "git fsck after a full disk ($free_kb KB free)"
	done
	echo "full disk: $failures refused, $successes done"
	[ "$failures" -gt 0 ] && ok || ko "the disk was never full enough"
	run "$BILAN" -C "$D" journal add -q "après le disque plein"
	expect_rc 0
	run "$BILAN" -C "$D" doctor --fix
	[ "$rc" -le 1 ] && ok || ko "doctor --fix exit $rc"
	run "$BILAN" -C "$D" doctor
	expect_rc 0
	expect_clean_repo "$D"
	umount "$T/mnt"

	case_ "a read-only workspace: reading works, writing fails clearly, nothing changed"
	mkdir -p "$T/ro"
	mount --bind "$W" "$T/ro"
	mount -o remount,ro,bind "$T/ro"
	snap=$(snapshot "$W")
	for cmd in "status" "journal list" "check" "log -n 2"; do
		# shellcheck disable=SC2086
		run "$BILAN" -C "$T/ro" $cmd
		expect_rc 0
	done
	run "$BILAN" -C "$T/ro" journal add -q "lecture seule"
	expect_rc 1
	expect_err "ead-only"
	has piste && { run "$BILAN" -C "$T/ro" piste add "Fleuriste"; expect_rc 1; expect_err "ead-only"; }
	run "$BILAN" -C "$T/ro" gc
	expect_rc 1
	umount "$T/ro"
	expect_eq "$(snapshot "$W")" "$snap"
else
	echo "note: not root, or tmpfs cannot be mounted: the full disk is made with 'ulimit -f'"
	case_ "a file size limit (ulimit -f): a clear error, nothing changed"
	snap=$(snapshot "$W")
	n0=$(commits "$W")
	big=$(python3 -c "print('mot ' * 2000)")
	set +e
	(ulimit -f 4; "$BILAN" -C "$W" journal add -q -- "$big") >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	expect_rc 1
	expect_err "maximum file size"
	expect_eq "$(commits "$W")" "$n0"
	expect_eq "$(snapshot "$W")" "$snap"
fi
expect_clean_repo "$W"

# --- locales and time zones ----------------------------------------------------------------
case_ "LANG=C: accents in and out, English messages"
LANG=C LC_ALL=C run B journal add -q -t "Été à l'œuvre" "Ça déménage : « guillemets »"
expect_rc 0
LANG=C LC_ALL=C run B journal list -n 1
expect_rc 0
expect_out "Été à l'œuvre"
LANG=C LC_ALL=C run B journal add -q -k nimportequoi x
expect_rc 2
expect_err "valid values"
LANG=C LC_ALL=C run B check
expect_rc 0

case_ "TZ unset and odd time zones: the workspace's zone decides, dates stored with their offset"
env -u TZ "$BILAN" -C "$W" journal add -q "sans TZ" >/dev/null && ok || ko "TZ unset"
for z in Asia/Kathmandu:+05:45 Pacific/Chatham:+13:45 America/St_Johns:-03:30 Australia/Lord_Howe:+11:00 Pacific/Kiritimati:+14:00; do
	zone=${z%%:*} off=${z#*:}
	new_ws "$T/zone" --timezone "$zone"
	# the process's zone is another one: the workspace's wins
	TZ=America/Los_Angeles run "$BILAN" -C "$T/zone" journal add -q -d "2026-11-20 23:50" "fuseau $zone"
	expect_rc 0
	grep -h '^date:' "$T"/zone/journal/2026/11/*.yaml | grep -q "2026-11-20T23:50:00$off" && ok || ko "$zone: no $off offset stored: $(grep -h '^date:' "$T"/zone/journal/2026/11/*.yaml)"
	run "$BILAN" -C "$T/zone" check
	expect_rc 0
	rm -rf "$T/zone"
done
run B check
expect_rc 0

case_ "hostile clocks and zones: BILAN_NOW, --timezone, timezone: in bilan.yaml"
BILAN_NOW= run "$BILAN" -C "$W" journal add -q "horloge du système"
expect_rc 0
snap0=$(snapshot "$W")
c0=$(commits "$W")
for v in "x" "9999-99-99T99:99:99Z" "2026-12-07T00:30:00+01:00$(printf '\033')[2J" \
	"$(head -c 5000 /dev/zero | tr '\0' 9)" "2026-12-07T00:30:00+99:99" "-1" "@1796599800"; do
	BILAN_NOW=$v run "$BILAN" -C "$W" journal add -q "horloge"
	expect_rc 2
	grep -q "$(printf '\033')" "$T/err" && ko "raw escape printed back" || ok
done
BILAN_NOW="1000-01-01T00:00:00Z" run "$BILAN" -C "$W" journal add -q "an mille"
expect_rc 2   # before the epoch: refused, nothing written
BILAN_NOW="9999-12-31T23:59:59-23:59" run "$BILAN" -C "$W" status
expect_rc 2   # after 9999 in UTC
for z in "../../../etc/passwd" "/etc/localtime" "Europe/../../../etc/passwd" "$(printf 'Europe/Paris\nphase: terminee')" \
	"zone.tab" "Europe" "$(head -c 300 /dev/zero | tr '\0' a)" "posixrules/../UTC" "Europe/Paris;rm -rf ~"; do
	run "$BILAN" init -q --name X --consultant Y --timezone "$z" "$T/zws"
	expect_rc 2
	expect_no_file "$T/zws/bilan.yaml"
	rm -rf "$T/zws"
done
# a hostile zone written by hand: an error at its line, nothing written
cp "$W/bilan.yaml" "$T/bilan.yaml.good"
sed -i 's|^timezone: .*|timezone: ../../../../etc/passwd|' "$W/bilan.yaml"
run B journal add -q "zone"
expect_rc 1
expect_err "bilan.yaml:[0-9]*:[0-9]*: .*time zone"
cp "$T/bilan.yaml.good" "$W/bilan.yaml"
expect_eq "$(commits "$W")" "$c0"
expect_eq "$(snapshot "$W")" "$snap0"

case_ "a change to summer time inside a week: journal time counts it in its week"
export TZ=Europe/Paris
for d in "2026-03-23 09:00" "2026-03-28 20:00" "2026-03-29 01:30" "2026-03-29 02:30" "2026-03-29 23:30" "2026-03-30 00:30"; do
	run B journal add -q -d "$d" --duration 30min "semaine du changement d'heure $d"
	expect_rc 0
done
run B journal time --since 2026-03-23 --json
expect_rc 0
python3 - "$T/out" <<'EOF' && ok || ko "weeks around the change to summer time: $(head -c 400 "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
w = {x['week']: x for x in d['weeks']}
assert w['2026-W13']['minutes'] == 5 * 30 and w['2026-W13']['entries'] == 5, w['2026-W13']
assert w['2026-W14']['minutes'] == 30 and w['2026-W14']['entries'] == 1, w['2026-W14']
EOF
# 02:30 does not exist that night: stored as a valid time (03:30+02:00)
grep -h '^date:' "$W"/journal/2026/03/*.yaml | grep -q '2026-03-29T02:30' && ko "a time that does not exist was stored" || ok
run B check
expect_rc 0
expect_clean_repo "$W"

if has share; then
	case_ "share init with hostile URLs and names: refused with exit 2, nothing printed back raw, nothing stored, nothing changed"
	WS="$T/ws-share"
	new_ws "$WS"
	esc=$(printf '\033')
	c1=$(printf '\302\233')        # U+009B, CSI for some terminals
	long=$(head -c 100000 /dev/zero | tr '\0' a)
	snap=$(snapshot "$WS")
	n=$(commits "$WS")
	# URL|NAME|what stderr says (each line a refused case)
	while IFS='|' read -r url to says; do
		url=$(printf '%b' "$url")
		to=$(printf '%b' "$to")
		[ "$url" = LONG ] && url="https://forge.example/$long"
		[ "$to" = LONG ] && to="Sophie $long"
		measure "$BILAN" -C "$WS" share init "$url" --to "$to"
		expect_rc 2
		expect_err "$says"
		grep -q "$esc\|$c1\|secret\|aaaaaaaaaaaaaaaa" "$T/err" "$T/out" && ko "printed back raw: $(head -c 200 "$T/err" | od -c | head -3)" || ok
		expect_eq "$(snapshot "$WS")" "$snap"
		expect_eq "$(commits "$WS")" "$n"
	done <<'CASES'
https://forge.example/c.git|Sophie\033[2J\033]0;pwned\007 Durand|control character
https://forge.example/c.git|Sophie \302\233 31m Durand|control character
https://forge.example/c.git|Sophie\nDurand|control character
https://forge.example/c.git|Sophie \377 Durand|UTF-8
https://forge.example/c.git||--to NAME
https://forge.example/c.git|   |--to NAME
https://forge.example/c.git|LONG|too long
https://forge.example/c.git\033[31m|Sophie Durand|control character
https://forge.example/\302\233c.git|Sophie Durand|control character
https://forge.example/\377c.git|Sophie Durand|UTF-8
LONG|Sophie Durand|too long
https://user:secret@forge.example/x|Sophie Durand|password
https://user:se/cret@forge.example/x|Sophie Durand|password
https://user:secret@forge.example|Sophie Durand|password
HTTPS://user:secret@forge.example/x|Sophie Durand|password
ssh://user:secret@forge.example:22/x|Sophie Durand|password
user:secret@forge.example:x.git|Sophie Durand|password
https://secret@forge.example/x|Sophie Durand|token
https://forge.example/x.git?access_token=secret|Sophie Durand|query string
ssh://user%3Asecret@forge.example/x|Sophie Durand|password
ext::sh -c secret|Sophie Durand|TRANSPORT::
fd::7|Sophie Durand|TRANSPORT::
 https://user:secret@forge.example/x|Sophie Durand|space
|Sophie Durand|empty
ssh:/forge.example/c.git|Sophie Durand|SCHEME://HOST/PATH
https:/forge.example/c.git|Sophie Durand|SCHEME://HOST/PATH
ssh:///c.git|Sophie Durand|SCHEME://HOST/PATH
CASES
	# and never stored: neither in the consent nor in the configuration
	grep -rqs secret "$WS/partage.yaml" "$WS/.git/config" && ko "a password was stored" || ok
	run "$BILAN" -C "$WS" backup "https://user:secret@forge.example/backup.git"
	expect_rc 2
	expect_err "password"
	grep -q secret "$T/err" "$T/out" && ko "backup printed the password" || ok
	expect_eq "$(snapshot "$WS")" "$snap"

	case_ "share init with odd but harmless input: accepted, printed neutralised, stored as given"
	run "$BILAN" -C "$WS" share init "ssh://git@[::1]:2222/c.git" --to "Sophie « Durand » <s@d>"
	expect_rc 0
	grep -q "to: Sophie « Durand » <s@d>" "$WS/partage.yaml" && ok || ko "the name not stored as given: $(grep 'to:' "$WS/partage.yaml")"
	expect_eq "$(git -C "$WS" config remote.partage.url)" "ssh://git@[::1]:2222/c.git"
	run "$BILAN" -C "$WS" share revoke
	expect_rc 0
	# a port then an '@' in the path: no password there
	run "$BILAN" -C "$WS" share init "https://forge.example:8443/c@v2.git" --to "Sophie Durand"
	expect_rc 0
	expect_eq "$(git -C "$WS" config remote.partage.url)" "https://forge.example:8443/c@v2.git"
	expect_clean_repo "$WS"

	case_ "share accept with paths that try to leave the workspace or reach .git: refused, nothing recorded, nothing changed"
	snap=$(snapshot "$WS")
	state=$(cat "$WS/.git/bilan/share.yaml" 2>/dev/null || true)
	long=$(head -c 100000 /dev/zero | tr '\0' a)
	esc=$(printf '\033')
	for p in ../outside.yaml /etc/passwd .git/config "journal/../../x.yaml" private "private/x.yaml" \
		"$long" "$(printf 'journal/\033[2Jx.yaml')" "" "journal/nothing.yaml"; do
		measure "$BILAN" -C "$WS" share accept "$p"
		if [ "$rc" -eq 0 ]; then ko "share accept '$(printf '%s' "$p" | head -c 40)' was accepted"; else ok; fi
		grep -q "$esc\|aaaaaaaaaaaaaaaa" "$T/err" "$T/out" && ko "printed back raw" || ok
	done
	expect_eq "$(snapshot "$WS")" "$snap"
	expect_eq "$(cat "$WS/.git/bilan/share.yaml" 2>/dev/null || true)" "$state"
fi


case_ "every list command, one exit rule for broken files: list what can be read, name FILE:LINE:COL, exit 1"
L="$T/lists"
new_ws "$L"
BL() { "$BILAN" -C "$L" "$@"; }
# the records (a list may refresh its cache under .git)
records() { (cd "$L" && find . -path ./.git -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum) | sha256sum; }
{ BL journal add -q "entrée lisible" && BL piste add "Menuisière" && BL todo add "appeler l'atelier" &&
	BL enquete add --piste menuisiere --role "Menuisière" --org "Atelier" &&
	BL seance add --subject "bilan d'étape" "$(day_of 7)" 10:00; } >/dev/null || ko "setup of the lists"
for kind in journal piste todo enquete seance; do
	case $kind in
	journal) dir=journal/2026/11; readable="entrée lisible" ;;
	piste) dir=pistes; readable="menuisiere" ;;
	todo) dir=todo; readable="appeler" ;;
	enquete) dir=enquetes; readable="menuisiere" ;;
	seance) dir=seances; readable="$(day_of 7)" ;;
	esac
	mkdir -p "$L/$dir"
	bad="$dir/20261120T100000Z-bad1.yaml"
	printf 'id: 20261120T100000Z-bad1\ntitle: [cassé\n' >"$L/$bad"
	snap=$(records)
	run BL "$kind" list
	[ "$rc" -eq 1 ] && ok || ko "$kind list on a broken file: exit $rc, expected 1"
	expect_err "$bad:[0-9]*:[0-9]*: "
	grep -q "$readable" "$T/out" && ok || ko "$kind list did not list what it could read"
	run BL "$kind" list --json
	[ "$rc" -eq 1 ] && ok || ko "$kind list --json on a broken file: exit $rc, expected 1"
	expect_err "$bad:[0-9]*:[0-9]*: "
	python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$T/out" && ok || ko "$kind list --json: not JSON"
	expect_eq "$(records)" "$snap"
	rm -f "$L/$bad"
	run BL "$kind" list
	expect_rc 0
done



case_ "a permanent error is never 'try again later' (75): a mistyped remote, an http server asking for a password"
PW="$T/perm-ws"
new_ws "$PW"
"$BILAN" -C "$PW" share init "$T/nowhere.git" --to "Sophie Durand" >/dev/null
# a consent recorded by an older bilan, which took 'ssh:/host' (a typo)
sed -i "s|remote: .*|remote: ssh:/forge.example/c.git|" "$PW/partage.yaml"
git -C "$PW" commit -qam "an older bilan's consent"
run "$BILAN" -C "$PW" sync
expect_rc 1
expect_err "not a valid address"
expect_err "does not help"
# an http server that answers 401 (asks for a login and password)
cat >"$T/http401.py" <<'EOF2'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="forge"')
        self.send_header("Content-Length", "0")
        self.end_headers()
    do_POST = do_GET
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
EOF2
$SERVER python3 "$T/http401.py" >"$T/http401.port" &
hpid=$!
n=0; while [ ! -s "$T/http401.port" ] && [ $n -lt 100 ]; do sleep 0.05; n=$((n + 1)); done
hport=$(cat "$T/http401.port")
"$BILAN" -C "$PW" share revoke >/dev/null
"$BILAN" -C "$PW" share init "http://127.0.0.1:$hport/c.git" --to "Sophie Durand" >/dev/null
run "$BILAN" -C "$PW" sync
expect_rc 1
expect_err "login and password"
grep -q "no ssh key" "$T/err" && ko "an http 401 reported as a missing ssh key" || ok
kill "$hpid" 2>/dev/null; wait "$hpid" 2>/dev/null || true

case_ "a hostile remote on disk: a file too large, too many files, too deep: refused with exit 1 before anything is read, nothing changed"
HR="$T/hostile-remote.git"
HW="$T/hostile-ws"
git init -q --bare "$HR"
new_ws "$HW"
"$BILAN" -C "$HW" share init "$HR" --to "Sophie Durand" >/dev/null
"$BILAN" -C "$HW" sync -q || ko "first sync"
HC="$T/hostile-copy"
git clone -q "$HR" "$HC" 2>/dev/null
git -C "$HC" config user.name "Hostile"; git -C "$HC" config user.email "h@example.org"
base=$(git -C "$HC" rev-parse HEAD)
# push_tree NAME: commit what is staged in the copy on top of base and push it
push_staged() { git -C "$HC" commit -qm "$1" && git -C "$HC" push -qf origin HEAD:main 2>/dev/null; }
reset_copy() { git -C "$HC" reset -q --hard "$base"; }
for kind in size count depth; do
	reset_copy
	case $kind in
	size)
		mkdir -p "$HC/journal/2026/11"
		head -c 20000000 /dev/zero >"$HC/journal/2026/11/gros.yaml"
		git -C "$HC" add journal/2026/11/gros.yaml
		want="gros.yaml', a file of 19 MiB: bilan takes files of at most 16 MiB" ;;
	count)
		blob=$(echo "x: 1" | git -C "$HC" hash-object -w --stdin)
		awk -v b="$blob" 'BEGIN { for (i = 0; i < 20001; i++) printf "100644 %s\tnotes/n%05d.yaml\n", b, i }' |
			git -C "$HC" update-index --index-info
		want="more than 20000 files" ;;
	depth)
		d="$HC/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q"
		mkdir -p "$d" && echo "x: 1" >"$d/x.yaml"
		git -C "$HC" add a
		want="more than 16 folders deep" ;;
	esac
	push_staged "$kind"
	snap=$(snapshot "$HW")
	measure "$BILAN" -C "$HW" sync
	expect_rc 1
	expect_err "$want"
	expect_err "bilan-sync(1)"
	expect_eq "$(snapshot "$HW")" "$snap"
	measure "$BILAN" share clone "$HR" "$T/hostile-clone-$kind"
	expect_rc 1
	expect_err "$want"
	expect_no_file "$T/hostile-clone-$kind"
done
reset_copy
git -C "$HC" push -qf origin HEAD:main 2>/dev/null
run "$BILAN" -C "$HW" sync
expect_rc 0

case_ "a remote file name with a newline or escapes: never printed raw (no fake line), never taken"
reset_copy
mkdir -p "$HC/journal/2026/11"
nl='
'
fake="journal/2026/11/x.yaml${nl}bilan: error: fausse ligne.yaml"
printf 'x: 1\n' >"$HC/$fake"
printf 'x: 1\n' >"$HC/journal/2026/11/$(printf 'esc\033[2Jx.yaml')"
git -C "$HC" add journal
push_staged "noms piégés"
run "$BILAN" -C "$HW" sync
[ "$rc" -le 1 ] && ok || ko "sync exit $rc"
grep -q '^bilan: error: fausse' "$T/err" "$T/out" && ko "a fake line was printed" || ok
grep -q "$(printf '\033')" "$T/err" "$T/out" && ko "an escape was printed raw" || ok
grep -q 'x.yaml\\x0abilan: error: fausse' "$T/err" && ok || ko "the name is not shown neutralised: $(head -3 "$T/err")"
run "$BILAN" -C "$HW" sync --json
grep -q '^bilan: error: fausse' "$T/err" "$T/out" && ko "a fake line was printed (json)" || ok
[ -z "$(find "$HW/journal" -name '*fausse*' 2>/dev/null)" ] && ok || ko "the trick name was taken"
reset_copy
git -C "$HC" push -qf origin HEAD:main 2>/dev/null

case_ "synthese remise: a FIFO, a link to a device, a directory: refused at once, nothing kept"
SW="$T/remise-ws"
new_ws "$SW"
n0=$(commits "$SW")
mkfifo "$T/tube.pdf"
ln -s /dev/zero "$T/zero.pdf"
for f in "$T/tube.pdf" "$T/zero.pdf"; do
	set +e
	timeout 10 "$BILAN" -C "$SW" synthese remise "$f" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	set -e
	expect_rc 1
	expect_err "not a regular file"
done
expect_eq "$(commits "$SW")" "$n0"
expect_no_file "$SW/synthese"
expect_clean_repo "$SW"

case_ "purge: a repository named through a link, a name with a newline: the link's target left alone, one line in the register"
PB="$T/purge-b"
new_ws "$PB" --name "$(printf 'Camille\nMartin\tfaux')" --start "il y a 40 jours"
git init -q --bare "$T/purge-depot.git"
"$BILAN" -C "$PB" share init "$T/purge-depot.git" --to "Sophie Durand" >/dev/null
"$BILAN" -C "$PB" sync -q
"$BILAN" share clone "$T/purge-depot.git" "$T/purge-clone" >/dev/null
"$BILAN" -C "$PB" close --force --date "il y a 10 jours" >/dev/null
"$BILAN" -C "$PB" sync -q
"$BILAN" -C "$T/purge-clone" sync -q
ln -s "$T/purge-depot.git" "$T/purge-lien.git"
git -C "$T/purge-clone" remote set-url origin "$T/purge-lien.git"
run "$BILAN" -C "$T/purge-clone" purge
expect_rc 0
expect_out "not a bare git repository: left alone"
grep -q "$(printf '\033')" "$T/out" "$T/err" && ko "an escape was printed raw" || ok
run "$BILAN" -C "$T/purge-clone" purge --confirm "$(printf 'Camille\nMartin\tfaux')"
expect_rc 0
expect_no_file "$T/purge-clone"
expect_file "$T/purge-depot.git/HEAD"
expect_file "$T/purge-lien.git"
REG="$HOME/.local/share/bilan/purges.txt"
expect_eq "$(wc -l <"$REG" | tr -d ' ')" 1
expect_eq "$(awk -F '\t' '{print NF}' "$REG")" 4
grep -q "Camille?Martin?faux" "$REG" && ok || ko "the name is not neutralised in the register: $(cat "$REG")"

case_ "a forged results-checked (its checksum right, trees of any shape for the results): report reads them without a crash"
# The cache of parsed results is vouched by stat data and a checksum, not
# by the schema: a tree put there by hand must still never crash a report.
FW="$T/forge-ws"
new_ws "$FW"
"$BILAN" -C "$FW" test run -q --date "il y a 3 jours" --answers "$(python3 -c 'print(",".join(["3"] * 48))')" riasec >/dev/null
sleep 3   # older than the 2-second window: vouched for
run "$BILAN" -C "$FW" report --format md
expect_rc 0
RCF="$FW/.git/bilan-cache/results-checked"
expect_file "$RCF"
cp "$RCF" "$T/vouched"
for shape in 0 1 2 3 4 5; do
	cp "$T/vouched" "$RCF"
	python3 - "$RCF" "$shape" <<'PYEOF'
import sys
path, shape = sys.argv[1], int(sys.argv[2])
M = (1 << 64) - 1
def lanes(b):
    n = len(b)
    h = [0x84222325CBF29CE4 ^ n, 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9]
    i = 0
    while i + 32 <= n:
        for k in range(4):
            h[k] ^= int.from_bytes(b[i + 8 * k:i + 8 * k + 8], "little")
            h[k] = (h[k] * 0x9E3779B97F4A7C15) & M
            h[k] ^= h[k] >> 29
        i += 32
    r = h[0] ^ ((h[1] * 3) & M) ^ ((h[2] * 5) & M) ^ ((h[3] * 7) & M)
    for c in b[i:]:
        r ^= c
        r = (r * 0x100000001B3) & M
    return r ^ (r >> 32)
def num(v):
    out = bytearray()
    while True:
        c = v & 0x7f
        v >>= 7
        out.append(c | 0x80 if v else c)
        if not v:
            return bytes(out)
def pack(t):
    if isinstance(t, dict):
        b = b"\x01\x01\x01" + num(len(t))
        for k, v in t.items():
            b += pack(k) + pack(v)
        return b
    if isinstance(t, list):
        return b"\x02\x01\x01" + num(len(t)) + b"".join(pack(x) for x in t)
    s = str(t).encode()
    return (b"\x04" if isinstance(t, int) else b"\x00") + b"\x01\x01" + num(len(s)) + s
shapes = [
    ["une", "liste"],
    "un scalaire",
    {"questionnaire": ["riasec"], "answers": "x", "scale": {"min": "a"}, "date": {}},
    {"questionnaire": "riasec", "version": 2, "date": "2026-11-01T10:00:00+01:00",
     "scale": {"min": 5, "max": 1}, "answers": {"r01": 99}, "dimensions": [[], {}, "z"],
     "profile": [{"id": []}]},
    {"questionnaire": "riasec", "version": -1, "date": "pas une date", "title": "\x1b[31mrouge",
     "scale": {"min": 1, "max": 5}, "answers": [], "dimensions": {"a": 1}},
    {"questionnaire": "autre", "version": 99999999999999999999, "date": "2026-11-01",
     "scale": [], "answers": {}, "dimensions": [{"id": "R", "raw": "x", "percent": "200"}]},
]
data = open(path, "rb").read()
nl = data.index(b"\n")
head, body = data[:nl + 1], data[nl + 1:]
out, p, n = bytearray(), 0, 0
while p < len(body):
    e = body.index(b"\n", p)
    f = body[p:e].split(b" ", 5)
    plen = int(f[4])
    payload = body[e + 1:e + 1 + plen]
    if f[5].startswith(b"tests/") or f[5].startswith(b"private/tests/"):
        payload = b"-" + pack(shapes[shape])
        f[4] = str(len(payload)).encode()
        n += 1
    out += b" ".join(f) + b"\n" + payload
    p = e + 1 + plen
assert n > 0, "no result in the cache"
head = head[:-17] + b"%016x\n" % lanes(bytes(out))
open(path, "wb").write(head + out)
PYEOF
	cp "$RCF" "$T/forged"
	for f in md json html; do
		cp "$T/forged" "$RCF"
		run "$BILAN" -C "$FW" report --format $f
		[ "$rc" -le 1 ] && ok || ko "shape $shape, $f: exit $rc"
		grep -q "AddressSanitizer\|runtime error" "$T/err" && ko "shape $shape, $f: $(head -3 "$T/err")" || ok
		echo "shape $shape $f: rc $rc: $(head -c 300 "$T/err")" >>"$T/forge-log"
	done
done
# the forged trees were read (the file itself is a good result): a shape
# that is not a result is a problem named at the file
grep -q "^shape 2 md: rc 1: .*tests/riasec/" "$T/forge-log" && ok || ko "the forged cache was not read: $(cat "$T/forge-log")"

finish
