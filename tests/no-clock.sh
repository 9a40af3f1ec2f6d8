#!/bin/sh
# No test reads the machine's clock for an expectation (HACKING.md, "Tests
# on any date"): every end-to-end test takes "now" from the clock of
# tests/e2e/lib.sh (BILAN_NOW) and derives what it expects from it.  This
# check fails on any use of date(1) in tests/ outside the short allow-list
# below, on Python's readings of the wall clock, and on time(NULL) in unit
# tests unless the line says why the real clock is meant ("real clock").
set -u
cd "${SRCDIR:?}/tests" || exit 1

# The allow-list: lib.sh converts between forms of the test clock (date -d)
# and measures elapsed time (now_ms), never reading "now" for content.
allow='e2e/lib.sh no-clock.sh'

bad=0
for f in $(find . -name '*.sh' -o -name '*.py' | sed 's|^\./||' | LC_ALL=C sort); do
	case " $allow " in *" $f "*) continue ;; esac
	# date(1) as a command: at a line start, after ( ` ; | & or "$(" / "`"
	if grep -nE '(^|[;&|({`]|\$\()[[:space:]]*date([[:space:]]|$)|(^|[^[:alnum:]_./-])date[[:space:]]+[-+]' "$f"; then
		echo "no-clock: $f runs date(1): use the test clock of tests/e2e/lib.sh (day_of, now_fmt, tick, at, now_ms)" >&2
		bad=1
	fi
	if grep -nE 'datetime\.(now|today|utcnow)\(|date\.today\(|time\.(localtime|gmtime|strftime|ctime)\(' "$f"; then
		echo "no-clock: $f reads the wall clock in Python: derive from BILAN_NOW" >&2
		bad=1
	fi
done
for f in unit/*.c fuzz/*.c; do
	if grep -nE '\btime\((NULL|0)\)' "$f" | grep -v 'real clock'; then
		echo "no-clock: $f reads the machine's clock: pass a fixed 'now' (or say 'real clock' on the line)" >&2
		bad=1
	fi
done
if [ "$bad" -eq 0 ]; then
	echo "1 passed, 0 failed"
else
	echo "0 passed, 1 failed"
fi
exit "$bad"
