# bash completion for bilan                                   -*- shell-script -*-
# Commands, sub-commands and options are read from bilan's own help, so new
# commands complete without editing this file.

_bilan_words() {
	# $1: command (may be empty)
	if [ -z "$1" ]; then
		LC_ALL=C bilan help 2>/dev/null | awk '/^  [a-z]/ { print $1 }'
	else
		LC_ALL=C bilan help "$1" 2>/dev/null |
			sed -n 's/^\(usage:\)\{0,1\} *bilan '"$1"' \{1,\}\([a-z][a-z-]*\).*/\2/p' | sort -u
	fi
}

_bilan_options() {
	LC_ALL=C bilan help "$1" 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u
}

_bilan() {
	local cur prev cmd i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	case $prev in
	-C|-o|--output|--answers-file)
		COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
	--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	--format) COMPREPLY=($(compgen -W "md html json" -- "$cur")); return ;;
	--kind) COMPREPLY=($(compgen -W "reflexion recherche enquete test question blocage seance retour note" -- "$cur")); return ;;
	--funding) COMPREPLY=($(compgen -W "cpf plan reclassement personnel" -- "$cur")); return ;;
	--verdict) COMPREPLY=($(compgen -W "conforte nuance infirme" -- "$cur")); return ;;
	--guide) COMPREPLY=($(compgen -W "parcours valeurs motivations contraintes reussites" -- "$cur")); return ;;
	esac
	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-C --color --no-color --help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_bilan_words '')" -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_bilan_options "$cmd") --help" -- "$cur"))
	elif [ "$cmd" = help ]; then
		COMPREPLY=($(compgen -W "$(_bilan_words '')" -- "$cur"))
	else
		local subs
		subs=$(_bilan_words "$cmd")
		if [ -n "$subs" ] && [ "${COMP_WORDS[COMP_CWORD-1]}" = "$cmd" ]; then
			COMPREPLY=($(compgen -W "$subs" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
	fi
}
complete -F _bilan bilan
