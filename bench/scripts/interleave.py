#!/usr/bin/env python3
"""Interleaved A/B timing of whole commands: each round runs every command once, in alternating
order, so that a machine whose speed drifts within the hour shifts all of them alike.

    bench/scripts/interleave.py RUNS 'command A' 'command B' [...]

Prints, for each command, the median and mean wall time, the mean CPU time (user + sys of the
command and the children it waited for; a process the command does not wait for, such as
CPython's fork server, is left out) and the median of its paired differences to command A.
Each command runs once untimed first (caches, a rebuild). Commands run through /bin/sh.
"""
import resource
import statistics
import subprocess
import sys
import time


def run(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    t1 = time.perf_counter()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return (t1 - t0) * 1000, cpu * 1000


def main():
    if len(sys.argv) < 4 or not sys.argv[1].isdigit() or int(sys.argv[1]) < 1:
        sys.exit("usage: interleave.py RUNS 'command A' 'command B' [...]")
    runs, cmds = int(sys.argv[1]), sys.argv[2:]
    wall = {c: [] for c in cmds}
    cpu = {c: [] for c in cmds}
    for c in cmds:
        run(c)
    for i in range(runs):
        for c in cmds if i % 2 == 0 else cmds[::-1]:
            w, u = run(c)
            wall[c].append(w)
            cpu[c].append(u)
    a = cmds[0]
    for c in cmds:
        paired = statistics.median(x - y for x, y in zip(wall[c], wall[a]))
        print(f"{statistics.median(wall[c]):7.1f} ms median {statistics.mean(wall[c]):7.1f} mean"
              f"  cpu {statistics.mean(cpu[c]):6.1f}  paired vs A {paired:+6.1f}  | {c}")


if __name__ == "__main__":
    main()
