#!/bin/sh
# The French catalogue po/fr.po is complete and current: every file with
# messages is in po/POTFILES (what meson's i18n module gives xgettext), and
# every message of the sources has a French translation, none fuzzy.
# Update it with `ninja -C build bilan-pot bilan-update-po` (po/meson.build).
set -eu
: "${SRCDIR:?}" "${BUILDDIR:?}"
cd "$SRCDIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
grep -l '_(\|N_(\|P_(' lib/*.c cmd/*.c | sort >"$tmp/need"
if ! sort po/POTFILES | comm -23 "$tmp/need" - >"$tmp/missing" || [ -s "$tmp/missing" ]; then
	echo "files with messages missing from po/POTFILES:" >&2
	cat "$tmp/missing" >&2
	failed=1
fi
xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 -o "$tmp/all.pot" -f po/POTFILES
msgmerge -q --no-fuzzy-matching -o "$tmp/merged.po" po/fr.po "$tmp/all.pot"
stats=$(msgfmt --check --statistics -o /dev/null "$tmp/merged.po" 2>&1)
echo "$stats"
case "$stats" in
*untranslated*|*fuzzy*)
	msgattrib --untranslated "$tmp/merged.po" | grep '^msgid' | head -50 >&2
	failed=1 ;;
esac
if [ "$failed" = 0 ]; then
	echo "1 passed, 0 failed"
else
	echo "0 passed, 1 failed"
	exit 1
fi
