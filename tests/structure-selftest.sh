#!/bin/sh
# tests/structure-selftest.sh - tests/structure.sh fails on what it is
# there to refuse: a copy of lib/ and cmd/ with an include cycle put in
# (owner.c including share.h: owner -> share -> ... -> owner) must be
# refused with the cycle named, module by module, with its #include lines;
# the tree as it is must pass.
set -u
SRCDIR=${SRCDIR:-$(dirname "$0")/..}
BUILDDIR=$(cd "${BUILDDIR:-$SRCDIR/build}" && pwd) || exit 1
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
fails=0
ko() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

mkdir -p "$T/src/tests"
cp -R "$SRCDIR/lib" "$SRCDIR/cmd" "$T/src/" || exit 1
cp "$SRCDIR/tests/structure.sh" "$T/src/tests/" || exit 1
if ! SRCDIR="$T/src" BUILDDIR="$BUILDDIR" sh "$T/src/tests/structure.sh" >"$T/out" 2>"$T/err"; then
	ko "the tree as it is does not pass: $(cat "$T/err")"
fi
sed -i 's/^#include "yaml-tree.h"$/#include "yaml-tree.h"\n#include "share.h"/' "$T/src/lib/owner.c"
grep -q '^#include "share.h"$' "$T/src/lib/owner.c" || ko "could not put the cycle in"
if SRCDIR="$T/src" BUILDDIR="$BUILDDIR" sh "$T/src/tests/structure.sh" >"$T/out" 2>"$T/err"; then
	ko "an include cycle passed"
fi
grep -q "include cycle among lib/ modules: .*owner -> share -> " "$T/err" ||
	ko "the cycle is not named: $(cat "$T/err")"
grep -q 'lib/owner.c includes share.h' "$T/err" || ko "the #include that closes it is not shown"
[ "$fails" -eq 0 ] && echo "structure-selftest: ok"
exit "$fails"
