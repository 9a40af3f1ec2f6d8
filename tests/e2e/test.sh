#!/bin/sh
# End-to-end: bilan test (questionnaires) - scripted runs of every built-in
# with hand-computed scores, a questionnaire of one's own, history and
# comparison, bad input, JSON, French.  The terminal run is in test-tty.sh.
. "$SRCDIR/tests/e2e/lib.sh"
set -e

W="$T/ws"
new_ws "$W" --start 2026-09-01 --end 2026-12-15
Q="$SRCDIR/data/questionnaires"
B() { "$BILAN" -C "$W" "$@"; }

# pyjson EXPR: evaluate EXPR on the JSON in $T/out (as d)
pyjson() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T/out" "$1"; }

# An independent scorer (the formula of bilan-test(1)), to check bilan's.
# One Python run each way (importing yaml is slow): 'gen' writes the answer
# vectors, 'check' compares what bilan stored with what the formula gives.
cat >"$T/oracle.py" <<'EOF'
import json, os, random, sys, yaml
from fractions import Fraction
Q = sys.argv[2]
def load(i): return yaml.safe_load(open(os.path.join(Q, i + '.yaml')))
def rated(d): return [it for it in d['items'] if it.get('type', 'scale') == 'scale']
def score(d, answers):
    lo, hi = d['scale']['min'], d['scale']['max']
    dims = [x['id'] for x in d['dimensions']]
    raw = {k: 0 for k in dims}; n = {k: 0 for k in dims}; sk = {}
    for it, a in zip(rated(d), answers):
        if a == '': continue
        s = int(a)
        if it.get('reverse'): s = lo + hi - s
        raw[it['dimension']] += s; n[it['dimension']] += 1
        if 'skill' in it:
            key = (it['skill'], it['dimension'])
            r0, n0 = sk.get(key, (0, 0)); sk[key] = (r0 + s, n0 + 1)
    def pct(r, k):
        if k == 0: return None
        f = Fraction(1000 * (r - k * lo), k * (hi - lo))
        return ((2 * f.numerator + f.denominator) // (2 * f.denominator)) / 10
    # bilan-test(1): a dimension is read with at least 3/4 of its items
    # answered; a profile needs every dimension read and 15 points or more
    # between the highest and the lowest (rounded) percent
    items = {k: sum(1 for it in rated(d) if it['dimension'] == k) for k in dims}
    ok = {k: n[k] > 0 and 4 * n[k] >= 3 * items[k] for k in dims}
    out = {'dimensions': {k: [raw[k], n[k], pct(raw[k], n[k]) if ok[k] else None] for k in dims}, 'profile': None}
    top = d.get('profile', {}).get('top')
    pcts = [pct(raw[k], n[k]) for k in dims if ok[k]]
    if top and all(ok.values()) and len(pcts) > 1 and round(10 * (max(pcts) - min(pcts))) >= 150:
        cand = sorted([k for k in dims if n[k]],
                      key=lambda k: (-Fraction(raw[k] - n[k] * lo, n[k]), dims.index(k)))[:top]
        out['profile'] = ''.join(cand) if all(len(i) == 1 for i in cand) else ','.join(cand)
    out['skills'] = {'%s/%s' % k: pct(v[0], v[1]) for k, v in sk.items()}
    return out
if sys.argv[1] == 'gen':
    for i in ['riasec', 'big-five', 'valeurs', 'competences', 'appreciation']:
        d = load(i)
        lo, hi = d['scale']['min'], d['scale']['max']
        for seed in (1, 2, 3):
            r = random.Random(seed)
            v = ['' if r.random() < 0.08 else str(r.randint(lo, hi)) for it in rated(d)]
            print(i, seed, ','.join(v))
    b5 = load('big-five')
    print('BIGFIVE_HIGH', 0, ','.join('1' if i.get('reverse') else '5' for i in b5['items']))
    special = {'management-m1': 4, 'management-m2': 4, 'management-e': 1,
               'management-e2': 1,
               'communication-m1': 1, 'communication-m2': 2, 'communication-e': 4, 'communication-e2': 4}
    print('COMPETENCES', 0, ','.join(str(special.get(i['id'], 3)) for i in load('competences')['items']))
else:
    bad = 0
    for line in open(sys.argv[3]):
        i, seed, v = line.rstrip('\n').split(' ', 2)
        if not i.islower(): continue
        d = json.load(open(os.path.join(sys.argv[4], '%s-%s.json' % (i, seed))))['results'][-1]
        got = {'dimensions': {x['id']: [x['raw'], x['n'], x['percent']] for x in d['dimensions']},
               'profile': d['profile'],
               'skills': {'%s/%s' % (s['id'], x['id']): x['percent'] for s in d['skills'] for x in s['dimensions']}}
        want = score(load(i), v.split(','))
        if got != want:
            bad += 1
            print('%s seed %s: got %s, expected %s' % (i, seed, got, want), file=sys.stderr)
    print(bad)
EOF
python3 "$T/oracle.py" gen "$Q" >"$T/vectors"
named() { sed -n "s/^$1 0 //p" "$T/vectors"; }

# rvec R I A S E C: the RIASEC vector, items alternate R I A S E C
rvec() { v="$1,$2,$3,$4,$5,$6"; printf '%s' "$v"; for _ in 2 3 4 5 6 7 8; do printf ',%s' "$v"; done; echo; }
# rep VALUE N: VALUE N times, comma-separated
rep() { printf '%s' "$1"; i=1; while [ $i -lt "$2" ]; do printf ',%s' "$1"; i=$((i + 1)); done; echo; }

# ----------------------------------------------------------------------
case_ "list: the five built-ins, never taken; --json parses; works outside a workspace"
run B test list
expect_rc 0
for id in riasec big-five valeurs competences appreciation; do expect_out "^$id "; done
expect_out "Intérêts professionnels (RIASEC)"
run B test list --json
expect_rc 0
expect_eq "$(pyjson 'sorted(x["id"] for x in d["questionnaires"])')" "['appreciation', 'big-five', 'competences', 'riasec', 'valeurs']"
expect_eq "$(pyjson '[x["items"] for x in d["questionnaires"] if x["id"]=="riasec"][0]')" 48
expect_eq "$(pyjson '[x["taken"] for x in d["questionnaires"] if x["id"]=="riasec"][0]')" 0
cd "$T"
run "$BILAN" test list
expect_rc 0
expect_out "^big-five "
run "$BILAN" test
expect_rc 0
expect_out "^riasec "

# ----------------------------------------------------------------------
case_ "riasec by hand: S 100, A 75, I 71.9 (one I item at 3), E 50, R 25, C 0: profile SAI"
V=$(rvec 2 4 4 5 3 1 | sed 's/^2,4,/2,3,/')
n=$(commits "$W")
run B test run riasec --answers "$V" --date "2026-10-01 10:00"
expect_rc 0
# words and the mean on the answer scale, no percent (bilan-test(1))
expect_out "Réaliste  *rather low, mean 2.0 on the scale 1 to 5$"
expect_out "Investigateur  *rather high, mean 3.9 on the scale 1 to 5$"
expect_out "Artistique  *rather high, mean 4.0 on the scale 1 to 5$"
expect_out "Social  *rather high, mean 5.0 on the scale 1 to 5$"
expect_out "Conventionnel  *rather low, mean 1.0 on the scale 1 to 5$"
expect_no_out "%"
expect_out "Profile: SAI (Social, Artistique, Investigateur)"
# A 75.0 and I 71.9: 3.1 points apart, said too close to order
expect_out "^  Artistique and Investigateur: less than 5 points apart, too close to order$"
expect_out "not you with"
expect_out "other people: this questionnaire has no norms"
expect_out "auto-évaluation indicative, à discuter avec votre"
expect_out "Être utile aux autres"
expect_eq "$(commits "$W")" $((n + 1))
F=$(ls "$W"/tests/riasec/*.yaml)
case "$F" in */tests/riasec/20261001T080000Z-????.yaml) ok ;; *) ko "result file name $F" ;; esac
expect_eq "$(stat -c %a "$F")" 600
expect_eq "$(stat -c %a "$W/tests/riasec")" 700
expect_eq "$(git -C "$W" log -1 --format=%s)" "test: riasec result"
git -C "$W" log -1 --format=%B | grep -q '^Bilan-Command: test run$' && ok || ko "trailer"
expect_eq "$(git -C "$W" show --name-only --format= HEAD)" "tests/riasec/$(basename "$F")"
expect_clean_repo "$W"
grep -q '^profile: SAI$' "$F" && ok || ko "profile key in the result"
grep -q '^date: "*2026-10-01T10:00:00+02:00"*$' "$F" && ok || ko "date in the result"
grep -q "^sha256: $(sha256sum <"$Q/riasec.yaml" | cut -c1-64)$" "$F" && ok || ko "checksum of the definition"
grep -q '^  i01: 3$' "$F" && ok || ko "answers kept per item"
run B check
expect_rc 0
expect_empty_err

