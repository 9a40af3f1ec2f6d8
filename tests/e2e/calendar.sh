#!/bin/sh
# End-to-end: the calendar on any date.  Days, ISO weeks, streaks, "this
# week", due dates, séance times, remind and the reports are computed in the
# workspace's zone from the one clock (BILAN_NOW), whatever the process's
# TZ.  Every expectation is derived from the clock with Python's zoneinfo,
# never from the machine's clock.  tests/meson.build runs this script under
# the clock matrix (a Monday 00:30 in Paris, a Sunday 23:59, the days of the
# DST changes, the last days of an ISO year with a week 53), each under
# TZ=UTC and TZ=Europe/Paris.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

# cal EXPR: a Python expression with now (the clock, in the workspace's
# zone), today (its date), Z (the zone), week(d) ("2026-W50"), monday(d),
# day(n) (today + n days, ISO) and datetime, timedelta at hand.
cal() {
	python3 - "$BILAN_NOW" "$BILAN_TEST_ZONE" "$1" <<'EOF'
import sys
from datetime import datetime, timedelta, date
from zoneinfo import ZoneInfo
Z = ZoneInfo(sys.argv[2])
now = datetime.fromisoformat(sys.argv[1].replace('Z', '+00:00')).astimezone(Z)
today = now.date()
def week(d):
    y, w, _ = d.isocalendar()
    return '%04d-W%02d' % (y, w)
def monday(d):
    return (d - timedelta(days=d.isoweekday() - 1)).isoformat()
def day(n):
    return (today + timedelta(days=n)).isoformat()
def offset(d, h, m):
    t = datetime(d.year, d.month, d.day, h, m, tzinfo=Z)
    o = int(t.utcoffset().total_seconds()) // 60
    return '%s%02d:%02d' % ('-' if o < 0 else '+', abs(o) // 60, abs(o) % 60)
print(eval(sys.argv[3]))
EOF
}
# every command at the clock's moment: the expectations are computed at it
freeze_clock
pyjson() { python3 -c "import json,sys; d=json.load(open('$T/out')); print($1)"; }

echo "clock: $BILAN_NOW, TZ=$TZ, workspace zone $BILAN_TEST_ZONE ($(cal 'now.isoformat()'), $(cal 'week(today)'))"

W="$T/ws"
new_ws "$W" --weekly-goal 1h30 --start "il y a 3 semaines"
B() { "$BILAN" -C "$W" "$@"; }

case_ "the start of the bilan is a day in the workspace's zone"
expect_eq "$(sed -n "s/^start: ['\"]\{0,1\}\([0-9-]*\).*/\1/p" "$W/bilan.yaml")" "$(cal 'day(-21)')"
expect_eq "$(sed -n 's/^timezone: //p' "$W/bilan.yaml")" "$BILAN_TEST_ZONE"

case_ "relative dates are days in the workspace's zone"
run B journal add -q --duration 1h -d "aujourd'hui" "aujourd'hui"
expect_rc 0
F=$(git -C "$W" show --name-only --format= HEAD | head -1)
expect_eq "$(sed -n 's/^date: "\(.*\)"/\1/p' "$W/$F")" "$(cal 'now.replace(microsecond=0).isoformat()')"
case "$F" in "journal/$(cal 'today.strftime("%Y/%m")')/"*) ok ;; *) ko "folder of today's entry: $F" ;; esac
tick
run B journal add -q --duration 30min -d hier "hier"
expect_rc 0
F=$(git -C "$W" show --name-only --format= HEAD | head -1)
expect_eq "$(sed -n 's/^date: "\(.*\)"/\1/p' "$W/$F")" "$(cal '"%sT12:00:00%s" % (day(-1), offset(today - timedelta(days=1), 12, 0))')"
tick
run B journal add -q --duration 1h30 -d "il y a 7 jours" "il y a 7 jours"
tick
run B journal add -q --duration 2h -d "il y a 14 jours" "il y a 14 jours"
expect_rc 0

