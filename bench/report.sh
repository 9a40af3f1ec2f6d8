#!/bin/sh
# report.sh - the speed and memory targets of 'bilan report' and 'bilan remind'
# (issue 7), measured side by side in one run:
#   - every report kind (suivi, seance, synthese) in every format (md, html,
#     json) on a workspace of 10,000 journal entries, 50 test results,
#     30 pistes and 100 enquêtes (with their private contact files), against
#     bench/floor.c (open, read and parse every entry file with libyaml):
#     target at most 3x, peak memory under 64 MB;
#   - 'bilan remind' on that workspace against an empty one: target at most 2x;
#   - 'report suivi --format md' on the same workspace with 10 entries
#     against 'bilan version' (process start): target at most 4x.
# Writes the figures, with the machine, in bench/RESULTS.md under
# "## Report and remind".
#
#   sh bench/report.sh [BUILD_DIR]      (default: build)
#
# CPU time (user + sys) medians of RUNS (default 21) interleaved rounds after
# WARMUP (default 2), by bench/cputime.py.  Needs git, python3 (with yaml), a
# C compiler, libyaml and GNU time.  KEEP=1 keeps the workspaces; NO_WRITE=1
# leaves RESULTS.md alone.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-build}
case $build in /*) ;; *) build=$src/$build ;; esac
runs=${RUNS:-21}
warmup=${WARMUP:-2}

[ -x /usr/bin/time ] || { echo "report.sh: GNU time is needed (apt-get install -y time)" >&2; exit 1; }
ninja -C "$build" cmd/bilan >/dev/null
BILAN=$build/cmd/bilan

work=$(mktemp -d /tmp/bilan-bench-report-XXXXXX)
if [ -n "${KEEP:-}" ]; then echo "keeping $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
export HOME="$work/home" XDG_CONFIG_HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
export TZ=Europe/Paris LANG=C.UTF-8 LC_ALL=C.UTF-8 PAGER=cat
unset BILAN_DIR BILAN_JOURNAL_NO_CACHE 2>/dev/null || true
mkdir -p "$HOME"
git config --global user.name "Camille Martin"
git config --global user.email "camille@example.org"
umask 077

cc -O2 -o "$work/floor" "$here/floor.c" -lyaml

# The workspace's files: 10,000 entries of ~300 bytes spread over the last
# 1,000 days (question and blocker entries of the last weeks left open, a
# third of the research notes on a ROME fiche), 30 pistes in every status
# with their history, 100 enquêtes in every status (verdicts and notes for the
# ones held) each with a private contacts file, 20 to-do items.
cat >"$work/gen.py" <<'EOF'
import sys, random, datetime, zoneinfo, os
ws, n = sys.argv[1], int(sys.argv[2])
tz = zoneinfo.ZoneInfo("Europe/Paris")
now = datetime.datetime.now(tz).replace(microsecond=0)
start = now - datetime.timedelta(days=1000)
step = (now - start) / n
rnd = random.Random(42)
kinds = ["reflexion", "recherche", "note", "enquete", "question", "seance", "test", "blocage"]
tags = ["valeurs", "parcours", "numerique", "reseau", "formation", "mobilite"]
alpha = "abcdefghijklmnopqrstuvwxyz0123456789"
def w(rel, text):
    p = os.path.join(ws, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "w").write(text)
for i in range(n):
    d = start + step * (i + 1)
    utc = d.astimezone(datetime.timezone.utc)
    eid = utc.strftime("%Y%m%dT%H%M%SZ-") + "".join(rnd.choice(alpha) for _ in range(4))
    kind = kinds[i % len(kinds)]
    status = ""
    if kind in ("question", "blocage"):
        status = "status: ouverte\n" if i > n - 50 else "status: reglee\n"
    rome = "rome: M1805\n" if kind == "recherche" and i % 3 == 0 else ""
    w("journal/%04d/%02d/%s.yaml" % (d.year, d.month, eid),
      ("id: %s\ndate: \"%s\"\nkind: %s\ntitle: Entrée %d du journal de bord\n"
       "duration: %dmin\ntags:\n- %s\n%s%sbody: |\n"
       "  Relu mes notes de la semaine et **préparé** la prochaine séance.\n"
       "  Questions à creuser : financement, durée de la formation.\n") % (
        eid, d.isoformat(), kind, i, 15 + (i % 8) * 15, tags[i % len(tags)], status, rome))
st = ["a-explorer", "en-exploration", "validee", "ecartee", "en-attente"]
for p in range(30):
    s = st[p % 5]
    created = (start + datetime.timedelta(days=p)).isoformat()
    hist = "history:\n  - {date: \"%s\", to: a-explorer}\n" % created
    if s != "a-explorer":
        hist += "  - {date: \"%s\", from: a-explorer, to: %s, reason: \"Raison %d\"}\n" % (
            (now - datetime.timedelta(days=p)).isoformat(), s, p)
    w("pistes/piste-%02d.yaml" % p, "title: \"Piste %d\"\nrome: [M1805]\nwhy: \"Pourquoi %d\"\n"
      "status: %s\ncreated: \"%s\"\n%s" % (p, p, s, created, hist))
es = ["a-contacter", "contactee", "planifiee", "realisee", "abandonnee"]
vs = ["conforte", "nuance", "infirme"]
for e in range(100):
    s = es[e % 5]
    slug = "piste-%02d-role-%03d" % (e % 30, e)
    out = ""
    if s == "realisee":
        out = ("outcome:\n  verdict: %s\n  date: \"%s\"\n  confirmed: \"Ce qui confirme %d\"\n"
               "  attention: \"Vigilance %d\"\n") % (vs[e % 3], (now - datetime.timedelta(days=e)).isoformat(), e, e)
    w("enquetes/%s.yaml" % slug, "piste: piste-%02d\nrole: \"Rôle %d\"\norganisation: \"Org %d\"\n"
      "contact: %s\nstatus: %s\ndate: \"%s\"\ncreated: \"%s\"\n%s" % (
        e % 30, e, e, slug, s, (now - datetime.timedelta(days=e)).isoformat(),
        (now - datetime.timedelta(days=e + 10)).isoformat(), out))
    w("private/contacts/%s.yaml" % slug, "enquete: %s\nname: \"Personne %d\"\nphone: \"06 00 00 00 %02d\"\n"
      % (slug, e, e % 100))
for t in range(20):
    w("todo/20261101T0000%02dZ-t%03d.yaml" % (t, t), "text: \"Tâche %d\"\ndue: %s\nstatus: a-faire\n"
      "created: \"%s\"\n" % (t, (now + datetime.timedelta(days=t - 10)).date().isoformat(), now.isoformat()))
EOF

ans() { python3 -c "import random; random.seed($2); print(','.join(str(random.randint(1,$3)) for _ in range($1)))"; }

echo "building the workspaces..." >&2
t0=$(date +%s)
# mkws DIR N: N journal entries and the rest of the workspace (gen.py), 50
# test results: one real run of each built-in questionnaire (as many answers
# as it has rated items, on its scale), then nine earlier takes of each
# (copies dated 20, 40, ... days ago)
mkws() {
W=$1
"$BILAN" init --quiet --name "Camille Martin" --consultant "Sophie Durand" \
	--start "$(date -d '1000 days ago' +%F)" --weekly-goal 2h "$W"
git -C "$W" config gc.auto 0
python3 "$work/gen.py" "$W" "$2"
for q in riasec competences valeurs big-five appreciation; do
	set -- $(python3 -c "import yaml; d = yaml.safe_load(open('$src/data/questionnaires/$q.yaml')); print(sum(1 for i in d['items'] if i.get('type', 'scale') == 'scale'), d['scale']['max'])")
	"$BILAN" -C "$W" test run -q --answers "$(ans "$1" "$(printf %s "$q" | cksum | cut -c1-4)" "$2")" "$q"
done
for q in riasec competences valeurs big-five appreciation; do
	# format 3 keeps the appraisal's results under private/tests/
	d=$W/tests/$q; [ -d "$d" ] || d=$W/private/tests/$q
	f=$(ls "$d/"*.yaml)
	for k in 1 2 3 4 5 6 7 8 9; do
		day=$(date -d "$((k * 20)) days ago" +%Y%m%d)
		sed "s/^date: .*/date: \"$(date -d "$((k * 20)) days ago" +%Y-%m-%dT10:00:00+01:00)\"/" "$f" \
			>"$d/${day}T090000Z-c00$k.yaml"
	done
