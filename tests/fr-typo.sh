#!/bin/sh
# French typography and alignment rules that need no workspace (HACKING.md,
# "French typography"):
# 1. every French msgstr is a fixed point of bilan_text_fr_typo (lib/text.h),
#    run through build/po/fr-typo by msgfilter: no-break space before ':' and
#    '%' and inside « », narrow no-break space before ; ! ?  (The locus
#    FILE:LINE:COL: of a message is printed by cmd/, not translated, and
#    stays as compilers write it: tests/demo-fr.sh checks it);
# 2. no msgstr spells an agreement "(e)" or "(s)": plural forms (P_) and
#    one message per gender instead;
# 3. no git jargon in msgstr (commit, hook...): "enregistrement", "crochet";
# 4. no printf padding "%-Ns" / "%-*s" in cmd/: it counts bytes, not columns
#    ("é" is two bytes); lists go through cmd/table.h.
set -eu
: "${SRCDIR:?}" "${BUILDDIR:?}"
cd "$SRCDIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
ko() { failed=$((failed + 1)); echo "not ok - $1"; }

typo="$BUILDDIR/po/fr-typo"
[ -x "$typo" ] || { echo "no $typo: build first" >&2; echo "0 passed, 1 failed"; exit 1; }
bad=0
po=po/fr.po
msgcat --no-wrap -o "$tmp/a.po" "$po"
msgfilter --keep-header --no-wrap -i "$po" -o "$tmp/b.po" "$typo"
if ! cmp -s "$tmp/a.po" "$tmp/b.po"; then
	echo "$po: msgstr against the French typography (fix: msgfilter --keep-header -i $po -o $po $typo):" >&2
	diff "$tmp/a.po" "$tmp/b.po" | grep '^>' | sed 's/\xc2\xa0/⍽/g; s/\xe2\x80\xaf/⌴/g' | head -20 >&2
	bad=1
fi
[ $bad = 0 ] && ok "French msgstr follow the typography" || ko "French msgstr follow the typography"

if grep -n '^msgstr.*[a-zé](e)\|^msgstr.*[a-zé](s)\|^msgstr.*[a-zé](es)' "$tmp/a.po" >"$tmp/agree"; then
	cat "$tmp/agree" >&2
	ko "no (e)/(s) agreement in msgstr"
else
	ok "no (e)/(s) agreement in msgstr"
fi

# git's words where a beneficiary reads: a commit is an "enregistrement"
# (in the history), a hook a "crochet" (HACKING.md, "French typography");
# paths (.git/hooks) and commands quoted as typed (« git push ») are fine.
sed 's|\.git/hooks|.git/-|g; s|« [^»]*»|«»|g' "$tmp/a.po" |
	grep -nE '^msgstr.*[^-/.a-z](commits?|hooks?|pushed|merged?|branch)([^a-z]|$)' >"$tmp/jargon" || true
if [ -s "$tmp/jargon" ]; then
	cat "$tmp/jargon" >&2
	ko "no git jargon (commit, hook, branch...) in French msgstr"
else
	ok "no git jargon (commit, hook, branch...) in French msgstr"
fi

if grep -nE '%-[0-9*]+s' cmd/*.c >"$tmp/pad"; then
	echo "printf padding counts bytes: use cmd/table.h (table_* or print_padded):" >&2
	cat "$tmp/pad" >&2
	ko "no %-Ns padding in cmd/"
else
	ok "no %-Ns padding in cmd/"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
