#!/bin/sh
# tests/structure.sh - the layout rules of HACKING.md ("Layout") that a
# compiler does not check:
#   - lib/ reads no environment variable: cmd/env.c reads them all, once,
#     and gives lib/ what it needs through bilan_settings (lib/settings.h);
#     in cmd/ only env.c (and tls-lazy.c, which must decide before main)
#     calls getenv;
#   - no include cycle among the modules of lib/ (a module: X.h, X.c and
#     its parts X-*.c, X-*.h): when a file of module A includes a header
#     of module B, no file of B includes one of A's, directly or through
#     others;
#   - no cycle among the files of lib/: when a.c calls a function of b.c,
#     b.c calls none of a.c, directly or through others (read from the
#     symbols of BUILDDIR's lib/libbilan.a, so a function declared in one
#     header but defined elsewhere is seen for what it is; report.c builds
#     a report, its renderers call report.c, and report-render.c, the one
#     caller of the renderers, is called by cmd/);
#   - cmd/ includes no private header of lib/ (its first line says
#     "internal to lib/");
#   - no command depends on another: a cmd/ file that defines a command
#     (a `const struct bilan_cmd cmd_X`) includes no other command's header
#     and calls no function of another command's file (read from the
#     symbols of BUILDDIR's cmd/bilan.p/*.o); what commands share lives in
#     lib/ (data) or in a shared cmd/ module that is no command (common.c,
#     fieldwork.c, questionnaire-run.c, ...);
#   - names tell the truth: an exported bilan_X_free(p) of lib/ frees p
#     itself, a bilan_X_clear(p) only empties what p holds (HACKING.md).
# Exit 0 clean, 1 with each finding printed.
set -u
cd "${SRCDIR:-$(dirname "$0")/..}" || exit 1

bad=0
if grep -nE '\b(secure_)?getenv[[:space:]]*\(' lib/*.c lib/*.h; then
	echo "structure: lib/ reads the environment: read it in cmd/env.c and pass it in bilan_settings (lib/settings.h)" >&2
	bad=1
fi
for f in cmd/*.c cmd/*.h; do
	case "$f" in cmd/env.c|cmd/tls-lazy.c) continue ;; esac
	if grep -nE '\b(secure_)?getenv[[:space:]]*\(' "$f"; then
		echo "structure: $f reads the environment: read it in cmd/env.c (struct cmd_env)" >&2
		bad=1
	fi
done
# No include cycle among the modules of lib/: a module is X.h with X.c and
# its parts, the files X-*.c and X-*.h (journal = journal.h, journal.c,
# journal-entry.c, journal-cache.c/.h, journal-internal.h...; HACKING.md,
# "the map"); module A depends on module B when a file of A includes a
# header of B ("..." includes only).  Inside a module the files may include
# each other's headers; between files, who calls whom is the next check.
if ! python3 -c '
import collections, glob, os, re, sys
files = sorted(glob.glob("lib/*.c") + glob.glob("lib/*.h"))
stems = {os.path.basename(f).rsplit(".", 1)[0] for f in files}
def module(stem):
    parts = stem.split("-")
    for i in range(1, len(parts) + 1):
        if "-".join(parts[:i]) in stems:
            return "-".join(parts[:i])
    return stem
edges, why = collections.defaultdict(set), collections.defaultdict(list)
for f in files:
    a = module(os.path.basename(f).rsplit(".", 1)[0])
    for h in re.findall(r"^[ \t]*#[ \t]*include[ \t]+\"([^\"/]+)\.h\"", open(f, encoding="utf-8").read(), re.M):
        if not os.path.exists("lib/%s.h" % h):
            continue
        b = module(h)
        if a != b:
            edges[a].add(b)
            why[(a, b)].append("%s includes %s.h" % (f, h))
index, low, stack, on, comps, n = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
    for w in sorted(edges.get(v, ())):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = set()
        while True:
            w = stack.pop(); on.discard(w); comp.add(w)
            if w == v:
                break
        if len(comp) > 1:
            comps.append(comp)
for v in sorted({module(s) for s in stems}):
    if v not in index:
        visit(v)
def shortest_cycle(comp):
    best = None
    for v in sorted(comp):
        prev, todo = {v: None}, [v]
        while todo:
            nxt = []
            for a in todo:
                for b in sorted(edges[a] & comp):
                    if b == v:
                        path = [a]
                        while prev[path[-1]] is not None:
                            path.append(prev[path[-1]])
                        path = path[::-1] + [v]
                        if best is None or len(path) < len(best):
                            best = path
                    elif b not in prev:
                        prev[b] = a; nxt.append(b)
            todo = nxt
    return best
for comp in comps:
    cyc = shortest_cycle(comp)
    print("structure: an include cycle among lib/ modules: %s" % " -> ".join(cyc), file=sys.stderr)
    for a, b in zip(cyc, cyc[1:]):
        print("  " + "; ".join(why[(a, b)]), file=sys.stderr)
sys.exit(1 if comps else 0)
'; then
	echo "structure: break the include cycle: the types both need in a lower header, or the code that needs the other side moved to it" >&2
	bad=1
fi
# cmd/ includes no private header of lib/ (one whose first line says
# "internal to lib/": X-internal.h, journal-cache.h, sync-net.h).
for h in lib/*.h; do
	head -1 "$h" | grep -q 'internal to lib/' || continue
	if grep -nE "^[[:space:]]*#[[:space:]]*include[[:space:]]+\"$(basename "$h")\"" cmd/*.c cmd/*.h; then
		echo "structure: cmd/ includes $h, private to lib/: ask lib/ through its public header" >&2
		bad=1
	fi
done
lib_a=${BUILDDIR:-build}/lib/libbilan.a
if [ ! -f "$lib_a" ]; then
	echo "structure: $lib_a is missing (build first)" >&2
	bad=1
elif ! nm -A "$lib_a" | python3 -c '
import collections, re, sys
defs, uses = {}, collections.defaultdict(set)
for line in sys.stdin:
    m = re.match(r"[^:]*:(?:[^:]*/)?([^:/]+)\.c\.o:\s*(?:[0-9a-f]+)?\s+([A-Za-z])\s+(\S+)", line)
    if not m:
        continue
    f, t, sym = m.groups()
    if t in "TDBRC":
        defs[sym] = f
    elif t == "U":
        uses[f].add(sym)
