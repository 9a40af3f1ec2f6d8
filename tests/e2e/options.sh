#!/bin/sh
# Options anywhere on the line (issue 16), driven from the option tables
# ('bilan __options'): for every command and sub-command, an operand, then
# each option (with a value it accepts), then --help: the option is read as
# an option and the help printed, also under POSIXLY_CORRECT.  Then what the
# permutation must do for real: README's init, --strict after a file, "--".
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
new_ws "$W"
cd "$W"
"$BILAN" piste add -q "Développeuse web" >/dev/null 2>&1 || "$BILAN" piste add "Développeuse web" >/dev/null
slug=$(ls pistes | sed -n 's/\.yaml$//p' | head -1)
touch "$T/answers"

# a value the option accepts: the first completion candidate, else by the
# argument's name
value_for() {
	path=$1 name=$2 arg=$3
	# shellcheck disable=SC2086
	v=$("$BILAN" __complete $path "$name" "" | grep -v '^::' | head -1)
	if [ -n "$v" ]; then printf '%s' "$v"; return; fi
	case $arg in
	WHEN|DATE) day_of 0 ;;
	DURATION) printf 1h ;;
	N) printf 3 ;;
	CODE) printf M1805 ;;
	SLUG) printf '%s' "$slug" ;;
	FILE) printf '%s' "$T/answers" ;;
	ZONE) printf Europe/Paris ;;
	LIST) printf 1 ;;
	*) printf x ;;
	esac
}

"$BILAN" __options >"$T/options"
# tabs are blanks to read: empty fields would vanish
tr '\t' '|' <"$T/options" >"$T/options.txt"
[ -s "$T/options" ] && ok || ko "bilan __options printed nothing"
grep -q "^journal add	--kind	-k	KIND$" "$T/options" && ok || ko "journal add --kind -k KIND not listed"
grep -q "^init	--timezone		ZONE$" "$T/options" && ok || ko "init --timezone not listed"

for posix in "" 1; do
	case_ "options after an operand, then --help${posix:+ (POSIXLY_CORRECT)}"
	while IFS='|' read -r path name short arg; do
		if [ -z "${name:-}" ]; then
			# the command or sub-command alone: OPERAND --help
			# shellcheck disable=SC2086
			run env ${posix:+POSIXLY_CORRECT=1} "$BILAN" $path x --help
			expect_rc 0
			expect_out "usage:"
			continue
		fi
		val=""
		[ -n "$arg" ] && val=$(value_for "$path" "$name" "$arg")
		# shellcheck disable=SC2086
		run env ${posix:+POSIXLY_CORRECT=1} "$BILAN" $path x "$name" ${arg:+"$val"} --help
		if [ "$rc" -ne 0 ]; then
			ko "$path x $name $val --help: exit $rc"; sed 's/^/  stderr: /' "$T/err" >&2
		else
			ok
		fi
		expect_out "$name"
		if [ -n "$short" ]; then
			# shellcheck disable=SC2086
			run env ${posix:+POSIXLY_CORRECT=1} "$BILAN" $path x "$short" ${arg:+"$val"} -h
			[ "$rc" -eq 0 ] && ok || { ko "$path x $short $val -h: exit $rc"; sed 's/^/  stderr: /' "$T/err" >&2; }
		fi
	done <"$T/options.txt"
done

case_ "README's first command: options after the folder"
run "$BILAN" init "$T/second" --name "Camille Martin" --consultant "Sophie Durand" --quiet
expect_rc 0
grep -q "Camille Martin" "$T/second/bilan.yaml" && ok || ko "name not stored"
grep -q "Sophie Durand" "$T/second/bilan.yaml" && ok || ko "consultant not stored"

for posix in "" 1; do
	case_ "an entry with its options after the text${posix:+ (POSIXLY_CORRECT)}"
	run env ${posix:+POSIXLY_CORRECT=1} "$BILAN" journal add "Ce qui compte${posix}" --kind reflexion --duration 1h -q
	expect_rc 0
	expect_empty_out
	run "$BILAN" journal list --json --kind reflexion
	expect_out "Ce qui compte${posix}"
done

case_ "-- ends the options"
run "$BILAN" journal add -q -- "--not-an-option"
expect_rc 0
run "$BILAN" journal list --grep not-an-option
expect_out "not-an-option"

case_ "check FILE --strict is --strict"
printf 'id: x\n' >"$W/pistes/broken.yaml"
run "$BILAN" check --strict pistes/broken.yaml
rc1=$rc
run "$BILAN" check pistes/broken.yaml --strict
expect_eq "$rc" "$rc1"
rm -f "$W/pistes/broken.yaml"

