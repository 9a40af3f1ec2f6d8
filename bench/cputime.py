#!/usr/bin/env python3
"""cputime.py - CPU time (user + sys) of commands, interleaved.

    python3 bench/cputime.py [-n RUNS] [-w WARMUP] [--json FILE] \\
        NAME='COMMAND' [NAME='COMMAND' ...]

Runs each command (directly when it is plain words, else through
/bin/sh -c), one after the other, RUNS rounds
(default 21) after WARMUP rounds (default 2), so that a change in the load of
a shared machine hits every command alike; a NAME ending in ':prepare' is an
untimed command run before the command of the same name, every round.  The
CPU time of a run is the user + sys time of the whole process tree (from
wait4's rusage; a shell, when one is used, is counted too).  Prints, per command, the median, the first and third quartiles of
the CPU time and the median wall time in ms; --json writes them too.
"""
import json, os, statistics, sys, time


def run(cmd):
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(os.devnull, os.O_RDWR)
            os.dup2(fd, 0)
            os.dup2(fd, 1)
            if any(ch in cmd for ch in "|&;<>()$`*?~'\"\\"):
                os.execv("/bin/sh", ["sh", "-c", cmd])
            args = cmd.split()
            os.execvp(args[0], args)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("cputime.py: '%s' failed (%s)" % (cmd, os.waitstatus_to_exitcode(status)))
    return (ru.ru_utime + ru.ru_stime) * 1000, wall * 1000


def main(argv):
    runs, warmup, out = 21, 2, None
    cmds, prep = [], {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "-n":
            runs = int(argv[i + 1]); i += 2; continue
        if a == "-w":
            warmup = int(argv[i + 1]); i += 2; continue
        if a == "--json":
            out = argv[i + 1]; i += 2; continue
        name, _, cmd = a.partition("=")
        if name.endswith(":prepare"):
            prep[name[:-8]] = cmd
        else:
            cmds.append((name, cmd))
        i += 1
    cpu = {n: [] for n, _ in cmds}
    wall = {n: [] for n, _ in cmds}
    for r in range(warmup + runs):
        for n, c in cmds:
            if n in prep:
                run(prep[n])
            ct, wt = run(c)
            if r >= warmup:
                cpu[n].append(ct)
                wall[n].append(wt)
    res = {}
    for n, _ in cmds:
        q = statistics.quantiles(cpu[n], n=4) if len(cpu[n]) > 1 else [cpu[n][0]] * 3
        res[n] = {"cpu_median": statistics.median(cpu[n]), "cpu_q1": q[0], "cpu_q3": q[2],
                  "wall_median": statistics.median(wall[n]), "runs": len(cpu[n])}
        print("%-28s cpu %7.1f ms (q1 %.1f, q3 %.1f)   wall %7.1f ms" % (
            n, res[n]["cpu_median"], q[0], q[2], res[n]["wall_median"]))
    if out:
        with open(out, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