edges = collections.defaultdict(set)
for f, syms in uses.items():
    for sym in syms:
        if sym in defs and defs[sym] != f:
            edges[f].add(defs[sym])
# strongly connected components (Tarjan)
index, low, stack, on, comps, n = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
    for w in sorted(edges.get(v, ())):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = set()
        while True:
            w = stack.pop(); on.discard(w); comp.add(w)
            if w == v:
                break
        if len(comp) > 1:
            comps.append(comp)
for v in sorted(set(edges) | set(defs.values())):
    if v not in index:
        visit(v)
bad = 0
for comp in comps:
    bad = 1
    print("structure: a cycle among lib/ files:", file=sys.stderr)
    for a in sorted(comp):
        for b in sorted(edges[a] & comp):
            why = sorted(s for s in uses[a] if defs.get(s) == b)
            print("  lib/%s.c calls lib/%s.c (%s)" % (a, b, ", ".join(why[:4])), file=sys.stderr)
sys.exit(bad)
'; then
	echo "structure: break the cycle: move what both sides need into a module of its own" >&2
	bad=1
fi
cmd_o=${BUILDDIR:-build}/cmd/bilan.p
if [ ! -d "$cmd_o" ]; then
	echo "structure: $cmd_o is missing (build first)" >&2
	bad=1
elif ! python3 -c '
import collections, glob, os, re, subprocess, sys
defs, uses, commands = {}, collections.defaultdict(set), set()
for o in sorted(glob.glob(os.path.join(sys.argv[1], "*.c.o"))):
    f = os.path.basename(o)[:-len(".c.o")]
    out = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "TDBRC":
            defs[p[2]] = f
        elif len(p) == 2 and p[0] == "U":
            uses[f].add(p[1])
for f in set(defs.values()):
    path = "cmd/%s.c" % f
    src = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    if f != "bilan" and re.search(r"^const struct bilan_cmd cmd_\w+ = \{", src, re.M):
        commands.add(f)
bad = 0
for f in sorted(commands):
    for sym in sorted(uses[f]):
        d = defs.get(sym)
        if d and d != f and d in commands and not sym.startswith("cmd_"):
            print("structure: cmd/%s.c calls %s of cmd/%s.c, another command: build it in lib/ or move it to a shared cmd/ module" % (f, sym, d), file=sys.stderr)
            bad = 1
    src = open("cmd/%s.c" % f, encoding="utf-8").read()
    for h in re.findall(r"^\s*#\s*include\s+\"([^\"/]+)\.h\"", src, re.M):
        if h != f and h in commands and os.path.exists("cmd/%s.h" % h):
            print("structure: cmd/%s.c includes cmd/%s.h, another command\x27s header" % (f, h), file=sys.stderr)
            bad = 1
sys.exit(bad)
' "$cmd_o"; then
	bad=1
fi
if ! python3 -c '
import glob, re, sys
bad = 0
for path in sorted(glob.glob("lib/*.c")):
    src = open(path, encoding="utf-8").read()
    for m in re.finditer(r"^void (bilan_\w+_(free|clear))\((?:const )?struct \w+ \*(\w+)\)\n\{(.*?)^\}", src, re.M | re.S):
        name, kind, param, body = m.groups()
        frees = re.search(r"\bfree\(%s\)" % param, body) is not None
        if kind == "free" and not frees:
            print("structure: %s: %s only empties its argument: call it _clear" % (path, name), file=sys.stderr)
            bad = 1
        elif kind == "clear" and frees:
            print("structure: %s: %s frees its argument: call it _free" % (path, name), file=sys.stderr)
            bad = 1
sys.exit(bad)
'; then
	bad=1
fi
[ "$bad" = 0 ] && echo "structure: clean"
exit "$bad"
