#!/bin/sh
# Every translatable message of the sources has a French translation.
set -eu
: "${SRCDIR:?}" "${BUILDDIR:?}"
cd "$SRCDIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o "$tmp/all.pot" lib/*.c cmd/*.c
msgmerge -q --no-fuzzy-matching -o "$tmp/merged.po" "$BUILDDIR/po/fr.po" "$tmp/all.pot"
stats=$(msgfmt --statistics -o /dev/null "$tmp/merged.po" 2>&1)
echo "$stats"
case "$stats" in
*untranslated*|*fuzzy*)
	msgattrib --untranslated "$tmp/merged.po" | grep '^msgid' | head -50 >&2
	echo "0 passed, 1 failed"
	exit 1 ;;
esac
echo "1 passed, 0 failed"