case_ "riasec tie: R and S both 100, R first (order of dimensions): RSI"
run B test run riasec --answers "$(rvec 5 4 3 5 1 2)" --date "2026-11-05 18:00" --json
expect_rc 0
expect_eq "$(pyjson 'd["profile"]')" RSI
expect_eq "$(pyjson '[x["percent"] for x in d["dimensions"]]')" "[100.0, 75.0, 50.0, 100.0, 0.0, 25.0]"
expect_eq "$(pyjson 'd["top"]')" "['R', 'S', 'I']"

case_ "big-five: reverse-keyed items"
# all 5: 4 direct items score 5, 4 reversed score 1: raw 24 of 8 items: 50.0 everywhere
run B test run big-five --answers "$(rep 5 40)" --json
expect_rc 0
expect_eq "$(pyjson '[(x["raw"], x["n"], x["percent"]) for x in d["dimensions"]]')" \
	"[(24, 8, 50.0), (24, 8, 50.0), (24, 8, 50.0), (24, 8, 50.0), (24, 8, 50.0)]"
expect_eq "$(pyjson 'd["profile"]')" None
# 5 on direct items and 1 on reversed ones: 100.0 everywhere
V=$(named BIGFIVE_HIGH)
run B test run big-five --answers "$V" --json
expect_eq "$(pyjson '[x["percent"] for x in d["dimensions"]]')" "[100.0, 100.0, 100.0, 100.0, 100.0]"
expect_eq "$(pyjson 'd["answers"]["o01"]')" 5

