#!/bin/sh
# tests/lint.sh - static analysis of lib/ and cmd/ with the checks the
# project chose (HACKING.md, "Static analysis"):
#   cppcheck   --enable=warning,portability,performance, C11, every
#              configuration reachable with -D_GNU_SOURCE; three findings
#              cppcheck cannot see through are suppressed below, each with
#              the reason;
#   clang-tidy the checks of .clang-tidy (each exclusion explained there),
#              on the compilation database of a meson build directory.
# Both run at once; clang-tidy runs one process per file, nproc at a time.
# 2.5 to 3.5 minutes of CPU in all, nearly all of it the clang static
# analyzer: under 2 minutes on 2 idle cores (1.5 to 5.5 on 2 cores shared
# with other work, load 3 to 7).
# Usage: tests/lint.sh [--deep] [BUILDDIR] [FILE...]   (BUILDDIR: build)
#   --deep   also run, for review and without failing, the analyzer's
#            null-pointer checks .clang-tidy leaves out (they report out
#            parameters set by a function of another file)
# Exit status: 0 clean, 1 findings (printed) or a tool failed, 77 neither
# tool installed.  Run by scripts/test after the normal build's tests.
set -eu
cd "$(dirname "$0")/.."

deep=0
if [ "${1:-}" = --deep ]; then deep=1; shift; fi
B=${1:-build}
[ $# -gt 0 ] && shift
files=${*:-$(ls lib/*.c cmd/*.c)}
jobs=$(nproc 2>/dev/null || echo 1)
status=0
ran=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bilan-lint.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if command -v cppcheck >/dev/null 2>&1; then
	ran=1
	# Suppressed, with the reason:
	#  - nullPointerRedundantCheck in cmd/enquete.c: rec.doc is read only
	#    when the load returned 0, which sets it; the later test covers the
	#    other branch;
	#  - uninitvar in lib/questionnaire-result.c: only the address of a
	#    local struct is taken, and the callee fills it;
	#  - ctunullpointer in lib/buf.c: bilan_xstrndup(NULL, 0) is never
	#    reached (lib/sync.c passes NULL only with deleted, which takes the
	#    other branch), and cppcheck does not follow that flag.
	# In the background: it takes a few seconds of one core.
	# shellcheck disable=SC2086
	cppcheck -q --std=c11 --enable=warning,portability,performance \
		--inline-suppr --error-exitcode=1 -D_GNU_SOURCE -I lib -I "$B" \
		--suppress=missingIncludeSystem \
		--suppress=nullPointerRedundantCheck:cmd/enquete.c \
		--suppress=uninitvar:lib/questionnaire-result.c \
		--suppress=ctunullpointer:lib/buf.c \
		$files >"$tmp/cppcheck.txt" 2>&1 &
	cppcheck_pid=$!
else
	echo "lint: cppcheck not installed (apt-get install cppcheck): skipped"
fi

if command -v clang-tidy >/dev/null 2>&1; then
	if [ ! -f "$B/compile_commands.json" ]; then
		echo "lint: $B/compile_commands.json is missing (meson setup $B)" >&2
		exit 1
	fi
	ran=1
	# The compilation database without tools/: tools/rome-index compiles
	# some lib/ files again (natively, without the project's warnings),
	# and clang-tidy would analyse such a file once per entry.
	mkdir "$tmp/db"
	python3 - "$B/compile_commands.json" "$tmp/db/compile_commands.json" <<'EOF'
import json, sys
entries = json.load(open(sys.argv[1]))
keep, seen = [], set()
for e in entries:
    if e.get("output", "").startswith("tools/") or e["file"] in seen:
        continue
    seen.add(e["file"])
    keep.append(e)
json.dump(keep, open(sys.argv[2], "w"), indent=1)
EOF
	# The analyzer's budget per function: 100,000 nodes of its exploded
	# graph instead of 225,000: the analyzer takes 40% of the time (the
	# whole lint went from 6 minutes of CPU to under 3).  Measured on the
	# whole tree with the --deep checks on as well, it lost 5 reports of
	# 49, all one path through four calls in cmd/test.c (an out parameter
	# bilan_q_find() sets when it returns 0: not a bug).
	tidy_args="--quiet --extra-arg=-Wno-unknown-warning-option
		--extra-arg=-Xclang --extra-arg=-analyzer-config
		--extra-arg=-Xclang --extra-arg=max-nodes=100000"
	echo "lint: clang-tidy, $jobs at a time (the checks of .clang-tidy)"
	# One process per file; its output goes to its own file, and a file
	# whose clang-tidy fails (a finding: WarningsAsErrors, or an error)
	# is listed in $tmp/failed.  gcc-only warning options of the build
	# are not clang's business here.
	# shellcheck disable=SC2016,SC2086
	printf '%s\n' $files | xargs -P "$jobs" -n 1 sh -c '
		out="$1/tidy-$(printf %s "$4" | tr / _).txt"
		clang-tidy -p "$2" $3 "$4" >"$out" 2>&1 || echo "$4" >>"$1/failed"' \
		sh "$tmp" "$tmp/db" "$tidy_args" || true
	if [ -s "$tmp/failed" ]; then
		sort "$tmp/failed" | while IFS= read -r f; do
			grep -vE '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^$' \
				"$tmp/tidy-$(printf %s "$f" | tr / _).txt" || true
		done
		echo "lint: clang-tidy: findings in $(sort "$tmp/failed" | tr '\n' ' ')" >&2
		status=1
	fi
	if [ "$deep" = 1 ]; then
		echo "lint: clang-tidy --deep (advisory: the null-pointer checks)"
		# shellcheck disable=SC2086
		printf '%s\n' $files | xargs -P "$jobs" -n 1 clang-tidy -p "$tmp/db" $tidy_args \
			--checks='-*,clang-analyzer-core.NullDereference,clang-analyzer-core.NonNullParamChecker,clang-analyzer-core.CallAndMessage' \
			--warnings-as-errors='-*' 2>/dev/null | grep -E 'warning:' || true
	fi
else
	echo "lint: clang-tidy not installed (apt-get install clang-tidy): skipped"
fi

if [ -n "${cppcheck_pid:-}" ]; then
	if wait "$cppcheck_pid"; then
		echo "lint: cppcheck: clean"
	else
		cat "$tmp/cppcheck.txt"
		echo "lint: cppcheck: findings above" >&2
		status=1
	fi
fi

[ "$ran" = 1 ] || exit 77
if [ "$status" = 0 ]; then echo "lint: clean"; else echo "lint: findings above" >&2; fi
exit $status
