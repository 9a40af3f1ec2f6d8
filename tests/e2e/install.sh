#!/bin/sh
# End-to-end: an installed bilan uses its own files (lib/paths.h).  The
# build is installed with `meson install --destdir` and the tree moved to
# another folder: it finds its data, schemas, ROME index and French
# catalogue relative to itself, never the build tree's (with its catalogue
# removed, messages are English even though the build tree has one); the
# binary holds no path of the build or source tree.  The build tree's own
# bilan reads the build tree.
. "$SRCDIR/tests/e2e/lib.sh"
set -e
: "${BUILDDIR:?}"

command -v meson >/dev/null 2>&1 || lacking "meson"
has_fr || lacking "the fr_FR.UTF-8 locale"
if [ -n "${BILAN_TEST_WRAPPER:-}" ]; then
	echo "SKIP: under valgrind (nothing here that the other tests do not run)" >&2
	exit 77
fi
unset BILAN_DATA_DIR BILAN_SCHEMA_DIR BILAN_LOCALEDIR BILAN_ROME_INDEX 2>/dev/null || true

case_ "meson install --destdir"
run meson install -C "$BUILDDIR" --no-rebuild --quiet --destdir "$T/dest"
expect_rc 0
exe=$(cd "$T/dest" && find . -type f -path '*/bin/bilan' | head -1)
expect_eq "${exe:+found}" found
# Somewhere else, as if installed under another prefix.
mkdir -p "$T/elsewhere/opt"
prefix_dir=$(dirname "$(dirname "$T/dest/$exe")")
mv "$prefix_dir" "$T/elsewhere/opt/bilan"
B="$T/elsewhere/opt/bilan/bin/bilan"
expect_file "$B"

case_ "the manual pages in English, and in French under the French manual path"
M="$T/elsewhere/opt/bilan/share/man"
expect_file "$M/man1/bilan-journal.1"
expect_file "$M/fr/man1/bilan-journal.1"
expect_file "$M/fr/man5/bilan-workspace.5"
for src in "$SRCDIR"/man/*.[1-8]; do
	page=${src##*/}
	expect_file "$M/fr/man${page##*.}/$page"
done
if command -v man >/dev/null 2>&1; then
	run $TOOL LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 MANPATH="$M" MANWIDTH=80 man -P cat bilan-journal
	expect_out "le journal de bord du travail fait entre les séances"
	expect_out "CODE DE RETOUR"
	run $TOOL LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 MANPATH="$M" MANWIDTH=80 man -P cat 7 bilan-json
	expect_out "le JSON que bilan affiche pour les scripts"
	run $TOOL LANG=C.UTF-8 LC_ALL=C.UTF-8 MANPATH="$M" MANWIDTH=80 man -P cat bilan-journal
	expect_out "the logbook of the work done between sessions"
else
	lacking_part "man (man-db)"
fi

case_ "no build path in the binary"
for d in "$BUILDDIR" "$SRCDIR"; do
	if grep -qaF "$d" "$B"; then ko "the installed binary names $d"; else ok; fi
done

case_ "the moved tree finds its data"
run "$B" test list
expect_rc 0
expect_out riasec
run "$B" metier show J1504
expect_rc 0
expect_out "France Travail"
new_ws "$T/ws"
run "$B" -C "$T/ws" check
expect_rc 0

case_ "and its catalogue"
run env LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 "$B" frobnicate
expect_rc 2
expect_err "n'est pas une commande"
# Without its own catalogue, English: never the build tree's.
expect_file "$BUILDDIR/po/fr/LC_MESSAGES/bilan.mo"
rm "$T/elsewhere/opt/bilan/share/locale/fr/LC_MESSAGES/bilan.mo"
run env LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 "$B" frobnicate
expect_rc 2
expect_err "is not a bilan command"

case_ "the build tree's bilan reads the build tree"
run env LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 "$BILAN" frobnicate
expect_rc 2
expect_err "n'est pas une commande"
expect_file "$(dirname "$real_bilan")/bilan-uninstalled.txt"

finish