case_ "competences: mastered but no wish to use it stands out"
# every skill 3,3 / 3 except management: 4,4 / 1 and communication 1,2 / 4
V=$(named COMPETENCES)
run B test run competences --answers "$V"
expect_rc 0
expect_out "By skill:"
expect_out "Maîtrise .*Envie de l'utiliser"
expect_out "Management  *rather high (4.0)  *rather low (1.0)  ◆ mastered, little wish to use it"
expect_out "Communication  *rather low (1.5)  *rather high (4.0)  ◆ wished for, still to develop"
# no "dominant" skill: the averages of unrelated skills are not read as a profile
expect_no_out "Profile"
expect_no_out "Organisation .*◆"
run B test show competences --json
expect_eq "$(pyjson '[s["flag"] for s in d["results"][0]["skills"] if s["id"]=="management"][0]')" mastered-unwanted
expect_eq "$(pyjson '[[x["percent"] for x in s["dimensions"]] for s in d["results"][0]["skills"] if s["id"]=="management"][0]')" "[100.0, 0.0]"

case_ "every built-in against an independent scorer (random vectors, skipped items)"
mkdir -p "$T/got"
grep '^[a-z]' "$T/vectors" | while read -r id seed V; do
	"$BILAN" -C "$W" test run "$id" -q --answers "$V" || echo "$id $seed: exit $?" >>"$T/run-errors"
	"$BILAN" -C "$W" test show "$id" --json >"$T/got/$id-$seed.json"
done
expect_no_file "$T/run-errors"
expect_eq "$(python3 "$T/oracle.py" check "$Q" "$T/vectors" "$T/got")" 0
expect_eq "$(ls "$W/tests/valeurs" | wc -l)" 3
run B check
expect_rc 0
expect_clean_repo "$W"

