# lib.sh - helpers for the end-to-end tests (POSIX sh).
# Each test script: . "$SRCDIR/tests/e2e/lib.sh"; then uses $BILAN in $T.
set -u

: "${BILAN:?BILAN must name the built bilan}"
: "${SRCDIR:?SRCDIR must name the source tree}"

T=$(mktemp -d "${TMPDIR:-/tmp}/bilan-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
# A clean, reproducible environment: no user git config, no colour, English.
export HOME="$T/home"
mkdir -p "$HOME"
export XDG_CONFIG_HOME="$HOME/.config"
export GIT_CONFIG_NOSYSTEM=1
export LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=
# One clock and one zone (HACKING.md, "Tests on any date").  Nothing here
# reads the machine's clock: every bilan run takes "now" from BILAN_NOW, and
# the tests derive what they expect from the same clock.  The clock matrix
# of scripts/test sets BILAN_TEST_NOW (RFC 3339) and BILAN_TEST_TZ (the
# process's zone); a workspace made by new_ws is in BILAN_TEST_ZONE
# whatever TZ is.
#
# The clock lives in $T/clock (seconds since the epoch).  $BILAN is a
# wrapper that gives each run the clock's time and moves it one second on,
# so that commands happen in the order they are written, like a person's
# (ids, lists and histories sorted by time stay in that order), and the
# same on every run.  An explicit BILAN_NOW=... (even empty: the system's
# clock) wins and does not move the clock.  freeze_clock exports BILAN_NOW
# instead, for tests that want every command at one moment (tick and at
# still move it).
BILAN_TEST_NOW=${BILAN_TEST_NOW:-2026-12-09T10:15:00+01:00}   # a Wednesday morning
export TZ="${BILAN_TEST_TZ:-Europe/Paris}"
BILAN_TEST_ZONE=${BILAN_TEST_ZONE:-Europe/Paris}
export BILAN_ID_SEED="${BILAN_ID_SEED:-0x5eed}"
unset BILAN_NOW
CLOCK="$T/clock"
clock_frozen=""
# date(1) here only converts between forms, it never reads the clock.
clock_write() {
	echo "$1" >"$CLOCK.$$" && mv "$CLOCK.$$" "$CLOCK"
	if [ -n "$clock_frozen" ]; then BILAN_NOW=$(clock_now); export BILAN_NOW; fi
}
clock_epoch() { cat "$CLOCK"; }
# clock_now: the clock in RFC 3339 (UTC)
# (TZ=UTC0 rather than date -u: under libfaketime, scripts/test --full,
# date -u converts in the local zone's offset of the faked moment.)
clock_now() { TZ=UTC0 date -d "@$(cat "$CLOCK")" +%Y-%m-%dT%H:%M:%SZ; }
clock_write "$(date -d "$BILAN_TEST_NOW" +%s)" || { echo "bad BILAN_TEST_NOW '$BILAN_TEST_NOW'" >&2; exit 1; }
# tick [SECONDS]: move the clock forward (1 second by default).
tick() { clock_write $(($(cat "$CLOCK") + ${1:-1})); }
# at RFC3339: set the clock.
at() { clock_write "$(date -d "$1" +%s)"; }
freeze_clock() { clock_frozen=1; clock_write "$(cat "$CLOCK")"; }
# day_of [DAYS] [FORMAT]: the calendar day (or FORMAT) DAYS days from the
# clock's day, in the workspace's zone (BILAN_TEST_ZONE).
day_of() { TZ=$BILAN_TEST_ZONE date -d "$(TZ=$BILAN_TEST_ZONE date -d "@$(cat "$CLOCK")" +%F) ${1:-0} days" "+${2:-%F}"; }
# start_fmt FORMAT: the test's first moment (BILAN_TEST_NOW) in the workspace's zone.
start_fmt() { TZ=$BILAN_TEST_ZONE date -d "$BILAN_TEST_NOW" "+$1"; }
# now_fmt FORMAT: the clock in the workspace's zone.
now_fmt() { TZ=$BILAN_TEST_ZONE date -d "@$(cat "$CLOCK")" "+$1"; }
# elapsed time, for the few tests that bound how long something takes:
# the machine's real clock ($SERVER, below), also under scripts/test --full
# where libfaketime restarts the moved clock at the same instant in every
# process (no two readings would differ)
now_ms() { $SERVER date +%s%3N; }
# $SERVER CMD… &: a stand-in for the network (a silent server, a slow
# proxy) runs on the machine's real clock: under scripts/test --full the
# scripts run with libfaketime preloaded, whose sleep fails in python
# (EINVAL).  A word list, not a function: "$!" must be the server itself
# (env execs it), which the test kills at its end.
SERVER="env -u LD_PRELOAD -u FAKETIME"
# $TOOL CMD…: a program the test uses but does not test (man, chromium)
# runs on the real clock too: neither works under libfaketime here (man-db's
# sandbox, chromium's timers), and neither reads bilan's clock.
TOOL=$SERVER
export BILAN_LOCK_TIMEOUT=10
export EDITOR=false VISUAL=
export PAGER=cat
unset BILAN_DIR NO_COLOR 2>/dev/null || true
git config --global user.name "Test User"
git config --global user.email "test@example.org"
git config --global init.defaultBranch main

# The wrapper: the test clock (above), and under meson test
# --setup=valgrind every bilan run goes through valgrind, a memory error or
# leak turning into exit status 99 (an unexpected status).
real_bilan=$BILAN   # the built binary itself, for tests about the file
cat >"$T/bilan-clocked" <<WRAP
#!/bin/sh
PATH=\${PATH:-/usr/bin:/bin}   # under env -i: found, not exported
if [ -z "\${BILAN_NOW+set}" ]; then
	n=\$(cat "$CLOCK") || exit 125
	echo \$((n + 1)) >"$CLOCK.\$\$" && mv "$CLOCK.\$\$" "$CLOCK"
	BILAN_NOW=\$(TZ=UTC0 date -d "@\$n" +%Y-%m-%dT%H:%M:%SZ)
	export BILAN_NOW
fi
exec ${BILAN_TEST_WRAPPER:-} "$real_bilan" "\$@"
WRAP
chmod +x "$T/bilan-clocked"
BILAN="$T/bilan-clocked"

# What a test needs and cannot find never passes silently: under CI
# (CI=true, .ci/run) it fails; elsewhere it is a note (lacking_part) or
# meson's SKIP, exit 77 (lacking).  scripts/install-deps installs it all.
lacking() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: cannot run: $* (scripts/install-deps installs it)" >&2
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "SKIP: $*" >&2
	exit 77
}
lacking_part() {
	if [ "${CI:-}" = true ]; then
		ko "cannot run: $* (scripts/install-deps installs it)"
	else
		echo "note: skipped, $*" >&2
	fi
}
has_fr() { locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\{0,1\}8$'; }
has_strace() { command -v strace >/dev/null 2>&1 && strace -f -qq -o /dev/null true 2>/dev/null; }

fails=0
passes=0
CURRENT=""

case_() { CURRENT="$*"; }

ok() { passes=$((passes + 1)); }

ko() {
	fails=$((fails + 1))
	echo "FAIL: ${CURRENT}: $*" >&2
}

# run CMD...: runs and captures stdout in $T/out, stderr in $T/err, status in $rc
run() {
	set +e
	"$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	set -e
	return 0
}

# run_in INPUT CMD...: same with INPUT on stdin
run_in() {
	input=$1; shift
	set +e
	printf '%s' "$input" | "$@" >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	return 0
}

expect_rc() {
	if [ "$rc" -eq "$1" ]; then ok; else
		ko "exit status $rc, expected $1"; sed 's/^/  stderr: /' "$T/err" >&2; sed 's/^/  stdout: /' "$T/out" | head -20 >&2
	fi
}

expect_out() { if grep -q -- "$1" "$T/out"; then ok; else ko "stdout lacks '$1'"; sed 's/^/  stdout: /' "$T/out" | head -30 >&2; fi; }
expect_err() { if grep -q -- "$1" "$T/err"; then ok; else ko "stderr lacks '$1'"; sed 's/^/  stderr: /' "$T/err" | head -30 >&2; fi; }
expect_no_out() { if grep -q -- "$1" "$T/out"; then ko "stdout has '$1'"; else ok; fi; }
expect_empty_out() { if [ -s "$T/out" ]; then ko "stdout not empty"; sed 's/^/  stdout: /' "$T/out" | head >&2; else ok; fi; }
expect_empty_err() { if [ -s "$T/err" ]; then ko "stderr not empty"; sed 's/^/  stderr: /' "$T/err" | head >&2; else ok; fi; }
expect_eq() { if [ "$1" = "$2" ]; then ok; else ko "got '$1', expected '$2'"; fi; }
expect_file() { if [ -e "$1" ]; then ok; else ko "missing file $1"; fi; }
expect_no_file() { if [ -e "$1" ]; then ko "unexpected file $1"; else ok; fi; }

# commits WS: number of commits on main
commits() { git -C "$1" rev-list --count HEAD 2>/dev/null || echo 0; }

# new_ws DIR [init options]: a fresh workspace
new_ws() {
	d=$1; shift
	"$BILAN" init --name "Camille Martin" --consultant "Sophie Durand" --quiet --language fr \
		--timezone "$BILAN_TEST_ZONE" "$@" "$d" >/dev/null
}

# Clean tree and sound repository.
expect_clean_repo() {
	if [ -n "$(git -C "$1" status --porcelain)" ]; then ko "working tree not clean: $(git -C "$1" status --porcelain | head -3)"; else ok; fi
	if git -C "$1" fsck --full --strict >/dev/null 2>&1; then ok; else ko "git fsck failed"; fi
}

# snapshot DIR: a checksum of every file (to prove nothing changed)
snapshot() { (cd "$1" && find . -path ./.git/bilan.lock -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' sha256sum) | sha256sum; }

finish() {
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
}
