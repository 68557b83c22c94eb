"""The note's Pool.map case as a program: Pool().map(compute, range(10_000)).

    python3 bench/python/pool_map.py [--start fork|forkserver|spawn] [--n 10000] [--workers N]
            [--in-process RUNS]

Whole process: run it under a timer (bench/scripts/map-bench.sh does). With --in-process RUNS it
instead times pool start + map + close RUNS times inside one interpreter and prints each run and
the median, the counterpart of conclab's StartupMain.
"""
import argparse
import multiprocessing as mp
import statistics
import sys
import time


def compute(n):
    return n * n


def once(ctx, n, workers):
    with ctx.Pool(workers) as p:
        results = p.map(compute, range(n))
    return sum(results)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--start", choices=["fork", "forkserver", "spawn"], default=None,
                    help="start method; default: the interpreter's")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=None, help="default: Pool()'s (the core count)")
    ap.add_argument("--in-process", type=int, default=0, metavar="RUNS")
    a = ap.parse_args()
    if a.n < 1:
        ap.error("--n must be >= 1")
    ctx = mp.get_context(a.start)
    if a.in_process <= 0:
        total = once(ctx, a.n, a.workers)
        print(f"sum of n*n for n in 0..{a.n - 1} = {total}")
        return
    ms = []
    for i in range(a.in_process):
        t0 = time.perf_counter()
        # Pool.__exit__ calls terminate(); close()+join() is the orderly end, as conclab's close().
        p = ctx.Pool(a.workers)
        t1 = time.perf_counter()
        total = sum(p.map(compute, range(a.n)))
        t2 = time.perf_counter()
        p.close()
        p.join()
        t3 = time.perf_counter()
        ms.append((t3 - t0) * 1000)
        print(f"run {i + 1}: {ms[-1]:.1f} ms (create {(t1 - t0) * 1000:.1f}, map {(t2 - t1) * 1000:.1f},"
              f" close {(t3 - t2) * 1000:.1f}; sum {total})")
    print(f"median {statistics.median(ms):.1f} ms, best {min(ms):.1f} ms, first {ms[0]:.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
