#!/bin/sh
# bash and zsh completion ask bilan itself ('bilan __complete WORDS...'):
# commands, each sub-command's own options, option values, ids, slugs,
# questionnaires, ROME codes, report kinds.  bash is driven through its own
# machinery: the file is sourced, the function registered for 'bilan' is
# found with 'complete -p' and called as readline would, and COMPREPLY is
# compared.  zsh: the completion function runs with compadd and _files
# recorded.
. "$SRCDIR/tests/e2e/lib.sh"
set -e
mkdir -p "$T/bin"
ln -s "$BILAN" "$T/bin/bilan"

W="$T/ws"
new_ws "$W"
cd "$W"
"$BILAN" journal add -q "Première entrée"
jid=$(ls journal/*/*/ | sed -n 's/\.yaml$//p' | head -1)
"$BILAN" piste add "Développeuse web" >/dev/null
"$BILAN" todo add "Lire la fiche" >/dev/null
tid=$(ls todo | sed -n 's/\.yaml$//p' | head -1)

# bcomp LINE: the sorted COMPREPLY, on one line, for LINE typed with the
# cursor at its end, words split as readline splits them (COMP_WORDBREAKS:
# "--color=al" is "--color" "=" "al").
cat >"$T/bcomp.bash" <<'EOS'
. "$1"; shift
line=$1
spec=$(complete -p bilan) || { echo "no completion registered for bilan"; exit 3; }
fn=${spec#*-F }; fn=${fn%% *}
COMP_LINE=$line; COMP_POINT=${#line}; COMP_TYPE=9; COMP_KEY=9
COMP_WORDS=()
for w in $line; do
	if [[ $w == -*=* ]]; then
		COMP_WORDS+=("${w%%=*}" "=")
		[ -n "${w#*=}" ] && COMP_WORDS+=("${w#*=}")
	else
		COMP_WORDS+=("$w")
	fi
done
case $line in *" ") COMP_WORDS+=("") ;; esac
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
"$fn" bilan "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
EOS
bcomp() { PATH="$T/bin:$PATH" bash "$T/bcomp.bash" "$SRCDIR/completion/bilan.bash" "$1"; }

# bexpect LINE EXPECTED: exactly these candidates
bexpect() {
	got=$(bcomp "$1")
	if [ "$got" = "$2" ]; then ok; else ko "bash '$1': got '$got', expected '$2'"; fi
}
# bhas LINE WORD: WORD among the candidates; bhasnt LINE WORD: not
bhas() {
	got=$(bcomp "$1")
	case " $got " in *" $2 "*) ok ;; *) ko "bash '$1': no '$2' in '$got'" ;; esac
}
bhasnt() {
	got=$(bcomp "$1")
	case " $got " in *" $2 "*) ko "bash '$1': '$2' in '$got'" ;; *) ok ;; esac
}

if command -v bash >/dev/null; then
	case_ "bash: commands"
	bhas "bilan " init
	bhas "bilan " status
	bhas "bilan " journal
	bhasnt "bilan " __complete
	bexpect "bilan jo" "journal"
	case_ "bash: global options and their values"
	bexpect "bilan --col" "--color --color="
	bexpect "bilan --color=al" "always"
	bexpect "bilan --color " "always auto never"
	bexpect "bilan --color always st" "status"
	bexpect "bilan -C $W jo" "journal"
	case_ "bash: sub-commands, and each one's own options only"
	bexpect "bilan todo " "add done list"
	bexpect "bilan journal --kind que" "question"
	bexpect "bilan journal --js" "--json"
	bexpect "bilan todo --a" "--all"
	bexpect "bilan journal add --k" "--kind"
	bhas "bilan journal add --" --rome
	bhasnt "bilan journal add --" --grep
	bhasnt "bilan journal add --" --funding
	bexpect "bilan init --f" "--funding"
	case_ "bash: option values"
	bexpect "bilan init --funding c" "cpf"
	bexpect "bilan init --funding=p" "personnel plan"
	bexpect "bilan journal add --kind r" "recherche reflexion retour"
	bexpect "bilan todo add --kind " "enquete recherche reflexion test"
	bexpect "bilan enquete done --verdict " "conforte infirme nuance"
	bexpect "bilan piste list --status en-" "en-attente en-exploration"
	bexpect "bilan seance add --phase c" "conclusions"
	bexpect "bilan journal add --piste d" "developpeuse-web"
	bexpect "bilan journal add -p d" "developpeuse-web"
	bexpect "bilan journal add -qp d" "developpeuse-web"
	bexpect "bilan journal add -ptest d" ""
	bexpect "bilan --color al " ""
	bexpect "bilan report --format " "html json md"
	case_ "bash: ids, slugs, questionnaires, ROME codes, report kinds"
	bexpect "bilan journal show " "$jid"
	bexpect "bilan journal show --json " "$jid"
	bexpect "bilan todo done " "$tid"
	bexpect "bilan piste show " "developpeuse-web"
	bexpect "bilan test run ri" "riasec"
	bhas "bilan metier show M180" M1805
	bexpect "bilan report s" "seance suivi synthese"
	bexpect "bilan phase set " "conclusions investigation preliminaire"
	bhas "bilan help " journal
	bexpect "bilan help todo " "add done list"
	bexpect "bilan todo help " "add done list"
	case_ "bash: files where files are wanted"
	touch "$W/answers.txt"
	bexpect "bilan test run --answers-file answ" "answers.txt"
	mkdir -p "$W/some dir"
	bexpect "bilan -C som" "some dir"
