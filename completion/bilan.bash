# bash completion for bilan                                   -*- shell-script -*-
# bilan completes itself: 'bilan __complete WORDS...' prints the candidates
# for the last word (commands, the options of the command typed, option
# values, ids, slugs, questionnaires, ROME codes...), one a line; "::files"
# and "::dirs" ask for the shell's own file completion.

_bilan() {
	local i w cur full
	local -a words=()
	# The words up to the cursor, with "--opt" "=" "value" joined again
	# (COMP_WORDBREAKS splits them).
	for ((i = 1; i <= COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((${#words[@]})) && [[ $w == "=" || ${COMP_WORDS[i-1]} == "=" ]] &&
			[[ ${words[${#words[@]}-1]} == -* ]]; then
			words[${#words[@]}-1]+=$w
		else
			words+=("$w")
		fi
	done
	cur=${COMP_WORDS[COMP_CWORD]}
	full=${words[${#words[@]}-1]}
	# the part of the full word before the current COMP_WORD
	local lead=${full:0:${#full}-${#cur}}
	COMPREPLY=()
	local out line
	out=$(command bilan __complete "${words[@]}" 2>/dev/null) || return
	while IFS= read -r line; do
		case $line in
		::files|::dirs)
			# file names may hold blanks: one a line
			compopt -o filenames 2>/dev/null
			local f flag=-f
			[[ $line == ::dirs ]] && flag=-d
			while IFS= read -r f; do
				COMPREPLY+=("$f")
			done < <(compgen "$flag" -- "$cur") ;;
		"") ;;
		*)
			COMPREPLY+=("${line:${#lead}}") ;;
		esac
	done <<<"$out"
	if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *= ]]; then
		compopt -o nospace 2>/dev/null
	fi
	return 0
}
complete -F _bilan bilan
