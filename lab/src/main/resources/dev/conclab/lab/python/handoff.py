"""Measures how long a CPU-bound thread keeps the GIL before another one gets it.

    python3 handoff.py --interval-ms 5 --seconds 1

Two threads spin; whenever one finds it was not the last to run, it notes the time. Under the
GIL only the holder runs, so the gaps between notes are the slices each thread held the lock:
about sys.getswitchinterval() on CPython. Prints one JSON line with the slices' median and mean.
"""

import argparse
import json
import statistics
import sys
import threading
import time


def measure(seconds, threads=2):
    switches = []
    last = [None]
    barrier = threading.Barrier(threads)

    def spin(me):
        barrier.wait()
        deadline = time.perf_counter_ns() + int(seconds * 1e9)
        while True:
            now = time.perf_counter_ns()
            if now > deadline:
                return
            if last[0] != me:
                last[0] = me
                switches.append(now)

    workers = [threading.Thread(target=spin, args=(i,)) for i in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return [b - a for a, b in zip(switches[1:], switches[2:])]  # the first slice starts unaligned


def main(argv):
    p = argparse.ArgumentParser(prog="handoff.py")
    p.add_argument("--interval-ms", type=float, default=5.0)
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args(argv)
    if a.interval_ms <= 0 or a.seconds <= 0 or a.threads < 2:
        p.error("--interval-ms and --seconds must be positive and --threads at least 2")
    sys.setswitchinterval(a.interval_ms / 1000)
    slices = measure(a.seconds, a.threads)
    check = getattr(sys, "_is_gil_enabled", None)
    print(json.dumps({
        "switch_interval_s": sys.getswitchinterval(), "seconds": a.seconds, "threads": a.threads,
        "slices": len(slices),
        "median_ns": int(statistics.median(slices)) if slices else None,
        "mean_ns": int(statistics.fmean(slices)) if slices else None,
        "gil_enabled": bool(check()) if check is not None else True,
    }), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
