#!/bin/sh
# journal.sh - the speed and memory targets of 'bilan journal' and 'bilan
# status' (issues 3 and 24), measured side by side in one run:
#   - journal add vs `git add F && git commit` in workspaces of 10 and of
#     10,000 entries with as many commits;
#   - journal list over 10,000 entries vs bench/floor.c (open, read and parse
#     every entry file with libyaml), with the cache and without it;
#   - journal time --week and status on 10,000 entries vs an empty workspace;
#   - status at 10,000 vs `git status --porcelain` and vs bench/status-floor.c
#     (the least a status through Debian's libgit2 costs);
#   - status on a copied workspace (cp -a): its first run, which writes the
#     fresh stat data back, and its second, vs the steady status;
#   - peak memory (/usr/bin/time -f %M) on the 10,000-entry workspace.
# Writes the figures, with the machine, in bench/RESULTS.md under "## Journal".
#
#   sh bench/journal.sh [BUILD_DIR]      (default: build)
#
# CPU time (user + sys) medians of RUNS (default 21) interleaved rounds
# after WARMUP (default 2), by bench/cputime.py: on a machine shared with
# other work the CPU time holds better than the wall time.  Needs git,
# python3, a C compiler, libyaml and GNU time (apt-get install -y time).
# KEEP=1 keeps the workspaces; NO_WRITE=1 leaves RESULTS.md alone.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:-build}
case $build in /*) ;; *) build=$src/$build ;; esac
runs=${RUNS:-21}
warmup=${WARMUP:-2}

[ -x /usr/bin/time ] || { echo "journal.sh: GNU time is needed (apt-get install -y time)" >&2; exit 1; }
ninja -C "$build" cmd/bilan bench/status-floor >/dev/null
BILAN=$build/cmd/bilan
SFLOOR=$build/bench/status-floor

work=$(mktemp -d /tmp/bilan-bench-journal-XXXXXX)
if [ -n "${KEEP:-}" ]; then echo "keeping $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
export HOME="$work/home" XDG_CONFIG_HOME="$work/home" GIT_CONFIG_NOSYSTEM=1
export TZ=Europe/Paris LANG=C.UTF-8 LC_ALL=C.UTF-8 PAGER=cat
unset BILAN_DIR BILAN_JOURNAL_NO_CACHE 2>/dev/null || true
mkdir -p "$HOME"
git config --global user.name "Camille Martin"
git config --global user.email "camille@example.org"
umask 077

cc -O2 -o "$work/floor" "$here/floor.c" -lyaml

# fast-import stream: n commits after the current HEAD, each adding one entry
# of ~300 bytes; the entries are spread evenly over the last 1,000 days up to
# now (10 a day at 10,000), so the current month folder is full too.  As in
# bench/report.sh, the questions and blockers of the last 50 entries are
# open and the older ones settled (they are settled at the next séance).
cat >"$work/gen.py" <<'EOF'
import sys, random, datetime, zoneinfo
n = int(sys.argv[1])
tz = zoneinfo.ZoneInfo("Europe/Paris")
now = datetime.datetime.now(tz).replace(microsecond=0)
start = now - datetime.timedelta(days=1000)
step = (now - start) / n
rnd = random.Random(42)
kinds = ["reflexion", "recherche", "note", "enquete", "question", "seance", "test", "blocage"]
tags = ["valeurs", "parcours", "numerique", "reseau", "formation", "mobilite"]
alpha = "abcdefghijklmnopqrstuvwxyz0123456789"
out = sys.stdout.buffer
for i in range(n):
    d = start + step * (i + 1)
    utc = d.astimezone(datetime.timezone.utc)
    eid = utc.strftime("%Y%m%dT%H%M%SZ-") + "".join(rnd.choice(alpha) for _ in range(4))
    kind = kinds[i % len(kinds)]
    iso = d.isoformat()
    path = "journal/%04d/%02d/%s.yaml" % (d.year, d.month, eid)
    text = ("id: %s\ndate: \"%s\"\nkind: %s\ntitle: Entrée %d du journal de bord\n"
            "duration: %dmin\ntags:\n- %s\n%sbody: |\n"
            "  Relu mes notes de la semaine et préparé la prochaine séance.\n"
            "  Questions à creuser : financement, durée de la formation.\n") % (
        eid, iso, kind, i, 15 + (i % 8) * 15, tags[i % len(tags)],
        ("status: ouverte\n" if i > n - 50 else "status: reglee\n")
        if kind in ("question", "blocage") else "")
    data = text.encode()
    msg = ("journal: add %s entry\n\nBilan-Command: journal add\n" % kind).encode()
    when = int(d.timestamp())
    out.write(b"commit refs/heads/main\n")
    out.write(b"author Camille Martin <camille@example.org> %d +0100\n" % when)
    out.write(b"committer Camille Martin <camille@example.org> %d +0100\n" % when)
    out.write(b"data %d\n%s" % (len(msg), msg))
    if i == 0:
        out.write(b"from refs/heads/main^0\n")
    out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
EOF

# mkws DIR N: a workspace with N entries and N + 1 commits
mkws() {
	"$BILAN" init --quiet --name "Camille Martin" --consultant "Sophie Durand" \
		--start "$(date -d '1000 days ago' +%F)" --weekly-goal 2h "$1"
	git -C "$1" config gc.auto 0   # no automatic gc in the middle of a timing
	if [ "$2" -gt 0 ]; then
		python3 "$work/gen.py" "$2" | git -C "$1" fast-import --quiet
		git -C "$1" reset --hard -q
	fi
}

echo "building workspaces of 10 and 10,000 entries..." >&2
t0=$(date +%s)
mkws "$work/ws10" 10
mkws "$work/ws10k" 10000
mkws "$work/empty" 0
echo "built in $(( $(date +%s) - t0 )) s: $(git -C "$work/ws10k" rev-list --count HEAD) commits," \
	"$(find "$work/ws10k/journal" -name '*.yaml' | wc -l) entries" >&2
sleep 3   # files older than the cache's 2-second "racily clean" window

# The git side of 'add': a new entry file written untimed (--prepare), then
# timed: git add F && git commit.
cat >"$work/prepare.sh" <<'EOF'
ws=$1
d=$(date +%Y/%m)
id=$(date -u +%Y%m%dT%H%M%SZ)-$(date +%N | cut -c1-4)
f=journal/$d/$id.yaml
mkdir -p "$ws/$(dirname "$f")"
printf 'id: %s\ndate: "%s"\nkind: note\ntitle: Entrée du banc d essai\nbody: |\n  Une entrée de banc d essai, trois cents octets environ, comme les autres.\n  Relu mes notes de la semaine et préparé la prochaine séance.\n' \
	"$id" "$(date +%Y-%m-%dT%H:%M:%S%:z)" >"$ws/$f"
printf '%s\n' "$f" >"$ws/.git/next-entry"
EOF

hf() {   # hf NAME NAME='COMMAND' ...: CPU time medians in $work/NAME.json
	name=$1; shift
	python3 "$here/cputime.py" -n "$runs" -w "$warmup" --json "$work/$name.json" "$@" >&2
}

# Reads first (the add runs grow the workspaces).
"$BILAN" -C "$work/ws10k" journal list >/dev/null   # builds the cache
"$BILAN" -C "$work/ws10k" status >/dev/null          # and the status' stamp
hf list \
	floor="$work/floor $work/ws10k" \
	list-cache="$BILAN -C $work/ws10k journal list" \
	list-nocache="env BILAN_JOURNAL_NO_CACHE=1 $BILAN -C $work/ws10k journal list" \
	list-json="$BILAN -C $work/ws10k journal list --json"
hf week \
	week-empty="$BILAN -C $work/empty journal time --week" \
	week-10k="$BILAN -C $work/ws10k journal time --week"
hf status \
	status-empty="$BILAN -C $work/empty status" \
	status-10k="$BILAN -C $work/ws10k status" \
	status-floor="$SFLOOR $work/ws10k" \
	git-status-empty="git -C $work/empty status --porcelain" \
	git-status-10k="git -C $work/ws10k status --porcelain" \
	open-10k="$BILAN -C $work/ws10k journal list --open"
# A copied workspace (cp -a: new inodes and change times, the index's stat
# data stale): its first status writes them back; from its second run on
# it should cost what the steady status does.  Fewer rounds: each copies
# 10,000 files.
copies=$(( runs < 11 ? runs : 11 ))
# (2.1 s after the copy, untimed: files changed in the last 2 seconds are
# never vouched for by bilan's caches, as git's "racily clean" entries;
# a second status within those 2 seconds costs 2.3x a steady one, once)
cat >"$work/copy.sh" <<EOF2
rm -rf "$work/copy" && cp -a "$work/ws10k" "$work/copy" && sleep 2.1
[ "\$1" = first ] || "$BILAN" -C "$work/copy" status >/dev/null
EOF2
python3 "$here/cputime.py" -n "$copies" -w 1 --json "$work/copy.json" \
	status-copy-first:prepare="sh $work/copy.sh first" \
	status-copy-first="$BILAN -C $work/copy status" \
	status-copy-second:prepare="sh $work/copy.sh second" \
	status-copy-second="$BILAN -C $work/copy status" \
	status-steady="$BILAN -C $work/ws10k status" >&2
rm -rf "$work/copy"
# 'journal add' and git through sh -c alike (the git side is two commands)
hf add \
	git-10:prepare="sh $work/prepare.sh $work/ws10" \
	git-10="cd $work/ws10 && git add --pathspec-from-file=.git/next-entry && git commit -q -m 'journal: add note entry'" \
	bilan-10="cd $work/ws10 && $BILAN journal add -q 'Une entrée de banc d essai #bench'" \
	git-10k:prepare="sh $work/prepare.sh $work/ws10k" \
	git-10k="cd $work/ws10k && git add --pathspec-from-file=.git/next-entry && git commit -q -m 'journal: add note entry'" \
	bilan-10k="cd $work/ws10k && $BILAN journal add -q 'Une entrée de banc d essai #bench'"
for w in ws10 ws10k; do
	git -C "$work/$w" fsck --full --strict >/dev/null 2>&1 || echo "journal.sh: git fsck failed in $w" >&2
done

# Peak memory (KB), one run each, on the 10,000-entry workspace.
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
rm -rf "$work/ws10k/.git/bilan-cache"
m_cold=$(rss "$BILAN" -C "$work/ws10k" journal list)
sleep 3
"$BILAN" -C "$work/ws10k" journal list >/dev/null
m_warm=$(rss "$BILAN" -C "$work/ws10k" journal list)
m_json=$(rss "$BILAN" -C "$work/ws10k" journal list --json)
m_week=$(rss "$BILAN" -C "$work/ws10k" journal time --week)
m_time=$(rss "$BILAN" -C "$work/ws10k" journal time)
m_status=$(rss "$BILAN" -C "$work/ws10k" status)
m_add=$(rss "$BILAN" -C "$work/ws10k" journal add -q "mémoire")
m_floor=$(rss "$work/floor" "$work/ws10k")
cache_size=$(du -sb "$work/ws10k/.git/bilan-cache/journal" | cut -f1)

python3 - "$work" "$src/bench/RESULTS.md" "$runs" "$warmup" \
	"$m_cold" "$m_warm" "$m_json" "$m_week" "$m_time" "$m_status" "$m_add" "$m_floor" "$cache_size" <<'EOF'
import json, os, sys, subprocess, datetime, re
work, results, runs, warmup = sys.argv[1:5]
mem = dict(zip(["list (no cache yet)", "list (cache)", "list --json (cache)", "time --week",
                "time", "status", "add", "floor"], [int(x) for x in sys.argv[5:13]]))
cache_size = int(sys.argv[13])
r = {}
for name in ["list", "week", "status", "copy", "add"]:
    r.update(json.load(open(os.path.join(work, name + ".json"))))
def wall(n): return r[n]["wall_median"]
def cpu(n): return r[n]["cpu_median"]
def ms(x): return "%.0f ms" % x if x >= 10 else "%.1f ms" % x
def sh(cmd): return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
cpu_model = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-").strip()
load = open("/proc/loadavg").read().split()[:3]
lines = []
w = lines.append
w("## Journal")
w("")
w("`bench/journal.sh` (issue 3). Workspaces of 10 and 10,000 entries of ~300 bytes in")
w("`journal/YYYY/MM/`, one commit per entry (`git fast-import`, then `git reset --hard`),")
w("spread over the last 1,000 days up to today (10 a day at 10,000: the current month")
w("folder holds ~%d files); an empty workspace for the baselines." % (int(sh("date +%d")) * 10))
w("`bench/cputime.py`: medians of the CPU time (user + sys of the process tree, from")
w("wait4) over %s interleaved rounds after %s warm-up rounds (the copied-workspace rows:" % (runs, warmup))
w("%d rounds, each on a fresh `cp -a`), and the median wall time; read commands run" % min(int(runs), 11))
w("directly; `git add F && git commit` and `bilan journal add` both through `sh -c`, a new")
w("entry file written before each git run (untimed).  The binaries are the build's")
w("`cmd/bilan` (what is installed) and `bench/status-floor`, linked the same way.")
w("")
w("Machine: `nproc` = %s, CPU \"%s\", %s, git %s, libgit2 %s, kernel %s, %s." % (
    sh("nproc"), cpu_model, sh(". /etc/os-release && echo $PRETTY_NAME"),
    sh("git --version | cut -d' ' -f3"), sh("pkg-config --modversion libgit2"),
    sh("uname -r"), datetime.date.today().isoformat()))
w("Load average at the end of the run: %s (when the machine is shared with other builds," % " ".join(load))
w("wall times are inflated and noisy; CPU times and the side-by-side ratios hold better).")
w("")
w("| case | wall median | CPU | ratio (wall / CPU) | target |")
w("|---|---|---|---|---|")
def row(label, n, ref=None, target=""):
    ratio = ""
    if ref:
        ratio = "**%.2f** / **%.2f**" % (wall(n) / wall(ref), cpu(n) / cpu(ref))
    w("| %s | %s | %s | %s | %s |" % (label, ms(wall(n)), ms(cpu(n)), ratio, target))
row("`git add F && git commit`, 10 entries", "git-10")
row("`bilan journal add`, 10 entries (vs git)", "bilan-10", "git-10", "≤ 1.0")
row("`git add F && git commit`, 10k entries", "git-10k")
row("`bilan journal add`, 10k entries (vs git)", "bilan-10k", "git-10k", "≤ 0.6")
row("`bilan journal add`, 10k vs 10 entries", "bilan-10k", "bilan-10", "≤ 2")
row("floor: open, read, parse 10k files (bench/floor.c)", "floor")
row("`journal list`, 10k, with the cache (vs floor)", "list-cache", "floor", "≤ 1.5")
row("`journal list`, 10k, no cache (vs floor)", "list-nocache", "floor", "≤ 1.5")
row("`journal list --json`, 10k, with the cache (vs floor)", "list-json", "floor", "")
row("`journal time --week`, empty workspace", "week-empty")
row("`journal time --week`, 10k (vs empty)", "week-10k", "week-empty", "≤ 2")
row("`status`, empty workspace", "status-empty")
row("`status`, 10k (vs empty)", "status-10k", "status-empty", "")
row("`git status --porcelain`, empty", "git-status-empty")
row("`git status --porcelain`, 10k", "git-status-10k")
row("`status`, 10k (vs git status)", "status-10k", "git-status-10k", "≤ 1.2")
row("floor: bench/status-floor, 10k (vs git status)", "status-floor", "git-status-10k", "")
row("`status`, 10k (vs the libgit2 floor)", "status-10k", "status-floor", "")
row("`journal list --open`, 10k (the journal part of status; vs empty status)", "open-10k", "status-empty", "")
row("`status`, copied 10k workspace, first run (vs steady)", "status-copy-first", "status-steady", "")
row("`status`, copied 10k workspace, second run (vs steady)", "status-copy-second", "status-steady", "≤ 1.5")
w("")
w("Peak memory (`/usr/bin/time -f %M`, one run each, 10k entries; target < 64 MB):")
w("")
w("| command | peak RSS |")
w("|---|---|")
for k, v in mem.items():
    w("| %s | %.1f MB |" % (k if k == "floor" else "`bilan journal %s`" % k if k != "status" else "`bilan status`", v / 1024))
w("")
w("The cache (`.git/bilan-cache/journal/`, one file per month folder) is %.1f MB at 10k entries." % (cache_size / 1e6))
w("")
section = "\n".join(lines) + "\n"
notes_path = os.path.join(os.path.dirname(results), ".journal-notes.md")
text = open(results).read() if os.path.exists(results) else "# Benchmark results\n"
# keep the hand-written notes that follow the generated part of the section
m = re.search(r"^## Journal\n.*?(?=^## |\Z)", text, re.S | re.M)
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
