#!/bin/sh
# Every 'bilan' command shown in README.md runs verbatim in a fresh HOME
# (with the 'cd' between them), as a new user would type them; only
# scripts/demo and scripts/test, which install and build, are left out.
. "$SRCDIR/tests/e2e/lib.sh"
set -e
mkdir -p "$T/bin"
ln -s "$BILAN" "$T/bin/bilan"

# The indented lines of README.md that are bilan commands or a cd.
sed -n 's/^    \(bilan .*\)$/\1/p; s/^    \(cd .*\)$/\1/p' "$SRCDIR/README.md" |
	grep -v 'scripts/demo\|scripts/test' >"$T/commands"

case_ "README.md shows bilan commands"
n=$(grep -c '^bilan ' "$T/commands" || true)
[ "$n" -ge 3 ] && ok || ko "only $n bilan commands found in README.md"

case_ "each README.md command runs verbatim"
cd "$HOME"
while IFS= read -r line; do
	case $line in
	cd\ *)
		eval "$line" && ok || ko "$line"
		continue ;;
	esac
	set +e
	PATH="$T/bin:$PATH" sh -c "$line" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	if [ "$rc" -eq 0 ]; then ok; else
		ko "'$line': exit $rc"; sed 's/^/  stderr: /' "$T/err" >&2
	fi
done <"$T/commands"

case_ "what they made"
expect_file "$HOME/bilan/bilan.yaml"
grep -q "Camille Martin" "$HOME/bilan/bilan.yaml" && ok || ko "name"
run "$BILAN" -C "$HOME/bilan" journal list --kind reflexion
expect_out "Ce qui compte pour moi au travail"

finish