done
git -C "$W" add -A && git -C "$W" commit -q -m "bench: workspace"
}
mkws "$work/ws10" 10
W10="$work/ws10"
mkws "$work/ws10k" 10000
"$BILAN" init --quiet --name "Camille Martin" --weekly-goal 2h "$work/empty"
echo "built in $(( $(date +%s) - t0 )) s: $(find "$W/journal" -name '*.yaml' | wc -l) entries," \
	"$(find "$W/tests" "$W/private/tests" -name '*.yaml' | wc -l) test results, $(ls "$W/pistes" | wc -l) pistes," \
	"$(ls "$W/enquetes" | wc -l) enquêtes" >&2
"$BILAN" -C "$W" check >/dev/null || { echo "report.sh: the workspace does not pass bilan check" >&2; exit 1; }
sleep 3   # files older than the caches' 2-second window
for w in "$W" "$W10"; do
	"$BILAN" -C "$w" journal list >/dev/null   # builds the caches, as any use would
	"$BILAN" -C "$w" report >/dev/null
done

hf() {   # hf NAME NAME='COMMAND' ...: CPU time medians in $work/NAME.json
	name=$1; shift
	python3 "$here/cputime.py" -n "$runs" -w "$warmup" --json "$work/$name.json" "$@" >&2
}
set -- floor="$work/floor $W"
for k in suivi seance synthese; do
	for f in md html json; do
		set -- "$@" "$k-$f=$BILAN -C $W report $k --format $f"
	done
