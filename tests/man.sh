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

# The French pages (BUILDDIR/man/fr, po4a from man/po/fr.po): one for each
# page, rendering without error, placeholders replaced, translated whole
# (po4a-translate -k 100 against the English page as it is now: a paragraph
# added or changed in English and not translated fails, naming the page;
# no fuzzy or untranslated entry left in man/po/fr.po), and following the
# French typography of the interface (HACKING.md, "French typography"): no
# breakable space before : ; ? ! » or after «, no line that starts with one
# of them.
if [ -d "$BUILDDIR/man/fr" ]; then
	for name in $pages; do
		page="$BUILDDIR/man/fr/$name"
		if [ ! -f "$page" ]; then
			ko "$name: no French page in $BUILDDIR/man/fr"
			continue
		fi
		if mandoc -Tlint -Werror "$page" >"$T/lint" 2>&1; then :; else
			ko "fr/$name: mandoc -Tlint -Werror:"; cat "$T/lint" >&2
		fi
		if ! MANWIDTH=80 mandoc -Tutf8 "$page" 2>/dev/null | sed 's/.\x08//g' >"$T/out"; then
			ko "fr/$name: mandoc -Tutf8 failed"
			continue
		fi
		grep -q '^NOM' "$T/out" || ko "fr/$name: no NOM section"
		if grep -nE '@[A-Z_]+@' "$T/out" >"$T/hits"; then
			ko "fr/$name: a placeholder left unreplaced:"; cat "$T/hits" >&2
		fi
		# typography: a plain space before a sign (or after «) can break;
		# a parenthesis glued to nothing ("( --force") is a text line
		# before a macro line
		if grep -nE ' [:;?!»]( |$)|« |«$|^ *[:;?!»]( |$)|\( |\($' "$T/out" >"$T/hits"; then
			ko "fr/$name: a breakable space before : ; ? ! » or after « (write U+00A0, U+202F, or glue the sign to its macro with Ns \\~:):"
			cat "$T/hits" >&2
		fi
		# a macro of the catalogue shown as text (inside quotes, say)
		if grep -nE 'E<\.|(^| )Ns( |$)' "$T/out" >"$T/hits"; then
			ko "fr/$name: a macro left as text:"; cat "$T/hits" >&2
		fi
		if command -v po4a-translate >/dev/null 2>&1; then
			rm -f "$T/whole"
			po4a-translate -f man -m "$SRCDIR/man/$name" -p "$SRCDIR/man/po/fr.po" \
				-l "$T/whole" -M UTF-8 -L UTF-8 -k 100 >"$T/po4a" 2>&1
			[ -f "$T/whole" ] || {
				ko "fr/$name: not translated whole (ninja -C BUILDDIR man-update-po, then translate man/po/fr.po; sh man/po4a-status):"
				grep -v deprecated "$T/po4a" >&2
			}
		fi
		passes=$((passes + 1))
	done
	if [ -f "$BUILDDIR/man/fr/bilan-journal.1" ]; then
		mandoc -Tutf8 "$BUILDDIR/man/fr/bilan-journal.1" | sed 's/.\x08//g' >"$T/j"
		grep -q "le journal de bord du travail fait entre les séances" "$T/j" &&
			grep -q "^CODE DE RETOUR" "$T/j" && passes=$((passes + 1)) ||
			ko "fr/bilan-journal.1 is not in French"
	fi
	if command -v msgfmt >/dev/null 2>&1; then
		stats=$(msgfmt --statistics -o /dev/null "$SRCDIR/man/po/fr.po" 2>&1)
		case $stats in
		*fuzzy*|*untranslated*) ko "man/po/fr.po: $stats" ;;
		*) passes=$((passes + 1)) ;;
		esac
	elif [ "${CI:-}" = true ]; then
		ko "msgfmt is missing (gettext; scripts/install-deps installs it)"
	fi
elif [ "${CI:-}" = true ]; then
	ko "no French pages: po4a is missing (scripts/install-deps installs it)"
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
