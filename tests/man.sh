#!/bin/sh
# The manual pages read well: every page, as configured for installation
# (BUILDDIR/man), is clean under `mandoc -Tlint -Wwarning` (style
# notes such as a page not installed yet are not faults) and renders (-Tutf8)
# without the faults that linting does not see: delimiters glued to their
# text (`[$?`), nested quotes (`’’`), a placeholder left unreplaced
# (@DATADIR@), a capability "to come".  bilan(1) lists every page in SEE
# ALSO.  Without mandoc: skipped (77), failed with CI=true.
set -u
: "${SRCDIR:?}" "${BUILDDIR:?}"

if ! command -v mandoc >/dev/null 2>&1; then
	echo "mandoc is not installed (scripts/install-deps installs it)" >&2
	[ "${CI:-}" = true ] && exit 1
	exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/bilan-man.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
fails=0 passes=0
ko() { fails=$((fails + 1)); echo "FAIL: $*" >&2; }

pages=""
for src in "$SRCDIR"/man/*.[1-8]; do
	name=${src##*/}
	page="$BUILDDIR/man/$name"
	if [ ! -f "$page" ]; then
		ko "$name: not configured in $BUILDDIR/man"
		continue
	fi
	pages="$pages $name"
	if ! mandoc -Tlint -Wwarning "$page" >"$T/lint" 2>&1; then
		ko "$name: mandoc -Tlint:"; cat "$T/lint" >&2
	fi
	# Rendered as a reader sees it: UTF-8, no overstrikes.
	if ! MANWIDTH=80 mandoc -Tutf8 "$page" 2>"$T/err" | sed 's/.\x08//g' >"$T/out"; then
		ko "$name: mandoc -Tutf8 failed:"; cat "$T/err" >&2
		continue
	fi
	for fault in '[$?' '’’' '‘‘' '””' '““' 'to come' ' ,' '(‘ ' ' ’)'; do
		if grep -nF -- "$fault" "$T/out" >"$T/hits"; then
			ko "$name renders \"$fault\":"; cat "$T/hits" >&2
		fi
	done
	if grep -nE '@[A-Z_]+@' "$T/out" >"$T/hits"; then
		ko "$name: a placeholder left unreplaced:"; cat "$T/hits" >&2
	fi
	passes=$((passes + 1))
done

# bilan(1) SEE ALSO names every other page.
mandoc -Tutf8 "$BUILDDIR/man/bilan.1" 2>/dev/null | sed 's/.\x08//g' |
	sed -n '/^SEE ALSO/,/^[A-Z]/p' >"$T/seealso"
for name in $pages; do
	[ "$name" = bilan.1 ] && continue
	ref="${name%.*}(${name##*.})"
	grep -qF "$ref" "$T/seealso" || ko "bilan(1) SEE ALSO does not list $ref"
done

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