case_ "commands that may run outside a workspace read their dates in its zone too"
# (metier and test parse their options before they need the workspace:
# under TZ=UTC their dates were once read in UTC)
run B metier note M1805 --date "hier 21h" "Fiche lue"
expect_rc 0
F=$(git -C "$W" show --name-only --format= HEAD | head -1)
expect_eq "$(sed -n 's/^date: "\(.*\)"/\1/p' "$W/$F")" "$(cal '"%sT21:00:00%s" % (day(-1), offset(today - timedelta(days=1), 21, 0))')"
git -C "$W" rm -q "$F" && git -C "$W" commit -q -m "test: the note goes" && ok || ko "remove the note"

case_ "journal time: ISO weeks of the workspace's zone, the current one last, the streak"
run B journal time --json
expect_rc 0
expect_eq "$(pyjson 'd["weeks"][-1]["week"]')" "$(cal 'week(today)')"
expect_eq "$(pyjson 'd["weeks"][-1]["start"]')" "$(cal 'monday(today)')"
# expected minutes per week, from the four entries' days
expect_eq "$(pyjson '{w["week"]: w["minutes"] for w in d["weeks"] if w["minutes"]}')" "$(cal '
(lambda m: {k: m[k] for k in sorted(m)})(
 (lambda acc: [acc.__setitem__(week(d), acc.get(week(d), 0) + n) for d, n in
   [(today, 60), (today - timedelta(1), 30), (today - timedelta(7), 90), (today - timedelta(14), 120)]] and acc)({}))')"
# the streak: weeks at goal, backwards, the current one skipped while under goal
expect_eq "$(pyjson 'd["streak"]')" "$(cal '
(lambda ws: (lambda i: next((k for k in range(i + 1) if k == i or ws[i - 1 - k] < 90), 0))(len(ws) - (ws[-1] < 90)))(
 [sum(n for d, n in [(today, 60), (today - timedelta(1), 30), (today - timedelta(7), 90), (today - timedelta(14), 120)]
      if monday(d) == monday(today - timedelta(7 * k))) for k in range(3, -1, -1)])')"
run B journal time --week --json
expect_eq "$(pyjson 'd["weeks"][0]["week"]')" "$(cal 'week(today)')"
expect_eq "$(pyjson 'd["weeks"][0]["minutes"]')" "$(cal '60 + (30 if week(today - timedelta(1)) == week(today) else 0)')"

case_ "due dates and 'this week' in the workspace's zone"
run B todo add --due demain "pour demain"
expect_rc 0
expect_out "$(cal 'day(1)')"
tick
run B todo add --due hier "pour hier"
expect_rc 0
run B todo list --json
expect_rc 0
# overdue: due before today; due this week: not overdue, due by Sunday
expect_eq "$(pyjson 'sorted((t["text"], t["due"], t["overdue"], t["due_this_week"]) for t in d["todos"])')" "$(cal '
sorted([("pour demain", day(1), False, week(today + timedelta(1)) == week(today)), ("pour hier", day(-1), True, False)])')"

case_ "séance times are wall-clock times of the workspace's zone, with that day's offset"
run B seance add --duration 2h --subject "Restitution" "dans 3 jours 14h"
expect_rc 0
expect_out "$(cal 'day(3)') 14:00"
run B seance list --json
expect_eq "$(pyjson 'd["seances"][0]["date"]')" "$(cal '"%sT14:00:00%s" % (day(3), offset(today + timedelta(3), 14, 0))')"

case_ "remind: the next séance in days, the overdue item, the same under cron (no TZ)"
run env -i BILAN_NOW="$BILAN_NOW" BILAN_DIR="$W" "$BILAN" remind --always
expect_rc 0
cp "$T/out" "$T/remind-cron"
expect_out "in 3 days\|dans 3 jours"
expect_out "pour hier"
for z in UTC Europe/Paris Pacific/Kiritimati America/Los_Angeles; do
	run env -i BILAN_NOW="$BILAN_NOW" BILAN_DIR="$W" TZ=$z "$BILAN" remind --always
	if cmp -s "$T/out" "$T/remind-cron"; then ok; else ko "remind under TZ=$z differs: $(diff "$T/remind-cron" "$T/out" | head -5)"; fi
done

