#!/bin/sh
# tests/lint.sh - static analysis of lib/ and cmd/ with the checks the
# project chose (HACKING.md, "Static analysis"):
#   cppcheck  --enable=warning,portability,performance, C11, every
#             configuration reachable with -D_GNU_SOURCE; three findings
#             cppcheck cannot see through are suppressed below, each with
#             the reason;
#   clang-tidy the checks of .clang-tidy, on the compilation database of a
#             meson build directory (compile_commands.json).
# Usage: tests/lint.sh [--deep] [BUILDDIR] [FILE...]   (BUILDDIR: build)
#   --deep   also run, for review and without failing, the path-sensitive
#            analyzer checks .clang-tidy leaves out (null pointers and
#            uninitialised values through out parameters)
# Exit status: 0 clean, 1 findings (printed), 77 neither tool installed.
# Run by scripts/test (it takes a few minutes: not in 'meson test').
set -eu
cd "$(dirname "$0")/.."

deep=0
if [ "${1:-}" = --deep ]; then deep=1; shift; fi
B=${1:-build}
[ $# -gt 0 ] && shift
files=${*:-$(ls lib/*.c cmd/*.c)}
status=0
ran=0

if command -v cppcheck >/dev/null 2>&1; then
	ran=1
	echo "lint: cppcheck"
	# Suppressed, with the reason:
	#  - nullPointerRedundantCheck in cmd/enquete.c: rec.doc is read only
	#    when the load returned 0, which sets it; the later test covers the
	#    other branch;
	#  - uninitvar in lib/questionnaire-result.c: only the address of a
	#    local struct is taken, and the callee fills it;
	#  - ctunullpointer in lib/buf.c: bilan_xstrndup(NULL, 0) is never
	#    reached (lib/sync.c passes NULL only with deleted, which takes the
	#    other branch), and cppcheck does not follow that flag.
	# shellcheck disable=SC2086
	if ! cppcheck -q --std=c11 --enable=warning,portability,performance \
		--inline-suppr --error-exitcode=1 -D_GNU_SOURCE -I lib -I "$B" \
		--suppress=missingIncludeSystem \
		--suppress=nullPointerRedundantCheck:cmd/enquete.c \
		--suppress=uninitvar:lib/questionnaire-result.c \
		--suppress=ctunullpointer:lib/buf.c \
		$files; then
		status=1
	fi
else
	echo "lint: cppcheck not installed (apt-get install cppcheck): skipped"
fi

if command -v clang-tidy >/dev/null 2>&1; then
	if [ ! -f "$B/compile_commands.json" ]; then
		echo "lint: $B/compile_commands.json is missing (meson setup $B)" >&2
		exit 1
	fi
	ran=1
	echo "lint: clang-tidy ($(sed -n 's/^  \([a-z-]*\)\*\{0,1\},\{0,1\}$/\1/p' .clang-tidy | wc -l) check groups, see .clang-tidy)"
	jobs=$(nproc 2>/dev/null || echo 1)
	# one process per file, $jobs at a time; a file with findings fails
	# shellcheck disable=SC2086
	if ! printf '%s\n' $files | xargs -P "$jobs" -n 1 clang-tidy -p "$B" --quiet 2>/dev/null |
		grep -E 'warning:|error:|^ ' >"$B/lint-tidy.txt"; then
		:
	fi
	if grep -qE 'warning:|error:' "$B/lint-tidy.txt"; then
		cat "$B/lint-tidy.txt"
		status=1
	fi
	if [ "$deep" = 1 ]; then
		echo "lint: clang-tidy --deep (advisory: null and uninitialised paths)"
		# shellcheck disable=SC2086
		printf '%s\n' $files | xargs -P "$jobs" -n 1 clang-tidy -p "$B" --quiet \
			--checks='-*,clang-analyzer-core.NullDereference,clang-analyzer-core.NonNullParamChecker,clang-analyzer-core.uninitialized.*,clang-analyzer-core.CallAndMessage' \
			--warnings-as-errors='' 2>/dev/null | grep -E 'warning:' || true
	fi
else
	echo "lint: clang-tidy not installed (apt-get install clang-tidy): skipped"
fi

[ "$ran" = 1 ] || exit 77
if [ "$status" = 0 ]; then echo "lint: clean"; else echo "lint: findings above" >&2; fi
exit $status
