#!/bin/sh
# End-to-end: 'bilan test run' on a real terminal (tmux): one item at a time,
# number keys, b, s, q, progress, scale labels; interrupted by q, Ctrl-C, a
# closed terminal (SIGHUP) and SIGTERM, resumed; the terminal restored; the
# partial answers kept outside the history; the lock never held while the
# person answers.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

command -v tmux >/dev/null 2>&1 || lacking "tmux"

W="$T/ws"
new_ws "$W"
B() { "$BILAN" -C "$W" "$@"; }
PART="$W/.git/bilan/partial"
SOCK="$T/tmux.sock"
TM() { tmux -S "$SOCK" "$@"; }
trap 'tmux -S "$SOCK" kill-server >/dev/null 2>&1 || true; rm -rf "$T"' EXIT INT TERM

# start NAME ARGS...: run bilan in a 100x30 terminal; when it ends, its exit
# status goes to $T/NAME.exit and the terminal settings to $T/NAME.stty
start() {
	name=$1; shift
	rm -f "$T/$name.exit" "$T/$name.stty"
	cat >"$T/$name.sh" <<EOF
"$BILAN" -C "$W" $*
echo \$? >"$T/$name.exit.tmp"
stty -a >"$T/$name.stty" 2>&1
mv "$T/$name.exit.tmp" "$T/$name.exit"
sleep 600
EOF
	if TM has-session -t "$name" 2>/dev/null; then TM kill-session -t "$name"; fi
	TM new-session -d -s "$name" -x 100 -y 30 "sh $T/$name.sh"
}

screen() { TM capture-pane -p -t "$1"; }

# wait_for NAME TEXT: until the screen shows TEXT (5 s at most)
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		if screen "$1" | grep -q -- "$2"; then ok; return 0; fi
		sleep 0.05
		i=$((i + 1))
	done
	ko "the screen never showed '$2'"
	screen "$1" | sed 's/^/  screen: /' >&2
	return 0
}

# keys NAME KEY...: one key at a time, as a person types
keys() {
	name=$1; shift
	for k in "$@"; do TM send-keys -t "$name" "$k"; sleep 0.05; done
}

