"""Runs one cell of the lab on CPython: one workload's tasks on one model, timed, as one JSON line.

    python3 runner.py --workload primes --model processes --tasks 48 --unit 40000 --workers 2 \
        --warmups 1 --repetitions 3

Models, as in the note: sequential (a for loop), threads (a ThreadPoolExecutor of --workers
threads), processes (multiprocessing.Pool(--workers).map with --start fork|forkserver|spawn or the
interpreter's default), asyncio (asyncio.gather on one event loop; CPU tasks run on the loop
itself, I/O tasks await their asyncio form). The pool, threads or loop are made once and every
run maps all tasks on them; warm-up runs are not reported.

Prints {"walls_ns": [...], "cpu_ns": [...], "values": [...], ...} on standard output; a task
that fails ends the runs and is reported in "errors". Bad arguments exit with status 2.
"""

import argparse
import asyncio
import concurrent.futures
import hashlib
import importlib
import json
import multiprocessing
import os
import platform
import shutil
import sys
import tempfile
import time

WORKLOADS = {
    "squares": "squares", "primes": "primes", "sha256": "sha256", "hashbig": "hashbig",
    "blur": "blur", "kmeans": "kmeans", "http": "http_get", "sleep": "sleep",
    "file": "file_io", "sql": "sql",
}
MODELS = ("sequential", "threads", "processes", "asyncio")
ALL_VALUES_UP_TO = 100_000
FIRST_VALUES = 1_000


class Task:
    """One workload task for an item: returns (value, start_us, end_us). Picklable for Pool.map."""

    def __init__(self, module, unit, env):
        self.module = module
        self.unit = unit
        self.env = env
        self._twin = None

    def twin(self):
        if self._twin is None:
            self._twin = importlib.import_module(self.module)
        return self._twin

    def __getstate__(self):
        return {"module": self.module, "unit": self.unit, "env": self.env}

    def __setstate__(self, state):
        self.__init__(state["module"], state["unit"], state["env"])

    def __call__(self, item):
        twin = self.twin()
        start = time.time_ns() // 1000
        if twin.KIND == "cpu":
            value = twin.compute(item, self.unit)
        else:
            value = twin.task(item, self.unit, self.env)
        return value, start, time.time_ns() // 1000

    async def run_async(self, item):
        twin = self.twin()
        if twin.KIND == "cpu":
            return self(item)  # CPU work runs on the loop itself, blocking it
        start = time.time_ns() // 1000
        value = await twin.task_async(item, self.unit, self.env)
        return value, start, time.time_ns() // 1000


def tree_cpu_ns():
    """CPU time of this process (all threads) and of its live multiprocessing children."""
    total = time.process_time_ns()
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for child in multiprocessing.active_children():
        try:
            with open("/proc/%d/stat" % child.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) * 1_000_000_000 // ticks
        except (OSError, IndexError, ValueError):
            pass
    return total


def tree_peak_rss_bytes():
    """Peak resident memory (VmHWM) of this process plus that of each live multiprocessing child; 0 without /proc."""
    total = 0
    for pid in [os.getpid()] + [c.pid for c in multiprocessing.active_children()]:
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) * 1024
        except (OSError, IndexError, ValueError):
            pass
    return total


