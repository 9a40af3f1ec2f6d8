#!/bin/sh
# Every option of the option tables ('bilan __options') is in the manual
# page of its command (man/bilan-COMMAND.1), long form and short form.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

"$BILAN" __options >"$T/options"
# tabs are blanks to read: empty fields would vanish
tr '\t' '|' <"$T/options" >"$T/options.txt"
case_ "the option tables are listed"
[ -s "$T/options" ] && ok || ko "bilan __options printed nothing"

case_ "every option is in its manual page"
while IFS='|' read -r path name short arg; do
	[ -n "${name:-}" ] || continue
	cmd=${path%% *}
	page="$SRCDIR/man/bilan-$cmd.1"
	if [ ! -f "$page" ]; then
		ko "no manual page for '$cmd'"
		continue
	fi
	# mdoc writes --keep-until as "Fl \-keep\-until" (or \-keep-until)
	long=$(printf '%s' "${name#--}" | sed 's/-/\\\\\\{0,1\\}-/g')
	if grep -q "Fl \\\\-$long\\>" "$page"; then ok; else ko "$path $name: not in man/bilan-$cmd.1"; fi
	if [ -n "$short" ]; then
		# on the line that has the long form
		if grep "Fl \\\\-$long\\>" "$page" | grep -q "Fl ${short#-}\\>"; then ok; else ko "$path $short ($name): not in man/bilan-$cmd.1"; fi
	fi
done <"$T/options.txt"

finish