case_ "status, journal time, lists and reports are the same whatever the process's zone"
for c in "status" "journal time" "journal list" "todo list" "seance list" "report suivi" "report seance" "report synthese" "report suivi --format json" "report suivi --format html"; do
	# shellcheck disable=SC2086 # c is a list of words
	TZ=UTC "$BILAN" -C "$W" $c >"$T/utc" 2>&1 || true
	# shellcheck disable=SC2086
	TZ=Europe/Paris "$BILAN" -C "$W" $c >"$T/paris" 2>&1 || true
	# shellcheck disable=SC2086
	TZ=Asia/Tokyo "$BILAN" -C "$W" $c >"$T/tokyo" 2>&1 || true
	if cmp -s "$T/utc" "$T/paris" && cmp -s "$T/utc" "$T/tokyo"; then ok; else
		ko "'$c' depends on TZ: $(diff "$T/utc" "$T/paris" | head -4) $(diff "$T/utc" "$T/tokyo" | head -4)"
	fi
done

case_ "commits are dated by the one clock"
expect_eq "$(git -C "$W" log -1 --format=%at)" "$(clock_epoch)"

case_ "close: the end date is today in the workspace's zone"
run B close --force --date "aujourd'hui"
expect_rc 0
expect_eq "$(sed -n "s/^end: ['\"]\{0,1\}\([0-9-]*\).*/\1/p" "$W/bilan.yaml")" "$(cal 'day(0)')"
expect_clean_repo "$W"

case_ "pinned: journal time on Monday 2026-12-07 at 17:00 UTC (the failure of issue 13)"
# The suite failed that day with "got '3', expected '2'": the expectation of
# 'journal time --since "il y a 8 jours"' assumed that eight days ago is in
# the previous week, which on a Monday it is not.  A test bug; the streak
# and the weeks were right.
at 2026-12-07T17:00:00Z
W2="$T/pin"
new_ws "$W2" --weekly-goal 1h30 --start "il y a 4 semaines"
for e in "1h aujourd'hui" "45min aujourd'hui" "1h30 il y a 7 jours" "30min il y a 14 jours" "2h il y a 21 jours"; do
	tick
	"$BILAN" -C "$W2" journal add -q --duration "${e%% *}" -d "${e#* }" "$e" || ko "add $e"
done
run "$BILAN" -C "$W2" journal time --json
expect_eq "$(pyjson '[w["minutes"] for w in d["weeks"]][-4:]')" "[120, 30, 90, 105]"
expect_eq "$(pyjson 'd["streak"]')" 2
expect_eq "$(pyjson 'd["weeks"][-1]["week"]')" 2026-W50
run "$BILAN" -C "$W2" journal time --since "il y a 8 jours" --json
expect_eq "$(pyjson '[w["week"] for w in d["weeks"]]')" "['2026-W48', '2026-W49', '2026-W50']"

case_ "BILAN_NOW and BILAN_ID_SEED: a bad value is a usage error, nothing written"
c0=$(commits "$W2")
BILAN_NOW=2026-12-07 run "$BILAN" -C "$W2" journal add "x"
expect_rc 2
expect_err "BILAN_NOW"
expect_err "2026-12-07T00:30:00+01:00"
BILAN_NOW="2026-12-07T25:00:00Z" run "$BILAN" -C "$W2" status
expect_rc 2
BILAN_NOW="2026-12-07T10:00:00" run "$BILAN" -C "$W2" status
expect_rc 2
BILAN_ID_SEED=graine run "$BILAN" -C "$W2" journal add "x"
expect_rc 2
expect_err "BILAN_ID_SEED"
expect_eq "$(commits "$W2")" "$c0"
BILAN_NOW="2026-12-07T10:00:00.250+01:00" run "$BILAN" -C "$W2" journal add -q "fraction"
expect_rc 0

case_ "a fixed clock and a seed: processes at the same second still get distinct ids"
at 2026-12-07T17:30:00Z
for i in 1 2 3 4 5 6 7 8; do
	"$BILAN" -C "$W2" journal add -q "même seconde $i" &
done
wait
expect_eq "$(ls "$W2"/journal/2026/12/20261207T173000Z-*.yaml | wc -l | tr -d ' ')" 8
expect_clean_repo "$W2"

finish