else
	lacking_part "bash"
fi

case_ "zsh completion file is valid zsh"
if command -v zsh >/dev/null; then
	zsh -n "$SRCDIR/completion/_bilan" && ok || ko "zsh syntax"
	# zcomp WORDS...: what the zsh function adds, the cursor on the last word
	zcomp() {
		PATH="$T/bin:$PATH" ZDESC=${ZDESC-} zsh -f -c '
			compadd() { local disp=
				while [[ $1 == -* && $1 != -- ]]; do
					case $1 in -d) disp=$2; shift ;; -S) shift ;; esac; shift; done
				[[ $1 == -- ]] && shift
				if [[ -n ${ZDESC-} && -n $disp ]]; then print -rl -- "${(@P)disp}"
				else print -rl -- "$@"; fi; }
			_files() { print -r -- "(files)"; }
			words=("$@"); CURRENT=$#
			source "$0"' "$SRCDIR/completion/_bilan" bilan "$@" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
	}
	zexpect() {
		want=$1; shift
		got=$(zcomp "$@")
		if [ "$got" = "$want" ]; then ok; else ko "zsh '$*': got '$got', expected '$want'"; fi
	}
	case_ "zsh: commands, options, values, ids"
	zexpect "journal" jo
	zexpect "--kind" journal add --k
	zexpect "enquete recherche reflexion test" todo add --kind ""
	zexpect "--color=always" --color=al
	zexpect "$jid" journal show ""
	zexpect "developpeuse-web" piste show ""
	zexpect "riasec" test run ri
	zexpect "(files)" test run --answers-file ""
	case_ "zsh: descriptions of commands, sub-commands and options"
	got=$(ZDESC=1 zcomp sh)
	expect_eq "$got" "share  -- share the workspace with the consultant, with consent"
	got=$(ZDESC=1 zcomp journal add --ti)
	expect_eq "$got" "--title  -- the title, one line"
	got=$(ZDESC=1 zcomp todo "")
	case $got in *"done  -- mark an item done"*) ok ;; *) ko "todo sub-commands without descriptions: $got" ;; esac
	case_ "zsh: an interactive zsh with compinit completes (zpty)"
	# zpty_complete TYPED PATTERN: types TYPED and TAB in an interactive zsh
	# whose fpath has completion/, waits (20 s at most) for PATTERN
	cat >"$T/zpty.zsh" <<'EOS'
zmodload zsh/zpty || exit 3
zpty z 'TERM=dumb zsh -f -i'
zpty -w z "PS1='> '; fpath=($1 \$fpath); path=($2 \$path); autoload -Uz compinit; compinit -u -D"
zpty -w -n z "$3"$'\t'
out= chunk=
for i in {1..200}; do
	while zpty -r -t z chunk; do out+=$chunk; done
	[[ $out == *$~4* ]] && { zpty -d z; exit 0; }
	sleep 0.1
done
zpty -d z
print -r -- "$out" | tr -d '\r' | tail -5 >&2
exit 1
EOS
	zpty_complete() {
		(cd "$W" && zsh -f "$T/zpty.zsh" "$SRCDIR/completion" "$T/bin" "$1" "$2") 2>"$T/zerr"
	}
	if zpty_complete "bilan journal add --ti" "--title "; then ok; else ko "--ti<TAB>: $(cat "$T/zerr")"; fi
	if zpty_complete "bilan todo " "done  -- mark an item done"; then ok; else ko "todo <TAB>: $(cat "$T/zerr")"; fi
	if zpty_complete "bilan piste show d" "show developpeuse-web "; then ok; else ko "piste show d<TAB>: $(cat "$T/zerr")"; fi
else
	lacking_part "zsh"
fi

case_ "hostile file names are not offered"
: >"$W/pistes/$(printf 'evil\033[31m')x.yaml"
: >"$W/pistes/with space.yaml"
run "$BILAN" __complete piste show ""
expect_rc 0
expect_out "developpeuse-web"
grep -q "$(printf '\033')" "$T/out" && ko "escape sequence offered" || ok
expect_no_out "with space"
rm -f "$W/pistes/$(printf 'evil\033[31m')x.yaml" "$W/pistes/with space.yaml"

case_ "hostile words: many, long, escapes, not UTF-8"
run "$BILAN" __complete journal show "$(printf '\033[31m\377')"
expect_rc 0
expect_empty_out
run "$BILAN" __complete $(seq 1 10000) ""
expect_rc 0
long=$(head -c 100000 /dev/zero | tr '\0' a)
run "$BILAN" __complete journal add "--$long"
expect_rc 0
run "$BILAN" __complete -C "$T/nowhere" journal show ""
expect_rc 0
expect_empty_out

case_ "__complete does not open the repository"
mv "$W/.git" "$W/.git-away"
run "$BILAN" __complete journal show ""
expect_rc 0
expect_out "$jid"
mv "$W/.git-away" "$W/.git"

finish