case_ "metier search WORDS --json prints JSON"
run "$BILAN" metier search developpeur --json
expect_rc 0
head -c 1 "$T/out" | grep -q '[{[]' && ok || ko "not JSON: $(head -c 80 "$T/out")"

case_ "bad options: clear usage errors"
run "$BILAN" journal add --frobnicate x
expect_rc 2
expect_err "unknown or incomplete option '--frobnicate'"
run "$BILAN" journal add x --kind
expect_rc 2
expect_err "option '--kind' needs a value"
run "$BILAN" journal list --json=yes
expect_rc 2
expect_err "takes no value"
run "$BILAN" journal add x --kind idee
expect_rc 2
expect_err "valid values"

case_ "global options: -C, --color WHEN, --color=WHEN, --no-pager"
cd "$T"
run "$BILAN" -C "$W" --color always status
expect_rc 0
expect_out "$(printf '\033')"
run "$BILAN" -C "$W" --color=never status
expect_rc 0
expect_no_out "$(printf '\033')"
run "$BILAN" -C "$W" --color status
expect_rc 0
expect_out "$(printf '\033')"
run "$BILAN" --no-pager -C "$W" journal list
expect_rc 0
run "$BILAN" --color=sometimes status
expect_rc 2
expect_err "auto, always, never"

case_ "help: X help and help X anywhere, one line per option"
cd "$T"
run "$BILAN" todo help
expect_rc 0
expect_out "Sub-commands:"
run "$BILAN" help todo add
expect_rc 0
expect_out "--due WHEN"
run "$BILAN" todo help add
expect_rc 0
expect_out "--due WHEN"
run "$BILAN" status help
expect_rc 0
expect_out "usage: bilan status"
run "$BILAN" init help
expect_rc 0
expect_no_file "$T/help"
run "$BILAN" journal add -h
expect_rc 0
expect_out "^  -k, --kind KIND"
expect_out "show this help"
awk 'length > 100 { bad = 1 } END { exit bad }' "$T/out" && ok || ko "help lines wider than 100 columns"
run env COLUMNS=60 "$BILAN" journal list -h
awk 'length > 60 { bad = 1 } END { exit bad }' "$T/out" && ok || ko "help lines wider than 60 columns: $(awk 'length > 60' "$T/out" | head -2)"
if has_fr; then
	run env LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 "$BILAN" journal add -h
	expect_out "afficher cette aide"
else
	lacking_part "the fr_FR.UTF-8 locale"
fi

case_ "help X on a terminal: the manual page when man -w finds it, as git help"
if command -v script >/dev/null; then
	mkdir -p "$T/fakeman"
	cat >"$T/fakeman/man" <<EOS
#!/bin/sh
if [ "\$1" = -w ]; then [ "\$2" = bilan-journal ]; exit; fi
echo "man \$*" >>"$T/man.log"
EOS
	chmod +x "$T/fakeman/man"
	cd "$T"
	PATH="$T/fakeman:$PATH" script -qec "'$BILAN' help journal" /dev/null >"$T/out" 2>&1 </dev/null || true
	grep -q "man bilan-journal" "$T/man.log" 2>/dev/null && ok || ko "man not run: $(cat "$T/out")"
	rm -f "$T/man.log"
	PATH="$T/fakeman:$PATH" script -qec "'$BILAN' todo help" /dev/null >"$T/out" 2>&1 </dev/null || true
	[ ! -e "$T/man.log" ] && ok || ko "man run for a page it did not find"
	grep -q "Sub-commands:" "$T/out" && ok || ko "no -h text without a manual page"
	# not a terminal: the -h text
	run env PATH="$T/fakeman:$PATH" "$BILAN" help journal
	[ ! -e "$T/man.log" ] && ok || ko "man run without a terminal"
	expect_out "Sub-commands:"

	case_ "--no-pager"
	cat >"$T/fakeman/pager" <<EOS
#!/bin/sh
cat >/dev/null; echo paged >>"$T/pager.log"
EOS
	chmod +x "$T/fakeman/pager"
	id=$("$BILAN" -C "$W" __complete journal show "" | head -1)
	PAGER="$T/fakeman/pager" script -qec "'$BILAN' -C '$W' journal show $id" /dev/null >/dev/null 2>&1 </dev/null || true
	grep -q paged "$T/pager.log" 2>/dev/null && ok || ko "the pager did not run on a terminal"
	rm -f "$T/pager.log"
	PAGER="$T/fakeman/pager" script -qec "'$BILAN' --no-pager -C '$W' journal show $id" /dev/null >"$T/out" 2>&1 </dev/null || true
	[ ! -e "$T/pager.log" ] && ok || ko "the pager ran with --no-pager"
	grep -q "$id" "$T/out" && ok || ko "nothing shown with --no-pager"
else
	lacking_part "script (bsdutils)"
fi

finish
