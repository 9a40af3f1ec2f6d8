#!/bin/sh
# End-to-end: the quick way of a commit into the index (lib/index-quick.c,
# issue 24) and its way back to libgit2.  After every commit git itself
# finds the workspace clean (status, fsck --strict, the cached trees give
# HEAD's tree); the quick way is taken on bilan's own index, and libgit2's
# on any doubt: attributes that filter (the blob then is the filtered
# text), an index in format 2, a racily clean entry whose file changed
# (strace tells which way: each creates index.lock with its own mode).
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
new_ws "$W"
cd "$W"

# git_sane WHAT: git's own view of the workspace after bilan's commits
git_sane() {
	case_ "$1: git status is clean"
	expect_eq "$(git status --porcelain)" ""
	case_ "$1: git fsck --full --strict"
	if git fsck --full --strict >"$T/fsck" 2>&1; then ok; else ko "$(head -3 "$T/fsck")"; fi
	case_ "$1: the index's cached trees give HEAD's tree"
	expect_eq "$(git write-tree)" "$(git rev-parse 'HEAD^{tree}')"
}

# way ARGS...: run bilan ARGS; prints "quick" or "libgit2"
# (LeakSanitizer cannot run under ptrace: no leak check in the sanitizer
# build for these runs; every other run of the suite has it)
way() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -qq -e trace=openat -o "$T/strace" "$BILAN" "$@" >"$T/out" 2>"$T/err" || {
		echo "failed"
		return
	}
	# libgit2 creates index.lock with mode 0666, bilan_index_quick_add
	# with 0600 (then the mode of the index)
	if grep -q 'index\.lock", O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0666' "$T/strace"; then
		echo libgit2
	elif grep -q 'index\.lock", O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC, 0600' "$T/strace"; then
		echo quick
	else
		echo neither
	fi
}

# blob_of TEXT: the committed text of the last entry holding TEXT
blob_of() { git show "HEAD:$(git show --name-only --format= HEAD | head -1)"; }

strace_ok=1
has_strace || { strace_ok=""; lacking_part "strace (which way a commit took)"; }

"$BILAN" journal add -q "Premier jet" >/dev/null
for i in 1 2 3; do
	if [ -n "$strace_ok" ]; then
		case_ "journal add $i: the quick way"
		expect_eq "$(way journal add -q "Note $i, 50 % \$Id: abc \$")" quick
	else
		"$BILAN" journal add -q "Note $i, 50 % \$Id: abc \$" >/dev/null
	fi
done
git_sane "quick adds"
case_ "no attributes: the blob is the file's bytes"
last=$(git show --name-only --format= HEAD | head -1)
if git show "HEAD:$last" | cmp -s - "$last"; then ok; else ko "blob and file differ"; fi
# those entries would read changed under the ident filter below: gone
git rm -q $(git grep -l 'Id: abc' -- journal) && git commit -q -m "without ident"
case_ "the index stays in format 4"
expect_eq "$(python3 -c "import struct; print(struct.unpack('>I', open('.git/index','rb').read()[4:8])[0])")" 4

# attributes that filter: libgit2's way, the filter applied ($Id$ collapsed)
printf '*.yaml ident\n' >.gitattributes
git add .gitattributes && git commit -q -m "attributes"
if [ -n "$strace_ok" ]; then
	case_ "with .gitattributes: libgit2's way"
	expect_eq "$(way journal add -q "Filtrée \$Id: abc \$")" libgit2
else
	"$BILAN" journal add -q "Filtrée \$Id: abc \$" >/dev/null
fi
case_ "with .gitattributes: the blob is filtered"
blob_of | grep -q 'Filtrée \$Id\$' && ok || ko "$(blob_of | head -5)"
git_sane "with attributes"
filtered=$(git show --name-only --format= HEAD | head -1)
git rm -q .gitattributes "$filtered" && git commit -q -m "no attributes"

# an index in format 2 (written by git): libgit2's way, then format 4
git update-index --index-version 2
if [ -n "$strace_ok" ]; then
	case_ "index in format 2: libgit2's way"
	expect_eq "$(way journal add -q "Après git")" libgit2
	case_ "then format 4: the quick way"
	expect_eq "$(way journal add -q "Encore")" quick
fi
git_sane "after format 2"

# a racily clean entry (its recorded mtime that of the index file itself):
# quick when its file is still its blob, libgit2's way when it changed
F=$(git ls-files journal | head -1)
racy() {   # racy: F's entry and the index file get one mtime
	python3 - "$F" <<'EOF'
import hashlib, os, struct, sys
f = sys.argv[1]
d = bytearray(open('.git/index', 'rb').read())
assert d[:4] == b'DIRC' and struct.unpack('>I', d[4:8])[0] == 4
n = struct.unpack('>I', d[8:12])[0]
off, prev = 12, b''
for _ in range(n):
    e = off
    p = e + 62
    c = d[p]; p += 1; strip = c & 127
    while c & 128:
        strip += 1; c = d[p]; p += 1; strip = (strip << 7) + (c & 127)
    z = d.index(b'\0', p)
    prev = prev[:len(prev) - strip] + bytes(d[p:z])
    off = z + 1
    if prev == f.encode():
        d[e + 8:e + 16] = struct.pack('>II', 1700000000, 5)
body = bytes(d[:-20])
open('.git/index', 'wb').write(body + hashlib.sha1(body).digest())
os.utime('.git/index', ns=(1700000000 * 10**9 + 5, 1700000000 * 10**9 + 5))
EOF
}
if [ -n "$strace_ok" ]; then
	racy
	case_ "racily clean entry, file unchanged: the quick way"
	expect_eq "$(way journal add -q "Course 1")" quick
	git_sane "racy, unchanged"
	racy
	cp "$F" "$T/keep"
	sed 's/^title: ./title: X/' "$T/keep" >"$F"   # same size, other bytes
	case_ "racily clean entry whose file changed: libgit2's way"
	expect_eq "$(way journal add -q "Course 2")" libgit2
	case_ "that file is seen changed"
	expect_eq "$(git status --porcelain)" " M $F"
	cp "$T/keep" "$F"
	git_sane "racy, put back"
fi

finish