def raise_file_limit():
    """Lets thousands of sockets be open at once, as far as the hard limit allows."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or hard > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ImportError, ValueError, OSError):
        pass


def gil_enabled():
    check = getattr(sys, "_is_gil_enabled", None)
    return bool(check()) if check is not None else True


def digest(values):
    """SHA-256 of the values written in decimal and joined by commas (the Java side computes the same)."""
    return hashlib.sha256(",".join(str(v) for v in values).encode("ascii")).hexdigest()


def parse_args(argv):
    p = argparse.ArgumentParser(prog="runner.py", description="Runs one lab cell on this Python.")
    p.add_argument("--workload", required=True, choices=sorted(WORKLOADS))
    p.add_argument("--model", required=True, choices=MODELS)
    p.add_argument("--tasks", type=int, required=True)
    p.add_argument("--unit", type=int, required=True, help="the per-task size, as the Java workload defines it")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--start", choices=("fork", "forkserver", "spawn"), help="multiprocessing start method")
    p.add_argument("--url", help="base URL of the latency server (http)")
    p.add_argument("--dir", help="a directory for the workload's files (file, sql); a temporary one by default")
    p.add_argument("--warmups", type=int, default=1)
    p.add_argument("--repetitions", type=int, default=3)
    a = p.parse_args(argv)
    for name in ("tasks", "unit", "workers", "repetitions"):
        if getattr(a, name) < 1:
            p.error("--%s must be at least 1, got %d" % (name, getattr(a, name)))
    if a.warmups < 0:
        p.error("--warmups must be at least 0, got %d" % a.warmups)
    if a.workload == "http" and not a.url:
        p.error("--url is required for the http workload")
    if a.start and a.model != "processes":
        p.error("--start applies only to --model processes")
    return a


class Cell:
    """The model under test, made once: a pool, an executor or an event loop."""

    def __init__(self, args, task):
        self.args = args
        self.task = task
        self.start_method = None
        self.pool = None
        self.executor = None
        self.loop = None
        if args.model == "processes":
            ctx = multiprocessing.get_context(args.start)
            self.start_method = ctx.get_start_method()
            self.pool = ctx.Pool(args.workers)
        elif args.model == "threads":
            self.executor = concurrent.futures.ThreadPoolExecutor(max_workers=args.workers)
        elif args.model == "asyncio":
            self.loop = asyncio.new_event_loop()

    def map(self, items):
        if self.pool is not None:
            return self.pool.map(self.task, items)
        if self.executor is not None:
            return list(self.executor.map(self.task, items))
        if self.loop is not None:
            async def gather():
                return await asyncio.gather(*(self.task.run_async(i) for i in items))
            return self.loop.run_until_complete(gather())
        return [self.task(i) for i in items]

    def close(self):
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
        if self.executor is not None:
            self.executor.shutdown()
        if self.loop is not None:
            self.loop.close()


def main(argv):
    args = parse_args(argv)
    raise_file_limit()
    own_dir = None
    if args.workload in ("file", "sql") and not args.dir:
        own_dir = args.dir = tempfile.mkdtemp(prefix="conclab-py-")
    env = {"url": args.url, "dir": args.dir}
    module = WORKLOADS[args.workload]
    twin = importlib.import_module(module)
    if hasattr(twin, "setup"):
        twin.setup(args.unit, env)
    task = Task(module, args.unit, env)
    items = list(range(args.tasks))
    walls, cpus, errors, last = [], [], [], []
    peak_rss = 0
    cell = None
    try:
        cell = Cell(args, task)
        for run in range(args.warmups + args.repetitions):
            cpu0 = tree_cpu_ns()
            t0 = time.perf_counter_ns()
            try:
                outcomes = cell.map(items)
            except Exception as e:  # a task failed: report it, stop running
                errors.append("%s: %s" % (type(e).__name__, e))
                break
            wall = time.perf_counter_ns() - t0
            cpu = tree_cpu_ns() - cpu0
            peak_rss = max(peak_rss, tree_peak_rss_bytes())
            if run >= args.warmups:
                walls.append(wall)
                cpus.append(cpu)
                last = outcomes
    except Exception as e:
        errors.append("%s: %s" % (type(e).__name__, e))
    finally:
        if cell is not None:
            cell.close()
        if own_dir:
            shutil.rmtree(own_dir, ignore_errors=True)
    values = [o[0] for o in last]
    shown = len(values) if len(values) <= ALL_VALUES_UP_TO else FIRST_VALUES
    print(json.dumps({
        "workload": args.workload, "model": args.model, "tasks": args.tasks, "unit": args.unit,
        "workers": args.workers, "start_method": cell.start_method if cell is not None else None,
        "walls_ns": walls, "cpu_ns": cpus, "peak_rss_bytes": peak_rss,
        "count": len(values), "digest": digest(values) if values else None,
        "values": values[:shown], "starts_us": [o[1] for o in last[:shown]],
        "ends_us": [o[2] for o in last[:shown]],
        "python_version": platform.python_version(), "implementation": platform.python_implementation(),
        "gil_enabled": gil_enabled(), "switch_interval_s": sys.getswitchinterval(),
        "default_start_method": multiprocessing.get_start_method(), "cpu_count": os.cpu_count(),
        "errors": errors,
    }), flush=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