done
hf report "$@"
hf remind remind-empty="$BILAN -C $work/empty remind" remind-10k="$BILAN -C $W remind"
hf small version="$BILAN version" report-10="$BILAN -C $W10 report suivi --format md"

# Peak memory (KB), one run each.
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
mem=""
for k in suivi seance synthese; do
	for f in md html json; do
		mem="$mem $k-$f=$(rss "$BILAN" -C "$W" report "$k" --format "$f")"
	done
done
mem="$mem remind-10k=$(rss "$BILAN" -C "$W" remind) remind-empty=$(rss "$BILAN" -C "$work/empty" remind)"
mem="$mem floor=$(rss "$work/floor" "$W")"
sizes="md=$("$BILAN" -C "$W" report --format md | wc -c) html=$("$BILAN" -C "$W" report --format html | wc -c)"
sizes="$sizes json=$("$BILAN" -C "$W" report --format json | wc -c)"

python3 - "$work" "$src/bench/RESULTS.md" "$runs" "$warmup" "$mem" "$sizes" <<'EOF'
import json, os, sys, subprocess, datetime, re
work, results, runs, warmup, mem, sizes = sys.argv[1:7]
mem = dict(x.split("=") for x in mem.split())
sizes = dict(x.split("=") for x in sizes.split())
r = {}
for name in ["report", "remind", "small"]:
    r.update(json.load(open(os.path.join(work, name + ".json"))))
def wall(n): return r[n]["wall_median"]
def cpu(n): return r[n]["cpu_median"]
def ms(x): return "%.0f ms" % x if x >= 10 else "%.1f ms" % x
def sh(cmd): return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
cpu_model = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-").strip()
load = open("/proc/loadavg").read().split()[:3]
lines = []
w = lines.append
w("## Report and remind")
w("")
w("`bench/report.sh` (issue 7). A workspace of 10,000 journal entries of ~300 bytes spread")
w("over the last 1,000 days, 50 test results (10 takes of each built-in questionnaire),")
w("30 pistes, 100 enquêtes with their private contact files and 20 to-do items, the journal")
w("cache built (as any use of the journal does); an empty workspace for `remind`'s baseline.")
w("`bench/cputime.py`: medians of the CPU time (user + sys, from wait4) over " + runs)
w("interleaved rounds after " + warmup + " warm-up rounds, and the median wall time.  The floor is `bench/floor.c` (open, read and parse every entry file with")
w("libyaml), built `-O2`.")
w("")
w("Machine: `nproc` = %s, CPU \"%s\", %s, libgit2 %s, cmark %s, jansson %s, kernel %s, %s." % (
    sh("nproc"), cpu_model, sh(". /etc/os-release && echo $PRETTY_NAME"),
    sh("pkg-config --modversion libgit2"), sh("pkg-config --modversion libcmark"),
    sh("pkg-config --modversion jansson"), sh("uname -r"), datetime.date.today().isoformat()))