# wait_exit NAME: the exit status of the run (empty after 10 s)
wait_exit() {
	i=0
	while [ ! -f "$T/$1.exit" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	cat "$T/$1.exit" 2>/dev/null || echo none
}

restored() {
	if grep -q -- '-icanon\|-echo \|-isig' "$T/$1.stty"; then
		ko "terminal left in raw mode: $(grep -o -- '-icanon\|-echo \|-isig' "$T/$1.stty" | tr '\n' ' ')"
	else ok; fi
}

# ----------------------------------------------------------------------
case_ "a terminal run: instructions, one item at a time, labels, progress, b, s, q"
n=$(commits "$W")
start r1 test run riasec
wait_for r1 "Intérêts professionnels (RIASEC)"
wait_for r1 "Pour chaque activité, indiquez"
wait_for r1 "48 questions. Answer with the number keys"
keys r1 Enter
wait_for r1 "1/48"
wait_for r1 "Réparer un appareil ou un meuble"
wait_for r1 "5  Cela m'intéresse beaucoup"
wait_for r1 "1-5: answer"
keys r1 5
wait_for r1 "2/48"
wait_for r1 "Analyser des données"
keys r1 4
wait_for r1 "3/48"
keys r1 9
wait_for r1 "answer with a number from 1 to 5"
keys r1 s
wait_for r1 "4/48"
keys r1 b
wait_for r1 "3/48"
keys r1 3
wait_for r1 "4/48"
keys r1 b
wait_for r1 "› *3  Cela m'intéresse moyennement"
keys r1 Enter
wait_for r1 "4/48"
keys r1 q
expect_eq "$(wait_exit r1)" 0
wait_for r1 "3 answers kept; 'bilan test run riasec' resumes where you stopped."
restored r1

case_ "the unfinished answers: outside the history, private, listed"
expect_file "$PART/riasec.yaml"
expect_eq "$(stat -c %a "$PART/riasec.yaml")" 600
expect_eq "$(stat -c %a "$PART")" 700
grep -q '^  r01: 5$' "$PART/riasec.yaml" && ok || ko "r01 kept"
grep -q '^  a01: 3$' "$PART/riasec.yaml" && ok || ko "a01 kept"
grep -q '^position: 3$' "$PART/riasec.yaml" && ok || ko "position kept"
expect_eq "$(commits "$W")" "$n"
expect_clean_repo "$W"
run B status
expect_rc 0
expect_no_out "partial"
expect_out "unfinished questionnaire: riasec, 3 of 48 answered (bilan test run riasec)"
run B status --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["questionnaires"]["unfinished"]==[{"id":"riasec","answered":3,"total":48}], d["questionnaires"]' "$T/out" && ok || ko "unfinished in status --json"
run B test list
expect_out "^riasec .* unfinished"
expect_out "Unfinished: 'riasec' (3 of 48 answered); 'bilan test run riasec' resumes it."
run B test list --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=[x for x in d["questionnaires"] if x["id"]=="riasec"][0]; assert r["unfinished"]=={"answered":3,"total":48}, r' "$T/out" && ok || ko "unfinished in JSON"

case_ "the lock is not held while the person answers"
start r2 test run riasec
wait_for r2 "Resume them?"
keys r2 Enter
wait_for r2 "4/48"
run env BILAN_LOCK_TIMEOUT=1 "$BILAN" -C "$W" test run big-five -q --answers "$(python3 -c 'print(",".join(["3"]*40))')"
expect_rc 0
expect_eq "$(commits "$W")" $((n + 1))

case_ "resumed, then Ctrl-C: the answers are kept, the terminal restored, exit 130"
keys r2 4 s 4
wait_for r2 "7/48"
keys r2 C-c
expect_eq "$(wait_exit r2)" 130
wait_for r2 "5 answers kept"
restored r2
grep -q '^position: 6$' "$PART/riasec.yaml" && ok || ko "position after Ctrl-C"
expect_eq "$(commits "$W")" $((n + 1))

case_ "resumed to the end: one commit, the result shown, the partial answers removed"
start r3 test run riasec
wait_for r3 "Resume them?"
keys r3 y Enter
wait_for r3 "7/48"
# the remaining 42 items typed fast, in one burst (type-ahead is kept)
TM send-keys -t r3 "$(python3 -c 'print("2" * 42)')"
wait_for r3 "End of the questionnaire: 47 of 48 items answered."
keys r3 b
wait_for r3 "48/48"
keys r3 Enter
wait_for r3 "End of the questionnaire"
keys r3 Enter
expect_eq "$(wait_exit r3)" 0
restored r3
expect_eq "$(commits "$W")" $((n + 2))
expect_no_file "$PART/riasec.yaml"
F=$(ls "$W"/tests/riasec/*.yaml)
grep -q '^  r01: 5$' "$F" && ok || ko "r01 from the first session"
grep -q '^  a01: 3$' "$F" && ok || ko "a01 from the first session"
grep -q '^  s01: 4$' "$F" && ok || ko "s01 from the second session"
grep -q '^  c08: 2$' "$F" && ok || ko "c08 from the third session"
grep -q '^  "*e01"*: ' "$F" && ko "e01 was skipped" || ok
expect_clean_repo "$W"
run B check
expect_rc 0
run B test show riasec --json
python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))["results"][0]
# R: r01 5 + 7 x 2 = 19 of 8: 100*(19-8)/32 = 34.4; E: e01 skipped, 7 x 2 = 14 of 7: 25.0
p={x["id"]:(x["raw"],x["n"],x["percent"]) for x in d["dimensions"]}
assert p["R"]==(19,8,34.4), p
assert p["E"]==(14,7,25.0), p
assert p["S"]==(18,8,31.3), p
' "$T/out" && ok || ko "scores of the resumed run"

case_ "a closed terminal (SIGHUP) keeps the answers"
start h1 test run big-five
wait_for h1 "Press Enter to begin"
keys h1 Enter 5 4
wait_for h1 "3/40"
TM kill-session -t h1
i=0; while [ ! -f "$T/h1.exit" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
i=0; while [ ! -f "$PART/big-five.yaml" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
expect_file "$PART/big-five.yaml"
grep -q '^  c01: 4$' "$PART/big-five.yaml" && ok || ko "answers before the hangup"
sleep 0.3
if pgrep -f "$W test run big-five" >/dev/null 2>&1; then ko "bilan still running after SIGHUP"; else ok; fi

case_ "SIGTERM keeps the answers, exit 143"
start k1 test run big-five --restart
wait_for k1 "Press Enter to begin"
keys k1 Enter 1 2 3
wait_for k1 "4/40"
pid=$(pgrep -f "$W test run big-five --restart" | head -1)
kill -TERM "$pid"
expect_eq "$(wait_exit k1)" 143
restored k1
grep -q "^  \"*e01\"*: 3$" "$PART/big-five.yaml" && ok || { ko "answers before SIGTERM"; cat "$PART/big-five.yaml" >&2; }
grep -q '^  o01: 5$' "$PART/big-five.yaml" && ko "--restart kept the old answers" || ok

case_ "free-text items read a line; q on the first screen keeps nothing new"
start t1 test run appreciation
wait_for t1 "Press Enter to begin"
keys t1 Enter
wait_for t1 "1/17"
TM send-keys -t t1 "$(python3 -c 'print("4" * 15)')"
wait_for t1 "16/17"
wait_for t1 "Qu'est-ce qui pourrait être amélioré ?"
wait_for t1 "(free answer, optional)"
keys t1 Enter
TM send-keys -t t1 "Plus de temps pour les enquêtes"
keys t1 Enter
wait_for t1 "17/17"
keys t1 s
wait_for t1 "End of the questionnaire: 16 of 17 items answered."
keys t1 b b
wait_for t1 "Plus de temps pour les enquêtes"
keys t1 q
expect_eq "$(wait_exit t1)" 0
grep -q '^  ameliorer: Plus de temps pour les enquêtes$' "$PART/appreciation.yaml" && ok || ko "text answer kept"
start t2 test run appreciation
wait_for t2 "Resume them?"
keys t2 n Enter
wait_for t2 "Press Enter to begin"
keys t2 q
expect_eq "$(wait_exit t2)" 0
wait_for t2 "Nothing answered, nothing kept."
expect_no_file "$PART/appreciation.yaml"

case_ "the end: history sound, nothing private in the tree"
expect_clean_repo "$W"
git -C "$W" ls-files | grep -q partial && ko "partial answers committed" || ok
TM kill-server >/dev/null 2>&1 || true

finish