case_ "appreciation: --answers-file with ids and free text"
cat >"$T/appr.txt" <<'EOF'
# mon appréciation, fin de bilan
clarte1: 5
clarte2: 4
utilite1: 5
accompagnement1: 5
impact1: 2
ameliorer: Plus de temps sur les enquêtes métier : vraiment utile.
commentaire: Merci !
EOF
run B test run appreciation --answers-file "$T/appr.txt" --date 2026-11-16
expect_rc 0
expect_out "Your comments:"
expect_out "Plus de temps sur les enquêtes métier : vraiment utile."
# 2 of its 3 items answered: less than three quarters, nothing is said of it
expect_out "Clarté du déroulement  *too few answers to say anything: 2 of 3 (at least 3 needed)$"
expect_out "recueille votre avis sur le bilan, comme une enquête de$"
expect_no_out "psychométrique"
# the appraisal judges the consultant's work: kept under private/, never
# published, never in the consultant's clone (issue 22)
expect_no_file "$W/tests/appreciation"
F=$(ls -t "$W"/private/tests/appreciation/*.yaml | head -1)
grep -q '^  ameliorer: "*Plus de temps sur les enquêtes métier : vraiment utile."*$' "$F" && ok || ko "text answer in the file"
grep -q '^  commentaire: ' "$F" && ok || ko "comment in the file"
run B check
expect_rc 0
# one answer per line from standard input, text items included
printf '5\n4\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n3\n1\n-\nRien à ajouter\n' | run_in "$(cat)" B test run appreciation --answers-file - --json
expect_rc 0
expect_eq "$(pyjson 'd["answers"]["commentaire"]')" "Rien à ajouter"
expect_eq "$(pyjson '"ameliorer" in d["answers"]')" False
run B test show appreciation --all --json
expect_rc 0
na=$(pyjson 'len(d["results"])')
expect_eq "$(find "$W/private/tests/appreciation" -name '*.yaml' | wc -l)" "$na"
run B report
expect_no_out "Mon appréciation du bilan"
run B report --include-private
expect_out "Mon appréciation du bilan"
# an appraisal kept under tests/ by an older bilan is still read
mkdir -p "$W/tests/appreciation"
old=$(ls "$W"/private/tests/appreciation/*.yaml | head -1)
sed 's/^date: 2026/date: 2025/' "$old" >"$W/tests/appreciation/20250101T100000Z-abcd.yaml"
run B test show appreciation --all --json
expect_eq "$(pyjson 'len(d["results"])')" "$((na + 1))"
expect_eq "$(pyjson 'd["results"][0]["file"]')" "tests/appreciation/20250101T100000Z-abcd.yaml"
rm -r "$W/tests/appreciation"

# ----------------------------------------------------------------------
case_ "bad input: clear errors, non-zero exit, nothing written"
before=$(snapshot "$W"); n=$(commits "$W")
run B test run riasec --answers 1,2,3
expect_rc 2
expect_err "expected 48 answers (one per rated item, in order), got 3"
run B test run riasec --answers "$(rvec 5 4 3 6 1 2)"
expect_rc 2
expect_err "answer 4 (item 's01'): 6 is outside the scale 1 to 5"
run B test run riasec --answers "$(rvec 5 4 x 5 1 2)"
expect_rc 2
expect_err "answer 3 (item 'a01'): 'x' is not a number"
run B test run appreciation --answers "$(rep 3 17)"
expect_rc 2
expect_err "expected 15 answers"
expect_err "text items are not part of --answers"
run B test run riasce --answers 1
expect_rc 1
expect_err "unknown questionnaire 'riasce'"
expect_err "did you mean 'riasec'?"
run B test show bigfive
expect_rc 1
expect_err "did you mean 'big-five'?"
run B test run ../bilan --answers 1
expect_rc 2
expect_err "invalid questionnaire id"
run B test run riasec
expect_rc 2
expect_err "not on a terminal: give the answers with --answers or --answers-file"
run B test run riasec --answers 1 --answers-file "$T/appr.txt"
expect_rc 2
expect_err "not both"
printf 'clarte1: 4\nclarte7: 2\n' >"$T/bad.txt"
run B test run appreciation --answers-file "$T/bad.txt"
expect_rc 2
expect_err "bad.txt:2:1: unknown item 'clarte7'"
expect_err "did you mean 'clarte1'?"
printf 'clarte1: 4\nclarte1: 2\n' >"$T/bad.txt"
run B test run appreciation --answers-file "$T/bad.txt"
expect_rc 2
expect_err "answered twice"
printf '5\n4\n' >"$T/bad.txt"
run B test run appreciation --answers-file "$T/bad.txt"
expect_rc 2
expect_err "expected 15 answer lines (one per rated item) or 17"
run B test run appreciation --answers-file "$T/nowhere.txt"
expect_rc 1
run B test run riasec --answers "$(rvec '' '' '' '' '' '')"
expect_rc 2
expect_err "every item is skipped"
run B test run riasec --answers "$(rvec 5 4 3 5 1 2)" --date demain
expect_rc 2
run B test frobnicate
expect_rc 2
expect_err "did you mean\|unknown sub-command"
run B test run
expect_rc 2
expect_eq "$(snapshot "$W")" "$before"
expect_eq "$(commits "$W")" "$n"

# ----------------------------------------------------------------------
case_ "history: show (latest), show --all, compare with signed differences"
W2="$T/ws2"
new_ws "$W2"
B2() { "$BILAN" -C "$W2" "$@"; }
run B2 test compare riasec
expect_rc 1
expect_err "never taken"
run B2 test show riasec
expect_rc 1
expect_err "bilan test run riasec"
B2 test run riasec -q --answers "$(rvec 2 4 4 5 3 1)" --date 2026-09-10
run B2 test compare riasec
expect_rc 1
expect_err "nothing to compare: 1 attempt"
B2 test run riasec -q --answers "$(rvec 3 4 4 5 2 1)" --date 2026-10-15
B2 test run riasec -q --answers "$(rvec 3 5 3 4 2 2)" --date 2026-11-20
expect_eq "$(ls "$W2/tests/riasec" | wc -l)" 3
run B2 test show riasec
expect_rc 0
expect_out "2026-11-20"
expect_out "2 earlier attempts"
expect_no_out "2026-09-10"
run B2 test show --all riasec
expect_rc 0
expect_out "Attempt 1 of 3"
expect_out "Attempt 3 of 3"
run B2 test show riasec --all --json
expect_eq "$(pyjson 'len(d["results"])')" 3
expect_eq "$(pyjson '[r["profile"] for r in d["results"]]')" "['SIA', 'SIA', 'ISR']"
expect_eq "$(pyjson 'd["attempts"]')" 3
run B2 test compare riasec
expect_rc 0
expect_out "3 attempts"
expect_out "2026-09-10 .*2026-10-15 .*2026-11-20"
# means on the scale; each change sits beside the later attempt, on its
# right: R 2.0, then 3.0 (+1.0), then 3.0 (0.0), total +1.0
expect_out "^Réaliste  *2.0  *3.0 (+1.0)  *3.0 (0.0)  *+1.0$"
expect_out "^Entreprenant  *3.0  *2.0 (-1.0)  *2.0 (0.0)  *-1.0$"
expect_out "^Investigateur  *4.0  *4.0 (0.0)  *5.0 (+1.0)  *+1.0$"
expect_out "beside the later attempt"
expect_out "Profile "
run B2 test compare riasec --json
expect_rc 0
expect_eq "$(pyjson '[x for x in d["dimensions"] if x["id"]=="E"][0]["changes"]')" "[None, -25.0, 0.0]"
expect_eq "$(pyjson '[x for x in d["dimensions"] if x["id"]=="E"][0]["means"]')" "[3.0, 2.0, 2.0]"
expect_eq "$(pyjson '[x for x in d["dimensions"] if x["id"]=="E"][0]["mean_changes"]')" "[None, -1.0, 0.0]"
expect_eq "$(pyjson '[x for x in d["dimensions"] if x["id"]=="R"][0]["total_change"]')" 25.0
expect_eq "$(pyjson 'len(d["attempts"])')" 3
# two attempts by record id prefix
first=$(ls "$W2/tests/riasec" | head -1 | cut -c1-15)
last=$(ls "$W2/tests/riasec" | tail -1 | sed 's/.*-\(....\)\.yaml/\1/')
run B2 test compare riasec "$first" "$last" --json
expect_rc 0
expect_eq "$(pyjson '[x for x in d["dimensions"] if x["id"]=="R"][0]["changes"]')" "[None, 25.0]"
run B2 test compare riasec zzzz
expect_rc 1
run B2 test list --json
expect_eq "$(pyjson '[x["taken"] for x in d["questionnaires"] if x["id"]=="riasec"][0]')" 3
expect_eq "$(pyjson '[x["last"] for x in d["questionnaires"] if x["id"]=="riasec"][0]')" 2026-11-20
run B2 test list
expect_out "^riasec  *48  *3  2026-11-20  Intérêts"
run B2 status
expect_rc 0
expect_out "^questionnaires: riasec ×3 (ISR) (bilan test show ID)$"
run B2 status --json
expect_eq "$(pyjson 'd["questionnaires"]["taken"]')" "[{'id': 'riasec', 'attempts': 3, 'last': '2026-11-20', 'profile': 'ISR'}]"

# ----------------------------------------------------------------------
case_ "a questionnaire of one's own (the minimal form of the issue), validated, run"
mkdir -p "$W2/questionnaires"
cat >"$W2/questionnaires/stress.yaml" <<'EOF'
id: stress
version: 1
title: Mon rapport au stress
description: Un questionnaire du consultant
instructions: Répondez spontanément.
scale:
  min: 1
  max: 5
  labels:
    1: Pas du tout
    2: Un peu
    3: Moyennement
    4: Beaucoup
    5: Tout à fait
dimensions:
  - id: pression
    label: Goût de la pression
    description: Aimer les délais serrés
    interpretation:
      low: La pression vous pèse.
      medium: Un peu de pression vous convient.
      high: La pression vous stimule.
  - id: recup
    label: Récupération
    description: Récupérer vite
    interpretation: {low: Vous récupérez lentement., medium: Cela dépend., high: Vous récupérez vite.}
items:
  - {id: p1, text: J'aime les délais serrés, dimension: pression, reverse: false}
  - {id: p2, text: Les urgences me fatiguent, dimension: pression, reverse: true}
  - {id: r1, text: Je dors bien après une journée difficile, dimension: recup, reverse: false}
profile:
  top: 1
EOF
run B2 test validate "$W2/questionnaires/stress.yaml"
expect_rc 0
expect_out "valid: 'stress' version 1, 3 items, 2 dimensions"
expect_empty_err
run B2 check
expect_rc 0
run B2 test list
expect_out "^stress  *3  *0  -  *Mon rapport au stress  \[workspace\]"
# p1 4, p2 2 (reversed: 4): raw 8 of 2: 75.0; r1 5: 100.0; profile recup
run B2 test run stress --answers 4,2,5
expect_rc 0
expect_out "Goût de la pression  *rather high, mean 4.0 on the scale 1 to 5"
expect_out "La pression vous stimule."
expect_out "Profile: recup (Récupération)"
git -C "$W2" add questionnaires && git -C "$W2" commit -qm "questionnaires: stress"
run B2 check
expect_rc 0

case_ "a changed definition: the result shows it was taken with version 1"
sed -i 's/^version: 1$/version: 2/' "$W2/questionnaires/stress.yaml"
run B2 test show stress
expect_rc 0
expect_out "taken with version 1; the questionnaire is now at version 2"
run B2 test show stress --json
expect_eq "$(pyjson 'd["results"][0]["outdated"]')" True
sed -i 's/^version: 2$/version: 1/; s/Je dors bien/Je dors très bien/' "$W2/questionnaires/stress.yaml"
run B2 test show stress
expect_out "taken with version 1; the questionnaire has changed since"
git -C "$W2" checkout -q questionnaires/stress.yaml
run B2 test show stress
expect_no_out "taken with version"

case_ "a workspace definition overrides the built-in of the same id, and says so"
sed 's/^id: stress$/id: valeurs/' "$W2/questionnaires/stress.yaml" >"$W2/questionnaires/valeurs.yaml"
run B2 test list
expect_out "^valeurs  *3 .*\[workspace: replaces the built-in\]"
expect_eq "$(grep -c '^valeurs ' "$T/out")" 1
run B2 test list --json
expect_eq "$(pyjson '[x["overrides_builtin"] for x in d["questionnaires"] if x["id"]=="valeurs"]')" "[True]"
run B2 test run valeurs --answers 1,1,1 --json
expect_eq "$(pyjson 'len(d["dimensions"])')" 2
rm "$W2/questionnaires/valeurs.yaml"
git -C "$W2" rm -rq tests/valeurs && git -C "$W2" commit -qm "drop"

case_ "validate: FILE:LINE:COL for every problem, nothing else checked passes"
cat >"$T/broken.yaml" <<'EOF'
id: Cassé
version: 0
title: T
description: D
instructions: I
scale: {min: 3, max: 2}
dimensions:
  - {id: a, label: A, interpretation: {low: l, medium: m, high: h}}
  - {id: a, label: B, interpretation: {low: l, medium: m}}
items:
  - {id: i1, text: x, dimension: z}
  - {id: i1, text: y, dimension: a, reverse: oui}
profile: {top: 4}
bonus: 1
EOF
run B2 test validate "$T/broken.yaml"
expect_rc 1
expect_err "broken.yaml:1:5: .*Cassé"
expect_err "broken.yaml:2:10: "
expect_err "broken.yaml:6:"
expect_err "broken.yaml:9:10: duplicate dimension id 'a'"
expect_err "broken.yaml:9:"
expect_err "broken.yaml:11:34: item 'i1': unknown dimension 'z'"
expect_err "broken.yaml:12:10: duplicate item id 'i1'"
expect_err "broken.yaml:12:"
expect_err "broken.yaml:13:"
expect_err "warning: .*broken.yaml:14:1: unknown key 'bonus'"
printf 'id: ok\nversion: 1\ntitle: T\ndescription: D\ninstructions: I\nscale: {min: 1, max: 3, labels: [a, b]}\ndimensions:\n  - {id: a, label: A, interpretation: {low: l, medium: m, high: h}}\nitems:\n  - {id: i1, text: x, dimension: a}\n' >"$T/ok.yaml"
run B2 test validate "$T/ok.yaml"
expect_rc 1
expect_err "ok.yaml:6:33: .*3 points (1 to 3) but 2 labels"
run B2 test validate "$T/nowhere.yaml"
expect_rc 1
for id in riasec big-five valeurs competences appreciation; do
	run "$BILAN" test validate "$Q/$id.yaml"
	expect_rc 0
	expect_empty_err
done
cp "$T/broken.yaml" "$W2/questionnaires/casse.yaml"
run B2 test list
expect_rc 1
expect_out "(broken definition: see below)"
expect_err "casse.yaml:1:5"
run B2 test run casse --answers 1
expect_rc 1
expect_err "casse.yaml:1:5"
expect_err "more problems: 'bilan test validate"
rm "$W2/questionnaires/casse.yaml"

case_ "a result edited by hand into nonsense: a clear error, exit 1, nothing written"
F=$(ls "$W2"/tests/riasec/*.yaml | tail -1)
cp "$F" "$T/keep.yaml"
sed -i 's/^  percent: 50.0$/  percent: 99.0/' "$F"
before=$(snapshot "$W2")
run B2 test show riasec
expect_rc 1
expect_err "$(basename "$F"):[0-9]*:[0-9]*: percent 99.0 does not match raw"
run B2 test compare riasec
expect_rc 1
expect_eq "$(snapshot "$W2")" "$before"
cp "$T/keep.yaml" "$F"
sed -i 's/^  i01: 5$/  i01: 7/' "$F"
run B2 test show riasec
expect_rc 1
expect_err "answer 'i01': 7 is outside the scale 1 to 5"
cp "$T/keep.yaml" "$F"
run B2 test show riasec
expect_rc 0
expect_clean_repo "$W2"

case_ "results without a definition (a generated questionnaire) still show"
mkdir -p "$W2/tests/genere-x1"
sed 's/^questionnaire: riasec$/questionnaire: genere-x1/' "$T/keep.yaml" >"$W2/tests/genere-x1/$(basename "$F")"
run B2 test show genere-x1
expect_rc 0
expect_out "definition is not available: shown as recorded, version 2"
expect_out "Réaliste"
run B2 test list
expect_out "^genere-x1 .*(results only: no definition)"
rm -r "$W2/tests/genere-x1"

# ----------------------------------------------------------------------
case_ "French messages"
LOC=""
if has_fr; then
	LOC=system
elif [ -n "${BUILDDIR:-}" ] && command -v localedef >/dev/null; then
	L="$BUILDDIR/tests/locale"
	if [ -d "$L/fr_FR.UTF-8" ] || { mkdir -p "$L" && localedef -i fr_FR -f UTF-8 "$L/fr_FR.UTF-8" >/dev/null 2>&1; }; then
		export LOCPATH="$L"
		LOC=private
	fi
fi
if [ -n "$LOC" ]; then
	LC_ALL=fr_FR.UTF-8 run B2 test run riasce --answers 1
	expect_rc 1
	expect_err "questionnaire « riasce » inconnu"
	expect_err "vouliez-vous dire « riasec »"
	LC_ALL=fr_FR.UTF-8 run B2 test run riasec --answers 1,2
	expect_rc 2
	expect_err "48 réponses attendues"
	LC_ALL=fr_FR.UTF-8 run B2 test show riasec
	expect_rc 0
	expect_out "Profil : "
	expect_out "Réaliste  *intermédiaire, moyenne 3,0 sur l'échelle de 1 à 5"
	LC_ALL=fr_FR.UTF-8 run B2 test compare riasec
	expect_out "évolution"
	expect_out "+1,0"
	LC_ALL=fr_FR.UTF-8 run B2 test run riasec
	expect_rc 2
	expect_err "pas dans un terminal"
	LC_ALL=fr_FR.UTF-8 run B2 test list
	expect_out "^ID  *QUESTIONS"
else
	lacking_part "the fr_FR.UTF-8 locale"
fi

case_ "the end: checks pass, history sound"
# ----------------------------------------------------------------------
case_ "honest reading: too few answers, a flat profile, ties said (bilan-test(1) SCORING RULES)"
W3="$T/ws3"
new_ws "$W3"
B3() { "$BILAN" -C "$W3" "$@"; }
# one RIASEC item answered "pas du tout": no percent, no level, no profile
run B3 test run riasec --answers "1$(printf ',%.0s' $(seq 47))" --date 2026-11-02
expect_rc 0
expect_out "^  Réaliste  *too few answers to say anything: 1 of 8 (at least 6 needed)$"
expect_out "No profile: 6 dimensions have too few answers"
expect_no_out "Profile: R"
expect_no_out "%"
F=$(ls "$W3"/tests/riasec/*.yaml)
grep -q '^profile:' "$F" && ko "no profile recorded" || ok
run B3 test show riasec --json
expect_eq "$(pyjson 'd["results"][0]["profile"]')" None
expect_eq "$(pyjson 'd["results"][0]["profile_state"]')" too-few-answers
expect_eq "$(pyjson '[x["enough"] for x in d["results"][0]["dimensions"]][0]')" False
expect_eq "$(pyjson '[x["needed"] for x in d["results"][0]["dimensions"]][0]')" 6
run B3 report synthese
expect_rc 0
expect_out "Trop peu de réponses pour lire 6 dimensions"
# no value in the chart (of the progress report: the synthèse speaks in
# words) for a dimension with too few answers
run B3 report suivi
expect_out "| Réaliste (R) | – |"
expect_no_out "Dominantes"
expect_no_out "Profil : \*\*R"
# six of eight answered per type is enough (three quarters)
run B3 test run riasec --answers "$(rvec 1 4 1 5 1 3 | sed 's/,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*$/,,,,,,,,,,,,/')" --date 2026-11-03
expect_rc 0
expect_out "Profile: SIC (Social, Investigateur, Conventionnel)"
expect_out "(6/8)"
# R, A and E tie below the code: nothing to say about the code
expect_no_out "same mean"
# every answer 3: every type 50.0, little differentiated, ties never broken silently
run B3 test run riasec --answers "$(rvec 3 3 3 3 3 3)" --date 2026-11-04
expect_rc 0
expect_out "No profile: little differentiated"
expect_out "0.0 points apart out of 100 (less than 15)"
expect_no_out "Profile: RIA"
run B3 test show riasec --json
expect_eq "$(pyjson 'd["results"][0]["profile_state"]')" little-differentiated
expect_eq "$(pyjson 'd["results"][0]["ties"]')" "[['R', 'I', 'A', 'S', 'E', 'C']]"
# a tie across the last place of the code: said, the code is not unique
run B3 test run riasec --answers "$(rvec 1 4 4 5 1 4)" --date 2026-11-05
expect_rc 0
expect_out "Profile: SIA"
expect_out "Investigateur, Artistique and Conventionnel: same mean, tied across the last place of the code"
run B3 test show riasec --json
expect_eq "$(pyjson 'd["results"][0]["code_ambiguous"]')" True
# Big Five between 46.9 and 53.1: no dominant trait in the report
run B3 test run big-five --answers "$(printf '3%.0s,' $(seq 39))3" --date 2026-11-06
expect_rc 0
# (the synthèse leaves personality out unless asked: the progress report)
run B3 report suivi
expect_out "Profil peu différencié : aucune dimension ne ressort"
expect_out "pas de normes"
expect_no_out "Dominantes"
# competences: no "dominant" over unrelated skills
run B3 test run competences --answers "$(named COMPETENCES)" --date 2026-11-07
run B3 report suivi
expect_rc 0
expect_no_out "Dominantes"
expect_no_out "Plus marquées : Maîtrise"
expect_clean_repo "$W3"

# ----------------------------------------------------------------------
case_ "instrument versions: results taken with version 1 stay readable (data/questionnaires/versions/)"
W5="$T/ws5"
new_ws "$W5"
mkdir -p "$T/olddata/questionnaires"
for q in riasec competences; do cp "$Q/versions/$q.1.yaml" "$T/olddata/questionnaires/$q.yaml"; done
# taken with version 1 (36 items for competences: one envie item per skill)
BILAN_DATA_DIR="$T/olddata" "$BILAN" -C "$W5" test run riasec -q --answers "$(rvec 1 4 1 5 1 3)" --date 2026-11-01
BILAN_DATA_DIR="$T/olddata" "$BILAN" -C "$W5" test run competences -q --answers "$(rep 3 36)" --date 2026-11-01
grep -q '^version: 1$' "$W5"/tests/riasec/*.yaml && ok || ko "a version 1 result"
run "$BILAN" -C "$W5" test show riasec
expect_rc 0
expect_out "taken with version 1; the questionnaire is now at version 2"
# read with the items of version 1: every type answered, a profile
expect_out "Profile: SIC"
run "$BILAN" -C "$W5" test show competences
expect_rc 0
expect_out "taken with version 1"
expect_no_out "too few answers"
run "$BILAN" -C "$W5" metier suggest -n 3
expect_rc 0
expect_out "your profile SIC"
# and version 2 beside it
run "$BILAN" -C "$W5" test run riasec -q --answers "$(rvec 1 4 1 5 1 3)" --date 2026-11-02
run "$BILAN" -C "$W5" test compare riasec
expect_rc 0
expect_out "^Social  *5.0  *5.0 (0.0)  *0.0$"
expect_out "another version of the questionnaire"
# the new instruments: envie on its own scale, as many items as maîtrise
expect_eq "$(grep -c 'dimension: envie' "$Q/competences.yaml")" "$(grep -c 'dimension: maitrise' "$Q/competences.yaml")"
grep -q '"Pas du tout envie"' "$Q/competences.yaml" && ok || ko "envie labels"
grep -q "froisse" "$Q/big-five.yaml" && ko "big five a04 still cross-loads" || ok
grep -q "animaux" "$Q/riasec.yaml" && ko "riasec r06 still cross-loads" || ok
grep -q "envie de communiquer et de prendre" "$Q/competences.yaml" && ko "double-barrelled envie item" || ok
expect_clean_repo "$W5"

# ----------------------------------------------------------------------
case_ "valeurs: a forced choice after the ratings (rank the five that matter most)"
W6="$T/ws6"
new_ws "$W6"
{ rep 4 40 | tr ',' '\n'; echo "5, 1, équilibre, Rémunération, 9"; } >"$T/val.txt"
run "$BILAN" -C "$W6" test run valeurs --answers-file "$T/val.txt" --date 2026-11-03
expect_rc 0
expect_out "Your choice, the values that matter most, in order:"
expect_out "^  1. Sens et utilité$"
expect_out "^  3. Équilibre vie professionnelle / vie personnelle$"
expect_out "^  5. Apprentissage$"
# every rating at 4: little differentiated; the choice still says what matters
expect_out "No profile: little differentiated"
F=$(ls "$W6"/tests/valeurs/*.yaml)
grep -q '^  choix: sens, autonomie, equilibre, remuneration, apprentissage$' "$F" && ok || ko "the choice stored as ids"
{ rep 4 40 | tr ',' '\n'; echo "5, 5, 1, 2, 3"; } >"$T/val2.txt"
n=$(commits "$W6")
run "$BILAN" -C "$W6" test run valeurs --answers-file "$T/val2.txt"
expect_rc 2
expect_err "choose 5 different values"
expect_eq "$(commits "$W6")" "$n"
run "$BILAN" -C "$W6" report synthese
expect_out "Choisies, de la plus importante à la moins importante : 1. Sens et utilité, 2. Autonomie"
# the first version (no choice) stays readable
mkdir -p "$T/olddata6/questionnaires"
cp "$Q/versions/valeurs.1.yaml" "$T/olddata6/questionnaires/valeurs.yaml"
BILAN_DATA_DIR="$T/olddata6" "$BILAN" -C "$W6" test run valeurs -q --answers "$(rep 3 40)" --date 2026-11-01
run "$BILAN" -C "$W6" test show --all valeurs
expect_rc 0
expect_out "taken with version 1; the questionnaire is now at version 2"
expect_clean_repo "$W6"

# ----------------------------------------------------------------------
case_ "compare: each change beside the later attempt (25 -> 50 -> 100 percent); test rm removes an attempt"
W4="$T/ws4"
new_ws "$W4"
B4() { "$BILAN" -C "$W4" "$@"; }
B4 test run riasec -q --answers "$(rvec 2 4 1 5 1 3)" --date 2026-12-01
B4 test run riasec -q --answers "$(rvec 3 4 1 5 1 3)" --date 2026-12-02
B4 test run riasec -q --answers "$(rvec 5 4 1 5 1 3)" --date 2026-12-03
run B4 test compare riasec
expect_rc 0
# R: 2.0 (25 %), 3.0 (50 %) with +1.0 beside it, 5.0 (100 %) with +2.0 beside it
expect_out "^Réaliste  *2.0  *3.0 (+1.0)  *5.0 (+2.0)  *+3.0$"
expect_out "^  *2026-12-01  *2026-12-02  *2026-12-03  *change$"
n=$(commits "$W4")
before=$(snapshot "$W4")
second=$(ls "$W4/tests/riasec" | sed -n 2p | sed 's/\.yaml$//')
run B4 test rm riasec "$second" </dev/null
expect_rc 3
expect_err "without a confirmation"
expect_err "add --force"
expect_eq "$(snapshot "$W4")" "$before"
run B4 test rm riasec zzzz --force
expect_rc 1
expect_eq "$(snapshot "$W4")" "$before"
run B4 test rm riasec
expect_rc 2
expect_err "which attempt"
run B4 test rm riasec "$second" --force
expect_rc 0
expect_out "removed the attempt $second of 'riasec' (the history keeps it)"
expect_no_file "$W4/tests/riasec/$second.yaml"
expect_eq "$(ls "$W4/tests/riasec" | wc -l)" 2
expect_eq "$(commits "$W4")" $((n + 1))
expect_eq "$(git -C "$W4" log -1 --format=%s)" "test: remove a riasec result"
expect_eq "$(git -C "$W4" show --name-status --format= HEAD)" "$(printf 'D\ttests/riasec/%s.yaml' "$second")"
git -C "$W4" log -1 --format=%B | grep -q '^Bilan-Command: test rm$' && ok || ko "trailer"
git -C "$W4" show "HEAD~1:tests/riasec/$second.yaml" >/dev/null 2>&1 && ok || ko "the history keeps the attempt"
expect_clean_repo "$W4"
run B4 test compare riasec
expect_rc 0
expect_out "2 attempts"
expect_out "^Réaliste  *2.0  *5.0 (+3.0)  *+3.0$"
run B4 report suivi
expect_out "Passé 2 fois : 01/12/2026, 03/12/2026"
# the last one, by a suffix of its record id
last=$(ls "$W4/tests/riasec" | tail -1 | sed 's/.*-\(....\)\.yaml/\1/')
run B4 test rm -q --force riasec "$last"
expect_rc 0
expect_empty_out
expect_eq "$(ls "$W4/tests/riasec" | wc -l)" 1
run B4 test compare riasec
expect_rc 1
expect_err "nothing to compare: 1 attempt"

run B check
expect_rc 0
run B2 check
expect_rc 0
expect_clean_repo "$W"
expect_clean_repo "$W2"

finish