w("Load average at the end of the run: %s (the machine is shared with other builds:" % " ".join(load))
w("wall times are inflated and noisy; CPU times and the side-by-side ratios hold better).")
w("")
w("| case | wall median | CPU | ratio to the floor (wall / CPU) | peak RSS |")
w("|---|---|---|---|---|")
w("| floor: open, read, parse 10k entry files | %s | %s | | %.1f MB |" % (
    ms(wall("floor")), ms(cpu("floor")), int(mem["floor"]) / 1024))
worst = 0
for k in ["suivi", "seance", "synthese"]:
    for f in ["md", "html", "json"]:
        n = "%s-%s" % (k, f)
        rw, rc = wall(n) / wall("floor"), cpu(n) / cpu("floor")
        worst = max(worst, rw)
        w("| `report %s --format %s` | %s | %s | **%.2f** / **%.2f** | %.1f MB |" % (
            k, f, ms(wall(n)), ms(cpu(n)), rw, rc, int(mem[n]) / 1024))
w("")
w("Targets: at most 3x the floor (issue 7), under 64 MB; `report suivi --format md` at most")
w("1.5x the floor (issue 24).  Worst wall ratio: %.2f; largest peak: %.1f MB." % (
    worst, max(int(v) for k, v in mem.items() if k[0] == "s") / 1024))
w("")
w("| with 10 entries (and the 50 results, pistes, enquêtes) | wall median | CPU | ratio (wall / CPU) |")
w("|---|---|---|---|")
w("| `bilan version` (process start) | %s | %s | |" % (ms(wall("version")), ms(cpu("version"))))
w("| `report suivi --format md` (vs version; target ≤ 4) | %s | %s | **%.2f** / **%.2f** |" % (
    ms(wall("report-10")), ms(cpu("report-10")), wall("report-10") / wall("version"),
    cpu("report-10") / cpu("version")))
w("Output sizes of `report suivi`: Markdown %.1f MB, HTML %.1f MB, JSON %.1f MB." % (
    int(sizes["md"]) / 1e6, int(sizes["html"]) / 1e6, int(sizes["json"]) / 1e6))
w("")
w("| remind | wall median | CPU | ratio (wall / CPU) | peak RSS |")
w("|---|---|---|---|---|")
w("| empty workspace | %s | %s | | %.1f MB |" % (ms(wall("remind-empty")), ms(cpu("remind-empty")),
                                               int(mem["remind-empty"]) / 1024))
w("| 10k entries (vs empty; target ≤ 2) | %s | %s | **%.2f** / **%.2f** | %.1f MB |" % (
    ms(wall("remind-10k")), ms(cpu("remind-10k")), wall("remind-10k") / wall("remind-empty"),
    cpu("remind-10k") / cpu("remind-empty"), int(mem["remind-10k"]) / 1024))
w("")
section = "\n".join(lines) + "\n"
text = open(results).read() if os.path.exists(results) else "# Benchmark results\n"
m = re.search(r"^## Report and remind\n.*?(?=^## |\Z)", text, re.S | re.M)
notes = ""
if m:
    old = m.group(0)
    k = old.find("<!-- notes -->")
    if k >= 0:
        notes = old[k:]
    new = section + ("\n" + notes if notes else "")
    text = text[:m.start()] + new.rstrip("\n") + "\n\n" + text[m.end():].lstrip("\n")
else:
    text = text.rstrip("\n") + "\n\n" + section
text = text.rstrip("\n") + "\n"
if os.environ.get("NO_WRITE"):
    print(section)
else:
    open(results, "w").write(text)
    print(section)
EOF
