#!/bin/sh
# bash and zsh completion read bilan's own help: commands and options complete.
. "$SRCDIR/tests/e2e/lib.sh"
set -e
mkdir -p "$T/bin"
ln -s "$BILAN" "$T/bin/bilan"

case_ "bash completion: commands, options, values"
if command -v bash >/dev/null; then
	out=$(PATH="$T/bin:$PATH" bash -c '. "$1"; COMP_WORDS=(bilan ""); COMP_CWORD=1; _bilan; echo "${COMPREPLY[*]}"' sh "$SRCDIR/completion/bilan.bash")
	case " $out " in *" init "*) ok ;; *) ko "no 'init' in: $out" ;; esac
	case " $out " in *" status "*) ok ;; *) ko "no 'status' in: $out" ;; esac
	out=$(PATH="$T/bin:$PATH" bash -c '. "$1"; COMP_WORDS=(bilan init --f); COMP_CWORD=2; _bilan; echo "${COMPREPLY[*]}"' sh "$SRCDIR/completion/bilan.bash")
	expect_eq "$out" "--funding"
	out=$(PATH="$T/bin:$PATH" bash -c '. "$1"; COMP_WORDS=(bilan init --funding c); COMP_CWORD=3; _bilan; echo "${COMPREPLY[*]}"' sh "$SRCDIR/completion/bilan.bash")
	expect_eq "$out" "cpf"
else
	lacking_part "bash"
fi

case_ "zsh completion file is valid zsh"
if command -v zsh >/dev/null; then
	zsh -n "$SRCDIR/completion/_bilan" && ok || ko "zsh syntax"
else
	lacking_part "zsh"
fi

finish
